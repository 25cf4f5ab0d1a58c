"""Loading region files: all or nothing, idempotent, with Dutch messages that name file, line and key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories import ClientFactory, ToewijzingFactory
from wmoketen.catalogus.models import Bekostiging, Product, Regio, Tarief
from wmoketen.contracten.models import Budgetplafond, Overeenkomst
from wmoketen.contracten.regiobestand.fouten import RegiobestandFout
from wmoketen.contracten.services import regio_laden

KLEIN = Path(__file__).parent / "regiobestanden" / "klein.yaml"

pytestmark = pytest.mark.django_db


def variant(tmp_path: Path, *vervangingen: tuple[str, str]) -> Path:
    text = KLEIN.read_text(encoding="utf-8")
    for oud, nieuw in vervangingen:
        assert oud in text, oud
        text = text.replace(oud, nieuw, 1)
    pad = tmp_path / "regio.yaml"
    pad.write_text(text, encoding="utf-8")
    return pad


def regel_met(pad: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(pad.read_text().splitlines(), start=1) if fragment in line)


def test_loads_whole_catalogue_and_contracts() -> None:
    verslag = regio_laden(pad=KLEIN)

    regio = Regio.objects.get(code="testregio")
    assert verslag.aangemaakt["producten"] == 2
    assert sorted(regio.gemeenten.values_list("cbs_code", flat=True)) == ["0946", "0988"]
    bgi = Product.objects.get(productcode="BGI")
    assert [(b.model, b.variant, b.eenheid, b.frequentie) for b in bgi.bekostigingen.all()] == [
        ("pxq", "inspanningsgericht", "04", "2"),
        ("traject", "outputgericht", "83", "6"),
    ]
    assert list(bgi.tarieven.values_list("bedrag_cent", "per", "is_demowaarde")) == [
        (6050, "eenheid", True),
        (450000, "traject", True),
    ]
    kdv = Product.objects.get(productcode="KDV")
    assert kdv.perceel.uitgezonderd_enkel_perceel is True
    assert kdv.bekostigingen.get().eenheid == "14"
    assert list(kdv.cak_kostprijzen.values_list("bedrag_cent", "per")) == [(15000, "4_weken")]
    overeenkomst = Overeenkomst.objects.get(kenmerk="TEST-2022-01")
    assert overeenkomst.aanbieder.agb_code == "99000001"
    assert overeenkomst.percelen.count() == 2
    assert Budgetplafond.objects.get().bedrag_cent == 25000000


def test_loading_twice_changes_nothing() -> None:
    regio_laden(pad=KLEIN)
    tweede = regio_laden(pad=KLEIN)
    assert tweede.ongewijzigd
    assert "ongewijzigd" in tweede.samenvatting()
    assert Product.objects.count() == 2


def test_changed_file_updates_in_place(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    tarief_id = Tarief.objects.get(bedrag_cent=6050).pk
    pad = variant(tmp_path, ("bedrag_cent: 6050", "bedrag_cent: 6195"))

    verslag = regio_laden(pad=pad)

    assert verslag.gewijzigd == {"tarieven": 1}
    assert not verslag.aangemaakt and not verslag.verwijderd
    assert Tarief.objects.get(pk=tarief_id).bedrag_cent == 6195


def test_product_left_out_of_file_is_removed(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    text = KLEIN.read_text()
    start = text.index("      - code: KDV")
    end = text.index("aanbieders:")
    pad = tmp_path / "zonder-kdv.yaml"
    pad.write_text(text[:start] + text[end:].replace(", BG/KDV", ""))

    verslag = regio_laden(pad=pad)

    assert verslag.verwijderd["percelen"] == 1
    assert not Product.objects.filter(productcode="KDV").exists()


def test_product_in_use_is_not_removed_and_nothing_changes(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    kdv = Product.objects.get(productcode="KDV")
    ToewijzingFactory(product=kdv, client=ClientFactory())
    text = KLEIN.read_text()
    pad = tmp_path / "zonder-kdv.yaml"
    pad.write_text(
        text[: text.index("      - code: KDV")]
        + text[text.index("aanbieders:") :].replace(", BG/KDV", "").replace("6050", "9999")
    )

    with pytest.raises(RegiobestandFout, match="nog in gebruik"):
        regio_laden(pad=pad)

    assert Product.objects.filter(productcode="KDV").exists()
    assert Tarief.objects.filter(bedrag_cent=6050).exists()


@pytest.mark.parametrize(
    "vervanging,fragment,melding",
    [
        (('cbs_code: "0946"', 'cbs_code: "0947"'), '"0947"', "CBS-code 0947 is geen bekende gemeentecode"),
        (
            ('cbs_code: "0946"', 'cbs_code: "946"'),
            '"946"',
            "'946' is geen CBS-gemeentecode (precies 4 cijfers)",
        ),
        (
            ("naam: Nederweert", "naam: Neerwerd"),
            "Neerwerd",
            "CBS-code 0946 hoort bij Nederweert, niet bij Neerwerd",
        ),
        (
            ("bedrag_cent: 6050", "bedrag_cent: 60.50"),
            "60.50",
            "hele eurocenten (geheel getal), niet als kommagetal",
        ),
        (("model: etmaal}", "model: etmaal, eenheid: week}"), "eenheid: week", "onbekende waarde 'week'"),
        (
            ("model: etmaal}", "model: etmaal, eenheid: uur}"),
            "etmaal, eenheid: uur",
            "eenheid 'uur' past niet bij bekostiging",
        ),
        (
            ("{geldig_van: 2023-01-01, bedrag_cent: 450000", "{geldig_van: 2022-12-01, bedrag_cent: 450000"),
            "2022-12-01, bedrag_cent",
            "tarief 2 overlapt met tarief 1",
        ),
        (("model: pxq", "model: ppq"), "model: ppq", "onbekende waarde 'ppq'"),
        (("kenmerk: TEST-2022-01", "kenmrk: TEST-2022-01"), "kenmrk", "onbekende sleutel"),
        (("percelen: [BG/1, BG/KDV]", "percelen: [BG/1, BG/KVD]"), "BG/KVD", "perceel 'BG/KVD' bestaat niet"),
    ],
)
def test_broken_file_is_refused_whole_with_clear_message(
    tmp_path: Path, vervanging: tuple[str, str], fragment: str, melding: str
) -> None:
    pad = variant(tmp_path, vervanging)

    with pytest.raises(RegiobestandFout) as exc:
        regio_laden(pad=pad)

    rapport = exc.value.rapport()
    assert "er is niets geladen" in rapport
    assert melding in rapport
    assert f"{pad}:{regel_met(pad, fragment)}:" in rapport
    assert Regio.objects.count() == 0
    assert Product.objects.count() == 0


def test_broken_update_leaves_loaded_region_untouched(tmp_path: Path) -> None:
    regio_laden(pad=KLEIN)
    pad = variant(tmp_path, ("bedrag_cent: 6050", "bedrag_cent: 7000"), ('cbs_code: "0988"', 'cbs_code: "0989"'))

    with pytest.raises(RegiobestandFout):
        regio_laden(pad=pad)

    assert Tarief.objects.filter(bedrag_cent=6050).exists()
    assert not Tarief.objects.filter(bedrag_cent=7000).exists()


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    pad = tmp_path / "kapot.yaml"
    pad.write_text("versie: '1'\nregio:\n  code: [niet gesloten\n")
    with pytest.raises(RegiobestandFout, match="geen geldige YAML"):
        regio_laden(pad=pad)


def test_missing_file_gives_dutch_message(tmp_path: Path) -> None:
    with pytest.raises(RegiobestandFout, match="bestand niet te lezen"):
        regio_laden(pad=tmp_path / "bestaat-niet.yaml")


def test_budget_model_needs_maximum(tmp_path: Path) -> None:
    pad = variant(tmp_path, ("model: etmaal}", "model: budget, eenheid: etmaal}"))
    with pytest.raises(RegiobestandFout, match="vraagt een maximumbudget per cliënt"):
        regio_laden(pad=pad)
    assert Bekostiging.objects.count() == 0


def test_command_reports_and_exits_nonzero_for_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import CommandError, call_command

    pad = variant(tmp_path, ("bedrag_cent: 6050", "bedrag_cent: 60.5"))
    with pytest.raises(CommandError, match="1 regiobestand"):
        call_command("region_load", str(KLEIN), str(pad))
    out = capsys.readouterr()
    assert "Regio testregio: aangemaakt" in out.out
    assert "geweigerd" in out.err
    assert date(2022, 1, 1) == Regio.objects.get().geldig_van


def test_impossible_date_is_a_dutch_finding_with_its_line(tmp_path: Path) -> None:
    pad = variant(tmp_path, ("geldig_van: 2022-01-01\n  een_perceel", "geldig_van: 2022-13-45\n  een_perceel"))
    with pytest.raises(RegiobestandFout) as exc:
        regio_laden(pad=pad)
    assert f"{pad}:{regel_met(pad, '2022-13-45')}: (bestand): waarde '2022-13-45' is ongeldig" in exc.value.rapport()
    assert Regio.objects.count() == 0


def test_the_ceiling_settings_are_checked_at_load(tmp_path: Path) -> None:
    """`instellingen: plafond:` (contracten.plafondinstellingen): a wrong value or key refuses the whole file with
    the key path and its line; a right one is stored for the rule 'geen nieuwe cliënten' (docs/declaraties.md)."""
    from wmoketen.contracten.plafondinstellingen import plafondinstellingen_van_regio

    pad = tmp_path / "regio.yaml"
    basis = KLEIN.read_text(encoding="utf-8")
    pad.write_text(basis + "instellingen:\n  plafond:\n    verbruik: alles\n    grens: 90\n", encoding="utf-8")
    with pytest.raises(RegiobestandFout) as exc:
        regio_laden(pad=pad)
    rapport = exc.value.rapport()
    assert (
        "instellingen.plafond.verbruik: onbekende waarde 'alles'; toegestaan: 'goedgekeurd_en_in_behandeling' of "
        "'goedgekeurd'" in rapport
    )
    assert "instellingen.plafond.grens: onbekende sleutel" in rapport
    assert Regio.objects.count() == 0

    pad.write_text(basis + "instellingen:\n  plafond:\n    grens_procent: 90\n    bestaande_client: segment\n")
    regio_laden(pad=pad)
    instellingen = plafondinstellingen_van_regio(Regio.objects.get(code="testregio").instellingen)
    assert (instellingen.grens_procent, instellingen.bestaande_client) == (90, "segment")
    assert (instellingen.nieuwe_clienten, instellingen.verbruik) == ("weigeren", "goedgekeurd_en_in_behandeling")
