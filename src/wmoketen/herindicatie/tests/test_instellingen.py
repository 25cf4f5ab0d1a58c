"""The herindicatie section of region files: shipped sections validate; errors are Dutch and name the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wmoketen.herindicatie.domain import Evaluatieregels
from wmoketen.herindicatie.instellingen import STANDAARD_INSTELLINGEN, InstellingenFout, instellingen_lezen

REGIONS = sorted((Path(__file__).resolve().parents[4] / "regions").glob("*.yaml"))


@pytest.mark.parametrize("pad", REGIONS, ids=lambda p: p.stem)
def test_elke_regio_heeft_geldige_of_standaard_instellingen(pad: Path) -> None:
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    inst = instellingen_lezen(data.get("instellingen", {}).get("herindicatie"))
    assert inst.evaluatieregels().interval_maanden == 6


def test_mlw_2018_en_ml_2024_hebben_een_sectie() -> None:
    for naam, marge in (("midden-limburg-west-2018", 10), ("midden-limburg-2024", 15)):
        data = yaml.safe_load((REGIONS[0].parent / f"{naam}.yaml").read_text(encoding="utf-8"))
        inst = instellingen_lezen(data["instellingen"]["herindicatie"])
        assert inst.signaal_marge_werkdagen == marge
        assert inst.evaluatieregels() == Evaluatieregels(6, 6, 24, 12, True)


def test_standaard() -> None:
    assert instellingen_lezen(None) is STANDAARD_INSTELLINGEN
    assert STANDAARD_INSTELLINGEN.evaluatieregels() == Evaluatieregels()
    assert STANDAARD_INSTELLINGEN.signaal_marge_werkdagen == 10


def test_fouten_in_het_nederlands_met_sleutelpad() -> None:
    with pytest.raises(InstellingenFout) as exc:
        instellingen_lezen({"evaluatie": {"interval_maanden": "zes", "ritme": 3}, "signaal_marge_werkdagen": -1})
    assert exc.value.fouten == [
        "herindicatie.evaluatie.interval_maanden: moet een geheel getal zijn",
        "herindicatie.evaluatie.ritme: onbekende sleutel (tikfout?)",
        "herindicatie.signaal_marge_werkdagen: is te klein (minstens 0)",
    ]
    with pytest.raises(InstellingenFout) as exc:
        instellingen_lezen({"evaluatie": {"interval_maanden": 12, "interval_lang_maanden": 6}})
    assert exc.value.fouten == ["herindicatie.evaluatie: interval_lang_maanden is korter dan interval_maanden"]
