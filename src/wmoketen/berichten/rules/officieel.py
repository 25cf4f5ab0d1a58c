"""The official level-2 validation of iWmo 3.2: the XSLT of the iStandaarden (schemas/official/validatie/).

It is the oracle, not the implementation: our rule engine decides (with Dutch explanations), and the differential
test, the demo-wide check and the benchmark measure it against this XSLT. The XSLT reports each finding as a rule
code with the locations it concerns; these functions return them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from lxml import etree

from ..codec.soorten import SCHEMA_DIR

XSLT_PAD = SCHEMA_DIR / "official" / "validatie" / "TR-CD-CS-regels-WMO-3.2.xsl"
RAPPORT_NS = {"r": "http://www.istandaarden.nl/validatie/1_1/rapport/schema"}

_lokaal = threading.local()  # an lxml XSLT object is not to be shared between threads


@dataclass(frozen=True)
class OfficieleFout:
    code: str
    locaties: tuple[str, ...]


def _xslt() -> etree.XSLT:
    xslt: etree.XSLT | None = getattr(_lokaal, "xslt", None)
    if xslt is None:
        xslt = _lokaal.xslt = etree.XSLT(etree.parse(str(XSLT_PAD)))
    return xslt


def officiele_fouten(bericht: etree._Element | etree._ElementTree) -> list[OfficieleFout]:
    """Every finding of the official validation on an (XSD-valid) message tree, in the XSLT's order."""
    rapport = _xslt()(bericht).getroot()
    return [
        OfficieleFout(
            fout.findtext("r:Code", "", RAPPORT_NS),
            tuple(locatie.text or "" for locatie in fout.iterfind("r:Locatie", RAPPORT_NS)),
        )
        for fout in rapport.iterfind("r:Fouten/r:Fout", RAPPORT_NS)
    ]


def officiele_codes(bericht: etree._Element | etree._ElementTree) -> set[str]:
    """The rule codes the official validation reports on a message tree (empty: it passes)."""
    return {fout.code for fout in officiele_fouten(bericht)}
