"""Pages: worklist counts, dossier with audit, the step forms, provider isolation on deel 2, the PDF letters."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client as HttpClient

from tests.factories import GebruikerFactory
from tests.factories_toegang import beschikt, client_in, melding, toegangsregio, tot_bij_aanbieder
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.toegang import klok, pdf
from wmoketen.toegang.models import Deel2, Melding, Ondersteuningsplan

pytestmark = pytest.mark.django_db

VANDAAG = date(2024, 6, 12)  # Wednesday


@pytest.fixture(autouse=True)
def vaste_dag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: VANDAAG)


def login(user: object) -> HttpClient:
    c = HttpClient()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_worklist_counts_overdue_today_and_this_week_per_municipality() -> None:
    t = toegangsregio()
    melding(t, melddatum=date(2024, 6, 3))  # huisbezoek due Mon 10-6: overdue
    melding(t, melddatum=date(2024, 6, 5))  # due Wed 12-6: today
    melding(t, melddatum=date(2024, 6, 7))  # due Fri 14-6: this week
    melding(t, melddatum=date(2024, 6, 11))  # due Tue 18-6: later
    response = login(t.consulent).get("/toegang/")
    assert response.status_code == 200
    lijst = response.context["lijst"]
    assert (lijst.totaal.te_laat, lijst.totaal.vandaag, lijst.totaal.deze_week, lijst.totaal.open) == (1, 1, 1, 4)
    assert [(g.gemeente, g.te_laat, g.vandaag, g.deze_week, g.open) for g in lijst.per_gemeente] == [
        ("Weert", 1, 1, 1, 4)
    ]
    assert [r.uiterlijk for r in lijst.regels] == [
        date(2024, 6, 10),
        date(2024, 6, 12),
        date(2024, 6, 14),
        date(2024, 6, 18),
    ]
    html = response.content.decode()
    assert "Werkafspraken toegang MLW: binnen 5 werkdagen na de melding" in html
    assert Verwerking.objects.filter(object_type="werklijst toegang").count() == 4

    te_laat = login(t.consulent).get("/toegang/?filter=te_laat").context["lijst"]
    assert [r.uiterlijk for r in te_laat.regels] == [date(2024, 6, 10)]
    week = login(t.consulent).get("/toegang/?filter=deze_week").context["lijst"]
    assert [r.uiterlijk for r in week.regels] == [date(2024, 6, 12), date(2024, 6, 14)]


def test_worklist_shows_only_my_municipalities() -> None:
    t = toegangsregio()
    elders = toegangsregio(cbs_code="0957", naam="Roermond")
    melding(elders)
    assert login(t.consulent).get("/toegang/").context["lijst"].totaal.open == 0


def test_dossier_shows_timeline_deadlines_and_logs_the_view() -> None:
    t = toegangsregio()
    m = melding(t)
    tot_bij_aanbieder(t, m)
    response = login(t.consulent).get(f"/toegang/dossier/{m.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for tekst in (
        "Plan deel 2 bij aanbieder",
        "Melding geregistreerd",
        "Afspraak huisbezoek gemaakt",
        "Plan deel 1 ondertekend en naar aanbieder verstuurd",
        "ma 24-06-2024",
        "Wmo 2015 art. 2.3.2 lid 1",
        "Categorie 2, basis",
    ):
        assert tekst in html, tekst
    assert Verwerking.objects.filter(object_type="dossier toegang", object_id=str(m.pk)).count() == 1


def test_dossier_of_another_municipality_is_404() -> None:
    t = toegangsregio()
    elders = toegangsregio(cbs_code="0957", naam="Roermond")
    m = melding(elders)
    assert login(t.consulent).get(f"/toegang/dossier/{m.pk}/").status_code == 404


def test_monitoring_and_provider_cannot_open_a_dossier() -> None:
    t = toegangsregio()
    m = melding(t)
    monitoring = GebruikerFactory(rol=Rol.MONITORING, gemeenten=[t.gemeente])
    assert login(monitoring).get(f"/toegang/dossier/{m.pk}/").status_code == 404
    assert login(t.aanbieder_gebruiker).get(f"/toegang/dossier/{m.pk}/").status_code == 404


def test_other_municipal_roles_read_the_dossier_without_links_to_the_consultants_steps() -> None:
    """Issue 19: back office, contract manager and beheer saw 'Onderzoeksverslag vastleggen' and 'Ondersteuningsplan
    deel 1', links to step forms that answer them 403; only the consultant gets them."""
    t = toegangsregio()
    m = melding(t)
    stappen = f"/toegang/dossier/{m.pk}/verslag/"
    assert stappen in login(t.consulent).get(f"/toegang/dossier/{m.pk}/").content.decode()
    for rol in (Rol.BACKOFFICE, Rol.CONTRACTMANAGER, Rol.FUNCTIONEEL_BEHEER):
        http = login(GebruikerFactory(rol=rol, gemeenten=[t.gemeente]))
        antwoord = http.get(f"/toegang/dossier/{m.pk}/")
        html = antwoord.content.decode()
        assert antwoord.status_code == 200 and "Termijnen" in html, rol
        assert f"/toegang/dossier/{m.pk}/" + "verslag/" not in html and 'id="acties"' not in html, rol
        assert http.get(stappen).status_code == 403  # the step itself stays the consultant's


def test_register_melding_through_the_form_with_an_invalid_bsn() -> None:
    t = toegangsregio()
    data = {
        "bsn": "123456789", "geboortedatum": "1950-05-17", "achternaam": "Bakker", "straat": "Molenweg",
        "huisnummer": "3", "postcode": "6001 AB", "plaats": "Weert", "gemeente": t.gemeente.pk,
        "melddatum": "2024-06-12",
    }  # fmt: skip
    response = login(t.consulent).post("/toegang/melding/nieuw/", data)
    assert response.status_code == 200
    assert "Dit BSN voldoet niet aan de elfproef." in response.content.decode()
    assert Melding.objects.count() == 0


def test_plan_form_refuses_override_without_motivation() -> None:
    t = toegangsregio()
    m = melding(t)
    data = {
        "reden": "nieuw", "verstrekkingsvorm": "zin", "aanbieder": t.aanbieder.pk, "perspectief": "groei",
        "termijn": "12", "score_veiligheid": "C", "score_balans": "C", "score_afstand": "C",
        "score_zelfredzaamheid": "A", "score_medewerking": "A", "oordeel_categorie": "3",
        "oordeel_intensiteit": "intensief", "producten": [t.bgi1.pk],
    }  # fmt: skip
    response = login(t.consulent).post(f"/toegang/dossier/{m.pk}/plan/", data)
    assert response.status_code == 200
    assert "motiveer de afwijking" in response.content.decode()
    assert Ondersteuningsplan.objects.count() == 0
    data["motivatie_afwijking"] = "Netwerk valt weg"
    response = login(t.consulent).post(f"/toegang/dossier/{m.pk}/plan/", data)
    assert response.status_code == 302
    plan = Ondersteuningsplan.objects.get()
    assert (plan.oordeel_categorie, plan.oordeel_intensiteit, plan.motivatie_afwijking) == (
        "3",
        "intensief",
        "Netwerk valt weg",
    )


# ---------------------------------------------------------------------------------------- provider isolation


def test_provider_sees_the_plan_sent_to_it_before_any_assignment_exists() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    c = login(t.aanbieder_gebruiker)
    lijst = c.get("/toegang/aanbieder/plannen/")
    assert [p.pk for p, _, _ in lijst.context["regels"]] == [plan.pk]
    detail = c.get(f"/toegang/aanbieder/plannen/{plan.pk}/")
    assert detail.status_code == 200
    assert "maandag 24 juni 2024" in detail.content.decode()


def test_other_provider_gets_404_and_cannot_submit_deel2() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    c = login(t.andere_aanbieder_gebruiker)
    assert c.get("/toegang/aanbieder/plannen/").context["regels"] == []
    assert c.get(f"/toegang/aanbieder/plannen/{plan.pk}/").status_code == 404
    post = c.post(
        f"/toegang/aanbieder/plannen/{plan.pk}/",
        {"resultaat_1": "R-FIN", "activiteiten_1": "x", "frequentie_1": "y",
         "ondertekend_client_op": "2024-06-12", "ondertekend_aanbieder_op": "2024-06-12"},
    )  # fmt: skip
    assert post.status_code == 404
    assert Deel2.objects.count() == 0
    assert c.get(f"/toegang/plan/{plan.pk}/pdf/").status_code == 404


def test_unsent_plan_is_invisible_to_the_chosen_provider() -> None:
    t = toegangsregio()
    m = melding(t)
    from tests.factories_toegang import plan_opstellen

    plan = plan_opstellen(t, m)
    assert login(t.aanbieder_gebruiker).get(f"/toegang/aanbieder/plannen/{plan.pk}/").status_code == 404


def test_provider_submits_deel2_through_the_form() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    response = login(t.aanbieder_gebruiker).post(
        f"/toegang/aanbieder/plannen/{plan.pk}/",
        {"resultaat_1": "R-NET", "activiteiten_1": "Buurtcentrum bezoeken", "frequentie_1": "1 keer per week",
         "ondertekend_client_op": "2024-06-12", "ondertekend_aanbieder_op": "2024-06-12"},
    )  # fmt: skip
    assert response.status_code == 302
    (d,) = Deel2.objects.all()
    assert [(r.resultaat_code, r.activiteiten, r.frequentie) for r in d.resultaten.all()] == [
        ("R-NET", "Buurtcentrum bezoeken", "1 keer per week")
    ]
    m.refresh_from_db()
    assert m.fase == "akkoord"


# --------------------------------------------------------------------------------------------------------- PDF


def _tekst(inhoud: bytes) -> str:
    """The text of an uncompressed reportlab PDF (invariant, pageCompression=0): the strings of Tj operators."""
    ruw = inhoud.decode("latin-1")
    delen = re.findall(r"\((.*?)(?<!\\)\)\s*Tj", ruw)
    return " ".join(d.replace("\\(", "(").replace("\\)", ")") for d in delen)


def test_beschikking_pdf_contains_the_decision_and_the_rights(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 6, 24))
    t = toegangsregio()
    m = melding(t)
    b = beschikt(t, m)
    inhoud = pdf.beschikking_pdf(b, invariant=True)
    assert inhoud.startswith(b"%PDF")
    assert inhoud == pdf.beschikking_pdf(b, invariant=True)  # invariant: byte-identical
    tekst = _tekst(inhoud)
    for verwacht in (
        "Gemeente Weert",
        "Beschikking maatwerkvoorziening Wmo 2015",
        "Jansen",
        "Kerkstraat 12",
        "6001 AB WEERT",
        "1 juli 2024 tot en met 30 juni 2025",
        "BGI1 Begeleiding individueel, perceel 1",
        "Roerstreek Begeleiding",
        "3 uur per week",
        "(artikel 6:7 en 6:8 Algemene wet bestuursrecht)",
        "uiterlijk 15 juli 2024 (artikel 2.3.2 lid 1 Wmo 2015: zes weken)",
        "uiterlijk 4 juli 2024 (artikel 2.3.5 lid 1 Wmo 2015",
        "Bijlage 1. Onderzoeksverslag",
    ):
        assert verwacht in tekst, verwacht


def test_plan_pdf_and_download_by_consultant_and_chosen_provider() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    tekst = _tekst(pdf.plan_pdf(plan, invariant=True))
    assert "Deel 1 (gemeente)" in tekst
    assert "deel 2 uiterlijk 24 juni 2024" in tekst
    for gebruiker in (t.consulent, t.aanbieder_gebruiker):
        response = login(gebruiker).get(f"/toegang/plan/{plan.pk}/pdf/")
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    b_resp = login(t.aanbieder_gebruiker).get(f"/toegang/dossier/{m.pk}/")
    assert b_resp.status_code == 404


def test_beschikking_pdf_view_logs_an_export(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 6, 24))
    t = toegangsregio()
    b = beschikt(t, melding(t, client=client_in(t)))
    response = login(t.consulent).get(f"/toegang/beschikking/{b.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Verwerking.objects.filter(object_type="beschikking pdf", actie="exporteren").count() == 1
