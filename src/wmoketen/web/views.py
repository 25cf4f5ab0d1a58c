from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.accounts.selectors import regios_zichtbaar_voor


@login_required
def home(request: IngelogdVerzoek) -> HttpResponse:
    regios = regios_zichtbaar_voor(request.user).prefetch_related("gemeenten").order_by("geldig_van", "naam")
    return render(request, "web/home.html", {"regios": regios})
