"""Demo logins: the shared password and the list printed by `wmoketen demo` (users come from contracten.demo)."""

from __future__ import annotations

from .models import Gebruiker

DEMO_WACHTWOORD = "wmoketen-demo"
# Functioneel beheer needs a second factor; in the demo they share this key (add it to an authenticator app, or
# run `wmoketen demo code USER`, which works only with DEBUG on).
DEMO_TOTP_GEHEIM = "WMOKETENDEMO2FAKEYVOORBEHEER234"


def demo_logins() -> list[tuple[str, str, str]]:
    rows = []
    for g in Gebruiker.objects.select_related("regio", "aanbieder").order_by("regio__naam", "rol", "username"):
        bereik = g.aanbieder.naam if g.aanbieder else (g.regio.naam if g.regio else "alles (superuser)")
        rows.append((g.username, g.get_rol_display(), bereik))
    return rows
