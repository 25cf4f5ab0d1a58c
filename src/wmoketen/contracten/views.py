from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from wmoketen.accounts.http import IngelogdVerzoek

from .selectors import budgetplafonds_zichtbaar_voor, overeenkomst_ophalen, overeenkomsten_zichtbaar_voor


@login_required
def overeenkomsten(request: IngelogdVerzoek) -> HttpResponse:
    return render(
        request,
        "contracten/overeenkomsten.html",
        {
            "overeenkomsten": overeenkomsten_zichtbaar_voor(request.user),
            "plafonds": budgetplafonds_zichtbaar_voor(request.user),
        },
    )


@login_required
def overeenkomst(request: IngelogdVerzoek, overeenkomst_id: int) -> HttpResponse:
    gevonden = overeenkomst_ophalen(gebruiker=request.user, overeenkomst_id=overeenkomst_id)
    return render(request, "contracten/overeenkomst.html", {"overeenkomst": gevonden})
