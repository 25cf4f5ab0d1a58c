"""The toegang section of region files: every shipped region validates; errors are Dutch and name the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wmoketen.toegang.domain import STANDAARD_UITKOMSTEN
from wmoketen.toegang.instellingen import STANDAARD_INSTELLINGEN, InstellingenFout, instellingen_lezen

REGIONS = sorted((Path(__file__).resolve().parents[4] / "regions").glob("*.yaml"))


def test_four_region_files_are_shipped() -> None:
    assert [p.name for p in REGIONS] == [
        "de-fryske-marren-2022.yaml",
        "limburg-noord-2022.yaml",
        "midden-limburg-2024.yaml",
        "midden-limburg-west-2018.yaml",
    ]


@pytest.mark.parametrize("pad", REGIONS, ids=lambda p: p.stem)
def test_every_shipped_region_has_a_valid_toegang_section(pad: Path) -> None:
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    inst = instellingen_lezen(data["instellingen"]["toegang"])
    assert len(inst.resultatenmatrix) >= 7


def test_models_per_region() -> None:
    modellen = {
        p.stem: instellingen_lezen(
            yaml.safe_load(p.read_text(encoding="utf-8"))["instellingen"]["toegang"]
        ).indicatiemodel
        for p in REGIONS
    }
    assert modellen == {
        "de-fryske-marren-2022": "ontwikkelprofiel",
        "limburg-noord-2022": "traject",
        "midden-limburg-2024": "normenkader",
        "midden-limburg-west-2018": "profiel",
    }


def test_mlw_mapping_equals_the_documented_default() -> None:
    data = yaml.safe_load((REGIONS[3]).read_text(encoding="utf-8"))
    assert instellingen_lezen(data["instellingen"]["toegang"]).banden() == STANDAARD_UITKOMSTEN


def test_missing_section_gives_the_defaults() -> None:
    assert instellingen_lezen(None) is STANDAARD_INSTELLINGEN
    assert STANDAARD_INSTELLINGEN.banden() == STANDAARD_UITKOMSTEN
    assert len(STANDAARD_INSTELLINGEN.resultatenmatrix) == 11


def test_errors_are_dutch_and_name_the_key() -> None:
    with pytest.raises(InstellingenFout) as fout:
        instellingen_lezen(
            {
                "indicatiemodel": "uren",
                "resultatenmatrix": [{"code": "A", "leefgebied": "werk", "omschrijving": "x"}],
                "beoordeling": {"uitkomsten": [{"van": 5, "tot": 20, "categorie": "1", "intensiteit": "basis"}]},
                "extra": 1,
            }
        )
    assert fout.value.fouten == [
        "toegang.indicatiemodel: onbekende waarde 'uren'; toegestaan: 'profiel', 'normenkader', 'ontwikkelprofiel' "
        "of 'traject'",
        "toegang.beoordeling: uitkomsten dekken 21 punten niet (bereik 5 t/m 25)",
        "toegang.resultatenmatrix[1]: onbekend leefgebied 'werk'; toegestaan: financien, dagbesteding, huisvesting, "
        "huiselijke_relaties, geestelijke_gezondheid, lichamelijke_gezondheid, verslaving, adl, sociaal_netwerk, "
        "maatschappelijke_participatie, justitie",
        "toegang.extra: onbekende sleutel (tikfout?)",
    ]


def test_normenkader_model_needs_a_normenkader() -> None:
    with pytest.raises(InstellingenFout) as fout:
        instellingen_lezen(
            {
                "indicatiemodel": "normenkader",
                "resultatenmatrix": [{"code": "A", "leefgebied": "adl", "omschrijving": "x"}],
            }
        )
    assert fout.value.fouten == ["toegang: bij indicatiemodel 'normenkader' hoort een normenkader"]
