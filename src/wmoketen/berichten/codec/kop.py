"""The header of a message read from its first bytes only: who sends it to whom, before anything is parsed.

An iWmo message opens with its Header (the XSD puts it first in Bericht), so 64 kB always hold it. The upload
endpoint decides from this whether the uploader may send the message at all, and refuses a message for another
party before reading, let alone parsing, the rest of a file of up to 25 MB."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from lxml import etree

from .errors import BerichtError
from .safexml import check_prolog
from .soorten import BerichtSoort
from .xmlmap import local_name

KOP_BYTES = 64 * 1024


@dataclass(frozen=True)
class Kop:
    soort: BerichtSoort
    afzender: str
    ontvanger: str


def lees_kop(begin: bytes) -> Kop:
    """Soort, Afzender and Ontvanger from the first bytes of a message (hardened: no DTD, no entities)."""
    check_prolog(begin)
    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    soort: BerichtSoort | None = None
    velden: dict[str, str] = {}
    try:
        parser.feed(begin)
        for gebeurtenis, gelezen in parser.read_events():
            element = cast(etree._Element, gelezen)  # only start/end events were asked for
            naam = local_name(element.tag)
            if gebeurtenis == "start" and soort is None:
                soort = BerichtSoort.from_namespace(etree.QName(element).namespace or "")
                if soort is None or naam != "Bericht":
                    raise BerichtError(f"Onbekend berichttype: root-element {naam!r} is geen iWmo 3.2-bericht.")
            elif gebeurtenis == "end" and naam in ("Afzender", "Ontvanger"):
                velden[naam] = (element.text or "").strip()
            elif gebeurtenis == "end" and naam == "Header":
                break
    except etree.XMLSyntaxError as exc:
        raise BerichtError(f"Bericht geweigerd: geen goedgevormde XML ({exc.msg}).") from exc
    if soort is None or set(velden) != {"Afzender", "Ontvanger"}:
        raise BerichtError("Bericht geweigerd: geen Header met Afzender en Ontvanger aan het begin van het bericht.")
    return Kop(soort, velden["Afzender"], velden["Ontvanger"])
