"""`wmoketen audit controlepunt`: append a signed checkpoint of the Logboek's chain head to the checkpoint file
(settings.WMOKETEN_AUDIT_CONTROLEPUNTEN). Run it often (Celery beat calls audit.controlepunt.controlepunt_schrijven)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wmoketen.audit.controlepunt import ControlepuntFout, controlepunt_schrijven, pad


class Command(BaseCommand):
    help = "Schrijf een ondertekend controlepunt van de kop van het logboek naar het bestand buiten de database."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cp = controlepunt_schrijven()
        except ControlepuntFout as fout:
            raise CommandError(f"Geen controlepunt geschreven: {fout}") from fout
        self.stdout.write(f"Controlepunt geschreven naar {pad()}: record {cp.volgnummer} ({cp.tijdstip}).")
