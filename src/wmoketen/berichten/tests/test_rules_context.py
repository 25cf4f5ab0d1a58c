"""Level-3 and level-4 rules against the in-memory ValidationContext."""

from dataclasses import replace
from datetime import date

import pytest

from wmoketen.berichten.codec import Bericht, BerichtSoort, build
from wmoketen.berichten.codec.model.basis import BedragMetDC, Omvang, Product
from wmoketen.berichten.codec.model.wmo317 import NieuwProduct, OngewijzigdProduct
from wmoketen.berichten.rules import (
    BekendeStart,
    BekendeStop,
    BekendeToewijzing,
    BekendVerzoek,
    InMemoryContext,
    Niveau,
    validate,
)
from wmoketen.declaraties.bedragen import minuten_bedrag as minutes_amount

from . import factories as f

START = "/Bericht/Client/StartProducten/StartProduct"
STOP = "/Bericht/Client/StopProducten/StopProduct"
KEY = (f.GEMEENTE, f.AANBIEDER, f.BSN)
BEGIN = date(2025, 3, 3)


def vot(**changes: object) -> BekendVerzoek:
    verzoek = BekendVerzoek(
        gemeente=f.GEMEENTE, aanbieder=f.AANBIEDER, bsn=f.BSN, referentie_aanbieder="VOT-2025-001",
        soort=BerichtSoort.WMO315,
    )  # fmt: skip
    return replace(verzoek, **changes)  # type: ignore[arg-type]


def context(**changes: object) -> InMemoryContext:
    ctx = InMemoryContext(
        today=date(2025, 4, 10),
        toewijzingen=[
            BekendeToewijzing(
                gemeente=f.GEMEENTE, aanbieder=f.AANBIEDER, bsn=f.BSN, toewijzing_nummer=1001,
                product_categorie="02", product_code="02A01", ingangsdatum=date(2025, 3, 1),
            ),
            BekendeToewijzing(
                gemeente=f.GEMEENTE, aanbieder=f.AANBIEDER, bsn=f.BSN, toewijzing_nummer=1002,
                product_categorie="06", product_code=None, ingangsdatum=date(2025, 1, 1),
                einddatum=date(2025, 12, 31),
            ),
        ],
        gemeentecodes={f.GEMEENTE},
        productcodes={"02": {"02A01"}, "07": {"07A01"}},
        verzoeken=[vot()],  # the 315 example, answered by the 319 example
    )  # fmt: skip
    for name, value in changes.items():
        setattr(ctx, name, value)
    return ctx


def started(*stops: BekendeStop) -> InMemoryContext:
    start = BekendeStart(
        bsn=f.BSN, toewijzing_nummer=1001, begindatum=BEGIN, product_categorie="02", product_code="02A01"
    )
    return context(start_producten={KEY: [start]}, stop_producten={KEY: list(stops)})


def stop(reden: str, einddatum: date = date(2025, 3, 20)) -> BekendeStop:
    return BekendeStop(
        bsn=f.BSN, toewijzing_nummer=1001, begindatum=BEGIN, reden_beeindiging=reden, einddatum=einddatum
    )


def findings(bericht: Bericht, ctx: InMemoryContext) -> list[tuple[str, str, str]]:
    return [(x.code, x.retourcode, x.pad) for x in validate(build(bericht), context=ctx).findings]


@pytest.mark.parametrize("soort", list(BerichtSoort), ids=lambda s: s.label)
def test_examples_pass_all_levels_in_a_consistent_context(soort: BerichtSoort) -> None:
    bericht = f.all_examples()[soort]
    ctx = started() if soort == BerichtSoort.WMO307 else context()
    if soort == BerichtSoort.WMO315:
        ctx.verzoeken = []  # before the 315 example its reference is unused (TR347)
    assert findings(bericht, ctx) == []


def test_tr056_identificatie_reused() -> None:
    ctx = context(identificaties={(BerichtSoort.WMO319, f.GEMEENTE, "B0001")})
    assert findings(f.wmo319_bericht(), ctx) == [("TR056", "9056", "/Bericht/Header/BerichtIdentificatie")]


def test_tr332_number_of_another_client() -> None:
    other = BekendeToewijzing(
        gemeente=f.GEMEENTE, aanbieder=f.AANBIEDER, bsn=f.BSN_2, toewijzing_nummer=1001,
        product_categorie="02", product_code="02A01", ingangsdatum=date(2025, 1, 1),
    )  # fmt: skip
    expected = [("TR332", "9332", "/Bericht/Client/ToegewezenProducten/ToegewezenProduct")]
    assert findings(f.wmo301_bericht(), context(toewijzingen=[other])) == expected


def test_tr019_start_without_toewijzing() -> None:
    assert findings(f.wmo305_bericht(f.start_product(toewijzing_nummer=9)), context()) == [("TR019", "9019", START)]


def test_tr326_and_tr074_start_while_started() -> None:
    assert findings(f.wmo305_bericht(), started()) == [("TR326", "9326", START), ("TR074", "9074", START)]


def test_tr326_new_start_after_stop_is_fine() -> None:
    bericht = f.wmo305_bericht(f.start_product(begindatum=date(2025, 3, 24)))
    identificatie = replace(bericht.header.bericht_identificatie, dagtekening=date(2025, 3, 25))
    bericht = replace(bericht, header=replace(bericht.header, bericht_identificatie=identificatie))
    assert findings(bericht, started(stop("19"))) == []


def test_tr063_delete_unknown_start() -> None:
    assert findings(f.wmo305_bericht(f.start_product(status_aanlevering="3")), context()) == [("TR063", "9063", START)]


def test_tr071_delete_a_stopped_start() -> None:
    bericht = f.wmo305_bericht(f.start_product(status_aanlevering="3"))
    assert findings(bericht, started(stop("19"))) == [("TR071", "9071", START)]


def test_tr382_stop_without_matching_start() -> None:
    bericht = f.wmo307_bericht(f.stop_product(begindatum=date(2025, 3, 4)))
    assert findings(bericht, started()) == [("TR382", "9069", STOP)]


def test_tr413_second_temporary_stop() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="20", einddatum=date(2025, 3, 31)))
    assert findings(bericht, started(stop("20"))) == [("TR074", "9074", STOP), ("TR413", "9413", STOP)]


def test_tr414_definitive_stop_before_temporary_one() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="19", einddatum=date(2025, 3, 15)))
    assert findings(bericht, started(stop("20"))) == [("TR414", "9414", STOP)]


def test_tr415_stop_after_definitive_stop() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="23", einddatum=date(2025, 3, 31)))
    assert findings(bericht, started(stop("19"))) == [("TR415", "9415", STOP)]


def test_definitive_after_temporary_stop_is_fine() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="19", einddatum=date(2025, 3, 31)))
    assert findings(bericht, started(stop("20"))) == []


def test_tr135_dagtekening_in_the_future() -> None:
    ctx = context(today=date(2025, 3, 2))
    assert findings(f.wmo319_bericht(), ctx) == [("TR135", "8848", "/Bericht/Header/BerichtIdentificatie/Dagtekening")]


def test_tr378_unknown_municipality() -> None:
    assert findings(f.wmo305_bericht(), context(gemeentecodes={"0344"})) == [
        ("TR378", "S300", "/Bericht/Header/Ontvanger")
    ]


def test_tr381_code_outside_category() -> None:
    ctx = context(productcodes={"02": {"02A02"}})
    assert findings(f.wmo305_bericht(), ctx) == [("TR381", "S329", f"{START}/Product/Code")]


PRESTATIE = "/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie/IngediendBedrag"


def test_tr346_amount_is_not_volume_times_tariff() -> None:
    prestatie = f.prestatie(ingediend_bedrag=BedragMetDC(bedrag=24001, debet_credit="D"))
    result = validate(build(f.wmo323_bericht(prestatie)), context=context())
    assert [(x.code, x.retourcode, x.pad, x.niveau) for x in result.findings] == [
        ("TR346", "9346", PRESTATIE, Niveau.EXTERNE_BRON)
    ]
    assert result.findings[0].uitleg.endswith("Verwacht 24000, opgegeven 24001.")


def test_minutes_amount_rounds_half_up() -> None:
    assert minutes_amount(5999, 45) == 4499  # 4499.25
    assert minutes_amount(6010, 45) == 4508  # 4507.5 -> 4508
    assert minutes_amount(6000, 60) == 6000


def minuten_prestatie(tarief: int, volume: int, bedrag: int) -> Bericht:
    p = f.prestatie(eenheid="01", geleverd_volume=volume, product_tarief=tarief,
                    ingediend_bedrag=BedragMetDC(bedrag=bedrag, debet_credit="D"))  # fmt: skip
    return f.wmo323_bericht(p)


def test_tr346_minutes_without_contract_accepts_a_rounded_tariff_only() -> None:
    ctx = context()
    assert findings(minuten_prestatie(100, 45, 4508), ctx) == []
    assert findings(minuten_prestatie(100, 45, 4600), ctx) == [("TR346", "9346", PRESTATIE)]


def test_level_three_needs_context() -> None:
    with pytest.raises(ValueError, match="ValidationContext"):
        validate(build(f.wmo319_bericht()), niveaus=[1, 2, 3])


def test_level_two_error_stops_before_level_three() -> None:
    bericht = replace(f.wmo319_bericht(reden_afwijzing_verzoek=None))
    ctx = context(identificaties={(BerichtSoort.WMO319, f.GEMEENTE, "B0001")})
    assert [x.code for x in validate(build(bericht), context=ctx).findings] == ["CD085"]


# --- verzoeken (315, 317), antwoordbericht (319) and the reference in the 301 ---

AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"
VERZOEK = "/Bericht/Client/Verzoek"
ONGEWIJZIGD = f"{VERZOEK}/OngewijzigdeProducten/OngewijzigdProduct"
TE_WIJZIGEN = f"{VERZOEK}/TeWijzigenProducten/TeWijzigenProduct"
NIEUW = f"{VERZOEK}/NieuweProducten/NieuwProduct"
REFERENTIE_319 = "/Bericht/Antwoord/ReferentieAanbieder"
IN_ONDERZOEK = {"verzoek_antwoord": "2", "reden_afwijzing_verzoek": None}


def vow(**changes: object) -> Bericht:
    return f.wmo317_bericht(f.verzoek(**changes))


def nieuw(**changes: object) -> NieuwProduct:
    return replace(f.verzoek().nieuwe_producten[0], **changes)  # type: ignore[arg-type]


def begeleiding(van: date, tot: date) -> NieuwProduct:
    """A new 02A01 (the product of toewijzing 1001), per week."""
    omvang = Omvang(volume=2, eenheid="04", frequentie="2")
    product = Product(categorie="02", code="02A01")
    return nieuw(product=product, omvang=omvang, gewenste_ingangsdatum=van, einddatum=tot)


def uitleg(bericht: Bericht, ctx: InMemoryContext) -> list[str]:
    return [x.uitleg for x in validate(build(bericht), context=ctx).findings]


def test_tr347_reference_used_in_an_earlier_verzoek() -> None:
    # used before by this aanbieder, in a VOW at another gemeente: unique within the whole Wmo
    ctx = context(verzoeken=[vot(gemeente="0344", soort=BerichtSoort.WMO317)])
    tweede = f.aangevraagd_product(referentie_aanbieder="VOT-2025-002", product=Product(categorie="02", code="02A01"))
    bericht = f.wmo315_bericht(f.aangevraagd_product(), tweede)
    assert findings(bericht, ctx) == [("TR347", "9347", f"{AANGEVRAAGD}[1]/ReferentieAanbieder")]
    ctx = context(verzoeken=[vot(referentie_aanbieder="VOW-2025-001")])
    assert findings(vow(), ctx) == [("TR347", "9347", f"{VERZOEK}/ReferentieAanbieder")]


def test_tr347_reference_of_another_aanbieder_is_fine() -> None:
    assert findings(f.wmo315_bericht(), context(verzoeken=[vot(aanbieder="87654321")])) == []


def test_tr374_verzoek_while_another_is_open() -> None:
    ctx = context(verzoeken=[], onderhanden={KEY})
    assert findings(f.wmo315_bericht(), ctx) == [("TR374", "9374", AANGEVRAAGD)]
    assert findings(vow(), ctx) == [("TR374", "9374", VERZOEK)]


def test_tr374_open_verzoek_of_another_client_is_fine() -> None:
    ctx = context(verzoeken=[], onderhanden={(f.GEMEENTE, f.AANBIEDER, f.BSN_2)})
    assert findings(f.wmo315_bericht(), ctx) == []


def test_vow_example_lists_every_current_toewijzing() -> None:
    assert findings(vow(), context()) == []  # 1002 unchanged, 1001 to change, 07A01 new: TR349-TR351, TR361 pass


def test_tr349_current_toewijzing_missing() -> None:
    bericht = vow(ongewijzigde_producten=())
    assert findings(bericht, context()) == [("TR349", "9349", VERZOEK)]
    assert uitleg(bericht, context())[0].endswith("ToewijzingNummer 1002 ontbreekt.")


@pytest.mark.parametrize(
    "wijziging",
    [
        {"einddatum": date(2025, 4, 9)},  # ended yesterday
        {"ingangsdatum": date(2025, 6, 1), "einddatum": date(2025, 6, 1), "reden_wijziging": "13"},  # deleted
        {"verzonden": False},  # not yet in a 301: the aanbieder cannot know it (OP095)
    ],
    ids=["beeindigd", "verwijderd", "niet-verzonden"],
)
def test_tr349_toewijzing_that_need_not_be_listed(wijziging: dict[str, object]) -> None:
    eerste, tweede = context().toewijzingen
    ctx = context(toewijzingen=[eerste, replace(tweede, **wijziging)])  # type: ignore[arg-type]
    assert findings(vow(ongewijzigde_producten=()), ctx) == []


def test_tr350_unchanged_product_is_not_a_current_toewijzing() -> None:
    ongewijzigd = (OngewijzigdProduct(toewijzing_nummer=1002), OngewijzigdProduct(toewijzing_nummer=1003))
    assert findings(vow(ongewijzigde_producten=ongewijzigd), context()) == [("TR350", "9350", f"{ONGEWIJZIGD}[2]")]
    eerste, tweede = context().toewijzingen
    ended = context(toewijzingen=[eerste, replace(tweede, einddatum=date(2025, 4, 9))])
    assert findings(vow(), ended) == [("TR350", "9350", ONGEWIJZIGD)]


def test_tr351_product_to_change_is_not_a_current_toewijzing() -> None:
    te_wijzigen = (replace(f.verzoek().te_wijzigen_producten[0], toewijzing_nummer=1003),)
    ongewijzigd = (OngewijzigdProduct(toewijzing_nummer=1002), OngewijzigdProduct(toewijzing_nummer=1001))
    bericht = vow(ongewijzigde_producten=ongewijzigd, te_wijzigen_producten=te_wijzigen)
    assert findings(bericht, context()) == [("TR351", "9351", TE_WIJZIGEN)]


def test_tr361_new_product_overlaps_the_product_to_change() -> None:
    # 1001 (02A01) runs from 2025-03-01 and is changed up to 2025-12-31; a new 02A01 from 2025-10-01 overlaps
    bericht = vow(nieuwe_producten=(begeleiding(date(2025, 10, 1), date(2025, 12, 31)),))
    assert findings(bericht, context()) == [("TR361", "9361", NIEUW)]
    assert uitleg(bericht, context())[0].endswith("Overlapt met ToewijzingNummer 1001.")


def test_tr361_same_product_after_the_changed_one_ends_is_fine() -> None:
    bericht = vow(nieuwe_producten=(begeleiding(date(2026, 1, 1), date(2026, 6, 30)),))
    assert findings(bericht, context()) == []


def test_tr361_without_a_code_the_category_counts() -> None:
    # 1002 is category 06 without a code (budget), 2025; a new 06 budget in the same year overlaps
    budget = nieuw(product=Product(categorie="06"), omvang=None, budget=100000, gewenste_ingangsdatum=date(2025, 6, 1))
    assert findings(vow(nieuwe_producten=(budget,)), context()) == [("TR361", "9361", NIEUW)]


# Two overlapping new products of the same code are already refused in the message itself (TR410, level 2).
@pytest.mark.parametrize(("categorie", "expected"), [("14", []), ("07", [("TR410", "0001", f"{NIEUW}[2]")])])
def test_tr361_only_hulpmiddelen_may_overlap(categorie: str, expected: list[tuple[str, str, str]]) -> None:
    product = Product(categorie=categorie, code=f"{categorie}A01")
    eerste = nieuw(product=product, omvang=Omvang(volume=1, eenheid="84", frequentie="6"))
    tweede = replace(eerste, gewenste_ingangsdatum=date(2025, 6, 1))
    ctx = context(productcodes={"02": {"02A01"}, "07": {"07A01"}, "14": {"14A01"}})
    assert findings(vow(nieuwe_producten=(eerste, tweede)), ctx) == expected


def test_tr355_answer_to_an_unknown_reference() -> None:
    assert findings(f.wmo319_bericht(referentie_aanbieder="ONBEKEND"), context()) == [("TR355", "9355", REFERENTIE_319)]
    other_gemeente = context(verzoeken=[vot(gemeente="0344")])
    assert findings(f.wmo319_bericht(), other_gemeente) == [("TR355", "9355", REFERENTIE_319)]


def test_tr355_answer_to_a_known_verzoek_is_fine() -> None:
    assert findings(f.wmo319_bericht(), context()) == []


def test_tr355_and_tr379_are_not_checked_for_a_gemeente_with_its_own_software() -> None:
    extern = context(verzoeken=[], externe_gemeenten={f.GEMEENTE})
    assert findings(f.wmo319_bericht(referentie_aanbieder="ONBEKEND"), extern) == []
    assert findings(f.wmo319_bericht(referentie_aanbieder="ONBEKEND"), context(verzoeken=[])) == [
        ("TR355", "9355", REFERENTIE_319)
    ]


def test_tr359_answer_after_a_toewijzing_with_this_reference() -> None:
    ctx = context(toegewezen_referenties={(f.GEMEENTE, f.AANBIEDER, "VOT-2025-001")})
    assert findings(f.wmo319_bericht(), ctx) == [("TR359", "9359", REFERENTIE_319)]


def test_tr359_toewijzing_with_another_reference_is_fine() -> None:
    ctx = context(toegewezen_referenties={(f.GEMEENTE, f.AANBIEDER, "VOT-2025-002")})
    assert findings(f.wmo319_bericht(), ctx) == []


@pytest.mark.parametrize("eerder", ["2", "1"], ids=["tweede-in-onderzoek", "in-onderzoek-na-afwijzing"])
def test_tr360_in_onderzoek_after_an_earlier_answer(eerder: str) -> None:
    ctx = context(antwoorden={(f.GEMEENTE, f.AANBIEDER, "VOT-2025-001"): [eerder]})
    assert findings(f.wmo319_bericht(**IN_ONDERZOEK), ctx) == [("TR360", "9360", "/Bericht/Antwoord/VerzoekAntwoord")]


def test_tr360_first_in_onderzoek_and_a_refusal_after_it_are_fine() -> None:
    assert findings(f.wmo319_bericht(**IN_ONDERZOEK), context()) == []
    ctx = context(antwoorden={(f.GEMEENTE, f.AANBIEDER, "VOT-2025-001"): ["2"]})
    assert findings(f.wmo319_bericht(), ctx) == []


TOEGEWEZEN_REFERENTIE = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct/ReferentieAanbieder"


@pytest.mark.parametrize(
    "verzoeken",
    [
        [],  # no verzoek with this reference
        [vot()],  # not (yet) granted
        [vot(toegekend=True, toewijzing_nummer=1005)],  # granted on another toewijzing
        [vot(toegekend=True, toewijzing_nummer=1001, bsn=f.BSN_2)],  # for another client
    ],
    ids=["onbekend", "niet-toegekend", "andere-toewijzing", "andere-client"],
)
def test_tr379_reference_without_an_honoured_verzoek(verzoeken: list[BekendVerzoek]) -> None:
    bericht = f.wmo301_bericht(f.toegewezen_product(referentie_aanbieder="VOT-2025-001"))
    assert findings(bericht, context(verzoeken=verzoeken)) == [("TR379", "9379", TOEGEWEZEN_REFERENTIE)]


def test_tr379_reference_of_the_honoured_verzoek_is_fine() -> None:
    bericht = f.wmo301_bericht(f.toegewezen_product(referentie_aanbieder="VOT-2025-001"))
    assert findings(bericht, context(verzoeken=[vot(toegekend=True, toewijzing_nummer=1001)])) == []
    granted_vow = vot(referentie_aanbieder="VOW-2025-001", soort=BerichtSoort.WMO317, toegekend=True)
    bericht = f.wmo301_bericht(f.toegewezen_product(referentie_aanbieder="VOW-2025-001"))
    assert findings(bericht, context(verzoeken=[granted_vow])) == []  # a VOW's reference goes on every product
