"""Every outcome of a melding besides a granting beschikking, each with its letter; the receipts; the pgb letter;
a letter that cannot be made leaves the decision unsent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client as HttpClient

from tests.factories_toegang import beschikt, melding, plan_opstellen, toegangsregio, tot_aanvraag
from tests.pdftekst import pdf_tekst
from wmoketen.audit.models import Verwerking
from wmoketen.toegang import klok, services
from wmoketen.toegang.constants import OPEN_FASEN, BriefSoort, Fase
from wmoketen.toegang.models import Afhandeling, Brief, Melding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vaste_dag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 7, 1))


def met_aanvraag(t: object) -> Melding:
    """A melding with an onderzoeksverslag signed by the client (the aanvraag), no plan."""
    m = melding(t)
    services.onderzoeksverslag_vastleggen(
        door=t.consulent, melding=m, gespreksdatum=date(2024, 6, 6), bevindingen="Redt het met hulp van de buren."
    )
    return services.aanvraag_vastleggen(door=t.consulent, melding=m, verslag_ondertekend_op=date(2024, 6, 12))


def brief(m: Melding, soort: str) -> Brief:
    return Brief.objects.get(melding=m, soort=soort)


def test_the_melding_and_the_aanvraag_are_confirmed_with_the_dates_that_start_the_terms() -> None:
    t = toegangsregio()
    m = met_aanvraag(t)
    melding_brief = pdf_tekst(bytes(brief(m, BriefSoort.ONTVANGST_MELDING).pdf))
    assert "3 juni 2024" in melding_brief and "15 juli 2024" in melding_brief  # melding + six weeks
    assert "artikel 2.3.2, eerste lid, Wmo 2015" in melding_brief
    aanvraag = pdf_tekst(bytes(brief(m, BriefSoort.ONTVANGST_AANVRAAG).pdf))
    assert "12 juni 2024" in aanvraag and "26 juni 2024" in aanvraag  # aanvraag + two weeks
    assert "Gemeente Weert" in aanvraag and "Jansen" in aanvraag
    m.refresh_from_db()
    assert (m.fase, m.aanvraag_op) == (Fase.AANVRAAG, date(2024, 6, 12))
    standen = services.termijnen_berekenen(services.dossierfeiten(m), date(2024, 6, 13))
    assert [s.uiterlijk for s in standen if s.termijn.code == "beschikking"] == [date(2024, 6, 26)]


def test_a_refusal_is_a_decision_with_reasons_ground_and_objection_clause() -> None:
    t = toegangsregio()
    m = met_aanvraag(t)
    a = services.melding_afwijzen(
        door=t.consulent,
        melding=m,
        besluitdatum=date(2024, 6, 20),
        grondslag="eigen_kracht",
        redenen="De buren doen de boodschappen; uw dochter helpt met de administratie.",
    )
    m.refresh_from_db()
    assert (m.fase, m.volgende_termijn, a.soort) == (Fase.AFGEWEZEN, "", "afwijzing")
    assert m.fase not in OPEN_FASEN  # off the worklist
    b = brief(m, BriefSoort.AFWIJZING)
    tekst = pdf_tekst(bytes(b.pdf))
    assert b.besluit and b.datum == date(2024, 6, 20)
    assert "Wij wijzen uw aanvraag voor een maatwerkvoorziening af." in tekst
    assert "De buren doen de boodschappen" in tekst
    assert "artikel 2.3.5, derde lid, Wmo 2015" in tekst
    assert "(artikel 6:7 en 6:8 Algemene wet bestuursrecht)" in tekst
    # ending twice: refused, nothing changes
    with pytest.raises(services.ToegangFout, match="al afgehandeld"):
        services.melding_intrekken(door=t.consulent, melding=m, ingetrokken_op=date(2024, 6, 21))
    assert Afhandeling.objects.count() == 1


@pytest.mark.parametrize(
    ("velden", "melding_tekst"),
    [
        ({"besluitdatum": date(2024, 6, 10)}, "vóór de aanvraag"),
        ({"besluitdatum": date(2024, 7, 2)}, "in de toekomst"),
        ({"grondslag": "onzin"}, "Kies de grondslag"),
        ({"redenen": "  "}, "waarom de aanvraag wordt afgewezen"),
    ],
)
def test_a_refusal_refuses_nonsense_in_dutch(velden: dict, melding_tekst: str) -> None:
    t = toegangsregio()
    m = met_aanvraag(t)
    invoer = {"besluitdatum": date(2024, 6, 20), "grondslag": "eigen_kracht", "redenen": "Redt het zelf."} | velden
    with pytest.raises(services.ToegangFout, match=melding_tekst):
        services.melding_afwijzen(door=t.consulent, melding=m, **invoer)
    assert not Afhandeling.objects.exists() and not Brief.objects.filter(soort=BriefSoort.AFWIJZING).exists()


def test_no_refusal_without_an_aanvraag() -> None:
    t = toegangsregio()
    with pytest.raises(services.ToegangFout, match="nog geen aanvraag"):
        services.melding_afwijzen(
            door=t.consulent, melding=melding(t), besluitdatum=date(2024, 6, 20), grondslag="anders", redenen="x"
        )


def test_buiten_behandeling_only_after_the_repair_term_and_with_awb_4_5() -> None:
    t = toegangsregio()
    m = met_aanvraag(t)
    with pytest.raises(services.ToegangFout, match="hersteltermijn"):
        services.buiten_behandeling_stellen(
            door=t.consulent, melding=m, besluitdatum=date(2024, 6, 20), hersteltermijn_tot=date(2024, 6, 20),
            ontbrekend="Het medisch advies.",
        )  # fmt: skip
    services.buiten_behandeling_stellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 27), hersteltermijn_tot=date(2024, 6, 26),
        ontbrekend="Het medisch advies van de huisarts.",
    )  # fmt: skip
    m.refresh_from_db()
    tekst = pdf_tekst(bytes(brief(m, BriefSoort.BUITEN_BEHANDELING).pdf))
    assert m.fase == Fase.BUITEN_BEHANDELING
    assert "artikel 4:5, eerste lid, Algemene wet bestuursrecht" in tekst and "26 juni 2024" in tekst
    assert "Bent u het niet eens met dit besluit?" in tekst


def test_withdrawal_and_general_facility_are_confirmed_without_objection_clause() -> None:
    t = toegangsregio()
    m1 = melding(t)
    services.melding_intrekken(door=t.consulent, melding=m1, ingetrokken_op=date(2024, 6, 5), toelichting="Verhuist.")
    m2 = melding(t)
    with pytest.raises(services.ToegangFout, match="algemene voorziening in"):
        services.algemene_voorziening_afsluiten(door=t.consulent, melding=m2, afgesloten_op=date(2024, 6, 5),
                                                voorziening=" ")  # fmt: skip
    services.algemene_voorziening_afsluiten(
        door=t.consulent, melding=m2, afgesloten_op=date(2024, 6, 5), voorziening="Boodschappendienst Weert"
    )
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert (m1.fase, m2.fase) == (Fase.INGETROKKEN, Fase.ALGEMENE_VOORZIENING)
    for m, soort, zin in (
        (m1, BriefSoort.INTREKKING, "intrekt"),
        (m2, BriefSoort.ALGEMENE_VOORZIENING, "Boodschappendienst Weert"),
    ):
        b = brief(m, soort)
        tekst = pdf_tekst(bytes(b.pdf))
        assert zin in tekst and not b.besluit and "bezwaar maken. Dat doet u" not in tekst
    # the deadlines stop at the closing date
    assert all(s.afgerond_op == date(2024, 6, 5) for s in services.termijnen_berekenen(
        services.dossierfeiten(m1), date(2024, 7, 1)))  # fmt: skip


def test_a_general_facility_is_refused_once_there_is_an_aanvraag() -> None:
    t = toegangsregio()
    m = met_aanvraag(t)
    with pytest.raises(services.ToegangFout, match="Wijs die af"):
        services.algemene_voorziening_afsluiten(
            door=t.consulent, melding=m, afgesloten_op=date(2024, 6, 20), voorziening="Welzijnswerk"
        )


def test_the_pgb_beschikking_states_its_budget(settings: object) -> None:
    t = toegangsregio()
    t.regio.instellingen = {"toegang": {**t.regio.instellingen.get("toegang", {}), "pgb_percentage": 75}}
    t.regio.save()
    m = melding(t)
    b = beschikt_pgb(t, m)
    assert b.pgb_jaarbedrag_cent == b.jaarbedrag_cent * 75 // 100 > 0
    brief_ = Brief.objects.get(melding=m, soort=BriefSoort.BESCHIKKING_PGB)
    tekst = pdf_tekst(bytes(brief_.pdf))
    assert "persoonsgebonden budget (pgb)" in tekst
    bedrag = f"{b.pgb_jaarbedrag_cent // 100:,}".replace(",", ".")
    assert bedrag in tekst


def beschikt_pgb(t: object, m: Melding) -> object:
    from tests.factories_toegang import deel2, tot_bij_aanbieder

    plan = tot_bij_aanbieder(t, m)
    plan = plan_opstellen(t, m, verstrekkingsvorm="pgb", vervangen=True)
    services.plan_ondertekenen_en_versturen(
        door=t.consulent, plan=plan, ondertekend_client_op=date(2024, 6, 11), ondertekend_gemeente_op=date(2024, 6, 11),
        toestemming_aanbieder=True, verzonden_op=date(2024, 6, 11),
    )  # fmt: skip
    deel2(t, plan)
    services.akkoord_geven(door=t.consulent, melding=m, verslag_ondertekend_op=date(2024, 6, 20))
    return services.beschikking_vaststellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
    )


def test_a_letter_that_cannot_be_made_leaves_the_decision_unsent_and_says_why(settings: object, tmp_path: Path) -> None:
    t = toegangsregio()
    m = met_aanvraag(t)
    settings.WMOKETEN_REGIO_MAP = tmp_path  # type: ignore[attr-defined]
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "weert.png").write_bytes(b"dit is geen afbeelding")
    t.regio.instellingen = {
        **t.regio.instellingen,
        "brieven": {"gemeenten": [{"cbs_code": "0988", "naam": "Gemeente Weert", "logo": "logos/weert.png"}]},
    }
    t.regio.save()
    http = HttpClient()
    http.force_login(t.consulent)
    antwoord = http.post(
        f"/toegang/dossier/{m.pk}/afwijzen/",
        {"besluitdatum": "2024-06-20", "grondslag": "eigen_kracht", "redenen": "Redt het zelf."},
    )
    assert antwoord.status_code == 200
    assert "geen leesbare afbeelding" in antwoord.content.decode()
    m.refresh_from_db()
    assert m.fase == Fase.AANVRAAG and not Afhandeling.objects.exists()
    assert not Brief.objects.filter(soort=BriefSoort.AFWIJZING).exists()
    # with a real logo the same decision goes through, with the logo in the letter
    from PIL import Image

    Image.new("RGB", (200, 100), "#1f5c99").save(tmp_path / "logos" / "weert.png")
    antwoord = http.post(
        f"/toegang/dossier/{m.pk}/afwijzen/",
        {"besluitdatum": "2024-06-20", "grondslag": "eigen_kracht", "redenen": "Redt het zelf."},
    )
    assert antwoord.status_code == 302
    assert b"/Subtype /Image" in bytes(Brief.objects.get(soort=BriefSoort.AFWIJZING).pdf)


def test_a_stored_letter_is_printed_again_byte_for_byte_and_logged() -> None:
    t = toegangsregio()
    m = melding(t)
    b = brief(m, BriefSoort.ONTVANGST_MELDING)
    http = HttpClient()
    http.force_login(t.consulent)
    antwoord = http.get(f"/toegang/brief/{b.pk}/pdf/")
    assert antwoord.status_code == 200 and antwoord.content == bytes(b.pdf)
    assert Verwerking.objects.filter(object_type="brief ontvangst_melding", actie="exporteren").count() == 1
    http.force_login(t.aanbieder_gebruiker)
    assert http.get(f"/toegang/brief/{b.pk}/pdf/").status_code == 404


def test_the_beschikking_pdf_is_the_letter_that_was_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    t = toegangsregio()
    m = melding(t)
    b = beschikt(t, m)
    verzonden = Brief.objects.get(melding=m, soort=BriefSoort.BESCHIKKING)
    http = HttpClient()
    http.force_login(t.consulent)
    assert http.get(f"/toegang/beschikking/{b.pk}/pdf/").content == bytes(verzonden.pdf)
    assert tot_aanvraag  # (helper kept importable for the other tests)
