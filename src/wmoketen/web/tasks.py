"""The export of a large list selection on the worker (issue 19 item 5): the request checked the scope and handed
over the choices; the task reads the selection again for the same user (it may run later, the scope is the user's
at that moment) and keeps the file for that user only."""

from __future__ import annotations

from celery import shared_task

from wmoketen.accounts.models import Gebruiker
from wmoketen.core.lijsten import FORMATEN, Lijstkeuzes
from wmoketen.taken.basis import Achtergrondtaak


@shared_task(base=Achtergrondtaak, bind=True, name="web.lijst_exporteren", titel="Export van een lijst")
def lijst_exporteren(
    self: Achtergrondtaak, *, gebruiker_id: int, lijst: str, keuzes: dict[str, str], formaat: str
) -> str:
    from .export import LIJSTEN, exporteren

    gebruiker = Gebruiker.objects.get(pk=gebruiker_id)
    gekozen = LIJSTEN.get(lijst)
    if gekozen is None or formaat not in FORMATEN or not gebruiker.is_active:
        return "Deze export bestaat niet (meer); niets gemaakt."
    naam, soort, inhoud = exporteren(
        gebruiker=gebruiker, lijst=gekozen, keuzes=Lijstkeuzes(keuzes, sorteringen=gekozen.sorteringen), formaat=formaat
    )
    self.bestand_bewaren(naam=naam, soort=soort, inhoud=inhoud)
    return f"{naam} is klaar."
