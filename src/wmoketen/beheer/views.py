"""Functioneel beheer's view of the background work (/taken/): every schedule with its last run and outcome, the
tasks that stopped after repeated failures (dead letter) with 'opnieuw proberen' and 'afhandelen', what is running
or waiting now, the 323s waiting for their 325, and the signals of bursts of attempts outside need-to-know by
accounts of the beheerder's region (issue 13 item 4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.models import Bereiksignaal
from wmoketen.audit.services import bereiksignaal_afhandelen as afhandelen
from wmoketen.berichten.selectors import DICHTBIJ, VERLOPEN, wachten_op_325
from wmoketen.conf.planning import Planning
from wmoketen.core.admin import binnen_bereik
from wmoketen.taken import selectors
from wmoketen.taken.broker import wachtrij_lengte
from wmoketen.taken.models import OPEN, Taak

# rows per table: at a month start hundreds of tasks and 323s wait at once; the page shows the totals and the
# oldest or most urgent rows, so it stays fast for beheer while the workers are busy (benchmarks/bench_maandstart.py)
TONEN = 50


@dataclass(frozen=True)
class Schema:
    naam: str
    planning: Planning
    laatste: Taak | None


def _alleen_beheer(request: IngelogdVerzoek) -> None:
    if not request.user.is_functioneel_beheer:
        raise PermissionDenied("Alleen voor functioneel beheer.")


def _bereiksignalen(request: IngelogdVerzoek) -> QuerySet[Bereiksignaal]:
    """Open signals about accounts the beheerder manages (the admin's scope: own region; superuser: all)."""
    accounts = binnen_bereik(request, Gebruiker.objects.all())
    return Bereiksignaal.objects.filter(afgehandeld_op=None, actor__in=accounts.values("pk")).select_related("actor")


@login_required
def taken(request: IngelogdVerzoek) -> HttpResponse:
    _alleen_beheer(request)
    planning: dict[str, Planning] = settings.WMOKETEN_PLANNING
    laatste = selectors.laatste_runs([p.taak for p in planning.values()])
    zichtbaar = selectors.taken_zichtbaar_voor(request.user)
    open_ = zichtbaar.filter(status__in=OPEN)
    wacht = wachten_op_325()  # most urgent first
    return render(
        request,
        "beheer/taken.html",
        {
            "schemas": [Schema(naam, p, laatste.get(p.taak)) for naam, p in planning.items()],
            "dood": selectors.dode_taken(request.user, periodiek={p.taak for p in planning.values()})[:100],
            "open": open_.order_by("aangemaakt_op")[:TONEN],
            "open_aantal": open_.count(),
            "wachtrij": wachtrij_lengte(),
            "zonder_broker": settings.CELERY_TASK_ALWAYS_EAGER,
            "wacht_325": wacht[:TONEN],
            "wacht_325_aantal": len(wacht),
            "wacht_325_verlopen": sum(w.stand == VERLOPEN for w in wacht),
            "wacht_325_dichtbij": sum(w.stand == DICHTBIJ for w in wacht),
            "bereiksignalen": list(_bereiksignalen(request)[:100]),
        },
    )


@login_required
@require_POST
def bereiksignaal_afhandelen(request: IngelogdVerzoek, signaal_id: int) -> HttpResponse:
    _alleen_beheer(request)
    signaal = _bereiksignalen(request).filter(pk=signaal_id).first()
    if signaal is None:
        raise Http404("Signaal niet gevonden.")
    afhandelen(signaal=signaal, door=request.user)
    return redirect("beheer:taken")
