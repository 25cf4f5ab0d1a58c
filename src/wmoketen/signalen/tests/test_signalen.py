"""Signals instead of polling (issue 16 item 7): each user's task list from the sources of the contexts, the
count in the navigation, and e-mail notices without personal data, each item once, from the scheduled task."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.test import override_settings

from tests.factories import GebruikerFactory
from tests.factories_toegang import beschikt, client_in, deel2, melding, toegangsregio, tot_bij_aanbieder
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.berichten.constants import Kanaal, Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.celery import app
from wmoketen.conf.planning import PLANNING
from wmoketen.herindicatie.models import Herindicatiesignaal
from wmoketen.signalen import services, tasks
from wmoketen.signalen.constants import Soort
from wmoketen.signalen.models import Afgevinkt, Kennisgeving
from wmoketen.signalen.selectors import takenlijst
from wmoketen.toegang import bezwaren, klok
from wmoketen.toegang.constants import BriefSoort
from wmoketen.toegang.models import Brief
from wmoketen.toewijzingen.models import Toewijzing

pytestmark = pytest.mark.django_db
VANDAAG = date(2024, 9, 10)  # a Tuesday


def _bericht(partij: str, richting: str, soort: str, status: str, n: int, **extra: Any) -> Bericht:
    return Bericht.objects.create(
        partij=partij,
        richting=richting,
        soort=soort,
        afzender="0988",
        ontvanger="99000001",
        identificatie=f"S{n:05d}",
        dagtekening=date(2024, 9, 9),
        gemeente_code="0988",
        agb_code="99000001",
        inhoud=b"<x/>",
        sha256=f"{n:064d}",
        grootte=4,
        status=status,
        kanaal=Kanaal.BESTAND,
        **extra,
    )


@pytest.fixture
def w(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A consultant with a late deadline, a deel 2 returned, an objection and an expiring indication; a provider
    with a plan waiting for its deel 2; the back office with a rejected 301 and a blocked one."""
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 7, 10))
    t = toegangsregio()
    for g, adres in ((t.consulent, "carla@gemeente.example"), (t.aanbieder_gebruiker, "team@aanbieder.example")):
        g.email = adres
        g.save()
    t.backoffice = GebruikerFactory(
        username="backoffice", rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[t.gemeente], email="bo@gemeente.example"
    )
    t.clienten = []

    def nieuwe_client(achternaam: str) -> Any:
        c = client_in(t)
        c.achternaam = achternaam
        c.save()
        t.clienten.append(c)
        return c

    t.m_termijn = melding(t, nieuwe_client("Termijnsma"))
    t.m_bij_aanbieder = melding(t, nieuwe_client("Wachtveld"))
    t.plan_bij_aanbieder = tot_bij_aanbieder(t, t.m_bij_aanbieder)
    t.m_deel2 = melding(t, nieuwe_client("Deeltweeman"))
    deel2(t, tot_bij_aanbieder(t, t.m_deel2))
    t.m_beschikt = melding(t, nieuwe_client("Bezwaarder"))
    beschikt(t, t.m_beschikt)
    brief = Brief.objects.get(melding=t.m_beschikt, soort=BriefSoort.BESCHIKKING)
    t.bezwaar = bezwaren.bezwaar_registreren(
        door=t.consulent, besluit=brief, ontvangen_op=date(2024, 7, 10), gronden="Te weinig uren"
    )
    toewijzing = Toewijzing.objects.filter(client=t.m_beschikt.client).first()
    assert toewijzing is not None
    t.signaal = Herindicatiesignaal.objects.create(
        toewijzing=toewijzing,
        einddatum=date(2024, 12, 31),
        laatste_melddatum=date(2024, 11, 5),
        signaaldatum=date(2024, 9, 1),
    )
    t.afgekeurd = _bericht("0988", Richting.UIT, "301", Status.AFGEKEURD, 1, client=t.m_beschikt.client)
    _bericht("99000001", Richting.IN, "302", Status.ONTVANGEN, 2, heen=t.afgekeurd)
    t.geblokkeerd = _bericht("0988", Richting.UIT, "301", Status.GEBLOKKEERD, 3)
    _bericht("0988", Richting.UIT, "301", Status.GOEDGEKEURD, 4)  # fine: not on any list
    return t


def _soorten(g: Any) -> dict[str, int]:
    return {str(s): n for s, n in takenlijst(gebruiker=g, vandaag=VANDAAG).per_soort.items()}


def test_each_role_sees_what_needs_it_today_within_its_scope(w: Any) -> None:
    lijst = takenlijst(gebruiker=w.consulent, vandaag=VANDAAG)
    assert _soorten(w.consulent) == {"termijn": 2, "deel2_terug": 1, "bezwaar": 1, "herindicatie": 1}
    termijnen = [p for p in lijst.punten if p.soort == Soort.TERMIJN]
    assert {p.url for p in termijnen} == {
        f"/toegang/dossier/{w.m_termijn.pk}/",
        f"/toegang/dossier/{w.m_bij_aanbieder.pk}/",
    }
    assert all(p.status == "te_laat" for p in termijnen)
    (bezwaar,) = [p for p in lijst.punten if p.soort == Soort.BEZWAAR]
    assert bezwaar.uiterlijk == w.bezwaar.beslissen_uiterlijk and bezwaar.client == w.m_beschikt.client.naam
    # the objection shows from two weeks before its decision term, not earlier
    assert "bezwaar" not in _soorten_op(w.consulent, w.bezwaar.beslissen_uiterlijk - timedelta(days=15))
    assert _soorten(w.aanbieder_gebruiker) == {"deel2_maken": 1, "herindicatie": 1}
    assert _soorten(w.backoffice) == {"retour_afgekeurd": 2}
    # outside the scope: another municipality's consultant, the other provider, monitoring see none of it
    ander = toegangsregio(cbs_code="0983", naam="Venlo")
    monitoring = GebruikerFactory(username="mon", rol=Rol.MONITORING, regio=w.regio, gemeenten=[w.gemeente])
    for g in (ander.consulent, w.andere_aanbieder_gebruiker, monitoring):
        assert takenlijst(gebruiker=g, vandaag=VANDAAG).punten == []


def _soorten_op(g: Any, dag: date) -> dict[str, int]:
    return {str(s): n for s, n in takenlijst(gebruiker=g, vandaag=dag).per_soort.items()}


def test_the_page_lists_the_items_and_the_navigation_counts_them(w: Any) -> None:
    http = HttpClient()
    http.force_login(w.consulent)
    html = http.get("/te-doen/").content.decode()
    assert 'id="te-doen-aantal">5<' in html  # the count in the navigation
    assert "Termijnsma" in html and "Bezwaarder" in html and "Deeltweeman" in html
    assert f"/toegang/bezwaar/{w.bezwaar.pk}/" in html
    # the list names clients: one Logboek record per client shown (four clients, the fifth item shares one)
    assert Verwerking.objects.filter(object_type="takenlijst").count() == 4
    # the count shows on every page with the navigation
    assert 'id="te-doen-aantal">' in http.get("/regios/").content.decode()
    http.force_login(w.andere_aanbieder_gebruiker)
    html = http.get("/te-doen/").content.decode()
    assert 'id="te-doen-aantal">0<' in html and "Niets te doen vandaag" in html
    assert "Termijnsma" not in html and "Wachtveld" not in html


def test_a_rejected_message_is_marked_handled_once_for_everyone_and_others_cannot(w: Any) -> None:
    http = HttpClient()
    http.force_login(w.consulent)  # not on her list: refused in Dutch, nothing remembered
    antwoord = http.post("/te-doen/afvinken/", {"sleutel": f"retour:{w.afgekeurd.pk}"}, follow=True)
    assert antwoord.status_code == 200 and "staat niet (meer) op uw takenlijst" in antwoord.content.decode()
    assert not Afgevinkt.objects.exists()
    assert http.post("/te-doen/afvinken/", {"sleutel": "x" * 5000}).status_code == 302  # junk: no 500
    http.force_login(w.backoffice)
    antwoord = http.post("/te-doen/afvinken/", {"sleutel": f"retour:{w.afgekeurd.pk}"}, follow=True)
    assert "Afgevinkt" in antwoord.content.decode()
    assert _soorten(w.backoffice) == {"retour_afgekeurd": 1}
    tweede = GebruikerFactory(username="bo2", rol=Rol.BACKOFFICE, regio=w.regio, gemeenten=[w.gemeente])
    assert _soorten(tweede) == {"retour_afgekeurd": 1}
    assert http.get("/te-doen/afvinken/").status_code == 405


def _verraders(w: Any) -> list[str]:
    """What a notice must never carry: clients' BSN, names, birth dates, addresses, the objection's subject,
    the dossier numbers, and the user's own name."""
    uit: list[str] = []
    for c in w.clienten:
        uit += [c.bsn, c.achternaam, c.naam, c.geboortedatum.strftime("%d-%m-%Y"), c.geboortedatum.isoformat()]
        uit += [c.postcode, c.straat]
    uit += [w.bezwaar.besluit_omschrijving, w.aanbieder.naam, w.consulent.last_name, w.consulent.first_name]
    uit += [f"/dossier/{w.m_termijn.pk}/", f"/bezwaar/{w.bezwaar.pk}/"]
    return [v for v in uit if v]


@override_settings(WMOKETEN_BASIS_URL="https://wmo.example.nl")
def test_notices_carry_no_personal_data_and_each_item_goes_once(w: Any) -> None:
    uitkomst = tasks.kennisgevingen(vandaag=VANDAAG.isoformat())
    assert uitkomst.startswith("3 e-mails over 9 nieuwe punten")
    ontvangers = sorted(m.to[0] for m in mail.outbox)
    assert ontvangers == ["bo@gemeente.example", "carla@gemeente.example", "team@aanbieder.example"]
    carla = next(m for m in mail.outbox if m.to == ["carla@gemeente.example"])
    assert carla.subject == "wmoketen: 5 nieuwe punten op uw takenlijst"
    assert "2 x Wettelijke termijn" in carla.body and "1 x Bezwaar" in carla.body
    assert "https://wmo.example.nl/te-doen/" in carla.body
    for m in mail.outbox:
        tekst = m.subject + m.body
        assert [v for v in _verraders(w) if v in tekst] == []
        assert not any(a.isdigit() and len(a) == 9 for a in tekst.split())  # nothing that looks like a BSN
    # a second run (and a run a day later with the same items) announces nothing again
    assert tasks.kennisgevingen(vandaag=VANDAAG.isoformat()).startswith("0 e-mails")
    assert tasks.kennisgevingen(vandaag=(VANDAAG + timedelta(days=1)).isoformat()).startswith("0 e-mails")
    assert len(mail.outbox) == 3 and Kennisgeving.objects.count() == 9
    # a new item: one mail to the one user concerned, about that item only
    klok_melding = melding(w, client_in(w), melddatum=date(2024, 7, 10))
    uitkomst = tasks.kennisgevingen(vandaag=VANDAAG.isoformat())
    assert uitkomst.startswith("1 e-mails over 1 nieuwe punten"), klok_melding
    assert mail.outbox[-1].to == ["carla@gemeente.example"]
    assert mail.outbox[-1].subject == "wmoketen: 1 nieuw punt op uw takenlijst"


def test_a_notice_that_cannot_be_sent_is_not_remembered(w: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def kapot(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("SMTP weg")

    with monkeypatch.context() as m:
        m.setattr("django.core.mail.EmailMessage.send", kapot)
        with pytest.raises(ConnectionRefusedError):
            services.kennisgevingen_versturen(vandaag=VANDAAG)
    assert Kennisgeving.objects.count() == 0
    assert services.kennisgevingen_versturen(vandaag=VANDAAG).mails == 3


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="")
def test_without_a_mail_server_nothing_is_sent_and_the_task_says_so(w: Any) -> None:
    assert "geen e-mailserver ingesteld" in tasks.kennisgevingen(vandaag=VANDAAG.isoformat())
    assert Kennisgeving.objects.count() == 0


def test_the_notices_are_scheduled_on_celery_beat() -> None:
    planning = PLANNING["kennisgevingen"]
    assert planning.taak == "signalen.kennisgevingen" and planning.taak in app.tasks
