"""`wmoketen migratie export --regio CODE DOEL`: a region's complete data in open formats (map or .zip)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wmoketen.migratie.export.schrijven import export_aanmaken, export_draaien

from ._gemeen import regio


class Command(BaseCommand):
    help = "Exporteer alle gegevens van een regio (berichten als iWmo-XML, tabellen als CSV met woordenboek, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("doel", metavar="DOEL", help="map, of een bestandsnaam die eindigt op .zip")
        parser.add_argument("--regio", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        migratie = export_draaien(export_aanmaken(regio=regio(options["regio"]), doel=options["doel"]).pk)
        self.stdout.write(migratie.rapport_md)
