"""The letterhead per municipality: every shipped region file has one for each municipality, with a readable logo;
bad data is refused in Dutch with the key path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PIL import Image

from wmoketen.toegang.huisstijl import HuisstijlFout, brieveninstellingen_lezen, huisstijl_van

REGIO_MAP = Path(__file__).resolve().parents[4] / "regions"
REGIONS = sorted(REGIO_MAP.glob("*.yaml"))


@pytest.mark.parametrize("pad", REGIONS, ids=lambda p: p.stem)
def test_every_shipped_region_has_a_letterhead_for_each_municipality(pad: Path) -> None:
    data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    inst = brieveninstellingen_lezen(data["instellingen"]["brieven"])
    assert {h.cbs_code for h in inst.gemeenten} == {g["cbs_code"] for g in data["gemeenten"]}
    for h in inst.gemeenten:
        assert h.ondertekening is not None and h.logo
        with Image.open(REGIO_MAP / h.logo) as logo:
            assert logo.format == "PNG"


def test_bad_letterheads_are_refused_in_dutch() -> None:
    with pytest.raises(HuisstijlFout) as fout:
        brieveninstellingen_lezen(
            {"gemeenten": [{"cbs_code": "988", "naam": "Weert", "kleur": "rood", "logo": "../geheim.png", "x": 1}]}
        )
    tekst = "\n".join(fout.value.fouten)
    assert "brieven.gemeenten[1].cbs_code" in tekst and "brieven.gemeenten[1].kleur" in tekst
    assert "geen '..'" in tekst and "onbekende sleutel" in tekst
    with pytest.raises(HuisstijlFout, match="meer dan eens"):
        brieveninstellingen_lezen({"gemeenten": [{"cbs_code": "0988", "naam": "A"}, {"cbs_code": "0988", "naam": "B"}]})


def test_a_municipality_without_a_letterhead_gets_a_plain_one() -> None:
    h = huisstijl_van(instellingen={}, cbs_code="0988", gemeentenaam="Weert")
    assert (h.naam, h.logo, h.ondertekening) == ("Gemeente Weert", "", None)
