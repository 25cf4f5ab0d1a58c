from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from wmoketen.accounts.http import IngelogdVerzoek

from .models import Regio
from .selectors import regio_met_catalogus


@login_required
def regio_catalogus(request: IngelogdVerzoek, code: str) -> HttpResponse:
    try:
        regio = regio_met_catalogus(code=code)
    except Regio.DoesNotExist as exc:
        raise Http404("Regio niet gevonden") from exc
    return render(request, "catalogus/regio.html", {"regio": regio})
