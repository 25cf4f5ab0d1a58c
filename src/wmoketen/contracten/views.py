from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import budgetplafonds_zichtbaar_voor, overeenkomst_ophalen, overeenkomsten_zichtbaar_voor


@login_required
def overeenkomsten(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contracten/overeenkomsten.html",
        {
            "overeenkomsten": overeenkomsten_zichtbaar_voor(request.user),
            "plafonds": budgetplafonds_zichtbaar_voor(request.user),
        },
    )


@login_required
def overeenkomst(request: HttpRequest, overeenkomst_id: int) -> HttpResponse:
    gevonden = overeenkomst_ophalen(gebruiker=request.user, overeenkomst_id=overeenkomst_id)
    return render(request, "contracten/overeenkomst.html", {"overeenkomst": gevonden})
