"""`wmoketen audit verify`: recompute the hash chain of the Logboek dataverwerkingen."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wmoketen.audit.selectors import keten_controleren


class Command(BaseCommand):
    help = "Controleer of het logboek dataverwerkingen ongeschonden is (hashketen)."

    def handle(self, *args: Any, **options: Any) -> None:
        aantal, breuk = keten_controleren()
        if breuk is not None:
            raise CommandError(f"Logboek NIET intact bij record {breuk.volgnummer}: {breuk.reden}.")
        self.stdout.write(f"Logboek intact: {aantal} records, hashketen klopt.")
