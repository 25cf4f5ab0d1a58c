"""`wmoketen conversie dryrun FILE`: what the conversion would do, per municipality, provider and segment, and
the money effect per month. Changes no assignment; the report is kept for the page."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.herindicatie.conversie.selectie import ConversieFout
from wmoketen.herindicatie.conversie.uitvoering import proefdraai_opslaan

from ._gemeen import lees


class Command(BaseCommand):
    help = "Proefdraai van een conversie: tellingen en geldeffect per maand, zonder iets te wijzigen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bestand", metavar="BESTAND")

    def handle(self, *args: Any, **options: Any) -> None:
        gelezen = lees(options["bestand"])
        try:
            run = proefdraai_opslaan(gelezen=gelezen)
        except ConversieFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(run.rapport_md)
