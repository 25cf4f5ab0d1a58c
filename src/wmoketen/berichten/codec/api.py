"""Build and parse iWmo 3.2 messages: plain objects <-> schema-valid XML bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .errors import BerichtError, SchemaValidationError
from .model.wmo301 import Wmo301, Wmo302
from .model.wmo305 import Wmo305, Wmo306
from .model.wmo307 import Wmo307, Wmo308
from .model.wmo315 import Wmo315, Wmo316
from .model.wmo317 import Wmo317, Wmo318
from .model.wmo319 import Wmo319, Wmo320
from .model.wmo323 import Wmo323, Wmo325
from .safexml import parse_untrusted
from .schema import schema_errors
from .soorten import BASISSCHEMA_NS, BerichtSoort
from .xmlmap import local_name, plan_for, read_object, write_children

Bericht = (
    Wmo301 | Wmo302 | Wmo305 | Wmo306 | Wmo307 | Wmo308 | Wmo315 | Wmo316
    | Wmo317 | Wmo318 | Wmo319 | Wmo320 | Wmo323 | Wmo325
)  # fmt: skip

_CLASSES: tuple[type[Bericht], ...] = (
    Wmo301, Wmo302, Wmo305, Wmo306, Wmo307, Wmo308, Wmo315, Wmo316,
    Wmo317, Wmo318, Wmo319, Wmo320, Wmo323, Wmo325,
)  # fmt: skip
MESSAGE_CLASSES: dict[BerichtSoort, type[Bericht]] = {cls.SOORT: cls for cls in _CLASSES}
BERICHT_VERSIE = "3"  # CS025
BERICHT_SUBVERSIE = "2"  # CS015


def build_tree(bericht: Bericht) -> etree._Element:
    """The XML tree of a message, not yet validated; use `build` for anything that leaves the system."""
    soort = bericht.SOORT
    ns = soort.namespace
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={soort.prefix: ns, "iwmo": BASISSCHEMA_NS})
    header = etree.SubElement(root, f"{{{ns}}}Header")
    for tag, text in (
        ("BerichtCode", soort.berichtcode),
        ("BerichtVersie", BERICHT_VERSIE),
        ("BerichtSubversie", BERICHT_SUBVERSIE),
    ):
        etree.SubElement(header, f"{{{ns}}}{tag}").text = text
    write_children(header, bericht.header, ns)
    for plan in plan_for(type(bericht))[1:]:
        value = getattr(bericht, plan.attr)
        if value is not None:
            write_children(etree.SubElement(root, f"{{{ns}}}{plan.tag}"), value, ns)
    return root


def build(bericht: Bericht) -> bytes:
    """Serialise a message to UTF-8 bytes; always validated against its XSD first."""
    root = build_tree(bericht)
    errors = schema_errors(bericht.SOORT, root)
    if errors:
        raise SchemaValidationError(
            f"{bericht.SOORT.label} voldoet niet aan het XSD en wordt niet verstuurd: {errors[0]}", errors
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@dataclass(frozen=True)
class ParsedXml:
    """A safely parsed, kind-detected message tree (not yet XSD-validated)."""

    soort: BerichtSoort
    root: etree._Element
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # see `to_object`


def read_xml(data: bytes) -> ParsedXml:
    """Hardened parse and detection of the message kind from the root element's namespace."""
    root = parse_untrusted(data).getroot()
    namespace = etree.QName(root).namespace or ""
    soort = BerichtSoort.from_namespace(namespace)
    if soort is None or local_name(root.tag) != "Bericht":
        raise BerichtError(
            f"Onbekend berichttype: root-element {local_name(root.tag)!r} in namespace {namespace!r} "
            "is geen iWmo 3.2-bericht."
        )
    return ParsedXml(soort, root)


def to_object(parsed: ParsedXml, paths: dict[int, etree._Element] | None = None) -> Bericht:
    """Plain objects from an XSD-valid tree. Built once per parsed tree: the receiving side and the rule engine
    both ask for them, and a 323 of 20 MB takes seconds to map. A later call gets the same objects, with `paths`
    filled from the first build."""
    gebouwd: tuple[Bericht, dict[int, etree._Element]] | None = parsed.cache.get("bericht")
    if gebouwd is None:
        eigen: dict[int, etree._Element] = {}
        gebouwd = (read_object(parsed.root, MESSAGE_CLASSES[parsed.soort], eigen), eigen)
        parsed.cache["bericht"] = gebouwd
    if paths is not None:
        paths.update(gebouwd[1])
    return gebouwd[0]


def parse(data: bytes) -> Bericht:
    """Bytes -> plain objects: hardened parse, XSD validation (level 1), then mapping."""
    parsed = read_xml(data)
    errors = schema_errors(parsed.soort, parsed.root)
    if errors:
        raise SchemaValidationError(f"{parsed.soort.label} voldoet niet aan het XSD: {errors[0]}", errors)
    return to_object(parsed)
