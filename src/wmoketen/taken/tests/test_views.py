"""The task pages: progress as JSON, the file only for its requester, beheer's overview and actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory, RegioFactory
from wmoketen.accounts.constants import Rol
from wmoketen.taken.models import Taak, TaakStatus

pytestmark = pytest.mark.django_db


def _http(gebruiker: Any) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


@pytest.fixture
def mensen() -> dict[str, Any]:
    regio, ander = RegioFactory(), RegioFactory()
    return {
        "aanvrager": GebruikerFactory(rol=Rol.BACKOFFICE, regio=regio),
        "collega": GebruikerFactory(rol=Rol.BACKOFFICE, regio=regio),
        "beheer": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio),
        "beheer_elders": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=ander),
        "regio": regio,
    }


def _export(mensen: dict[str, Any], **velden: Any) -> Taak:
    return Taak.objects.create(
        naam="monitoring.export",
        titel="Export alles",
        aangemaakt_door=mensen["aanvrager"],
        regio=mensen["regio"],
        status=TaakStatus.KLAAR,
        gedaan=3,
        totaal=3,
        bestand=b"a;b\n",
        bestandsnaam="export.csv",
        bestandstype="text/csv",
        **velden,
    )


def test_the_requester_follows_the_progress_and_downloads_the_file(mensen: dict[str, Any]) -> None:
    taak = _export(mensen)
    http = _http(mensen["aanvrager"])
    status = http.get(f"/taken/{taak.pk}/status/").json()
    assert status == {
        "status": "klaar",
        "status_tekst": "Klaar",
        "procent": 100,
        "gedaan": 3,
        "totaal": 3,
        "stap": "",
        "uitkomst": "",
        "afgelopen": True,
        "fout": "",
        "bestand": f"/taken/{taak.pk}/bestand/",
    }
    html = http.get(f"/taken/{taak.pk}/").content.decode()
    assert 'data-status-url="/taken/' in html and "web/wmoketen.js" in html and "<script>" not in html
    antwoord = http.get(f"/taken/{taak.pk}/bestand/")
    assert antwoord.content == b"a;b\n" and antwoord["Content-Disposition"] == 'attachment; filename="export.csv"'


def test_nobody_else_gets_the_file_and_a_colleague_not_even_the_task(mensen: dict[str, Any]) -> None:
    taak = _export(mensen)
    assert _http(mensen["collega"]).get(f"/taken/{taak.pk}/status/").status_code == 404
    assert _http(mensen["collega"]).get(f"/taken/{taak.pk}/").status_code == 404
    assert _http(mensen["beheer_elders"]).get(f"/taken/{taak.pk}/").status_code == 404
    assert _http(mensen["beheer"]).get(f"/taken/{taak.pk}/status/").status_code == 200
    assert _http(mensen["beheer"]).get(f"/taken/{taak.pk}/bestand/").status_code == 404  # beheer: not the file


def test_the_error_text_is_for_beheer_the_requester_gets_a_plain_sentence(mensen: dict[str, Any]) -> None:
    taak = _export(mensen)
    Taak.objects.filter(pk=taak.pk).update(status=TaakStatus.DOOD, fout="Traceback ...\nKeyError: 'gemeente'")
    assert _http(mensen["beheer"]).get(f"/taken/{taak.pk}/status/").json()["fout"] == "KeyError: 'gemeente'"
    eigen = _http(mensen["aanvrager"]).get(f"/taken/{taak.pk}/status/").json()
    assert eigen["fout"].startswith("De taak is niet gelukt") and eigen["bestand"] is None


def test_beheer_sees_schedules_and_dead_tasks_of_its_region_and_can_offer_one_again(
    mensen: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    dood = Taak.objects.create(
        naam="taken.tests.lukt", titel="Proef die vastliep", regio=mensen["regio"], status=TaakStatus.DOOD, pogingen=5,
        argumenten={"n": 2}, fout="RuntimeError: stuk",
    )  # fmt: skip
    elders = Taak.objects.create(naam="x", titel="Taak van een andere regio", regio=RegioFactory(), status="dood")
    html = _http(mensen["beheer"]).get("/taken/").content.decode()
    assert "Postvakken lezen" in html and "elke minuut" in html and "Back-up van de database" in html
    assert "Proef die vastliep" in html and elders.titel not in html
    assert _http(mensen["aanvrager"]).get("/taken/").status_code == 403

    from wmoketen.taken.tests.test_basis import lukt  # noqa: F401 - registers the task

    assert _http(mensen["aanvrager"]).post(f"/taken/{dood.pk}/opnieuw/").status_code == 404
    assert _http(mensen["beheer_elders"]).post(f"/taken/{dood.pk}/opnieuw/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = _http(mensen["beheer"]).post(f"/taken/{dood.pk}/opnieuw/")
    assert antwoord.status_code == 302
    dood.refresh_from_db()
    assert (dood.status, dood.uitkomst, dood.pogingen) == (TaakStatus.KLAAR, "2 gedaan", 1)
    assert _http(mensen["beheer"]).post(f"/taken/{dood.pk}/afhandelen/").status_code == 404  # no longer dead


def test_beheer_marks_a_dead_task_handled(mensen: dict[str, Any]) -> None:
    dood = Taak.objects.create(naam="x", titel="Vast", status=TaakStatus.DOOD)
    _http(mensen["beheer"]).post(f"/taken/{dood.pk}/afhandelen/")
    dood.refresh_from_db()
    assert dood.status == TaakStatus.AFGEHANDELD and dood.uitkomst.startswith(
        f"Afgehandeld door {mensen['beheer'].username}"
    )
