"""A task's page (progress bar, outcome, the file it made), its status as JSON for the bar, the file download,
and functioneel beheer's actions on a dead task. Thin: selectors decide who sees what."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wmoketen.accounts.http import IngelogdVerzoek

from . import selectors, services
from .models import Taak, TaakStatus

ALGEMENE_FOUT = "De taak is niet gelukt; functioneel beheer ziet de oorzaak bij de achtergrondtaken."


def status_als_json(taak: Taak, *, beheer: bool) -> dict[str, object]:
    met_bestand = taak.status == TaakStatus.KLAAR and bool(taak.bestandsnaam)
    return {
        "status": taak.status,
        "status_tekst": taak.get_status_display(),
        "procent": taak.procent,
        "gedaan": taak.gedaan,
        "totaal": taak.totaal,
        "stap": taak.stap,
        "uitkomst": taak.uitkomst,
        "afgelopen": taak.afgelopen,
        "fout": (taak.fout.strip().splitlines() or [""])[-1] if beheer else (ALGEMENE_FOUT if taak.fout else ""),
        "bestand": reverse("taken:bestand", args=[taak.pk]) if met_bestand else None,
    }


@login_required
def detail(request: IngelogdVerzoek, taak_id: str) -> HttpResponse:
    taak = selectors.taak_ophalen(gebruiker=request.user, taak_id=taak_id)
    terug = request.GET.get("terug", "")
    if not (terug.startswith("/") and url_has_allowed_host_and_scheme(terug, allowed_hosts=None)):
        terug = ""  # only a path on this site: never another site or a javascript: link
    return render(request, "taken/taak.html", {"taak": taak, "terug": terug})


@login_required
def status(request: IngelogdVerzoek, taak_id: str) -> JsonResponse:
    taak = selectors.taak_ophalen(gebruiker=request.user, taak_id=taak_id)
    antwoord = JsonResponse(status_als_json(taak, beheer=request.user.is_functioneel_beheer))
    antwoord["Cache-Control"] = "no-store"
    return antwoord


@login_required
def bestand(request: IngelogdVerzoek, taak_id: str) -> HttpResponse:
    """Only the one who asked for the export gets its file (it may hold personal data)."""
    taak = selectors.taak_ophalen(gebruiker=request.user, taak_id=taak_id)
    if taak.aangemaakt_door_id != request.user.pk or taak.status != TaakStatus.KLAAR or taak.bestand is None:
        raise Http404("Geen bestand")
    antwoord = HttpResponse(bytes(taak.bestand), content_type=taak.bestandstype or "application/octet-stream")
    antwoord["Content-Disposition"] = f'attachment; filename="{taak.bestandsnaam}"'
    antwoord["Cache-Control"] = "no-store"
    return antwoord


def _dode_taak(request: IngelogdVerzoek, taak_id: str) -> Taak:
    if not request.user.is_functioneel_beheer:
        raise Http404("Taak niet gevonden")
    taak = selectors.taak_ophalen(gebruiker=request.user, taak_id=taak_id)
    if taak.status != TaakStatus.DOOD:
        raise Http404("Deze taak is niet gestopt")
    return taak


@login_required
@require_POST
def opnieuw(request: IngelogdVerzoek, taak_id: str) -> HttpResponse:
    taak = services.opnieuw_aanbieden(taak=_dode_taak(request, taak_id))
    messages.success(request, f"'{taak.titel}' is opnieuw aan de workers gegeven.")
    return redirect("beheer:taken")


@login_required
@require_POST
def afhandelen(request: IngelogdVerzoek, taak_id: str) -> HttpResponse:
    taak = services.afhandelen(taak=_dode_taak(request, taak_id), door=request.user)
    messages.success(request, f"'{taak.titel}' is als afgehandeld gemarkeerd.")
    return redirect("beheer:taken")
