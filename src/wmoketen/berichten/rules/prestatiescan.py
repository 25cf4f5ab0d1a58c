"""One pass over the clients and prestaties of a 323 for every level-2 rule on them (rules/declaratie.py and
CS002 in rules/algemeen.py): a 323 can hold tens of thousands of prestaties, so each rule only reports its own
list from this pass. Used on a whole tree (`prestatie_scan`) and, per client, while the exchange streams a long
323 (`scan_client`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree

from wmoketen.core.bsn import voldoet_aan_elfproef

from .base import BerichtView, Hit

CS100_GRENS = "2021-01-01"


@dataclass(slots=True)
class PrestatieScan:
    """What one pass over all clients and prestaties found: offending elements (or their paths) per rule, and the
    signed total. The exchange fills it while it streams a long 323 (uitwisseling/stroom323.py)."""

    totaal: int = 0
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))


def _raak(element: etree._Element, pad: str | None, prestatie: int | None = None) -> Hit:
    """The element itself (its path follows from the tree), or, when streaming, its path below `pad` (the
    Client's), within its `prestatie` (1-based) when given. Built only for a hit: most prestaties have none."""
    if pad is None:
        return element
    if prestatie is not None:
        pad = f"{pad}/Prestaties/Prestatie[{prestatie}]"
    return f"{pad}/{etree.QName(element).localname}"


def scan_client(client: etree._Element, scan: PrestatieScan, pad: str | None = None) -> None:
    """The level-2 checks of one XSD-valid Client element and its prestaties. `pad` is the Client's path when
    the element has left its tree (streaming); otherwise hits are elements.

    A 20 MB 323 holds ~30,000 prestaties, so this touches only the children the rules need, by position: after
    level 1 the children are in XSD order (0 ProductReferentie, 4 ProductPeriode, 5 GeleverdVolume, 6 Eenheid,
    7 ProductTarief when present, last IngediendBedrag)."""
    hits = scan.hits
    bsn = client[0]
    if not voldoet_aan_elfproef(bsn.text or ""):
        hits["CS002"].append(_raak(bsn, pad))
    tarief_tag = client.tag[: client.tag.index("}") + 1] + "ProductTarief"
    totaal = 0
    for i, prestatie in enumerate(client[1], start=1):
        eenheid = prestatie[6]
        euro = eenheid.text == "83"
        ingediend = prestatie[-1]
        bedrag = int(ingediend[0].text or 0)
        credit = ingediend[1].text == "C"
        periode = prestatie[4]
        begin, eind = periode[0].text or "", periode[1].text or ""
        if euro == (prestatie[7].tag == tarief_tag):
            hits["CD087"].append(_raak(eenheid, pad, i))
        if euro and bedrag != int(prestatie[5].text or 0):
            hits["CS339"].append(_raak(ingediend, pad, i))
        if credit and bedrag == 0:
            hits["CS325"].append(_raak(ingediend, pad, i))
        if begin[:7] != eind[:7] or eind < begin:  # ISO dates compare as text
            hits["CS337"].append(_raak(periode, pad, i))
        if begin < CS100_GRENS:
            hits["CS100"].append(_raak(periode, pad, i))
        referentie = prestatie[0]
        if credit != (len(referentie) > 1):
            hits["CD060"].append(_raak(referentie, pad, i))
        totaal += -bedrag if credit else bedrag
    scan.totaal += totaal


def prestatie_scan(view: BerichtView) -> PrestatieScan:
    """One pass over all clients and prestaties for every level-2 rule on them, cached on the view."""
    scan: PrestatieScan | None = view.cache.get("prestaties")
    if scan is None:
        scan = PrestatieScan()
        for client in view.root.iter(f"{{{view.namespaces['m']}}}Client"):
            scan_client(client, scan)
        view.cache["prestaties"] = scan
    return scan
