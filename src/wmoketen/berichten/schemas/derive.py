"""Derive the iWmo 3.2 retour schemas (302 ... 320) and the 325 from their iJw 3.2 twins.

No official iWmo XSD for these messages was found; iJw and iWmo are developed as twins and the iJw
heen-berichten differ from the iWmo ones only in namespace, BerichtCode and a few iJw-only elements. This
script applies exactly those differences to the iJw retour schemas; see derived/README.md.

Run `python -m wmoketen.berichten.schemas.derive` to rewrite derived/ from ijw_source/ and official/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent
IJW_SOURCE_DIR = SCHEMA_DIR / "ijw_source"
OFFICIAL_DIR = SCHEMA_DIR / "official"
DERIVED_DIR = SCHEMA_DIR / "derived"

XS = "http://www.w3.org/2001/XMLSchema"
IWMO_BASIS = "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema"

# retour message -> (its heen-bericht, iWmo BerichtCode from Vektis COD002 as listed in jaapjunior)
RETOUR_MESSAGES: dict[str, tuple[str, str]] = {
    "302": ("301", "415"),
    "306": ("305", "419"),
    "308": ("307", "421"),
    "316": ("315", "445"),
    "318": ("317", "481"),
    "320": ("319", "483"),
    "325": ("323", "485"),
}

# Elements the retour adds to the heen-bericht; everything else must exist in the iWmo heen-bericht.
RETOUR_ONLY_ELEMENTS = {
    "RetourCodes",
    "IdentificatieRetour",
    "DagtekeningRetour",
    "XsltVersie",
    "XsdVersieRetour",
    "DeclaratieIdentificatie",
    "XsdVersieDeclaratie",
    "DeclaratieAntwoord",
}
# What we expect to drop; anything else missing from the iWmo heen-bericht stops the derivation.
EXPECTED_IJW_ONLY = {"316": {"GezagsdragerBekend"}, "320": {"Woonplaatsbeginsel"}}
# The 325 body has no heen twin with the same name; its Prestatie/Client are compared with the 323's.
SCHEMA_VERSION = "1.0.0"


class DerivationError(Exception):
    pass


def _rename_namespaces(text: str, nummer: str) -> str:
    text = text.replace("http://www.istandaarden.nl/ijw/3_2/basisschema/schema", IWMO_BASIS)
    text = text.replace(
        f"http://www.istandaarden.nl/ijw/3_2/jw{nummer}/schema",
        f"http://www.istandaarden.nl/iwmo/3_2/wmo{nummer}/schema",
    )
    text = re.sub(r"\bxmlns:ijw=", "xmlns:iwmo=", text)
    text = re.sub(rf"\bxmlns:jw{nummer}=", f"xmlns:wmo{nummer}=", text)
    text = re.sub(r"(?<![\w.])ijw:", "iwmo:", text)
    text = re.sub(rf"(?<![\w.])jw{nummer}:", f"wmo{nummer}:", text)
    text = text.replace('schemaLocation="basisschema.xsd"', 'schemaLocation="../official/basisschema.xsd"')
    return text


def _element_names(complex_type: etree._Element) -> list[str]:
    return [str(e.get("name")) for e in complex_type.iter(f"{{{XS}}}element")]


def _complex_types(root: etree._Element) -> dict[str, etree._Element]:
    return {str(ct.get("name")): ct for ct in root.findall(f"{{{XS}}}complexType")}


def derive(nummer: str, ijw_dir: Path = IJW_SOURCE_DIR, official_dir: Path = OFFICIAL_DIR) -> bytes:
    """Return the derived iWmo XSD for message `nummer` (e.g. "302") as bytes."""
    heen, berichtcode = RETOUR_MESSAGES[nummer]
    source = (ijw_dir / f"JW{nummer}.xsd").read_text(encoding="utf-8")
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)
    root = etree.fromstring(_rename_namespaces(source, nummer).encode("utf-8"), parser)
    heen_root = etree.parse(str(official_dir / f"WMO{heen}.xsd"), parser).getroot()

    header = _complex_types(root)["Header"]
    (code_element,) = [e for e in header.iter(f"{{{XS}}}element") if e.get("name") == "BerichtCode"]
    (pattern,) = code_element.iter(f"{{{XS}}}pattern")
    pattern.set("value", berichtcode)
    appinfo = {"standaard": "iwmo", "bericht": f"wmo{nummer}"}
    for element in root.iterfind(f"{{{XS}}}annotation/{{{XS}}}appinfo/*"):
        name = etree.QName(element).localname
        element.text = appinfo.get(name, SCHEMA_VERSION if name.endswith("Versie") else element.text)
    for doc in root.iter(f"{{{XS}}}documentation"):
        if doc.text:
            doc.text = doc.text.replace("Jeugdhulp", "Wmo-ondersteuning")

    dropped = _drop_ijw_only_elements(root, heen_root, nummer)
    if dropped != EXPECTED_IJW_ONLY.get(nummer, set()):
        raise DerivationError(f"WMO{nummer}: onverwachte iJw-elementen verwijderd: {sorted(dropped)}")
    _drop_unreferenced_types(root, nummer)
    etree.indent(root, space="\t")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _drop_ijw_only_elements(root: etree._Element, heen_root: etree._Element, nummer: str) -> set[str]:
    heen_types = _complex_types(heen_root)
    if nummer == "325":  # the answer's Client/Prestatie mirror the 323's
        heen_types = {k: v for k, v in heen_types.items() if k in {"Client", "Clienten", "Prestatie", "Prestaties"}}
    dropped: set[str] = set()
    for name, complex_type in _complex_types(root).items():
        if name not in heen_types:
            continue
        allowed = set(_element_names(heen_types[name]))
        for element in list(complex_type.iter(f"{{{XS}}}element")):
            element_name = str(element.get("name"))
            if element_name not in allowed and element_name not in RETOUR_ONLY_ELEMENTS:
                parent = element.getparent()
                assert parent is not None
                parent.remove(element)
                dropped.add(element_name)
        missing = allowed - set(_element_names(complex_type))
        if missing:
            raise DerivationError(f"WMO{nummer}/{name}: iWmo-elementen ontbreken in de iJw-bron: {sorted(missing)}")
    return dropped


def _drop_unreferenced_types(root: etree._Element, nummer: str) -> None:
    """Remove complex types that only the dropped iJw elements used (e.g. Woonplaatsbeginsel)."""
    while True:
        references = (element.get("type") or "" for element in root.iter())
        used = {ref.split(":", 1)[1] for ref in references if ref.startswith(f"wmo{nummer}:")}
        unused = [ct for name, ct in _complex_types(root).items() if name not in used]
        if not unused:
            return
        for ct in unused:
            root.remove(ct)


def output_name(nummer: str) -> str:
    return f"WMO{nummer}.xsd"


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else DERIVED_DIR
    for nummer in RETOUR_MESSAGES:
        (target / output_name(nummer)).write_bytes(derive(nummer))
        print(f"{output_name(nummer)} afgeleid van JW{nummer}.xsd")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
