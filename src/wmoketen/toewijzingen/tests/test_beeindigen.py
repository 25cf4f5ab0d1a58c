"""The municipality ends a provision: the right RedenWijziging on the assignment and in its 301 (which passes the
official validation), one effect when done twice, the settlement stops, a move within the region follows the
region's rule, a letter except on death."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, connections
from lxml import etree

from tests.factories import GebruikerFactory, GemeenteFactory
from tests.pdftekst import pdf_tekst
from wmoketen.accounts.constants import Rol
from wmoketen.berichten.codec import parse
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.services import openstaande_301_verzenden
from wmoketen.clienten.models import Client, Clientversie
from wmoketen.declaraties.tests import harnas
from wmoketen.toegang import klok
from wmoketen.toegang.models import Brief
from wmoketen.toewijzingen.beeindigen import voorziening_beeindigen
from wmoketen.toewijzingen.models import Beeindiging, Toewijzing, ToewijzingVersie
from wmoketen.toewijzingen.selectors import te_verzenden_301
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken

pytestmark = pytest.mark.django_db
XSLT = Path("/work/shared/istandaarden/iwmo/validatie/TR-CD-CS-regels-WMO-3.2.xsl")


@pytest.fixture(autouse=True)
def vaste_dag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: harnas.VANDAAG)  # 6 May 2025


@pytest.fixture
def o() -> harnas.Opstelling:
    o = harnas.opstelling()  # toewijzing 1001, 01-03-2025 t/m 31-12-2025
    openstaande_301_verzenden()  # the provider has it
    return o


def laatste_301(o: harnas.Opstelling) -> tuple[bytes, object]:
    b = Bericht.objects.filter(soort="301", partij=o.keten.gemeente.cbs_code).order_by("-pk").first()
    assert b is not None
    return bytes(b.inhoud), parse(bytes(b.inhoud))


def officieel_fouten(xml: bytes) -> list[str]:
    """The codes the official level-2 validation XSLT of iWmo 3.2 reports (empty: passes)."""
    rapport = etree.XSLT(etree.parse(str(XSLT)))(etree.fromstring(xml)).getroot()
    ns = {"r": "http://www.istandaarden.nl/validatie/1_1/rapport/schema"}
    return sorted({f.findtext("r:Code", namespaces=ns) or "" for f in rapport.iterfind(".//r:Fout", ns)})


def test_death_ends_the_provision_with_reason_02_in_a_valid_301_and_twice_is_once(o: harnas.Opstelling) -> None:
    k = o.keten
    uitkomst = voorziening_beeindigen(
        door=k.consulent, client=k.client, reden="overlijden", per=date(2025, 4, 30), akkoord_aanbieder=True
    )
    t = Toewijzing.objects.get(pk=o.toewijzing.pk)
    assert (t.einddatum, t.reden_wijziging) == (date(2025, 4, 30), "02")
    assert Client.objects.get(pk=k.client.pk).overleden_op == date(2025, 4, 30)
    assert uitkomst.beeindiging is not None and uitkomst.beeindiging.brief is None  # no letter on death
    assert te_verzenden_301() == [(k.client.pk, k.aanbieder.pk)]
    assert openstaande_301_verzenden() == (1, [])
    xml, bericht = laatste_301(o)
    product = bericht.client.toegewezen_producten[0]
    assert (product.toewijzing_nummer, product.einddatum, product.reden_wijziging) == (1001, date(2025, 4, 30), "02")
    if XSLT.exists():
        assert officieel_fouten(xml) == []
    versies = ToewijzingVersie.objects.filter(toewijzing=t).count()
    # ending twice: no change, no new version, no new 301, no new record
    tweede = voorziening_beeindigen(
        door=k.consulent, client=k.client, reden="overlijden", per=date(2025, 4, 30), akkoord_aanbieder=True
    )
    assert (tweede.beeindiging, tweede.beeindigd) == (None, [])
    assert ToewijzingVersie.objects.filter(toewijzing=t).count() == versies
    assert te_verzenden_301() == [] and Beeindiging.objects.count() == 1


@pytest.mark.skipif(not XSLT.exists(), reason="the official validation XSLT is not on this machine")
@pytest.mark.parametrize(
    ("reden", "code"), [("einde_behoefte", "05"), ("pgb", "08"), ("wlz", "06"), ("verhuizing", "07")]
)
def test_every_reason_gives_its_code_in_an_officially_valid_301(o: harnas.Opstelling, reden: str, code: str) -> None:
    k = o.keten
    voorziening_beeindigen(door=k.consulent, client=k.client, reden=reden, per=date(2025, 5, 31))
    openstaande_301_verzenden()
    xml, bericht = laatste_301(o)
    assert bericht.client.toegewezen_producten[0].reden_wijziging == code
    assert officieel_fouten(xml) == []


def test_the_settlement_stops_after_the_last_day(o: harnas.Opstelling) -> None:
    k = o.keten
    voorziening_beeindigen(
        door=k.consulent, client=k.client, reden="overlijden", per=date(2025, 4, 30), akkoord_aanbieder=True
    )

    def declaratie(ref: str, maand: tuple[int, int]) -> dict[str, tuple[str, ...]]:
        bericht = harnas.wmo323_bericht(harnas.prestatie(ref, maand=maand), periode=maand)
        dag = date(2025, 6, 5)  # both months are over when they are declared
        bericht = replace(
            bericht,
            header=replace(bericht.header, bericht_identificatie=replace(
                bericht.header.bericht_identificatie, dagtekening=dag)),
            declaratie=replace(bericht.declaratie, declaratie_dagtekening=dag),
        )  # fmt: skip
        return harnas.codes(harnas.stuur(bericht, vandaag=date(2025, 6, 10)))  # the rejected prestaties

    assert declaratie("P-APR", (2025, 4)) == {}  # April, before the end, is paid
    assert "9308" in declaratie("P-MEI", (2025, 5))["P-MEI"]  # TR308: after the Einddatum of the assignment


def test_ending_in_the_past_needs_the_providers_agreement_and_dates_are_checked(o: harnas.Opstelling) -> None:
    k = o.keten
    with pytest.raises(ToewijzingFout, match="OP186"):
        voorziening_beeindigen(door=k.consulent, client=k.client, reden="einde_behoefte", per=date(2025, 5, 1))
    with pytest.raises(ToewijzingFout, match="toekomst"):
        voorziening_beeindigen(door=k.consulent, client=k.client, reden="overlijden", per=date(2025, 5, 7))
    with pytest.raises(ToewijzingFout, match="Kies de reden"):
        voorziening_beeindigen(door=k.consulent, client=k.client, reden="zomaar", per=date(2025, 5, 31))
    anders = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[GemeenteFactory(cbs_code="0957", naam="Roermond")])
    with pytest.raises(ToewijzingFout, match="niet in een van uw gemeenten"):
        voorziening_beeindigen(door=anders, client=k.client, reden="wlz", per=date(2025, 5, 31))
    with pytest.raises(ToewijzingFout, match="Alleen een consulent"):
        voorziening_beeindigen(door=k.medewerker, client=k.client, reden="wlz", per=date(2025, 5, 31))
    assert Toewijzing.objects.get(pk=o.toewijzing.pk).einddatum == date(2025, 12, 31)  # nothing changed


def test_an_assignment_that_has_not_started_is_withdrawn_with_13(o: harnas.Opstelling) -> None:
    k = o.keten
    later = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.hulpmiddel, ingangsdatum=date(2025, 7, 1),
        einddatum=date(2025, 9, 30), volume=2,
    )  # fmt: skip
    voorziening_beeindigen(door=k.consulent, client=k.client, reden="wlz", per=date(2025, 5, 31))
    later.refresh_from_db()
    assert (later.einddatum, later.reden_wijziging) == (date(2025, 7, 1), "13")
    assert Toewijzing.objects.get(pk=o.toewijzing.pk).reden_wijziging == "06"


def test_the_letter_states_what_ends_and_why(o: harnas.Opstelling) -> None:
    k = o.keten
    uitkomst = voorziening_beeindigen(
        door=k.consulent, client=k.client, reden="einde_behoefte", per=date(2025, 5, 31), toelichting="Hersteld."
    )
    brief = Brief.objects.get(pk=uitkomst.beeindiging.brief_id)  # type: ignore[union-attr]
    tekst = pdf_tekst(bytes(brief.pdf))
    assert brief.besluit and brief.soort == "beeindiging"
    assert "31 mei 2025" in tekst and "niet meer nodig" in tekst and "Hersteld." in tekst and "02A01" in tekst


@pytest.mark.parametrize("regel", ["overnemen", "beeindigen"])
def test_a_move_within_the_region_follows_the_regions_rule(o: harnas.Opstelling, regel: str) -> None:
    k = o.keten
    nieuw = GemeenteFactory(cbs_code="0946", naam="Nederweert")
    k.regio.gemeenten.add(nieuw)
    matrix = [{"code": "R", "leefgebied": "financien", "omschrijving": "x"}]
    k.regio.instellingen = {"toegang": {"resultatenmatrix": matrix, "verhuizing_binnen_regio": regel}}
    k.regio.save()
    uitkomst = voorziening_beeindigen(
        door=k.consulent, client=k.client, reden="verhuizing_regio", per=date(2025, 5, 31), nieuwe_gemeente=nieuw
    )
    oud = Toewijzing.objects.get(pk=o.toewijzing.pk)
    assert (oud.einddatum, oud.reden_wijziging) == (date(2025, 5, 31), "07")
    # the ended assignment left at once, from the old municipality
    verhuis_301 = Bericht.objects.filter(soort="301").order_by("-pk").first()
    assert verhuis_301 is not None and verhuis_301.afzender == k.gemeente.cbs_code
    assert parse(bytes(verhuis_301.inhoud)).client.toegewezen_producten[0].reden_wijziging == "07"
    # the client does not move along: the old gemeente keeps its record and history (a dossier per gemeente)
    client = Client.objects.get(pk=k.client.pk)
    assert client.gemeente == k.gemeente and Toewijzing.objects.filter(client=client).count() == 1
    assert not [v for v in Clientversie.objects.filter(client=client) if "gemeente" in v.gewijzigd]
    if regel == "overnemen":
        # the new gemeente's own record: the person and the last known address, none of the old history
        elders = Client.objects.get(gemeente=nieuw, bsn=client.bsn)
        assert (elders.achternaam, elders.geboortedatum, elders.postcode) == (
            client.achternaam, client.geboortedatum, client.postcode
        )  # fmt: skip
        assert [v.toelichting for v in Clientversie.objects.filter(client=elders)] == ["Verhuisd binnen de regio"]
        assert not elders.meldingen.exists()
        [over] = uitkomst.overgenomen
        assert (over.client_id, over.ingangsdatum, over.einddatum, over.volume, over.aanbieder_id, over.vorige_id) == (
            elders.pk, date(2025, 6, 1), date(2025, 12, 31), 4, k.aanbieder.pk, oud.pk
        )  # fmt: skip
        openstaande_301_verzenden()
        nieuw_301 = Bericht.objects.filter(soort="301").order_by("-pk").first()
        assert nieuw_301 is not None and nieuw_301.afzender == "0946"
        nummers = [p.toewijzing_nummer for p in parse(bytes(nieuw_301.inhoud)).client.toegewezen_producten]
        assert nummers == [over.toewijzing_nummer]
    else:  # the client registers at the new gemeente: a record there comes with the melding
        assert uitkomst.overgenomen == [] and not Client.objects.filter(gemeente=nieuw).exists()


def test_a_new_beschikking_in_the_same_lot_replaces_the_running_assignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change of volume goes through a new beschikking: the running assignment ends the day before, with 05."""
    from tests.factories_toegang import beschikt, client_in, melding, toegangsregio

    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 9, 2))
    t = toegangsregio()
    client = client_in(t)
    beschikt(t, melding(t, client))  # 01-07-2024 t/m 30-06-2025
    oud = Toewijzing.objects.get(client=client)
    tweede = melding(t, client)  # (the factory dates its steps in June 2024)
    nieuw = beschikt(t, tweede, ingangsdatum=date(2024, 9, 1))
    oud.refresh_from_db()
    assert (oud.einddatum, oud.reden_wijziging) == (date(2024, 8, 31), "05")
    assert [x.ingangsdatum for x in Toewijzing.objects.filter(beschikking=nieuw)] == [date(2024, 9, 1)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_ending_twice_at_the_same_moment_has_one_effect() -> None:
    """Two consultants (or a double click reaching two workers) end the same provision at once: the client row is
    locked, so one ends it and the other finds nothing left to end."""
    o = harnas.opstelling()
    openstaande_301_verzenden()
    k = o.keten
    versies = ToewijzingVersie.objects.filter(toewijzing=o.toewijzing).count()
    berichten = Bericht.objects.filter(soort="301", partij=k.gemeente.cbs_code).count()
    uitkomsten: list[object] = []
    fouten: list[BaseException] = []
    start = threading.Barrier(2)

    def consulent() -> None:
        try:
            start.wait()
            uitkomsten.append(
                voorziening_beeindigen(door=k.consulent, client=k.client, reden="einde_behoefte", per=date(2025, 5, 31))
            )
        except BaseException as exc:  # reported below
            fouten.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=consulent) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert fouten == []
    assert sorted(len(u.beeindigd) for u in uitkomsten) == [0, 1]  # type: ignore[attr-defined]
    assert Beeindiging.objects.count() == 1
    assert ToewijzingVersie.objects.filter(toewijzing=o.toewijzing).count() == versies + 1
    openstaande_301_verzenden()  # (after a commit the 301 may already have gone: either way, one)
    assert Bericht.objects.filter(soort="301", partij=k.gemeente.cbs_code).count() == berichten + 1
    assert Brief.objects.filter(soort="beeindiging").count() == 1
