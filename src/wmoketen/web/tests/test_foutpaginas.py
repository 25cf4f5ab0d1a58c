"""Dutch error pages that reveal nothing (issue 13 item 5): no exception text, no path echo, no settings."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import include, path

pytestmark = pytest.mark.django_db
GEHEIM = "interne-details-7f3a"


def _kapot(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"database kapot: {GEHEIM}")


def _verboden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(GEHEIM)


urlpatterns = [path("kapot/", _kapot), path("verboden/", _verboden), path("", include("wmoketen.urls"))]


def _get(pad: str) -> tuple[int, str]:
    http = HttpClient(raise_request_exception=False)
    response = http.get(pad)
    return response.status_code, response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("pad", "status", "kop"),
    [
        ("/kapot/", 500, "Er ging iets mis"),
        ("/verboden/", 403, "Geen toegang"),
        (f"/bestaat/niet/{GEHEIM}/", 404, "Pagina niet gevonden"),
    ],
)
def test_error_pages_are_dutch_and_reveal_nothing(pad: str, status: int, kop: str) -> None:
    code, html = _get(pad)
    assert code == status and kop in html and '<html lang="nl" class="utrecht-root voorbeeld-theme">' in html
    assert GEHEIM not in html and "Traceback" not in html and "Django" not in html


def test_csrf_failure_is_a_dutch_page() -> None:
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post("/aanmelden/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html and "CSRF" not in html


def test_bad_request_page() -> None:
    response = HttpClient().get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400 and "Ongeldig verzoek" in response.content.decode()
