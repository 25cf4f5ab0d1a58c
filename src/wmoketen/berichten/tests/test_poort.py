"""Nothing leaves that the hub would refuse: a message we build that breaks a level-2 rule is stored as blocked
with its findings, never handed to the transport, shown to the sender and functioneel beheer, and built again
(once per day at most) until the data is fixed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.auth import login_met_tweede_factor
from tests.factories import ClientFactory, GebruikerFactory
from tests.factories_berichten import Keten, keten
from wmoketen.accounts.constants import Rol
from wmoketen.berichten.constants import Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.services import openstaande_301_verzenden
from wmoketen.berichten.uitwisseling.bouwers import postcode_zoals_verstuurd
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.toewijzingen.models import Toewijzingsbericht
from wmoketen.toewijzingen.services import toewijzing_aanmaken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uitwisseling(tmp_path: Path, settings: Any) -> Path:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return tmp_path


@pytest.fixture
def k() -> Keten:
    return keten()


def bestanden(map_: Path, soort: str) -> list[Path]:
    return sorted(map_.rglob(f"WMO{soort}_*.xml"))


@pytest.mark.geblokkeerd
def test_a_301_for_a_client_without_address_or_phone_is_blocked_not_sent(k: Keten, uitwisseling: Path) -> None:
    zonder_adres = ClientFactory(gemeente=k.gemeente, straat="", huisnummer=None, postcode="", plaats="", telefoon="")
    toewijzing_aanmaken(
        client=zonder_adres, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1), volume=10
    )
    verzonden, fouten = openstaande_301_verzenden()
    assert verzonden == 0
    (rij,) = Bericht.objects.filter(soort="301")
    assert (rij.status, rij.richting, rij.afgeleverd_op, rij.retour_uiterlijk) == (
        Status.GEBLOKKEERD,
        Richting.UIT,
        None,
        None,
    )
    assert {b["code"] for b in rij.bevindingen} == {"CD034", "TR006"}  # no postcode; no phone, no house
    assert {b["retourcode"] for b in rij.bevindingen} == {"0001"}
    assert len(fouten) == 1 and "geblokkeerd" in fouten[0] and "CD034" in fouten[0]
    assert not Toewijzingsbericht.objects.exists()  # not recorded as sent: built again next time

    uitwisseling_verwerken()  # the exchange tries again: the same blocked message, no second row, nothing sent
    assert Bericht.objects.filter(soort="301").count() == 1
    assert bestanden(uitwisseling, "301") == []

    zonder_adres.straat, zonder_adres.huisnummer, zonder_adres.postcode = "Markt", 3, "6001ab"
    zonder_adres.plaats = "Weert"
    zonder_adres.save()
    uitwisseling_verwerken()  # fixed: the 301 goes out, the 302 comes back clean
    verstuurd = Bericht.objects.get(soort="301", status=Status.GOEDGEKEURD, richting=Richting.UIT)
    assert b"<iwmo:Postcode>6001AB</iwmo:Postcode>" in bytes(verstuurd.inhoud)
    assert len(bestanden(uitwisseling / k.gemeente.cbs_code / "uit", "301")) == 1
    assert Toewijzingsbericht.objects.exists()


def test_postcode_is_sent_without_space_and_in_capitals() -> None:
    assert postcode_zoals_verstuurd(" 6001 ab ") == "6001AB"
    assert postcode_zoals_verstuurd("") is None


def test_the_exchange_never_delivers_a_blocked_row(k: Keten, uitwisseling: Path) -> None:
    from wmoketen.berichten.uitwisseling.verzenden import afleveren_open

    Bericht.objects.create(
        partij=k.gemeente.cbs_code, richting=Richting.UIT, soort="301", afzender=k.gemeente.cbs_code,
        ontvanger=k.aanbieder.agb_code, identificatie="301-1", dagtekening=date(2025, 1, 1),
        gemeente_code=k.gemeente.cbs_code, agb_code=k.aanbieder.agb_code, inhoud=b"<x/>", sha256="0" * 64,
        grootte=4, status=Status.GEBLOKKEERD, kanaal="systeem", bestandsnaam="WMO301_geblokkeerd.xml",
    )  # fmt: skip
    assert afleveren_open() == 0
    assert list(uitwisseling.rglob("*.xml")) == []


@pytest.mark.geblokkeerd
def test_a_portal_request_the_hub_would_refuse_is_blocked_and_shown(k: Keten) -> None:
    http = HttpClient()
    http.force_login(k.medewerker)
    ingang = timezone.localdate() + timedelta(days=30)
    # per week without an end date: CD076 (the form cannot know the product's frequency)
    response = http.post(
        "/berichten/portaal/verzoek-om-toewijzing/",
        {
            "bsn": k.client.bsn,
            "gemeente": k.gemeente.cbs_code,
            "product": k.pxq.pk,
            "ingangsdatum": ingang,
            "volume": 3,
            "referentie_aanbieder": "V1",
        },
        follow=True,
    )
    tekst = response.content.decode()
    assert "Niet verzonden: WMO315 voldoet niet aan de officiële validatie" in tekst
    assert "CD076: Einddatum is verplicht als Frequentie 2 (per week) is." in tekst
    rij = Bericht.objects.get(soort="315")
    assert rij.status == Status.GEBLOKKEERD and rij.partij == k.aanbieder.agb_code
    uitwisseling_verwerken()
    assert not Bericht.objects.filter(richting=Richting.IN).exists()  # the municipality never got it

    lijst = http.get("/berichten/?geblokkeerd=1").content.decode()
    assert 'id="geblokkeerd"' in lijst and f"/berichten/{rij.pk}/" in lijst
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=k.regio, gemeenten=[k.gemeente])
    login_met_tweede_factor(http, beheer)
    assert f"/berichten/{rij.pk}/" in http.get("/berichten/").content.decode()
    detail = http.get(f"/berichten/{rij.pk}/").content.decode()
    assert "Dit bericht is niet verzonden" in detail and "CD076" in detail

    ander = keten(cbs_code="0944", naam="Nederweert", agb_code="87654321")
    login_met_tweede_factor(http, GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, gemeenten=[ander.gemeente]))
    assert http.get(f"/berichten/{rij.pk}/").status_code == 404
    http.force_login(ander.consulent)  # municipal staff other than functioneel beheer: not theirs to fix
    assert http.get(f"/berichten/{rij.pk}/").status_code == 404


def test_a_start_in_the_future_is_refused_by_the_form(k: Keten) -> None:
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1), volume=10
    )
    uitwisseling_verwerken()
    http = HttpClient()
    http.force_login(k.medewerker)
    morgen = timezone.localdate() + timedelta(days=1)
    response = http.post(f"/berichten/portaal/toewijzing/{t.pk}/start/", {"begindatum": morgen}, follow=True)
    assert "De begindatum ligt in de toekomst" in response.content.decode()
    assert not Bericht.objects.filter(soort="305").exists()


@pytest.mark.geblokkeerd
def test_blocking_sends_the_signal_the_test_suite_listens_to(k: Keten) -> None:
    """conftest `_niets_geblokkeerd` fails every test in which this signal fires, unless it is marked."""
    from wmoketen.berichten.signals import bericht_geblokkeerd

    ontvangen: list[Bericht] = []
    bericht_geblokkeerd.connect(lambda sender, bericht, **kw: ontvangen.append(bericht), weak=False, dispatch_uid="t")
    try:
        zonder = ClientFactory(gemeente=k.gemeente, straat="", huisnummer=None, postcode="", plaats="", telefoon="")
        toewijzing_aanmaken(client=zonder, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1),
                            volume=10)  # fmt: skip
        openstaande_301_verzenden()
    finally:
        bericht_geblokkeerd.disconnect(dispatch_uid="t")
    assert [b.soort for b in ontvangen] == ["301"] and ontvangen[0].status == Status.GEBLOKKEERD
