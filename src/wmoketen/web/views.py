from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.catalogus.selectors import regios


@login_required
def home(request: IngelogdVerzoek) -> HttpResponse:
    return render(request, "web/home.html", {"regios": regios()})
