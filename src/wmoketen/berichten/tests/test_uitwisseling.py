"""The exchange: idempotent receipt, refusal at the door with nothing stored, retour deadlines, the upload
endpoint and scoping of the message pages."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest
from django.db.models import Q
from django.test import Client as HttpClient
from django.urls import reverse

from tests.auth import koppeling_kop
from tests.factories import GebruikerFactory
from tests.factories_berichten import WACHTWOORD, Keten, keten
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.berichten.codec import MAX_BERICHT_BYTES, build
from wmoketen.berichten.constants import Kanaal, Richting, Status
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.selectors import retour_te_laat
from wmoketen.berichten.services import start_melden, toewijzing_301_verzenden
from wmoketen.berichten.tests import factories as f
from wmoketen.berichten.uitwisseling.ontvangen import BerichtGeweigerd, bericht_ontvangen
from wmoketen.berichten.uitwisseling.transport import BestandsTransport
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.berichten.uitwisseling.verzenden import afleveren_open
from wmoketen.clienten.models import Client
from wmoketen.toewijzingen.models import Start, Toewijzing
from wmoketen.toewijzingen.services import toewijzing_301_vastleggen, toewijzing_aanmaken

pytestmark = pytest.mark.django_db
HOSTILE = (
    b'<?xml version="1.0"?><!DOCTYPE Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Bericht xmlns="http://www.istandaarden.nl/iwmo/3_2/wmo305/schema">&x;</Bericht>'
)


@pytest.fixture(autouse=True)
def uitwisseling(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return tmp_path


@pytest.fixture
def k() -> Keten:
    k = keten(cbs_code=f.GEMEENTE, naam="Amsterdam", agb_code=f.AANBIEDER)
    Client.objects.filter(pk=k.client.pk).update(bsn=f.BSN)
    k.client.refresh_from_db()
    t = toewijzing_aanmaken(
        client=k.client,
        aanbieder=k.aanbieder,
        product=k.pxq,
        ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31),
        volume=4,
    )
    Toewijzing.objects.filter(pk=t.pk).update(toewijzing_nummer=1001)
    toewijzing_301_vastleggen(client=k.client, aanbieder=k.aanbieder, toewijzing_nummers=[1001])  # no pending 301
    return k


def test_same_bytes_twice_have_no_second_effect(k: Keten, uitwisseling: Path) -> None:
    data = build(f.wmo305_bericht())
    eerste = bericht_ontvangen(data=data, kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    tweede = bericht_ontvangen(data=data, kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    assert (eerste.nieuw, tweede.nieuw, tweede.bericht.pk, tweede.retour) == (
        True,
        False,
        eerste.bericht.pk,
        eerste.retour,
    )
    # and through the file drop: the same file delivered again is moved away and changes nothing
    transport = BestandsTransport(uitwisseling)
    transport.afleveren(afzender=f.AANBIEDER, ontvanger=f.GEMEENTE, bestandsnaam="nogmaals.xml", inhoud=data)
    verslag = uitwisseling_verwerken()
    assert verslag.dubbel == 1
    assert Start.objects.count() == 1
    assert Bericht.objects.filter(richting=Richting.IN, soort="305").count() == 1
    assert Bericht.objects.filter(richting=Richting.UIT, soort="306").count() == 1


def test_reused_identificatie_is_answered_with_9056_and_changes_nothing(k: Keten) -> None:
    bericht_ontvangen(data=build(f.wmo305_bericht()), kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    ander = f.wmo305_bericht(f.start_product(begindatum=date(2025, 3, 2)))
    ontvangst = bericht_ontvangen(data=build(ander), kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 6))
    assert ontvangst.bericht.status == Status.AFGEKEURD
    assert ontvangst.retour is not None and ontvangst.retour.retour_codes == ["9056"]
    assert Start.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "fout"),
    [
        (HOSTILE, "DOCTYPE"),
        (b"<Bericht>" + b" " * (MAX_BERICHT_BYTES) + b"</Bericht>", "25 MB"),
        (b"<niet-af", "goedgevormde"),
        (build(f.wmo305_bericht()).replace(b"<wmo305:BerichtVersie>3<", b"<wmo305:BerichtVersie>4<"), "XSD"),
    ],
    ids=["entiteit", "te-groot", "kapot", "xsd"],
)
def test_refused_at_the_door_with_nothing_stored(k: Keten, uitwisseling: Path, data: bytes, fout: str) -> None:
    with pytest.raises(BerichtGeweigerd, match=fout):
        bericht_ontvangen(data=data, kanaal=Kanaal.HTTP)
    inbox = uitwisseling / f.GEMEENTE / "in"
    inbox.mkdir(parents=True)
    (inbox / "vijandig.xml").write_bytes(data)
    verslag = uitwisseling_verwerken()
    assert len(verslag.geweigerd) == 1
    assert fout in (inbox / "geweigerd" / "vijandig.xml.fout.txt").read_text()
    assert Bericht.objects.filter(richting=Richting.IN).count() == 0
    assert Start.objects.count() == 0


def test_a_bug_is_not_a_refusal_and_leaves_the_file_in_the_inbox(
    k: Keten, uitwisseling: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a Domeinfout becomes 'Bericht niet verwerkt'; any other exception (here a ValueError, which the
    exchange used to turn into a refusal) is a bug: it propagates, nothing is stored and the file stays put."""
    from wmoketen.berichten.uitwisseling import ontvangen

    def kapot(*args: object) -> None:
        raise ValueError("een fout in de code")

    monkeypatch.setattr(ontvangen, "toepassen", kapot)
    data = build(f.wmo305_bericht())
    with pytest.raises(ValueError, match="een fout in de code"):
        bericht_ontvangen(data=data, kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    inbox = uitwisseling / f.GEMEENTE / "in"
    inbox.mkdir(parents=True)
    (inbox / "305.xml").write_bytes(data)
    with pytest.raises(ValueError, match="een fout in de code"):
        uitwisseling_verwerken()
    assert (inbox / "305.xml").read_bytes() == data
    assert not (inbox / "geweigerd").exists()
    assert Bericht.objects.filter(richting=Richting.IN).count() == 0
    assert Start.objects.count() == 0


def test_a_domain_refusal_while_applying_is_refused_with_its_text(
    k: Keten, uitwisseling: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wmoketen.berichten.uitwisseling import ontvangen
    from wmoketen.toewijzingen.services import ToewijzingFout

    def weigert(*args: object) -> None:
        raise ToewijzingFout("Deze levering is al definitief gestopt (TR415).")

    monkeypatch.setattr(ontvangen, "toepassen", weigert)
    with pytest.raises(BerichtGeweigerd, match=r"Bericht niet verwerkt: Deze levering is al definitief gestopt"):
        bericht_ontvangen(data=build(f.wmo305_bericht()), kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    assert Bericht.objects.count() == 0


def test_retour_deadline_is_three_working_days(k: Keten, uitwisseling: Path) -> None:
    toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 3, 1), volume=40
    )
    verzonden = toewijzing_301_verzenden(client=k.client, aanbieder=k.aanbieder)
    assert verzonden is not None
    verzonden.retour_uiterlijk = date(2025, 4, 22)  # sent Thursday 17 April 2025: Good Friday, Easter Monday
    assert not retour_te_laat(verzonden, vandaag=date(2025, 4, 22))
    assert retour_te_laat(verzonden, vandaag=date(2025, 4, 23))
    from wmoketen.core.werkdagen import werkdagen_na

    assert werkdagen_na(date(2025, 4, 17), 3) == date(2025, 4, 24)
    afleveren_open()
    uitwisseling_verwerken()
    verzonden.refresh_from_db()
    assert verzonden.status == Status.GOEDGEKEURD
    assert not retour_te_laat(verzonden, vandaag=date(2030, 1, 1))


def _basic(username: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{WACHTWOORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_upload_endpoint(k: Keten) -> None:
    http = HttpClient()
    url = reverse("berichten:upload")
    data = build(f.wmo305_bericht())
    assert http.post(url, data, content_type="application/xml").status_code == 401
    ander = koppeling_kop(aanbieder=keten(cbs_code="0988").aanbieder)
    assert http.post(url, data, content_type="application/xml", **ander).status_code == 403
    eigen = koppeling_kop(aanbieder=k.aanbieder)
    antwoord = http.post(url, data, content_type="application/xml", **eigen)
    assert antwoord.status_code == 200, antwoord.content
    assert antwoord.json()["dubbel"] is False
    assert antwoord.json()["soort"] == "WMO305"
    nogmaals = http.post(url, data, content_type="application/xml", **eigen)
    assert nogmaals.json()["dubbel"] is True
    vijandig = http.post(url, HOSTILE, content_type="application/xml", **eigen)
    assert vijandig.status_code == 400 and "DOCTYPE" in vijandig.json()["fout"]
    assert Bericht.objects.filter(richting=Richting.IN).count() == 1
    ontvangen = Verwerking.objects.filter(actie="bericht_ontvangen").first()
    assert ontvangen is not None and ontvangen.actor_id is None
    assert ontvangen.actor_omschrijving == f"koppeling testsysteem ({k.aanbieder.agb_code})"


def test_upload_refuses_a_persons_password_even_of_an_account_without_second_factor_in_basic(k: Keten) -> None:
    """Issue 13 item 3, replayed: a TOTP-mandatory account posted a 301 with HTTP Basic and its password only."""
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, gemeenten=[k.gemeente])
    for gebruiker in (beheer, k.medewerker):
        antwoord = HttpClient().post(
            reverse("berichten:upload"),
            build(f.wmo305_bericht()),
            content_type="application/xml",
            **_basic(gebruiker.username),
        )
        assert antwoord.status_code == 401 and "wachtwoord (HTTP Basic) kan hier niet" in antwoord.json()["fout"]
        assert antwoord["WWW-Authenticate"].startswith("Bearer")
    assert Bericht.objects.count() == 0


def test_upload_with_a_revoked_or_unknown_token_is_refused(k: Keten) -> None:
    from wmoketen.accounts.models import Systeemkoppeling
    from wmoketen.accounts.services import koppeling_intrekken

    kop = koppeling_kop(aanbieder=k.aanbieder)
    koppeling_intrekken(koppeling=Systeemkoppeling.objects.get())
    url = reverse("berichten:upload")
    data = build(f.wmo305_bericht())
    assert HttpClient().post(url, data, content_type="application/xml", **kop).status_code == 401
    onbekend = {"HTTP_AUTHORIZATION": "Bearer wmk_" + "x" * 43}
    assert HttpClient().post(url, data, content_type="application/xml", **onbekend).status_code == 401
    assert Bericht.objects.count() == 0


def test_a_large_message_for_another_party_is_refused_from_its_header_before_parsing(
    k: Keten, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 item 8, replayed: a 10 MB message addressed to another party was parsed before the 403."""
    from wmoketen.berichten import upload

    def niet_parsen(data: bytes) -> None:
        raise AssertionError("the whole message was parsed")

    monkeypatch.setattr(upload, "read_xml", niet_parsen)
    bericht = build(f.wmo305_bericht())
    groot = bericht.replace(b"</wmo305:Bericht>", b"<!--" + b"x" * (10 * 1024 * 1024) + b"--></wmo305:Bericht>")
    ander = koppeling_kop(aanbieder=keten(cbs_code="0988").aanbieder)
    antwoord = HttpClient().post(reverse("berichten:upload"), groot, content_type="application/xml", **ander)
    assert antwoord.status_code == 403 and "geen berichten namens" in antwoord.json()["fout"]
    zonder_kop = HttpClient().post(
        reverse("berichten:upload"), b" " * (100 * 1024) + bericht, content_type="application/xml", **ander
    )
    assert zonder_kop.status_code == 400 and "geen Header" in zonder_kop.json()["fout"]


def test_provider_sees_only_its_own_messages(k: Keten) -> None:
    start_melden(toewijzing=Toewijzing.objects.get(toewijzing_nummer=1001), begindatum=date(2025, 3, 3))
    uitwisseling_verwerken()
    eigen = Bericht.objects.get(partij=f.AANBIEDER, soort="305")
    van_gemeente = Bericht.objects.get(partij=f.GEMEENTE, soort="305")
    ander = keten(cbs_code="0988")
    http = HttpClient()
    http.force_login(ander.medewerker)
    assert http.get(reverse("berichten:detail", args=[eigen.pk])).status_code == 404
    assert http.get(reverse("berichten:detail", args=[van_gemeente.pk])).status_code == 404
    assert "WMO305" not in http.get(reverse("berichten:lijst")).content.decode()
    http.force_login(ander.consulent)
    assert http.get(reverse("berichten:detail", args=[van_gemeente.pk])).status_code == 404
    http.force_login(k.medewerker)
    pagina = http.get(reverse("berichten:detail", args=[eigen.pk])).content.decode()
    assert "WMO306" in pagina and "0200" in pagina
    assert http.get(reverse("berichten:detail", args=[van_gemeente.pk])).status_code == 404
    assert f.BSN not in http.get(reverse("berichten:lijst")).content.decode()
    http.force_login(k.consulent)
    assert http.get(reverse("berichten:detail", args=[van_gemeente.pk])).status_code == 200


def test_message_page_shows_only_the_start_of_a_large_message() -> None:
    groot = Bericht(inhoud=b"<a>" + b"x" * 300_000 + b"</a>", grootte=300_007)
    klein = Bericht(inhoud=b"<a/>", grootte=4)
    assert groot.xml_ingekort and len(groot.xml_op_pagina) == 200_000
    assert not klein.xml_ingekort and klein.xml_op_pagina == "<a/>"


def test_message_list_filters_and_totals_in_the_url(k: Keten) -> None:
    """Issue 19 item 5: type, status, direction and identification as URL parameters, with the total."""
    start_melden(toewijzing=Toewijzing.objects.get(toewijzing_nummer=1001), begindatum=date(2025, 3, 3))
    uitwisseling_verwerken()
    zichtbaar = Bericht.objects.filter(partij=f.AANBIEDER)
    http = HttpClient()
    http.force_login(k.medewerker)
    alles = http.get(reverse("berichten:lijst")).content.decode()
    assert f'<p id="totalen">{zichtbaar.count()} berichten</p>' in alles
    verzonden = http.get(reverse("berichten:lijst"), {"richting": "uit", "soort": "305"}).content.decode()
    assert '<p id="totalen">1 bericht</p>' in verzonden and "WMO306" not in verzonden
    start = zichtbaar.get(soort="305")
    gezocht = http.get(reverse("berichten:lijst"), {"zoek": start.identificatie}).content.decode()
    aantal = zichtbaar.filter(
        Q(identificatie__icontains=start.identificatie) | Q(identificatie_retour__icontains=start.identificatie)
    ).count()
    assert f'<p id="totalen">{aantal} bericht' in gezocht and aantal >= 1
    assert f'value="{start.identificatie}"' in gezocht


def test_a_message_about_a_bsn_of_two_gemeenten_is_about_the_addressed_gemeentes_client(k: Keten) -> None:
    """The BSN is unique per gemeente, not in the system (issue 13 item 8: each gemeente its own dossier). A 305 and
    a 323 addressed to Amsterdam are about Amsterdam's client, never the client of another gemeente with the same
    BSN, also where a lookup without the gemeente would find that one first (its name sorts first)."""
    from dataclasses import replace

    from tests.factories import ClientFactory, GemeenteFactory
    from wmoketen.audit.services import client_pseudoniem
    from wmoketen.berichten.uitwisseling.verzenden import client_bij, client_ids_bij

    leudal = GemeenteFactory(cbs_code="1640", naam="Leudal")
    elders = ClientFactory(bsn=f.BSN, gemeente=leudal, achternaam="Aaberg")
    assert Client.objects.filter(bsn=f.BSN).first() == elders  # what an unscoped lookup would pick

    start = bericht_ontvangen(data=build(f.wmo305_bericht()), kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    assert start.bericht.client_id == k.client.pk and Start.objects.get().client_id == k.client.pk
    # a 323 line without a known assignment: its BSN is looked up for the Logboek, in Amsterdam only
    declaratie = f.wmo323_bericht(f.prestatie(toewijzing_nummer=9999))
    ontvangst = bericht_ontvangen(data=build(declaratie), kanaal=Kanaal.HTTP, vandaag=date(2025, 4, 3))
    gelogd = set(
        Verwerking.objects.filter(object_type__in=["WMO305", "WMO323"]).values_list("client_pseudoniem", flat=True)
    )
    assert ontvangst.bericht.soort == "323" and client_pseudoniem(k.client.pk) in gelogd
    assert client_pseudoniem(elders.pk) not in gelogd

    # addressed to Leudal, the same BSN is Leudal's client
    naar_leudal = replace(f.wmo305_bericht(), header=f.header(f.AANBIEDER, "1640"))
    assert client_bij(naar_leudal) == elders and client_ids_bij(naar_leudal) == [elders.pk]
    assert client_bij(f.wmo305_bericht()) == k.client
