"""Functioneel beheer's view of the background work (/taken/): every schedule with its last run and outcome, the
tasks that stopped after repeated failures (dead letter) with 'opnieuw proberen' and 'afhandelen', what is running
or waiting now, and the 323s waiting for their 325."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.berichten.selectors import wachten_op_325
from wmoketen.conf.planning import Planning
from wmoketen.taken import selectors
from wmoketen.taken.broker import wachtrij_lengte
from wmoketen.taken.models import OPEN, Taak


@dataclass(frozen=True)
class Schema:
    naam: str
    planning: Planning
    laatste: Taak | None


@login_required
def taken(request: IngelogdVerzoek) -> HttpResponse:
    if not request.user.is_functioneel_beheer:
        raise PermissionDenied("Alleen voor functioneel beheer.")
    planning: dict[str, Planning] = settings.WMOKETEN_PLANNING
    laatste = selectors.laatste_runs([p.taak for p in planning.values()])
    zichtbaar = selectors.taken_zichtbaar_voor(request.user)
    return render(
        request,
        "beheer/taken.html",
        {
            "schemas": [Schema(naam, p, laatste.get(p.taak)) for naam, p in planning.items()],
            "dood": selectors.dode_taken(request.user, periodiek={p.taak for p in planning.values()})[:100],
            "open": zichtbaar.filter(status__in=OPEN).order_by("aangemaakt_op")[:100],
            "wachtrij": wachtrij_lengte(),
            "zonder_broker": settings.CELERY_TASK_ALWAYS_EAGER,
            "wacht_325": wachten_op_325(),
        },
    )
