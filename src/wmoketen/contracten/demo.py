"""Demo users: one per municipal role per region, and one per demo provider (needs regions and providers,
so it lives here rather than in accounts, which sits below the catalogue)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.demo import DEMO_TOTP_GEHEIM, DEMO_WACHTWOORD, demo_vereist
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Regio

from .models import Aanbieder

_GEMEENTE_ROLLEN = [
    (Rol.CONSULENT, "consulent"),
    (Rol.CONTRACTMANAGER, "contractmanager"),
    (Rol.BACKOFFICE, "backoffice"),
    (Rol.FUNCTIONEEL_BEHEER, "beheer"),
    (Rol.MONITORING, "monitoring"),
]


def _gebruiker(username: str, **velden: object) -> Gebruiker:
    demo_vereist()
    # an address of the reserved .example domain: the notices of the task list show on the demo's console
    velden.setdefault("email", f"{username}@demo.wmoketen.example")
    gebruiker, created = Gebruiker.objects.get_or_create(username=username, defaults=velden)
    if created:
        gebruiker.set_password(DEMO_WACHTWOORD)
        gebruiker.save(update_fields=["password"])
    elif not gebruiker.totp_geheim:  # a demo database from before every account had a second factor
        gebruiker.totp_geheim = DEMO_TOTP_GEHEIM
        gebruiker.save(update_fields=["totp_geheim"])
    return gebruiker


@transaction.atomic
def vul_demo(log: Callable[[str], None]) -> None:
    demo_vereist()
    aantal = 0
    for regio in Regio.objects.prefetch_related("gemeenten"):
        for rol, naam in _GEMEENTE_ROLLEN:
            gebruiker = _gebruiker(
                f"{naam}.{regio.code}",
                rol=rol,
                regio=regio,
                first_name="Demo",
                last_name=naam,
                is_staff=rol == Rol.FUNCTIONEEL_BEHEER,
                totp_geheim=DEMO_TOTP_GEHEIM,
            )
            gebruiker.gemeenten.set(regio.gemeenten.all())
            aantal += 1
    for aanbieder in Aanbieder.objects.filter(is_demo=True):
        _gebruiker(
            f"aanbieder.{aanbieder.agb_code}",
            rol=Rol.AANBIEDER,
            aanbieder=aanbieder,
            first_name="Medewerker",
            last_name=aanbieder.naam,
            totp_geheim=DEMO_TOTP_GEHEIM,
        )
        aantal += 1
    if not Gebruiker.objects.filter(username="admin").exists():
        Gebruiker.objects.create_superuser(
            "admin", "", DEMO_WACHTWOORD, rol=Rol.FUNCTIONEEL_BEHEER, totp_geheim=DEMO_TOTP_GEHEIM
        )
    log(f"{aantal} demogebruikers klaar")
