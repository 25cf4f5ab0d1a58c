"""`wmoketen herindicatie bijwerken [--vandaag JJJJ-MM-DD]`: plan evaluations and raise expiry signals. Celery beat
runs the same task daily (conf/planning.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wmoketen.herindicatie.tasks import bijwerken


class Command(BaseCommand):
    help = "Plan evaluaties en maak signalen voor aflopende indicaties (dagelijks draaien)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--vandaag", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        vandaag = options["vandaag"]
        self.stdout.write(bijwerken(vandaag=vandaag.isoformat() if vandaag else None))
