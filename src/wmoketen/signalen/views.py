"""The task list page: what needs the user today, per kind, each with a link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log

from . import selectors, services


@login_required
def lijst(request: IngelogdVerzoek) -> HttpResponse:
    lijst = selectors.takenlijst(gebruiker=request.user, vandaag=timezone.localdate())
    verwerkingen_log(  # the list names clients: one record per client shown
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING
        if request.user.is_aanbieder
        else Verwerkingsactiviteit.TOEGANG,
        client_ids=sorted({p.client_id for p in lijst.punten if p.client_id is not None}),
        object_type="takenlijst",
    )
    return render(request, "signalen/lijst.html", {"lijst": lijst, "soorten": selectors.soorten_voor(request.user)})


@login_required
@require_POST
def afvinken(request: IngelogdVerzoek) -> HttpResponse:
    sleutel = str(request.POST.get("sleutel", ""))[:120]
    try:
        services.afvinken(door=request.user, sleutel=sleutel)
    except services.SignaalFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, "Afgevinkt: het punt staat niet meer op de takenlijst.")
    return redirect("signalen:lijst")
