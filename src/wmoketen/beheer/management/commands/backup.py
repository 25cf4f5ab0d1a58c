"""`wmoketen backup maken BESTAND`, `wmoketen backup herstellen BESTAND`, `wmoketen backup oefening [BESTAND]`,
`wmoketen backup sleutel` (a new key for WMOKETEN_BACKUP_SLEUTEL)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.beheer.backup import BackupFout, backup_maken, herstel_oefening, herstellen, nieuwe_sleutel


class Command(BaseCommand):
    help = "Back-up maken, herstellen, of een herstel-oefening die rijen en controlegetallen per tabel vergelijkt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("actie", choices=["maken", "herstellen", "oefening", "sleutel"])
        parser.add_argument("bestand", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["actie"] == "sleutel":
            self.stdout.write(nieuwe_sleutel())
            return
        try:
            if options["actie"] == "maken":
                pad = backup_maken(Path(self._bestand(options)))
                self.stdout.write(f"Back-up geschreven: {pad} ({pad.stat().st_size} bytes)")
            elif options["actie"] == "herstellen":
                herstellen(Path(self._bestand(options)))
                self.stdout.write("Database hersteld.")
            else:
                self._oefening(options.get("bestand"))
        except BackupFout as fout:
            raise CommandError(str(fout)) from fout

    def _bestand(self, options: dict[str, Any]) -> str:
        if not options.get("bestand"):
            raise CommandError("Geef een bestand op.")
        return str(options["bestand"])

    def _oefening(self, bestand: str | None) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            pad = Path(bestand) if bestand else backup_maken(Path(tmp) / "oefening.backup")
            uitkomst = herstel_oefening(pad)
        if not uitkomst.geslaagd:
            raise CommandError("Herstel-oefening MISLUKT:\n  " + "\n  ".join(uitkomst.afwijkingen))
        self.stdout.write(
            f"Herstel-oefening geslaagd: {uitkomst.tabellen} tabellen, {uitkomst.rijen} rijen, "
            "aantallen en controlegetallen gelijk."
        )
