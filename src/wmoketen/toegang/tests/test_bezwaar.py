"""Bezwaar and beroep: the Awb terms (6:7, 6:8, 6:9, 6:11, 7:10, 7:13), the outcome once, gegrond through a new
melding, the worklist and the letters."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as HttpClient

from tests.factories_toegang import beschikt, melding, toegangsregio
from tests.pdftekst import pdf_tekst
from wmoketen.toegang import bezwaren, klok, selectors
from wmoketen.toegang.constants import BriefSoort, Fase
from wmoketen.toegang.domain import bezwaar_tijdig, bezwaartermijn_einde, bezwaartermijnen
from wmoketen.toegang.fouten import ToegangFout
from wmoketen.toegang.models import Bezwaar, Brief

pytestmark = pytest.mark.django_db


def test_the_objection_term_is_six_weeks_from_the_day_after_sending() -> None:
    # sent Monday 24 June 2024: the term runs from Tuesday 25 June and ends Monday 5 August (Awb 6:7, 6:8)
    assert bezwaartermijn_einde(date(2024, 6, 24)) == date(2024, 8, 5)
    # ending on a Saturday moves to Monday (Algemene termijnenwet art. 1)
    assert bezwaartermijn_einde(date(2024, 6, 29)) == date(2024, 8, 12)
    # ending on Christmas Day 2024 (Wednesday) moves past Boxing Day to Friday 27 December
    assert bezwaartermijn_einde(date(2024, 11, 13)) == date(2024, 12, 27)


def test_posted_in_time_and_received_within_a_week_is_in_time() -> None:
    verzonden = date(2024, 6, 24)
    assert bezwaar_tijdig(verzonden_op=verzonden, ontvangen_op=date(2024, 8, 5))
    assert not bezwaar_tijdig(verzonden_op=verzonden, ontvangen_op=date(2024, 8, 6))
    assert bezwaar_tijdig(verzonden_op=verzonden, ontvangen_op=date(2024, 8, 12), ter_post_op=date(2024, 8, 5))
    assert not bezwaar_tijdig(verzonden_op=verzonden, ontvangen_op=date(2024, 8, 13), ter_post_op=date(2024, 8, 5))


def test_the_decision_term_is_six_or_twelve_weeks_after_the_objection_term_and_can_be_postponed() -> None:
    t = bezwaartermijnen(verzonden_op=date(2024, 6, 24), ontvangen_op=date(2024, 7, 10))
    assert (t.indienen_uiterlijk, t.beslissen_uiterlijk, t.verdagen_uiterlijk) == (
        date(2024, 8, 5), date(2024, 9, 16), date(2024, 10, 28)
    )  # fmt: skip
    commissie = bezwaartermijnen(verzonden_op=date(2024, 6, 24), ontvangen_op=date(2024, 7, 10), adviescommissie=True)
    assert commissie.beslissen_uiterlijk == date(2024, 10, 28)
    # a late (excusable) objection: counted from its receipt
    laat = bezwaartermijnen(verzonden_op=date(2024, 6, 24), ontvangen_op=date(2024, 8, 20))
    assert (laat.tijdig, laat.beslissen_uiterlijk) == (False, date(2024, 10, 1))


@pytest.fixture
def opstelling(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 7, 10))
    t = toegangsregio()
    m = melding(t)
    beschikt(t, m)
    return t, m, Brief.objects.get(melding=m, soort=BriefSoort.BESCHIKKING)


def test_an_objection_is_registered_with_its_terms_and_shows_on_the_worklist(opstelling) -> None:  # type: ignore[no-untyped-def]
    t, m, besluit = opstelling
    b = bezwaren.bezwaar_registreren(
        door=t.consulent, besluit=besluit, ontvangen_op=date(2024, 7, 8), gronden="Te weinig uren."
    )
    assert (b.tijdig, b.beslissen_uiterlijk, b.melding_id) == (True, date(2024, 9, 16), m.pk)
    ontvangst = pdf_tekst(bytes(Brief.objects.get(soort=BriefSoort.ONTVANGST_BEZWAAR).pdf))
    assert "16 september 2024" in ontvangst and "artikel 7:10 Awb" in ontvangst
    lijst = selectors.werklijst(gebruiker=t.consulent, vandaag=date(2024, 7, 10))
    assert [(r.bezwaar.pk, r.uiterlijk, r.status) for r in lijst.bezwaren] == [(b.pk, date(2024, 9, 16), "later")]
    http = HttpClient()
    http.force_login(t.consulent)
    assert "16-09-2024" in http.get("/toegang/").content.decode()
    # a second objection against the same decision while the first is open: refused
    with pytest.raises(ToegangFout, match="loopt al een bezwaar"):
        bezwaren.bezwaar_registreren(door=t.consulent, besluit=besluit, ontvangen_op=date(2024, 7, 9))


@pytest.mark.parametrize(
    ("ontvangen_op", "melding_tekst"),
    [(date(2024, 6, 20), "vóór het besluit"), (date(2024, 7, 11), "in de toekomst")],
)
def test_impossible_dates_are_refused(opstelling, ontvangen_op: date, melding_tekst: str) -> None:  # type: ignore[no-untyped-def]
    t, _, besluit = opstelling
    with pytest.raises(ToegangFout, match=melding_tekst):
        bezwaren.bezwaar_registreren(door=t.consulent, besluit=besluit, ontvangen_op=ontvangen_op)
    assert not Bezwaar.objects.exists()


def test_no_objection_against_a_receipt(opstelling) -> None:  # type: ignore[no-untyped-def]
    t, m, _ = opstelling
    ontvangst = Brief.objects.get(melding=m, soort=BriefSoort.ONTVANGST_MELDING)
    with pytest.raises(ToegangFout, match="geen besluit"):
        bezwaren.bezwaar_registreren(door=t.consulent, besluit=ontvangst, ontvangen_op=date(2024, 7, 8))


def test_postponing_is_limited_to_six_weeks_unless_consented(opstelling) -> None:  # type: ignore[no-untyped-def]
    t, _, besluit = opstelling
    b = bezwaren.bezwaar_registreren(door=t.consulent, besluit=besluit, ontvangen_op=date(2024, 7, 8))
    with pytest.raises(ToegangFout, match="hoogstens zes weken"):
        bezwaren.bezwaar_verdagen(door=t.consulent, bezwaar=b, verdaagd_tot=date(2024, 10, 29), uitgesteld_tot=None)
    b = bezwaren.bezwaar_verdagen(door=t.consulent, bezwaar=b, verdaagd_tot=date(2024, 10, 28), uitgesteld_tot=None)
    assert b.beslissen_uiterlijk == date(2024, 10, 28)
    with pytest.raises(ToegangFout, match="noem de reden"):
        bezwaren.bezwaar_verdagen(door=t.consulent, bezwaar=b, verdaagd_tot=None, uitgesteld_tot=date(2024, 12, 2))
    b = bezwaren.bezwaar_verdagen(
        door=t.consulent, bezwaar=b, verdaagd_tot=None, uitgesteld_tot=date(2024, 12, 2), reden="Met instemming."
    )
    assert b.beslissen_uiterlijk == date(2024, 12, 2)
    assert Brief.objects.filter(soort=BriefSoort.VERDAGING_BEZWAAR).count() == 2  # art. 7:10 lid 5


def test_a_well_founded_objection_continues_in_a_new_melding_and_is_decided_once(opstelling) -> None:  # type: ignore[no-untyped-def]
    t, m, besluit = opstelling
    b = bezwaren.bezwaar_registreren(door=t.consulent, besluit=besluit, ontvangen_op=date(2024, 7, 8))
    with pytest.raises(ToegangFout, match="Motiveer"):
        bezwaren.bezwaar_beslissen(door=t.consulent, bezwaar=b, uitkomst="gegrond", beslist_op=date(2024, 7, 10))
    b = bezwaren.bezwaar_beslissen(
        door=t.consulent, bezwaar=b, uitkomst="gegrond", beslist_op=date(2024, 7, 10),
        toelichting="De dochter valt weg als mantelzorger.",
    )  # fmt: skip
    assert b.vervolgmelding is not None and b.vervolgmelding.fase == Fase.MELDING
    assert b.vervolgmelding.client_id == m.client_id
    beslissing = pdf_tekst(bytes(Brief.objects.get(soort=BriefSoort.BESLISSING_BEZWAAR).pdf))
    assert "gegrond" in beslissing and "artikel 6:7 en 8:1 Algemene wet bestuursrecht" in beslissing
    with pytest.raises(ToegangFout, match="al beslist"):
        bezwaren.bezwaar_beslissen(door=t.consulent, bezwaar=b, uitkomst="ongegrond", beslist_op=date(2024, 7, 10),
                                   toelichting="x")  # fmt: skip
    assert selectors.werklijst(gebruiker=t.consulent, vandaag=date(2024, 7, 10)).bezwaren == []
    with pytest.raises(ToegangFout, match="niet in de toekomst"):
        bezwaren.beroep_registreren(door=t.consulent, bezwaar=b, ingesteld_op=date(2024, 8, 1))
    b = bezwaren.beroep_registreren(door=t.consulent, bezwaar=b, ingesteld_op=date(2024, 7, 10))
    assert b.beroep_ingesteld_op == date(2024, 7, 10)


def test_the_bezwaar_page_decides_through_a_form_and_refuses_nonsense(opstelling) -> None:  # type: ignore[no-untyped-def]
    t, _, besluit = opstelling
    http = HttpClient()
    http.force_login(t.consulent)
    antwoord = http.post(f"/toegang/brief/{besluit.pk}/bezwaar/", {"ontvangen_op": "2024-07-08", "gronden": "x"})
    b = Bezwaar.objects.get()
    assert antwoord["Location"] == f"/toegang/bezwaar/{b.pk}/"
    pagina = http.get(f"/toegang/bezwaar/{b.pk}/").content.decode()
    assert "16 september 2024" in pagina and "art. 7:10" in pagina
    fout = http.post(f"/toegang/bezwaar/{b.pk}/", {"actie": "beslissen", "beslissen-uitkomst": "ongegrond"})
    assert fout.status_code == 200 and "Vul een datum in." in fout.content.decode()
    assert http.post(f"/toegang/bezwaar/{b.pk}/", {"actie": "onzin"}).status_code == 404
    goed = http.post(
        f"/toegang/bezwaar/{b.pk}/",
        {"actie": "beslissen", "beslissen-uitkomst": "ongegrond", "beslissen-beslist_op": "2024-07-10",
         "beslissen-toelichting": "Het besluit is juist."},
    )  # fmt: skip
    assert goed.status_code == 302
    b.refresh_from_db()
    assert (b.uitkomst, b.beslist_op) == ("ongegrond", date(2024, 7, 10))
    http.force_login(t.aanbieder_gebruiker)
    assert http.get(f"/toegang/bezwaar/{b.pk}/").status_code == 404
