"""Letter batches for the post room: the page only hands the work to a worker and follows it; the ZIP holds the
letters of the period in the user's scope exactly as stored, with a list without names or BSNs; bad input is
answered in Dutch and starts nothing."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from tests.factories_toegang import melding, toegangsregio
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.taken.basis import Achtergrondtaak
from wmoketen.taken.models import Taak, TaakStatus
from wmoketen.toegang import klok, postbundel
from wmoketen.toegang.models import Brief

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    weert = toegangsregio()
    roermond = toegangsregio(cbs_code="0957", naam="Roermond")

    def op(dag: date, t: Any) -> Any:
        monkeypatch.setattr(klok, "vandaag", lambda: dag)  # a receipt is dated the day it is made
        return melding(t, melddatum=dag)

    eigen = [op(date(2024, 6, d), weert) for d in (3, 4, 5)]
    op(date(2024, 5, 6), weert)  # before the period
    op(date(2024, 6, 4), roermond)  # another region
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 7, 1))
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, regio=weert.regio)
    backoffice.gemeenten.add(weert.gemeente)
    return {
        "brieven": list(Brief.objects.filter(melding__in=eigen).order_by("datum", "pk")),
        "backoffice": backoffice,
        "aanbieder": weert.aanbieder_gebruiker,
    }


def _http(gebruiker: Any) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


PERIODE = {"van": "2024-06-01", "tot": "2024-06-30", "soort": ""}


def test_the_page_enqueues_the_batch_and_the_requester_downloads_it(
    wereld: dict[str, Any], django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    verwacht = wereld["brieven"]
    assert len(verwacht) == 3 and {b.datum for b in verwacht} <= {date(2024, 6, d) for d in range(1, 31)}
    http = _http(wereld["backoffice"])
    assert "3 brieven in deze periode" in http.get("/toegang/brieven/", PERIODE).content.decode()

    stappen: list[tuple[int, int | None]] = []
    origineel = Achtergrondtaak.voortgang

    def volg(self: Achtergrondtaak, gedaan: int, totaal: int | None = None, stap: str = "") -> None:
        stappen.append((gedaan, totaal))
        origineel(self, gedaan, totaal, stap)

    monkeypatch.setattr(Achtergrondtaak, "voortgang", volg)
    monkeypatch.setattr(postbundel, "PER_KEER", 2)
    with django_capture_on_commit_callbacks(execute=False) as teruggeroepen:
        antwoord = http.post("/toegang/brieven/", PERIODE)
    taak = Taak.objects.get(naam="toegang.brieven_bundelen")
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(f"/taken/{taak.pk}/?terug=")
    assert taak.status == TaakStatus.WACHTEND and not stappen  # the request only handed it over
    for terug in teruggeroepen:
        terug()  # the commit hands it to the broker; without one it runs here (same code as a worker)

    assert stappen == [(2, 3), (3, 3)]
    status = http.get(f"/taken/{taak.pk}/status/").json()
    assert (status["status"], status["procent"], status["gedaan"], status["totaal"]) == ("klaar", 100, 3, 3)
    assert status["uitkomst"].startswith("3 brieven in brieven-20240601-20240630.zip")
    zip_ = zipfile.ZipFile(io.BytesIO(http.get(status["bestand"]).content))
    namen = [f"{i:04d}-{b.kenmerk}.pdf" for i, b in enumerate(verwacht, start=1)]
    assert zip_.namelist() == [*namen, "postlijst.csv"]
    assert [zip_.read(n) for n in namen] == [bytes(b.pdf) for b in verwacht]  # as sent, not rendered anew
    regels = list(csv.reader(io.StringIO(zip_.read("postlijst.csv").decode("utf-8-sig")), delimiter=";"))
    assert regels[0] == ["volgnummer", "kenmerk", "soort", "dagtekening", "bestand"]
    assert [r[1] for r in regels[1:]] == [b.kenmerk for b in verwacht]
    tekst = zip_.read("postlijst.csv").decode("utf-8-sig")
    assert not any(b.client.bsn in tekst or b.client.achternaam in tekst for b in verwacht)
    gelogd = Verwerking.objects.filter(object_type="brievenbundel")
    assert gelogd.count() == len({b.client_id for b in verwacht}) and {v.actie for v in gelogd} == {"exporteren"}

    collega = GebruikerFactory(rol=Rol.BACKOFFICE, regio=wereld["backoffice"].regio)
    collega.gemeenten.set(wereld["backoffice"].gemeenten.all())
    assert _http(collega).get(f"/taken/{taak.pk}/bestand/").status_code == 404


@pytest.mark.parametrize(
    ("invoer", "fout"),
    [
        ({"van": "2024-06-30", "tot": "2024-06-01"}, "De einddatum ligt vóór de begindatum."),
        ({"van": "2024-01-01", "tot": "2024-06-30"}, "Kies een periode van hoogstens 93 dagen."),
        ({"van": "2023-01-01", "tot": "2023-01-31"}, "Er zijn geen brieven in deze periode."),
        ({"van": "morgen", "tot": "2024-06-30"}, "Vul een geldige datum in."),
        ({"van": "2024-06-01", "tot": "2024-06-30", "soort": "bestaat-niet"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_is_answered_in_dutch_and_starts_nothing(wereld: dict[str, Any], invoer: Any, fout: str) -> None:
    antwoord = _http(wereld["backoffice"]).post("/toegang/brieven/", invoer)
    assert antwoord.status_code == 200 and fout in antwoord.content.decode()
    assert not Taak.objects.exists()


def test_too_many_letters_are_refused(wereld: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postbundel, "MAX_BRIEVEN", 2)
    antwoord = _http(wereld["backoffice"]).post("/toegang/brieven/", PERIODE)
    assert "Dit zijn 3 brieven; een bundel heeft er hoogstens 2." in antwoord.content.decode()
    assert not Taak.objects.exists()


def test_a_provider_gets_no_letters(wereld: dict[str, Any]) -> None:
    assert _http(wereld["aanbieder"]).get("/toegang/brieven/").status_code == 403
    assert _http(wereld["aanbieder"]).post("/toegang/brieven/", PERIODE).status_code == 403
