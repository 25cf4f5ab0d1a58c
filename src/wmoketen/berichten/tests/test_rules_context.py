"""Level-3 and level-4 rules against the in-memory ValidationContext."""

from dataclasses import replace
from datetime import date

import pytest

from wmoketen.berichten.codec import Bericht, BerichtSoort, build
from wmoketen.berichten.codec.model.basis import BedragMetDC
from wmoketen.berichten.rules import (
    BekendeStart,
    BekendeStop,
    BekendeToewijzing,
    InMemoryContext,
    Niveau,
    validate,
)
from wmoketen.berichten.rules.externe_bron import minutes_amount

from . import factories as f

START = "/Bericht/Client/StartProducten/StartProduct"
STOP = "/Bericht/Client/StopProducten/StopProduct"
KEY = (f.GEMEENTE, f.AANBIEDER, f.BSN)
BEGIN = date(2025, 3, 3)


def context(**changes: object) -> InMemoryContext:
    ctx = InMemoryContext(
        today=date(2025, 4, 10),
        toewijzingen=[
            BekendeToewijzing(
                gemeente=f.GEMEENTE, aanbieder=f.AANBIEDER, bsn=f.BSN, toewijzing_nummer=1001,
                product_categorie="02", product_code="02A01", ingangsdatum=date(2025, 3, 1),
            )
        ],
        gemeentecodes={f.GEMEENTE},
        productcodes={"02": {"02A01"}, "07": {"07A01"}},
    )  # fmt: skip
    for name, value in changes.items():
        setattr(ctx, name, value)
    return ctx


def started(*stops: BekendeStop) -> InMemoryContext:
    start = BekendeStart(
        bsn=f.BSN, toewijzing_nummer=1001, begindatum=BEGIN, product_categorie="02", product_code="02A01"
    )
    return context(start_producten={KEY: [start]}, stop_producten={KEY: list(stops)})


def stop(reden: str, einddatum: date = date(2025, 6, 30)) -> BekendeStop:
    return BekendeStop(
        bsn=f.BSN, toewijzing_nummer=1001, begindatum=BEGIN, reden_beeindiging=reden, einddatum=einddatum
    )


def findings(bericht: Bericht, ctx: InMemoryContext) -> list[tuple[str, str, str]]:
    return [(x.code, x.retourcode, x.pad) for x in validate(build(bericht), context=ctx).findings]


@pytest.mark.parametrize("soort", list(BerichtSoort), ids=lambda s: s.label)
def test_examples_pass_all_levels_in_a_consistent_context(soort: BerichtSoort) -> None:
    bericht = f.all_examples()[soort]
    ctx = started() if soort == BerichtSoort.WMO307 else context()
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
    later = f.start_product(begindatum=date(2025, 7, 1))
    assert findings(f.wmo305_bericht(later), started(stop("19"))) == []


def test_tr063_delete_unknown_start() -> None:
    assert findings(f.wmo305_bericht(f.start_product(status_aanlevering="3")), context()) == [("TR063", "9063", START)]


def test_tr071_delete_a_stopped_start() -> None:
    bericht = f.wmo305_bericht(f.start_product(status_aanlevering="3"))
    assert findings(bericht, started(stop("19"))) == [("TR071", "9071", START)]


def test_tr382_stop_without_matching_start() -> None:
    bericht = f.wmo307_bericht(f.stop_product(begindatum=date(2025, 3, 4)))
    assert findings(bericht, started()) == [("TR382", "9069", STOP)]


def test_tr413_second_temporary_stop() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="20", einddatum=date(2025, 7, 31)))
    assert findings(bericht, started(stop("20"))) == [("TR074", "9074", STOP), ("TR413", "9413", STOP)]


def test_tr414_definitive_stop_before_temporary_one() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="19", einddatum=date(2025, 5, 31)))
    assert findings(bericht, started(stop("20"))) == [("TR414", "9414", STOP)]


def test_tr415_stop_after_definitive_stop() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="23", einddatum=date(2025, 6, 30)))
    assert findings(bericht, started(stop("19"))) == [("TR415", "9415", STOP)]


def test_definitive_after_temporary_stop_is_fine() -> None:
    bericht = f.wmo307_bericht(f.stop_product(reden_beeindiging="19", einddatum=date(2025, 6, 30)))
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


def test_tr346_minutes_with_contract_hour_tariff() -> None:
    # contract 60,10 per hour, 45 minutes: 45.075 -> 4508; ProductTarief shown rounded: 100 ct/min
    ctx = context(uurtarieven={(f.AANBIEDER, f.GEMEENTE, "02A01"): 6010})
    assert findings(minuten_prestatie(100, 45, 4508), ctx) == []
    assert findings(minuten_prestatie(100, 45, 4400), ctx) == [("TR346", "9346", PRESTATIE)]


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
