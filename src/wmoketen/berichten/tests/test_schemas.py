import itertools
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


# --- the derived retour schemas against what the official validation expects -----------------------------------

XS = "{http://www.w3.org/2001/XMLSchema}"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
VOORBEELDEN = Path(__file__).parent / "voorbeeldberichten"


def structuur(soort: BerichtSoort) -> dict[str, set[str]]:
    """Element name -> the names of its child elements, for the elements a message of `soort` can contain (from
    its root, through the types of its schema and the basisschema)."""
    bestanden = [soort.schema_path, soort.schema_path.parent.parent / "official" / "basisschema.xsd"]
    typen: dict[str, list[tuple[str, str]]] = {}
    for bestand in bestanden:
        for complex_type in etree.parse(str(bestand)).iter(f"{XS}complexType"):
            if complex_type.get("name"):
                kinderen = [(e.get("name") or "", e.get("type") or "") for e in complex_type.iter(f"{XS}element")]
                typen[complex_type.get("name") or ""] = kinderen
    structuur: dict[str, set[str]] = {}
    te_doen = [("Bericht", "Root")]
    gezien: set[tuple[str, str]] = set()
    while te_doen:
        naam, type_ = te_doen.pop()
        if (naam, type_) in gezien:
            continue
        gezien.add((naam, type_))
        kinderen = typen.get(type_.partition(":")[2] or type_, [])
        structuur.setdefault(naam, set()).update(k for k, _ in kinderen)
        te_doen += kinderen
    return structuur


def verwachte_paden(prefix: str) -> set[tuple[str, ...]]:
    """Every chain of child steps the official XSLT follows in the namespace bound to `prefix` (with the
    basisschema's `n2`), relative to the element its template matches when the path is relative."""
    import re

    from wmoketen.berichten.rules.officieel import XSLT_PAD

    stap = rf"(?:{prefix}|n2):(\w+)"
    keten = re.compile(rf"{stap}(?:/{stap})*")
    paden: set[tuple[str, ...]] = set()
    for template in etree.parse(str(XSLT_PAD)).iter(f"{XSL}template"):
        match = template.get("match") or ""
        context = re.findall(rf"{prefix}:(\w+)", match.split("[")[0])
        if not context and f"{prefix}:" not in etree.tostring(template).decode():
            continue
        for gevonden in keten.finditer(match):
            paden.add(tuple(re.findall(r"(?:n\w):(\w+)", gevonden.group(0))))
        for element in template.iter():
            for waarde in (element.get("select") or "", element.get("test") or ""):
                for gevonden in keten.finditer(waarde):
                    namen = tuple(re.findall(r"(?:n\w):(\w+)", gevonden.group(0)))
                    voorafgaand = waarde[: gevonden.start()]
                    if voorafgaand.count("[") > voorafgaand.count("]"):
                        continue  # inside a predicate: relative to its step, which the chain before it names
                    relatief = (voorafgaand.endswith("./") or not voorafgaand.endswith(("::", "/"))) and context
                    paden.add((context[-1], *namen) if relatief else namen)
    return {p for p in paden if len(p) > 1}


def test_the_derived_325_has_every_path_the_official_validation_follows() -> None:
    kinderen = structuur(BerichtSoort.WMO325)
    paden = verwachte_paden("n7")
    assert len(paden) >= 10  # Prestatie, IngediendBedrag, ProductPeriode, TotaalToegekendBedrag, RetourCodes, ...
    ontbrekend = [p for p in paden if any(b not in kinderen.get(a, set()) for a, b in itertools.pairwise(p))]
    assert ontbrekend == []


@pytest.mark.parametrize("nummer", sorted(derive.RETOUR_MESSAGES))
def test_official_retour_samples_fit_the_derived_schemas(nummer: str) -> None:
    voorbeeld = etree.parse(str(VOORBEELDEN / f"WMO{nummer}.xml"))
    schema = schema_for(BerichtSoort(nummer))
    assert schema.validate(voorbeeld), schema.error_log.last_error  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("code", "elementen"),
    [
        ("CS002", {"Bsn"}),
        ("CS050", {"NaamGebruik", "Partnernaam"}),
        ("CD005", {"Postcode", "LandCode"}),
        ("CD025", {"LandCode"}),
        ("CS089", {"LandCode"}),
        ("CD007", {"Taal", "Vorm"}),
        ("CS139", {"DatumGebruik"}),
        ("TR002", {"Geboortedatum"}),
    ],
)
def test_a_rule_that_finds_its_elements_by_name_runs_on_every_kind_that_has_them(
    code: str, elementen: set[str]
) -> None:
    """These rules of the official validation match on element names in any message; ours skip the kinds whose
    schema has no such element (a 20 MB 323 need not be searched for addresses)."""
    from wmoketen.berichten.rules import REGISTRY

    (regel,) = [r for r in REGISTRY if r.code == code]
    for soort in BerichtSoort:
        namen = set(structuur(soort)) | {k for ks in structuur(soort).values() for k in ks}
        assert (soort in regel.soorten) == bool(namen & elementen), soort
