"""Exports of what a list shows (issue 19 item 5): one view and one background task for the five lists.

The export of a list takes the same choices from the URL as the list page (`core.lijsten.Lijstkeuzes`) and reads
the selection through the same selector, within the user's scope (need to know), all pages. Up to
`DIRECT_EXPORTEREN_TOT` rows the file comes back at once; a larger export is made by a background task (like the
payment and CAK files) and offered on the task's page. Rows about clients are written to the Logboek as an export
per client (as the payment batch CSV and the CAK export are, docs/security.md section 2); the lists of
declarations, messages and batches show no client, so their export names none.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.berichten.lijsten import BERICHTEN
from wmoketen.clienten.lijsten import CLIENTEN
from wmoketen.core.lijsten import DIRECT_EXPORTEREN_TOT, FORMATEN, Lijst, Lijstkeuzes
from wmoketen.declaraties.lijsten import BETAALBATCHES, DECLARATIES
from wmoketen.taken.services import aanbieden
from wmoketen.toewijzingen.lijsten import TOEWIJZINGEN

LIJSTEN: dict[str, Lijst[Any]] = {
    lijst.naam: lijst for lijst in (DECLARATIES, BERICHTEN, CLIENTEN, TOEWIJZINGEN, BETAALBATCHES)
}


def exporteren(*, gebruiker: Gebruiker, lijst: Lijst[Any], keuzes: Lijstkeuzes, formaat: str) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the whole selection; clients in it are logged as exported."""
    soort, schrijven = FORMATEN[formaat]
    rijen = list(lijst.rijen(gebruiker, keuzes))
    if lijst.client_van is not None:
        verwerkingen_log(
            actor=gebruiker,
            actie=Actie.EXPORTEREN,
            verwerkingsactiviteit=Verwerkingsactiviteit(lijst.verwerkingsactiviteit(gebruiker)),
            client_ids=[lijst.client_van(r) for r in rijen],
            object_type=f"export {lijst.naam}",
            toelichting=keuzes.query[:500],
        )
    return f"{lijst.naam}.{formaat}", soort, schrijven(lijst, rijen)


@login_required
def lijst_export(request: IngelogdVerzoek, lijst: str, formaat: str) -> HttpResponse:
    gekozen = LIJSTEN.get(lijst)
    if gekozen is None or formaat not in FORMATEN:
        raise Http404("Onbekende lijst of onbekend formaat")
    keuzes = Lijstkeuzes(request.GET, sorteringen=gekozen.sorteringen)
    aantal = gekozen.lezen(request.user, keuzes).count()  # the scope is checked here: a role without it gets 0 rows
    if aantal > DIRECT_EXPORTEREN_TOT:
        from .tasks import lijst_exporteren

        taak = aanbieden(
            lijst_exporteren,
            kwargs={"gebruiker_id": request.user.pk, "lijst": lijst, "keuzes": keuzes.gekozen, "formaat": formaat},
            titel=f"Export {gekozen.titel.lower()} ({aantal} regels, {formaat.upper()})",
            door=request.user,
            regio=request.user.regio,
        )
        terug = reverse(gekozen.url) + (f"?{keuzes.query}" if keuzes.query else "")
        return redirect(f"{reverse('taken:detail', args=[taak.pk])}?{urlencode({'terug': terug})}")
    naam, soort, inhoud = exporteren(gebruiker=request.user, lijst=gekozen, keuzes=keuzes, formaat=formaat)
    antwoord = HttpResponse(inhoud, content_type=soort)
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord
