"""Pages: dashboard, benchmark per segment, account meeting report per provider (+ PDF), CSV/XLSX exports.

Read roles (contractmanager, monitoring, functioneel beheer, backoffice) see everything here within their region;
a provider sees only its own account report (404 for another provider). Aggregates only: no audit log entries,
because no client is shown."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.contracten.models import Aanbieder
from wmoketen.taken.services import aanbieden

from . import selectors
from .definities import ONDERDRUKKING
from .domain import DREMPEL
from .export import als_csv, als_xlsx
from .filters import Dimensie, Filter, standaardperiode
from .pdf import rapport_pdf
from .tasks import export_maken


def _lezer(request: IngelogdVerzoek) -> None:
    if not selectors.mag_lezen(request.user):
        raise PermissionDenied("Geen toegang tot monitoring.")


def _filter(request: IngelogdVerzoek) -> tuple[Filter, Dimensie, selectors.Keuzes]:
    return selectors.filter_uit_verzoek(request.user, request.GET, standaardperiode(timezone.localdate()))


def _context(request: IngelogdVerzoek, **extra: object) -> dict[str, object]:
    f, per, k = _filter(request)
    dimensies = [(d.value, d.label) for d in Dimensie]
    return {"filter": f, "per": per, "keuzes": k, "onderdrukking": ONDERDRUKKING, "drempel": DREMPEL,
            "dimensies": dimensies, **extra}  # fmt: skip


@login_required
def dashboard(request: IngelogdVerzoek) -> HttpResponse:
    _lezer(request)
    f, per, _k = _filter(request)
    d = selectors.dashboard(f, per, timezone.localdate())
    return render(request, "monitoring/dashboard.html", _context(request, dashboard=d))


@login_required
def benchmark(request: IngelogdVerzoek) -> HttpResponse:
    _lezer(request)
    f, _per, k = _filter(request)
    benchmarks = [selectors.benchmark(f, s) for s in selectors.segmenten_van(f, k)]
    return render(request, "monitoring/benchmark.html", _context(request, benchmarks=benchmarks))


def _rapport(request: IngelogdVerzoek, aanbieder_id: int) -> selectors.Rapport:
    aanbieder = get_object_or_404(Aanbieder, pk=aanbieder_id)
    if request.user.is_aanbieder:
        if request.user.aanbieder_id != aanbieder.pk:
            raise Http404("Geen aanbieder")
        f, _, _ = selectors.filter_uit_verzoek(request.user, request.GET, standaardperiode(timezone.localdate()))
        return selectors.rapport(aanbieder, f.met(gemeente_id=None), timezone.localdate(), anoniem=True)
    _lezer(request)
    f, _, _ = _filter(request)
    return selectors.rapport(aanbieder, f, timezone.localdate())


@login_required
def rapport(request: IngelogdVerzoek, aanbieder_id: int) -> HttpResponse:
    r = _rapport(request, aanbieder_id)
    return render(request, "monitoring/rapport.html", _context(request, rapport=r))


@login_required
def rapport_als_pdf(request: IngelogdVerzoek, aanbieder_id: int) -> HttpResponse:
    r = _rapport(request, aanbieder_id)
    response = HttpResponse(rapport_pdf(r), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="accountgesprek-{r.aanbieder.agb_code}.pdf"'
    return response


@login_required
def export(request: IngelogdVerzoek, code: str, formaat: str) -> HttpResponse:
    """One table at once; everything (`alles`, a POST) as a background task whose page offers the file."""
    _lezer(request)
    if formaat not in {"csv", "xlsx"} or (code != "alles" and code not in selectors.TABELLEN):
        raise Http404("Onbekende export")
    if code == "alles":
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        taak = aanbieden(
            export_maken,
            kwargs={"gebruiker_id": request.user.pk, "formaat": formaat, "query": request.GET.urlencode()},
            titel=f"Monitoring: alles naar {'Excel' if formaat == 'xlsx' else 'CSV'}",
            door=request.user,
            regio=request.user.regio,
        )
        terug = f"{reverse('monitoring:dashboard')}?{request.GET.urlencode()}"
        return redirect(f"{reverse('taken:detail', args=[taak.pk])}?{urlencode({'terug': terug})}")
    f, per, _ = _filter(request)
    tabellen = [selectors.TABELLEN[code](f, per, timezone.localdate())]
    if formaat == "csv":
        response = HttpResponse(als_csv(tabellen, f), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            als_xlsx(tabellen, f), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = (
        f'attachment; filename="monitoring-{code}-{f.van:%Y%m%d}-{f.tot:%Y%m%d}.{formaat}"'
    )
    return response
