"""`wmoketen migratie uitvoeren PROEFDRAAI`: the real run after a finished dry run (resumes when interrupted)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.migratie.constants import Soort, Status
from wmoketen.migratie.fouten import MigratieFout
from wmoketen.migratie.importeren import STANDAARD_BATCH, Voortgang, import_draaien, uitvoering_aanmaken
from wmoketen.migratie.models import Migratie

from ._gemeen import gebruiker


class Command(BaseCommand):
    help = "Voer een import uit na een afgeronde proefdraai (hervat een onderbroken uitvoering)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("proefdraai", type=int, metavar="PROEFDRAAI", help="nummer van de proefdraai")
        parser.add_argument("--batch", type=int, default=STANDAARD_BATCH, help="eenheden per transactie")
        parser.add_argument(
            "--door", metavar="GEBRUIKERSNAAM", help="wie de import start (nodig voor het sjabloon betalingen)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        proef = Migratie.objects.filter(pk=options["proefdraai"], soort=Soort.IMPORT, proef=True).first()
        if proef is None:
            raise CommandError(f"Er is geen proefdraai {options['proefdraai']}.")
        try:
            migratie = uitvoering_aanmaken(proefdraai=proef, door=gebruiker(options["door"]) or proef.gestart_door)
            if migratie.status == Status.KLAAR:
                self.stdout.write(f"Uitvoering {migratie.pk} van deze bron is al klaar; er verandert niets.")
                return
            if migratie.verwerkt:
                self.stdout.write(f"Uitvoering {migratie.pk} wordt hervat bij {migratie.verwerkt}/{migratie.totaal}.")
            migratie = import_draaien(migratie.pk, batch=options["batch"], voortgang=self._voortgang)
        except MigratieFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(migratie.rapport_md)
        self.stdout.write(f"\nUitvoering {migratie.pk} klaar: {migratie.afwijzingen.count()} afwijzingen.")

    def _voortgang(self, v: Voortgang) -> None:
        self.stdout.write(f"batch {v.batch}: {v.verwerkt}/{v.totaal} ({v.fase})")
