"""`wmoketen validate [--json] FILE...`: everything the message alone can show, without a database.

Level 1 (XSD), level 2 (the official validation: the rules a hub applies) and the rules of levels 3 and 4 that need
nothing but the message (TR346: amount = volume x tariff, minutes per IV079/IV081). Each finding with its level and
retourcode; the intake of wmoketen runs the same rule functions, so both say the same of a message. `--json` is for
the tools and CI of providers: one JSON document on stdout. Exit code 0 only when every file is valid.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.berichten.codec import BerichtError
from wmoketen.berichten.codec.safexml import check_size
from wmoketen.berichten.rules import validate_bericht


class Command(BaseCommand):
    help = (
        "Controleer iWmo 3.2-berichten op alles wat het bericht zelf laat zien: het XSD (niveau 1), de officiële "
        "validatie (niveau 2) en de latere regels die niets anders nodig hebben dan het bericht, zoals TR346."
    )
    requires_system_checks: list[str] = []  # works without a database

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="BESTAND")
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON (voor tools en CI)")

    def handle(self, *args: Any, **options: Any) -> None:
        uitslagen = [self._controleer(path) for path in options["files"]]
        if options["json"]:
            self.stdout.write(json.dumps({"bestanden": uitslagen}, ensure_ascii=False, indent=2))
        else:
            for uitslag in uitslagen:
                self._toon(uitslag)
        if not all(u["geldig"] for u in uitslagen):
            raise CommandError("Niet alle berichten zijn geldig.", returncode=1)

    def _controleer(self, path: Path) -> dict[str, Any]:
        uitslag: dict[str, Any] = {"bestand": str(path), "soort": None, "geldig": False, "bevindingen": []}
        try:
            check_size(path.stat().st_size)  # before reading: never load more than 25 MB
            result = validate_bericht(path.read_bytes())
        except OSError as exc:
            uitslag["fout"] = f"onleesbaar ({exc.strerror})"
            return uitslag
        except BerichtError as exc:
            uitslag["fout"] = str(exc)
            return uitslag
        uitslag.update(
            soort=result.soort.label,
            geldig=result.is_valid,
            bevindingen=[asdict(f) for f in sorted(result.findings, key=lambda f: f.niveau)],
        )
        return uitslag

    def _toon(self, uitslag: dict[str, Any]) -> None:
        if "fout" in uitslag:
            self.stdout.write(f"{uitslag['bestand']}: {uitslag['fout']}")
        elif uitslag["geldig"]:
            self.stdout.write(f"{uitslag['bestand']}: {uitslag['soort']} OK")
        else:
            self.stdout.write(f"{uitslag['bestand']}: {uitslag['soort']}")
            for b in uitslag["bevindingen"]:
                self.stdout.write(f"  niveau {b['niveau']} {b['code']} {b['retourcode']}: {b['uitleg']} ({b['pad']})")
