"""Every level-3 and level-4 rule fires against the database-backed ValidationContext."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.factories_berichten import Keten, keten
from wmoketen.berichten.codec import Bericht, build
from wmoketen.berichten.codec.model.basis import BedragMetDC, Product
from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.rules import validate
from wmoketen.berichten.tests import factories as f
from wmoketen.berichten.uitwisseling.context import DatabaseContext
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.clienten.models import Client
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import start_registreren, stop_registreren, toewijzing_aanmaken

pytestmark = pytest.mark.django_db

START = "/Bericht/Client/StartProducten/StartProduct"
STOP = "/Bericht/Client/StopProducten/StopProduct"
BEGIN = date(2025, 3, 3)
VANDAAG = date(2025, 4, 10)


@pytest.fixture
def k() -> Keten:
    """The message factories' parties and client (0363, 12345678, BSN) with toewijzing 1001 (02A01)."""
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
    return k


def started(k: Keten) -> None:
    start_registreren(
        client=k.client,
        aanbieder=k.aanbieder,
        gemeente_code=f.GEMEENTE,
        toewijzing_nummer=1001,
        product_categorie="02",
        product_code="02A01",
        toewijzing_ingangsdatum=date(2025, 3, 1),
        begindatum=BEGIN,
        ontvangen_op=BEGIN,
    )


def stopped(k: Keten, reden: str, einddatum: date = date(2025, 6, 30)) -> None:
    stop_registreren(
        client=k.client,
        aanbieder=k.aanbieder,
        toewijzing_nummer=1001,
        begindatum=BEGIN,
        reden_beeindiging=reden,
        einddatum=einddatum,
        ontvangen_op=einddatum,
    )


def findings(bericht: Bericht) -> list[tuple[str, str, str]]:
    result = validate(build(bericht), context=DatabaseContext(today=VANDAAG))
    return [(x.code, x.retourcode, x.pad) for x in result.findings]


def test_consistent_messages_pass_against_the_database(k: Keten) -> None:
    assert findings(f.wmo301_bericht()) == []
    assert findings(f.wmo305_bericht()) == []
    started(k)
    assert findings(f.wmo307_bericht()) == []


def test_tr056_identificatie_already_received(k: Keten) -> None:
    bericht_ontvangen(data=build(f.wmo319_bericht()), kanaal=Kanaal.HTTP)
    tweede = f.wmo319_bericht(referentie_aanbieder="ANDER")
    assert findings(tweede) == [("TR056", "9056", "/Bericht/Header/BerichtIdentificatie")]


def test_tr332_number_of_another_client(k: Keten) -> None:
    bericht = f.wmo301_bericht()
    other = replace(bericht, client=replace(bericht.client, bsn=f.BSN_2))
    assert findings(other) == [("TR332", "9332", "/Bericht/Client/ToegewezenProducten/ToegewezenProduct")]


def test_tr019_start_on_unknown_toewijzing(k: Keten) -> None:
    assert findings(f.wmo305_bericht(f.start_product(toewijzing_nummer=9))) == [("TR019", "9019", START)]


def test_tr326_and_tr074_second_start(k: Keten) -> None:
    started(k)
    assert findings(f.wmo305_bericht()) == [("TR326", "9326", START), ("TR074", "9074", START)]


def test_tr063_delete_unknown_start(k: Keten) -> None:
    assert findings(f.wmo305_bericht(f.start_product(status_aanlevering="3"))) == [("TR063", "9063", START)]


def test_tr071_delete_a_stopped_start(k: Keten) -> None:
    started(k)
    stopped(k, "19")
    assert findings(f.wmo305_bericht(f.start_product(status_aanlevering="3"))) == [("TR071", "9071", START)]


def test_tr382_stop_without_matching_start(k: Keten) -> None:
    started(k)
    assert findings(f.wmo307_bericht(f.stop_product(begindatum=date(2025, 3, 4)))) == [("TR382", "9069", STOP)]


def test_tr413_second_temporary_stop(k: Keten) -> None:
    started(k)
    stopped(k, "20")
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="20", einddatum=date(2025, 7, 31)))
    assert findings(bericht) == [("TR074", "9074", STOP), ("TR413", "9413", STOP)]


def test_tr414_definitive_stop_before_the_temporary_one(k: Keten) -> None:
    started(k)
    stopped(k, "20")
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="19", einddatum=date(2025, 5, 31)))
    assert findings(bericht) == [("TR414", "9414", STOP)]


def test_tr415_stop_after_definitive_stop(k: Keten) -> None:
    started(k)
    stopped(k, "19")
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="23", einddatum=date(2025, 7, 31)))
    assert findings(bericht) == [("TR415", "9415", STOP)]


def test_tr135_dagtekening_after_the_system_date(k: Keten) -> None:
    bericht = f.wmo319_bericht()
    later = replace(bericht.header.bericht_identificatie, dagtekening=date(2025, 4, 11))
    bericht = replace(bericht, header=replace(bericht.header, bericht_identificatie=later))
    assert findings(bericht) == [("TR135", "8848", "/Bericht/Header/BerichtIdentificatie/Dagtekening")]


def test_tr378_municipality_not_in_cbs_list(k: Keten) -> None:
    bericht = f.wmo319_bericht()
    bericht = replace(bericht, header=replace(bericht.header, afzender="0002"))
    assert findings(bericht) == [("TR378", "S300", "/Bericht/Header/Afzender")]


def test_tr381_product_code_not_in_the_catalogue_category(k: Keten) -> None:
    bericht = f.wmo315_bericht(f.aangevraagd_product(product=Product(categorie="07", code="02A01")))
    assert findings(bericht) == [
        ("TR381", "S329", "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct/Product/Code")
    ]


def test_tr346_minutes_against_the_contract_hourly_tariff(k: Keten) -> None:
    """Contract: 60,50 per hour, so 90 minutes = 90,75 (IV081). 90,80 fits some hourly tariff that rounds to the
    shown 1,01 per minute (accepted without a context), but not the contract tariff."""
    goed = f.prestatie(
        eenheid="01",
        geleverd_volume=90,
        product_tarief=101,
        ingediend_bedrag=BedragMetDC(bedrag=9075, debet_credit="D"),
    )
    fout = replace(goed, ingediend_bedrag=BedragMetDC(bedrag=9080, debet_credit="D"))
    assert findings(f.wmo323_bericht(goed)) == []
    assert validate(build(f.wmo323_bericht(fout))).is_valid  # levels 1-2 only: no contract known
    pad = "/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie/IngediendBedrag"
    assert findings(f.wmo323_bericht(fout)) == [("TR346", "9346", pad)]
