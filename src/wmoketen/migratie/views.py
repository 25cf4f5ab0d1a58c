"""The page of functioneel beheer for migration: the region's imports with their reports, and its exports. An export
is registered here and written on a worker (`tasks.exporteren`, through `wmoketen.taken`), never in the request;
only the one who started it downloads its file (it holds the personal data of the clients in their scope)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.catalogus.models import Regio
from wmoketen.taken.services import aanbieden

from . import tasks
from .constants import Soort, Status
from .export.schrijven import export_aanmaken
from .fouten import MigratieFout
from .models import Migratie
from .verslag import afwijzingen_csv


def _beheer(request: IngelogdVerzoek) -> Regio:
    """The region of the functioneel beheerder (403 for any other role, or without a region)."""
    regio = request.user.regio
    if not request.user.is_functioneel_beheer or regio is None:
        raise PermissionDenied("Alleen voor functioneel beheer van een regio.")
    return regio


def _van_regio(request: IngelogdVerzoek, migratie_id: int) -> Migratie:
    migratie = Migratie.objects.filter(pk=migratie_id, regio=_beheer(request)).first()
    if migratie is None:
        raise Http404("Onbekende migratie")
    return migratie


@login_required
def overzicht(request: IngelogdVerzoek) -> HttpResponse:
    regio = _beheer(request)
    migraties = Migratie.objects.filter(regio=regio).select_related("gestart_door")[:50]
    return render(request, "migratie/overzicht.html", {"migraties": migraties, "regio": regio})


@login_required
@require_POST
def exporteren(request: IngelogdVerzoek) -> HttpResponse:
    """Register the export of the user's region and hand it to the worker; the task page follows it."""
    regio = _beheer(request)
    try:
        migratie = export_aanmaken(regio=regio, door=request.user)
    except MigratieFout as fout:
        messages.error(request, str(fout))
        return redirect("migratie:overzicht")
    taak = aanbieden(
        tasks.exporteren,
        kwargs={"migratie_id": migratie.pk},
        titel=f"Export van regio {migratie.regio.naam}",
        door=request.user,
        regio=migratie.regio,
        sleutel=f"migratie-export-{migratie.pk}",
    )
    terug = reverse("migratie:overzicht")
    return redirect(f"{reverse('taken:detail', args=[taak.pk])}?{urlencode({'terug': terug})}")


@login_required
def download(request: IngelogdVerzoek, migratie_id: int) -> FileResponse:
    """The export's ZIP, only for the one who started it, once it is complete."""
    migratie = _van_regio(request, migratie_id)
    pad = Path(migratie.bron)
    if (
        migratie.soort != Soort.EXPORT
        or migratie.gestart_door_id != request.user.pk
        or migratie.status != Status.KLAAR
        or not pad.is_file()
    ):
        raise Http404("Geen export om te downloaden")
    return FileResponse(pad.open("rb"), as_attachment=True, filename=pad.name, content_type="application/zip")


@login_required
def rapport(request: IngelogdVerzoek, migratie_id: int) -> HttpResponse:
    migratie = _van_regio(request, migratie_id)
    return render(request, "migratie/rapport.html", {"migratie": migratie})


@login_required
def afwijzingen(request: IngelogdVerzoek, migratie_id: int) -> StreamingHttpResponse:
    migratie = _van_regio(request, migratie_id)
    antwoord = StreamingHttpResponse(afwijzingen_csv(migratie), content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="afwijzingen-{migratie.pk}.csv"'
    return antwoord
