"""`wmoketen migratie sjablonen MAP`: the published templates (CSV and XLSX, with their column descriptions)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wmoketen.migratie.sjablonen.publiceren import sjablonen_schrijven


class Command(BaseCommand):
    help = "Schrijf de sjablonen van de import (CSV en XLSX, met de omschrijving van elke kolom)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", metavar="MAP")

    def handle(self, *args: Any, **options: Any) -> None:
        for pad in sjablonen_schrijven(Path(options["map"])):
            self.stdout.write(str(pad))
