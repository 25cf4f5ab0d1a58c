"""Shared by the migratie commands: the region by code, progress lines, Dutch errors."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from wmoketen.catalogus.models import Regio


def regio(code: str) -> Regio:
    gevonden = Regio.objects.filter(code=code).first()
    if gevonden is None:
        bekend = ", ".join(Regio.objects.order_by("code").values_list("code", flat=True)) or "geen"
        raise CommandError(f"Regio {code!r} is niet geladen (geladen: {bekend}); laad eerst het regiobestand.")
    return gevonden


def gebruiker(naam: str | None) -> Any:
    """The account that starts the import (`--door`), by username; None without the option."""
    if not naam:
        return None
    from wmoketen.accounts.models import Gebruiker

    gevonden = Gebruiker.objects.filter(username=naam, is_active=True).first()
    if gevonden is None:
        raise CommandError(f"Er is geen actieve gebruiker {naam!r}.")
    return gevonden
