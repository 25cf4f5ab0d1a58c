"""`wmoketen audit verify`: recompute the keyed hash chain of the Logboek dataverwerkingen and check it against
the latest signed checkpoint outside the database (removal at the end, truncation, a restored older backup)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wmoketen.audit.controlepunt import ControlepuntFout, controlepunt_controleren
from wmoketen.audit.selectors import keten_controleren


class Command(BaseCommand):
    help = "Controleer of het logboek dataverwerkingen ongeschonden is (HMAC-keten en het laatste controlepunt)."

    def handle(self, *args: Any, **options: Any) -> None:
        aantal, breuk = keten_controleren()
        if breuk is not None:
            raise CommandError(f"Logboek NIET intact bij record {breuk.volgnummer}: {breuk.reden}.")
        try:
            controlepunt = controlepunt_controleren()
        except ControlepuntFout as fout:
            raise CommandError(f"Logboek NIET intact: {fout}") from fout
        self.stdout.write(
            f"Logboek intact: {aantal} records, de keten klopt en bevat het controlepunt van "
            f"{controlepunt.tijdstip} (record {controlepunt.volgnummer})."
        )
