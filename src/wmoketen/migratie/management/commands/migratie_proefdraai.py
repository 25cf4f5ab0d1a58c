"""`wmoketen migratie proefdraai --regio CODE BRON`: the dry run of an import; changes nothing, keeps its report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.migratie.fouten import MigratieFout
from wmoketen.migratie.importeren import STANDAARD_BATCH, Voortgang, import_draaien, proefdraai_aanmaken

from ._gemeen import gebruiker, regio


class Command(BaseCommand):
    help = (
        "Proefdraai van een import (archief van iWmo-berichten, sjablonen, totalen): wijzigt niets, maakt het rapport."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bron", metavar="BRON", help="map of zip-bestand (berichten/, sjablonen/, totalen.csv)")
        parser.add_argument("--regio", required=True, help="code van de regio, bijvoorbeeld midden-limburg-2024")
        parser.add_argument("--batch", type=int, default=STANDAARD_BATCH, help="eenheden per batch")
        parser.add_argument(
            "--door", metavar="GEBRUIKERSNAAM", help="wie de import start (nodig voor het sjabloon betalingen)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            migratie = proefdraai_aanmaken(
                regio=regio(options["regio"]), bron=options["bron"], door=gebruiker(options["door"])
            )
            migratie = import_draaien(migratie.pk, batch=options["batch"], voortgang=self._voortgang)
        except MigratieFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(migratie.rapport_md)
        self.stdout.write(
            f"\nProefdraai {migratie.pk} klaar: {migratie.afwijzingen.count()} afwijzingen. Uitvoeren: "
            f"wmoketen migratie uitvoeren {migratie.pk}\n"
        )

    def _voortgang(self, v: Voortgang) -> None:
        self.stdout.write(f"batch {v.batch}: {v.verwerkt}/{v.totaal} ({v.fase})")
