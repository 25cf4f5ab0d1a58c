"""`wmoketen conversie plannen FILE`: spread the re-assessments of the definition over weeks and consultants."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.herindicatie.conversie.selectie import ConversieFout
from wmoketen.herindicatie.conversie.uitvoering import conversie_registreren
from wmoketen.herindicatie.services import HerindicatieFout, herbeoordelingen_plannen

from ._gemeen import lees


class Command(BaseCommand):
    help = "Plan de herbeoordelingen van een conversie binnen de capaciteit per consulent per week."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bestand", metavar="BESTAND")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            conversie = conversie_registreren(gelezen=lees(options["bestand"]))
            uitkomst = herbeoordelingen_plannen(conversie=conversie)
        except (ConversieFout, HerindicatieFout) as fout:
            raise CommandError(str(fout)) from fout
        for week, aantal in sorted(uitkomst.spreiding.per_week().items()):
            self.stdout.write(f"week van {week:%d-%m-%Y}: {aantal}/{uitkomst.spreiding.capaciteit[week]}")
        self.stdout.write(
            f"Ingepland: {uitkomst.ingepland}; niet ingepland (capaciteit te klein): {uitkomst.niet_ingepland}."
        )
