"""`wmoketen herindicatie bijwerken [--vandaag JJJJ-MM-DD]`: plan evaluations and raise expiry signals (daily)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from wmoketen.herindicatie.services import evaluaties_bijwerken, signalen_bijwerken


class Command(BaseCommand):
    help = "Plan evaluaties en maak signalen voor aflopende indicaties (dagelijks draaien)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--vandaag", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        vandaag = options["vandaag"] or timezone.localdate()
        evaluaties = evaluaties_bijwerken(vandaag=vandaag)
        signalen = signalen_bijwerken(vandaag=vandaag)
        self.stdout.write(
            f"{evaluaties} evaluaties gepland of bijgewerkt; {signalen} nieuwe signalen ({vandaag:%d-%m-%Y})."
        )
