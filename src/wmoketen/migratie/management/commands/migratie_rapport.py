"""`wmoketen migratie rapport NUMMER [--afwijzingen BESTAND]`: the kept report of an import or export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.migratie.models import Migratie
from wmoketen.migratie.verslag import afwijzingen_csv


class Command(BaseCommand):
    help = "Toon het rapport van een import of export; schrijf desgewenst alle afwijzingen als CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nummer", type=int)
        parser.add_argument("--afwijzingen", metavar="BESTAND", help="schrijf alle afwijzingen naar dit CSV-bestand")

    def handle(self, *args: Any, **options: Any) -> None:
        migratie = Migratie.objects.filter(pk=options["nummer"]).first()
        if migratie is None:
            raise CommandError(f"Er is geen import of export {options['nummer']}.")
        self.stdout.write(migratie.rapport_md or f"Nog geen rapport (status: {migratie.get_status_display()}).")
        if options["afwijzingen"]:
            with Path(options["afwijzingen"]).open("w", encoding="utf-8", newline="") as f:
                for regel in afwijzingen_csv(migratie):
                    f.write(regel)
