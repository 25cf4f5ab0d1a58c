from pathlib import Path

import pytest
from lxml import etree

from wmoketen.berichten.codec import BerichtSoort
from wmoketen.berichten.codec.schema import schema_for
from wmoketen.berichten.schemas import derive


@pytest.mark.parametrize("nummer", sorted(derive.RETOUR_MESSAGES))
def test_derived_schema_equals_what_the_script_produces(nummer: str) -> None:
    committed = (derive.DERIVED_DIR / derive.output_name(nummer)).read_bytes()
    assert derive.derive(nummer) == committed


def test_derive_writes_every_file(tmp_path: Path) -> None:
    derive.main([str(tmp_path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "WMO302.xsd", "WMO306.xsd", "WMO308.xsd", "WMO316.xsd", "WMO318.xsd", "WMO320.xsd", "WMO325.xsd",
    ]  # fmt: skip


@pytest.mark.parametrize("soort", list(BerichtSoort))
def test_every_schema_compiles_and_pins_the_berichtcode(soort: BerichtSoort) -> None:
    schema_for(soort)
    document = etree.parse(str(soort.schema_path))
    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    (pattern,) = document.xpath("//xs:element[@name='BerichtCode']//xs:pattern/@value", namespaces=xs)
    assert pattern == soort.berichtcode
    assert document.getroot().get("targetNamespace") == soort.namespace


def test_ijw_only_elements_are_gone() -> None:
    for nummer in derive.RETOUR_MESSAGES:
        text = (derive.DERIVED_DIR / derive.output_name(nummer)).read_text()
        assert "ijw" not in text
        assert "GezagsdragerBekend" not in text
        assert "Woonplaatsbeginsel" not in text
        assert "Jeugdhulp" not in text


def test_derivation_stops_on_unexpected_difference(tmp_path: Path) -> None:
    for source in derive.IJW_SOURCE_DIR.glob("*.xsd"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    jw306 = tmp_path / "JW306.xsd"
    jw306.write_text(jw306.read_text().replace('name="Begindatum"', 'name="Aanvangsdatum"'))
    with pytest.raises(derive.DerivationError, match="Begindatum"):
        derive.derive("306", ijw_dir=tmp_path)


def test_schema_files_are_read_from_the_package() -> None:
    package = Path(derive.__file__).resolve().parent
    for soort in BerichtSoort:
        assert package in soort.schema_path.parents
