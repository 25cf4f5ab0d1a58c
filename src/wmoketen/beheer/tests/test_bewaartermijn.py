"""Retention with synthetic old dossiers (dates written out): a dossier without beschikking is anonymised 5 years
after its last step, a beschikt dossier 15 years after the beschikking (and its assignments) ended; dry run by
default; idempotent; links and the Logboek stay."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import ClientFactory
from tests.factories_toegang import Testregio, beschikt, melding, toegangsregio
from wmoketen.audit.models import Verwerking
from wmoketen.beheer.bewaartermijn import ANONIEM, VERWIJDERD, bewaartermijn
from wmoketen.clienten.models import Client
from wmoketen.toegang import klok
from wmoketen.toegang.models import Melding
from wmoketen.toewijzingen.models import Toewijzing

pytestmark = pytest.mark.django_db


@pytest.fixture
def t() -> Testregio:
    return toegangsregio()


@pytest.fixture
def oud(t: Testregio) -> dict[str, Melding]:
    """A: beschikt, indication 01-07-2024 to 30-06-2025 (one assignment ending 30-06-2025).
    B: melding of 03-06-2024 (its only step), never beschikt."""
    # letters are dated the day they are made: make them when the dossiers ran
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(klok, "vandaag", lambda: date(2024, 6, 24))
        a = melding(t)
        beschikt(t, a)  # ingang 01-07-2024, 12 months
        mp.setattr(klok, "vandaag", lambda: date(2024, 6, 3))
        b = melding(t, ClientFactory(gemeente=t.gemeente, achternaam="Verlaten"))
    return {"a": a, "b": b}


def _client(m: Melding) -> Client:
    return Client.objects.get(pk=m.client_id)


def test_dry_run_reports_and_changes_nothing(oud: dict[str, Melding]) -> None:
    bsn = _client(oud["b"]).bsn
    rapport = bewaartermijn(vandaag=date(2029, 6, 4))
    assert rapport.tekst().splitlines() == [
        "Bewaartermijnen per 04-06-2029 — Proefdraai (niets gewijzigd; --uitvoeren om te anonimiseren)",
        "Vastgesteld ondersteuningsplan (beschikt): 15 jaar na afsluiten",
        "  niets te anonimiseren",
        "Niet vastgesteld ondersteuningsplan (geen beschikking): 5 jaar na afsluiten",
        "  Weert: 1 dossier(s), 1 cliënt(en) volledig",
        "Al eerder geanonimiseerd (overgeslagen): 0 dossier(s)",
    ]
    assert _client(oud["b"]).bsn == bsn
    assert Melding.objects.get(pk=oud["b"].pk).omschrijving == "Hulp bij structuur"


def test_five_years_after_the_last_step_to_the_day(oud: dict[str, Melding]) -> None:
    assert bewaartermijn(vandaag=date(2029, 6, 3)).regels == []  # 03-06-2024 + 5 years: not yet
    assert len(bewaartermijn(vandaag=date(2029, 6, 4)).regels) == 1


def test_run_anonymises_the_client_and_the_dossier_keeps_links(oud: dict[str, Melding]) -> None:
    logboek = Verwerking.objects.count()
    b_client = _client(oud["b"])
    a_bsn = _client(oud["a"]).bsn
    bewaartermijn(vandaag=date(2029, 6, 4), uitvoeren=True)
    c = _client(oud["b"])
    assert (c.bsn, c.achternaam, c.voorletters, c.straat, c.postcode, c.plaats, c.huisnummer) == (
        f"X{b_client.pk:08d}",
        ANONIEM,
        "",
        "",
        "",
        "",
        None,
    )
    assert c.geboortedatum == date(b_client.geboortedatum.year, 1, 1)
    assert c.gemeente_id == b_client.gemeente_id  # aggregate figures per municipality stay right
    assert Melding.objects.get(pk=oud["b"].pk).omschrijving == ""
    assert Melding.objects.filter(client=c).count() == 1  # the row and its link stay
    assert [(b.soort, bytes(b.pdf)) for b in c.brieven.all()] == [("ontvangst_melding", b"")]  # letter wiped
    assert _client(oud["a"]).brieven.exclude(pdf=b"").count() == 3  # not (yet) A's letters
    assert _client(oud["a"]).bsn == a_bsn  # the beschikt dossier is not due until 2040
    assert Verwerking.objects.count() == logboek  # the Logboek (pseudonyms) is not touched


def test_beschikt_dossier_fifteen_years_after_the_indication_ended(oud: dict[str, Melding]) -> None:
    a = oud["a"]
    assert Toewijzing.objects.get(client=a.client).einddatum == date(2025, 6, 30)
    niet = bewaartermijn(vandaag=date(2040, 6, 30), uitvoeren=True)
    assert [(r.soort, r.dossiers) for r in niet.regels] == [("plan_niet_vastgesteld", 1)]
    assert _client(a).achternaam == "Jansen"
    wel = bewaartermijn(vandaag=date(2040, 7, 1), uitvoeren=True)
    assert [(r.soort, r.gemeente, r.dossiers, r.clienten) for r in wel.regels] == [("plan_vastgesteld", "Weert", 1, 1)]
    assert _client(a).achternaam == ANONIEM
    assert a.verslagen.get().bevindingen == VERWIJDERD
    assert Toewijzing.objects.filter(client=a.client).count() == 1  # the assignment stays for the figures


def test_a_running_assignment_keeps_the_client(t: Testregio, oud: dict[str, Melding]) -> None:
    Toewijzing.objects.filter(client=oud["a"].client).update(einddatum=None)
    rapport = bewaartermijn(vandaag=date(2045, 1, 1), uitvoeren=True)
    assert [(r.soort, r.dossiers, r.clienten) for r in rapport.regels] == [("plan_niet_vastgesteld", 1, 1)]
    assert _client(oud["a"]).achternaam == "Jansen"


def test_idempotent(oud: dict[str, Melding]) -> None:
    bewaartermijn(vandaag=date(2029, 6, 4), uitvoeren=True)
    na_eerste = list(Client.objects.order_by("pk").values())
    tweede = bewaartermijn(vandaag=date(2029, 6, 4), uitvoeren=True)
    assert (tweede.regels, tweede.al_geanonimiseerd) == ([], 1)
    assert list(Client.objects.order_by("pk").values()) == na_eerste


def test_command_is_a_dry_run_unless_told(oud: dict[str, Melding]) -> None:
    uit = StringIO()
    call_command("bewaartermijn", "--peildatum", "2029-06-04", stdout=uit)
    assert "Proefdraai" in uit.getvalue()
    assert _client(oud["b"]).achternaam == "Verlaten"
    call_command("bewaartermijn", "--peildatum", "2029-06-04", "--uitvoeren", stdout=StringIO())
    assert _client(oud["b"]).achternaam == ANONIEM
