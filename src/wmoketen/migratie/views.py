"""The page of functioneel beheer for migration: the region's imports with their reports, and its exports. An export
is registered here and written on a worker (`tasks.exporteren`, through `wmoketen.taken`), never in the request;
only the one who started it downloads its file (it holds the personal data of the clients in their scope). An import
is uploaded here (checked at once, its dry run on a worker) and its real run started by a second beheerder
(`aanlevering`: four eyes); its report is shown as tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any
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

from . import selectors, tasks
from .aanlevering import Upload, import_aanleveren, import_starten
from .constants import Soort, Status
from .export.schrijven import export_aanmaken
from .fouten import MigratieFout
from .models import Migratie
from .sjablonen.definities import SJABLONEN
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
    if migratie.soort != Soort.IMPORT:
        return render(request, "migratie/rapport.html", {"migratie": migratie})
    pagina = selectors.importpagina(migratie=migratie, gebruiker=request.user)
    return render(request, "migratie/import.html", {"migratie": migratie, "p": pagina})


def _upload(bestand: Any) -> Upload:
    return Upload(naam=bestand.name or "", grootte=bestand.size or 0, stukken=bestand.chunks())


@login_required
def importeren(request: IngelogdVerzoek) -> HttpResponse:
    """Upload an archive (zip) or a template (CSV/XLSX): checked at once, its dry run then on a worker."""
    regio = _beheer(request)
    fouten: list[str] = []
    if request.method == "POST":
        bestand = request.FILES.get("bestand")
        totalen = request.FILES.get("totalen")
        if bestand is None:
            fouten.append("Kies een bestand: een zip-bestand met het archief, of een sjabloon (CSV of XLSX).")
        else:
            try:
                proef = import_aanleveren(
                    regio=regio,
                    door=request.user,
                    bestand=_upload(bestand),
                    sjabloon=request.POST.get("sjabloon", ""),
                    totalen=_upload(totalen) if totalen is not None else None,
                )
            except MigratieFout as fout:
                fouten.append(str(fout))
            else:
                messages.success(request, "Bestand aangeleverd; de proefdraai loopt. Het rapport verschijnt hieronder.")
                return redirect("migratie:rapport", migratie_id=proef.pk)
    return render(
        request,
        "migratie/importeren.html",
        {"regio": regio, "fouten": fouten, "sjablonen": [*SJABLONEN.values()]},
    )


@login_required
@require_POST
def starten(request: IngelogdVerzoek, migratie_id: int) -> HttpResponse:
    """The second beheerder starts the real run of a dry run they reviewed (four eyes)."""
    proef = _van_regio(request, migratie_id)
    try:
        echt = import_starten(proef=proef, vingerafdruk=request.POST.get("vingerafdruk", ""), door=request.user)
    except MigratieFout as fout:
        messages.error(request, str(fout))
        return redirect("migratie:rapport", migratie_id=proef.pk)
    messages.success(request, "De import is gestart; de voortgang staat hieronder.")
    return redirect("migratie:rapport", migratie_id=echt.pk)


@login_required
def afwijzingen(request: IngelogdVerzoek, migratie_id: int) -> StreamingHttpResponse:
    migratie = _van_regio(request, migratie_id)
    antwoord = StreamingHttpResponse(afwijzingen_csv(migratie), content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="afwijzingen-{migratie.pk}.csv"'
    return antwoord
