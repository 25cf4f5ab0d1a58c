"""Large exports on the worker: the whole dashboard as one CSV or Excel file (the page follows the progress per
table and offers the file to the one who asked for it)."""

from __future__ import annotations

from celery import shared_task
from django.http import QueryDict
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.taken.basis import Achtergrondtaak

from . import selectors
from .export import als_csv, als_xlsx
from .filters import standaardperiode

SOORTEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@shared_task(base=Achtergrondtaak, bind=True, name="monitoring.export_maken", titel="Export monitoring")
def export_maken(self: Achtergrondtaak, *, gebruiker_id: int, formaat: str, query: str) -> str:
    """Every table of the dashboard with the filter of `query`, within the user's scope (as the page would)."""
    gebruiker = Gebruiker.objects.get(pk=gebruiker_id)
    if not selectors.mag_lezen(gebruiker):
        return "Geen toegang tot monitoring (meer); niets gemaakt."
    vandaag = timezone.localdate()
    f, per, _ = selectors.filter_uit_verzoek(gebruiker, QueryDict(query), standaardperiode(vandaag))
    codes = list(selectors.TABELLEN)
    tabellen = []
    for i, code in enumerate(codes, start=1):
        tabellen.append(selectors.TABELLEN[code](f, per, vandaag))
        self.voortgang(i, len(codes) + 1, f"tabel {code}")
    inhoud = als_csv(tabellen, f) if formaat == "csv" else als_xlsx(tabellen, f)
    naam = f"monitoring-alles-{f.van:%Y%m%d}-{f.tot:%Y%m%d}.{formaat}"
    self.bestand_bewaren(naam=naam, soort=SOORTEN[formaat], inhoud=inhoud)
    self.voortgang(len(codes) + 1, len(codes) + 1, "klaar")
    return f"{len(codes)} tabellen in {naam}."
