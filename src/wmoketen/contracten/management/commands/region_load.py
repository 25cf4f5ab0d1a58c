"""`wmoketen region load FILE...`: load region files; each file loads completely or not at all."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.contracten.regiobestand.fouten import RegiobestandFout
from wmoketen.contracten.services import regio_laden


class Command(BaseCommand):
    help = "Laad een of meer regiobestanden (catalogus en contracten). Een fout bestand wordt in zijn geheel geweigerd."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bestanden", nargs="+", metavar="BESTAND")

    def handle(self, *args: Any, **options: Any) -> None:
        geweigerd = 0
        for pad in options["bestanden"]:
            try:
                verslag = regio_laden(pad=pad)
            except RegiobestandFout as fout:
                geweigerd += 1
                self.stderr.write(fout.rapport())
                continue
            self.stdout.write(verslag.samenvatting())
        if geweigerd:
            raise CommandError(f"{geweigerd} regiobestand(en) geweigerd.")
