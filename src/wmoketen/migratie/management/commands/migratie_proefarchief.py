"""`wmoketen migratie proefarchief --regio CODE MAP`: a synthetic archive of an old suite (test BSNs only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wmoketen.migratie.proefarchief import proefarchief_schrijven

from ._gemeen import regio


class Command(BaseCommand):
    help = "Schrijf een proefarchief van een vorig systeem (voor proefdraaien, documentatie en benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map", metavar="MAP")
        parser.add_argument("--regio", required=True)
        parser.add_argument("--toewijzingen", type=int, default=200)
        parser.add_argument("--maanden", type=int, default=6)
        parser.add_argument("--slecht", action="store_true", help="met een voorbeeld van elke soort slechte invoer")
        parser.add_argument(
            "--betalingen",
            action="store_true",
            help="met de betalingen van het vorige systeem (alle maanden op één na)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        s = proefarchief_schrijven(
            regio=regio(options["regio"]),
            doel=Path(options["map"]),
            toewijzingen=options["toewijzingen"],
            maanden=options["maanden"],
            slecht=options["slecht"],
            betalingen=options["betalingen"],
        )
        self.stdout.write(f"{s.berichten} berichten, {s.toewijzingen} toewijzingen, {s.prestaties} prestaties")
