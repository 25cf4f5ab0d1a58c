"""`wmoketen validate FILE...`: control levels 1 (XSD) and 2 (in-message rules), no database needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.berichten.codec import BerichtError
from wmoketen.berichten.codec.safexml import check_size
from wmoketen.berichten.rules import validate


class Command(BaseCommand):
    help = "Controleer iWmo 3.2-berichten op XSD (niveau 1) en regels binnen het bericht (niveau 2)."
    requires_system_checks: list[str] = []  # works without a database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="BESTAND")

    def handle(self, *args: Any, **options: Any) -> None:
        all_valid = True
        for path in options["files"]:
            all_valid &= self._check(path)
        if not all_valid:
            raise CommandError("Niet alle berichten zijn geldig.", returncode=1)

    def _check(self, path: Path) -> bool:
        try:
            check_size(path.stat().st_size)  # before reading: never load more than 25 MB
            result = validate(path.read_bytes())
        except OSError as exc:
            self.stdout.write(f"{path}: onleesbaar ({exc.strerror})")
            return False
        except BerichtError as exc:
            self.stdout.write(f"{path}: {exc}")
            return False
        if result.is_valid:
            self.stdout.write(f"{path}: {result.soort.label} OK")
            return True
        self.stdout.write(f"{path}: {result.soort.label}")
        for finding in result.findings:
            self.stdout.write(f"  {finding}")
        return False
