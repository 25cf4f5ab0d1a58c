"""Demo logins: the shared password and the list printed by `wmoketen demo` (users come from contracten.demo)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import Gebruiker

DEMO_WACHTWOORD = "wmoketen-demo"
# Every demo user needs a second factor; in the demo they share this key (add it to an authenticator app, or run
# `wmoketen demo code USER`, which works only with the demo settings).
DEMO_TOTP_GEHEIM = "WMOKETENDEMO2FAKEYVOORBEHEER234"


class DemoNietToegestaan(ImproperlyConfigured):
    pass


def demo_vereist() -> None:
    """Demo accounts have a published password and TOTP key: they exist only under the demo settings."""
    if not settings.WMOKETEN_DEMO:
        raise DemoNietToegestaan(
            "De demo (met gepubliceerde wachtwoorden en sleutels) draait alleen met de demo-instellingen: "
            "DJANGO_SETTINGS_MODULE=wmoketen.conf.demo, of python3.11 dev.py demo."
        )


def demo_logins() -> list[tuple[str, str, str]]:
    rows = []
    for g in Gebruiker.objects.select_related("regio", "aanbieder").order_by("regio__naam", "rol", "username"):
        bereik = g.aanbieder.naam if g.aanbieder else (g.regio.naam if g.regio else "alles (superuser)")
        rows.append((g.username, g.get_rol_display(), bereik))
    return rows
