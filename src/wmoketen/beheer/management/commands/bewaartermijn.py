"""`wmoketen bewaartermijn [--uitvoeren] [--peildatum JJJJ-MM-DD]`: report (default, dry run) or anonymise the
closed dossiers past their retention term (wmoketen.beheer.bewaartermijn). For cron, e.g. monthly."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wmoketen.beheer.bewaartermijn import bewaartermijn


class Command(BaseCommand):
    help = "Bewaartermijnen: rapport van wat geanonimiseerd wordt (proefdraai), of met --uitvoeren anonimiseren."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--uitvoeren", action="store_true", help="Werkelijk anonimiseren (anders proefdraai).")
        parser.add_argument("--peildatum", help="Datum waarop getoetst wordt (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            vandaag = date.fromisoformat(options["peildatum"]) if options.get("peildatum") else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ongeldige peildatum; gebruik JJJJ-MM-DD.") from exc
        self.stdout.write(bewaartermijn(vandaag=vandaag, uitvoeren=options["uitvoeren"]).tekst())
