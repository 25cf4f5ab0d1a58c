"""Every level-3 and level-4 rule fires against the database-backed ValidationContext."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from tests.factories_berichten import Keten, keten
from wmoketen.berichten import services
from wmoketen.berichten.codec import Bericht, build
from wmoketen.berichten.codec.model.basis import Omvang, Product
from wmoketen.berichten.codec.model.wmo317 import NieuwProduct, OngewijzigdProduct
from wmoketen.berichten.constants import Kanaal, Status
from wmoketen.berichten.models import Bericht as BerichtRij
from wmoketen.berichten.rules import validate
from wmoketen.berichten.tests import factories as f
from wmoketen.berichten.uitwisseling.context import DatabaseContext
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.clienten.models import Client
from wmoketen.toewijzingen import verzoeken as vz
from wmoketen.toewijzingen.constants import RegelSoort, VerzoekSoort
from wmoketen.toewijzingen.models import Toewijzing, VerzoekRegel
from wmoketen.toewijzingen.services import (
    start_registreren,
    stop_registreren,
    toewijzing_301_vastleggen,
    toewijzing_aanmaken,
)

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


def stopped(k: Keten, reden: str, einddatum: date = date(2025, 3, 20)) -> None:
    stop_registreren(
        client=k.client,
        aanbieder=k.aanbieder,
        toewijzing_nummer=1001,
        begindatum=BEGIN,
        reden_beeindiging=reden,
        einddatum=einddatum,
        ontvangen_op=einddatum,
    )


def vot(k: Keten, referentie: str = "VOT-2025-001") -> VerzoekRegel:
    """A VOT the gemeente registered (open) with one requested product, 02A01 in the first half of 2026."""
    aanvraag = vz.RegelInvoer(
        soort=RegelSoort.AANGEVRAAGD,
        referentie_aanbieder=referentie,
        product_categorie="02",
        product_code="02A01",
        ingangsdatum=date(2026, 1, 1),
        einddatum=date(2026, 6, 30),
        volume=3,
        eenheid="04",
        frequentie="2",
    )
    verzoek = vz.verzoek_registreren(
        soort=VerzoekSoort.VOT,
        client=k.client,
        aanbieder=k.aanbieder,
        gemeente_code=f.GEMEENTE,
        regels=[aanvraag],
        ontvangen_op=BEGIN,
    )
    return verzoek.regels.get()


def ontvangen_bij_aanbieder(verzonden: BerichtRij | None) -> BerichtRij:
    """The aanbieder receives what the gemeente sent (levels 2-4 against the database, as in the exchange)."""
    assert verzonden is not None
    return bericht_ontvangen(data=bytes(verzonden.inhoud), kanaal=Kanaal.BESTAND).bericht


def findings(bericht: Bericht) -> list[tuple[str, str, str]]:
    result = validate(build(bericht), context=DatabaseContext(today=VANDAAG))
    return [(x.code, x.retourcode, x.pad) for x in result.findings]


def test_consistent_messages_pass_against_the_database(k: Keten) -> None:
    assert findings(f.wmo301_bericht()) == []
    assert findings(f.wmo305_bericht()) == []
    started(k)
    assert findings(f.wmo307_bericht()) == []


def test_tr056_identificatie_already_received(k: Keten) -> None:
    vot(k)  # the verzoek the 319 answers (TR355)
    bericht_ontvangen(data=build(f.wmo319_bericht()), kanaal=Kanaal.HTTP)
    tweede = f.wmo319_bericht(reden_afwijzing_verzoek="2")
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
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="20", einddatum=date(2025, 3, 31)))
    assert findings(bericht) == [("TR074", "9074", STOP), ("TR413", "9413", STOP)]


def test_tr414_definitive_stop_before_the_temporary_one(k: Keten) -> None:
    started(k)
    stopped(k, "20")
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="19", einddatum=date(2025, 3, 15)))
    assert findings(bericht) == [("TR414", "9414", STOP)]


def test_tr415_stop_after_definitive_stop(k: Keten) -> None:
    started(k)
    stopped(k, "19")
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="23", einddatum=date(2025, 3, 31)))
    assert findings(bericht) == [("TR415", "9415", STOP)]


def test_tr135_dagtekening_after_the_system_date(k: Keten) -> None:
    vot(k)
    bericht = f.wmo319_bericht()
    later = replace(bericht.header.bericht_identificatie, dagtekening=date(2025, 4, 11))
    bericht = replace(bericht, header=replace(bericht.header, bericht_identificatie=later))
    assert findings(bericht) == [("TR135", "8848", "/Bericht/Header/BerichtIdentificatie/Dagtekening")]


def test_tr378_municipality_not_in_cbs_list(k: Keten) -> None:
    bericht = f.wmo301_bericht()  # (a 319 from 0002 would answer no verzoek there: TR355 at level 3)
    bericht = replace(bericht, header=replace(bericht.header, afzender="0002"))
    assert findings(bericht) == [("TR378", "S300", "/Bericht/Header/Afzender")]


def test_tr381_product_code_not_in_the_catalogue_category(k: Keten) -> None:
    bericht = f.wmo315_bericht(f.aangevraagd_product(product=Product(categorie="07", code="02A01")))
    assert findings(bericht) == [
        ("TR381", "S329", "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct/Product/Code")
    ]


# TR346 with the contract's hourly tariff is the intake's (declaraties.controle), through the exchange:
# declaraties/tests/test_intake_regels.py::test_tr346_minutes_against_an_hour_tariff_iv081. The message rule
# judges the message alone (test_rules_context.py).


# --- verzoeken (315, 317), antwoordbericht (319) and the reference in the 301 ---

AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"
VERZOEK = "/Bericht/Client/Verzoek"
REFERENTIE_319 = "/Bericht/Antwoord/ReferentieAanbieder"


def test_tr347_reference_used_in_an_earlier_verzoek(k: Keten) -> None:
    vz.vot_product_afwijzen(regel=vot(k), reden_afwijzing="4")  # answered, so no longer open (TR374)
    assert findings(f.wmo315_bericht()) == [("TR347", "9347", f"{AANGEVRAAGD}/ReferentieAanbieder")]


def test_tr374_verzoek_while_another_is_open(k: Keten) -> None:
    vot(k, "VOT-2024-009")
    assert findings(f.wmo315_bericht()) == [("TR374", "9374", AANGEVRAAGD)]


@pytest.fixture
def twee(k: Keten) -> Keten:
    """Also toewijzing 1002 (06, budget, 2025), and both sent to the aanbieder in a 301."""
    t = toewijzing_aanmaken(
        client=k.client,
        aanbieder=k.aanbieder,
        product=k.budget,
        ingangsdatum=date(2025, 1, 1),
        einddatum=date(2025, 12, 31),
    )
    Toewijzing.objects.filter(pk=t.pk).update(toewijzing_nummer=1002)
    toewijzing_301_vastleggen(client=k.client, aanbieder=k.aanbieder, toewijzing_nummers=[1001, 1002])
    return k


def vow(**changes: object) -> Bericht:
    """The 317 example with a new product from the catalogue (14A01, a hulpmiddel)."""
    hulpmiddel = NieuwProduct(
        product=Product(categorie="14", code="14A01"),
        gewenste_ingangsdatum=date(2025, 4, 1),
        einddatum=date(2025, 12, 31),
        omvang=Omvang(volume=1, eenheid="84", frequentie="6"),
    )
    return f.wmo317_bericht(f.verzoek(**{"nieuwe_producten": (hulpmiddel,), **changes}))


def test_vow_with_every_current_toewijzing_passes(twee: Keten) -> None:
    assert findings(vow()) == []


def test_tr349_current_toewijzing_missing(twee: Keten) -> None:
    assert findings(vow(ongewijzigde_producten=())) == [("TR349", "9349", VERZOEK)]


def test_tr349_toewijzing_not_yet_in_a_301_need_not_be_listed(k: Keten) -> None:
    t = toewijzing_aanmaken(
        client=k.client,
        aanbieder=k.aanbieder,
        product=k.budget,
        ingangsdatum=date(2025, 1, 1),
        einddatum=date(2025, 12, 31),
    )
    Toewijzing.objects.filter(pk=t.pk).update(toewijzing_nummer=1002)
    assert findings(vow(ongewijzigde_producten=())) == []  # OP095: the aanbieder cannot know 1002 yet


def test_tr350_unchanged_product_is_not_a_current_toewijzing(twee: Keten) -> None:
    ongewijzigd = (OngewijzigdProduct(toewijzing_nummer=1002), OngewijzigdProduct(toewijzing_nummer=1003))
    pad = f"{VERZOEK}/OngewijzigdeProducten/OngewijzigdProduct[2]"
    assert findings(vow(ongewijzigde_producten=ongewijzigd)) == [("TR350", "9350", pad)]


def test_tr351_product_to_change_is_not_a_current_toewijzing(twee: Keten) -> None:
    te_wijzigen = (replace(f.verzoek().te_wijzigen_producten[0], toewijzing_nummer=1003),)
    ongewijzigd = (OngewijzigdProduct(toewijzing_nummer=1002), OngewijzigdProduct(toewijzing_nummer=1001))
    pad = f"{VERZOEK}/TeWijzigenProducten/TeWijzigenProduct"
    assert findings(vow(ongewijzigde_producten=ongewijzigd, te_wijzigen_producten=te_wijzigen)) == [
        ("TR351", "9351", pad)
    ]


def test_tr361_new_product_overlaps_the_product_to_change(twee: Keten) -> None:
    begeleiding = NieuwProduct(
        product=Product(categorie="02", code="02A01"),
        gewenste_ingangsdatum=date(2025, 10, 1),
        einddatum=date(2025, 12, 31),
        omvang=Omvang(volume=2, eenheid="04", frequentie="2"),
    )
    pad = f"{VERZOEK}/NieuweProducten/NieuwProduct"
    assert findings(vow(nieuwe_producten=(begeleiding,))) == [("TR361", "9361", pad)]


def test_tr355_answer_to_an_unknown_reference(k: Keten) -> None:
    assert findings(f.wmo319_bericht()) == [("TR355", "9355", REFERENTIE_319)]
    vot(k)
    assert findings(f.wmo319_bericht()) == []


def test_tr355_not_checked_when_the_gemeente_has_its_own_software(k: Keten, settings: Any) -> None:
    settings.WMOKETEN_EXTERNE_PARTIJEN = [f.GEMEENTE]  # its register of verzoeken is not kept here
    assert findings(f.wmo319_bericht()) == []


def test_tr359_and_tr379_answer_after_the_granting_301(k: Keten) -> None:
    regel = vot(k)
    toewijzing_301 = ontvangen_bij_aanbieder(services.vot_regel_beantwoorden(regel=regel, besluit=services.TOEKENNEN))
    assert (toewijzing_301.status, toewijzing_301.bevindingen) == (Status.GOEDGEKEURD, [])  # TR379: right reference
    assert findings(f.wmo319_bericht()) == [("TR359", "9359", REFERENTIE_319)]


def test_tr360_second_in_onderzoek(k: Keten) -> None:
    regel = vot(k)
    eerste = ontvangen_bij_aanbieder(services.vot_regel_beantwoorden(regel=regel, besluit=services.IN_ONDERZOEK))
    assert (eerste.status, eerste.bevindingen) == (Status.GOEDGEKEURD, [])
    tweede = f.wmo319_bericht(verzoek_antwoord="2", reden_afwijzing_verzoek=None)
    assert findings(tweede) == [("TR360", "9360", "/Bericht/Antwoord/VerzoekAntwoord")]
    assert findings(f.wmo319_bericht()) == []  # the refusal after "in onderzoek" is fine


def test_tr379_reference_without_an_honoured_verzoek(k: Keten) -> None:
    bericht = f.wmo301_bericht(f.toegewezen_product(referentie_aanbieder="VOT-2025-001"))
    pad = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct/ReferentieAanbieder"
    assert findings(bericht) == [("TR379", "9379", pad)]
    vz.vot_product_toekennen(regel=vot(k))  # granted, but on a new toewijzing, not on 1001
    assert findings(bericht) == [("TR379", "9379", pad)]
