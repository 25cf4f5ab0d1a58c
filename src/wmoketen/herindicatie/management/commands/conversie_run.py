"""`wmoketen conversie run FILE`: carry out the conversion in batches (one transaction each), with progress.
Running it again resumes an interrupted run; a finished run changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wmoketen.herindicatie.conversie.selectie import ConversieFout
from wmoketen.herindicatie.conversie.uitvoering import STANDAARD_BATCH, Voortgang, run_uitvoeren, run_voorbereiden
from wmoketen.herindicatie.models import RunStatus

from ._gemeen import lees


class Command(BaseCommand):
    help = "Voer een conversie uit (hervat een onderbroken run; een afgeronde run verandert niets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bestand", metavar="BESTAND")
        parser.add_argument("--batch", type=int, default=STANDAARD_BATCH, help="stappen per transactie")

    def handle(self, *args: Any, **options: Any) -> None:
        gelezen = lees(options["bestand"])
        try:
            run = run_voorbereiden(gelezen=gelezen)
        except ConversieFout as fout:
            raise CommandError(str(fout)) from fout
        if run.status == RunStatus.KLAAR:
            self.stdout.write(f"Run {run.pk} van {run.conversie.code} is al afgerond; er verandert niets.")
            return
        if run.verwerkt:
            self.stdout.write(f"Run {run.pk} wordt hervat bij {run.verwerkt}/{run.totaal}.")

        def voortgang(v: Voortgang) -> None:
            self.stdout.write(f"batch {v.batch}: {v.verwerkt}/{v.totaal} verwerkt, {v.berichten_301} 301-berichten")

        try:
            run = run_uitvoeren(run=run, batch_grootte=options["batch"], voortgang=voortgang)
        except ConversieFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            f"Klaar: {run.omgezet} omgezet, {run.ingekort} ingekort, {run.ongemoeid} ongemoeid, "
            f"{run.handmatig} handmatig; {run.berichten_301} 301-berichten. Rapport: run {run.pk}."
        )
