"""One pass over the clients and prestaties of a 323 for every level-2 rule on them (rules/declaratie.py, CS002,
TR101 and TR134 in rules/algemeen.py): a 323 can hold tens of thousands of prestaties, so each rule only reports its
own list from this pass. Used on a whole tree (`prestatie_scan`) and, per client, while the exchange streams a long
323 (`scan_client`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree

from wmoketen.catalogus.constants import Eenheid
from wmoketen.core.bsn import voldoet_aan_elfproef

from .base import BerichtView, Hit

EURO = Eenheid.EUROS.value  # plain str: runs per prestatie

CS100_GRENS = "2021-01-01"
TR335_MAANDEN = 60  # a ProductPeriode may end at most five years before the DeclaratieDagtekening


def maanden_terug(datum: str, maanden: int) -> str:
    """YYYY-MM-DD minus whole months, the day cut back to the month's last day when it has fewer (as the official
    validation computes it: every fourth year a leap year)."""
    jaar, maand, dag = int(datum[:4]), int(datum[5:7]), int(datum[8:10])
    totaal = jaar * 12 + maand - 1 - maanden
    jaar, maand = divmod(totaal, 12)
    maand += 1
    dagen = 30 if maand in {4, 6, 9, 11} else 31 if maand != 2 else 29 if jaar % 4 == 0 else 28
    return f"{jaar:04d}-{maand:02d}-{min(dag, dagen):02d}"


@dataclass(slots=True)
class PrestatieScan:
    """What one pass over all clients and prestaties found: offending elements (or their paths) per rule, and the
    signed total. The dates of the header and the declaration come first (the exchange reads them before the
    clients when it streams a long 323, uitwisseling/stroom323.py). ISO dates compare as text."""

    dagtekening: str = ""  # Header/BerichtIdentificatie/Dagtekening (TR134, TR137)
    periode_eind: str = ""  # DeclaratiePeriode/Einddatum (TR319)
    tr335_grens: str = ""  # DeclaratieDagtekening minus 60 months (TR335)
    totaal: int = 0
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    # what earlier clients held, for the rules across the message (TR101 on Bsn, TR315, TR316)
    bsns: set[str] = field(default_factory=set)
    referenties: set[str] = field(default_factory=set)
    vorige_referenties: set[str] = field(default_factory=set)

    @classmethod
    def voor(cls, dagtekening: str, periode_eind: str, declaratie_dagtekening: str) -> PrestatieScan:
        return cls(
            dagtekening=dagtekening.strip(),
            periode_eind=periode_eind.strip(),
            tr335_grens=maanden_terug(declaratie_dagtekening.strip(), TR335_MAANDEN),
        )


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
    level 1 the children are in XSD order (0 ProductReferentie, 1 ToewijzingNummer, 2 ProductCategorie,
    3 ProductCode, 4 ProductPeriode, 5 GeleverdVolume, 6 Eenheid, 7 ProductTarief when present, last
    IngediendBedrag)."""
    hits = scan.hits
    bsn = client[0]
    if not voldoet_aan_elfproef(bsn.text or ""):
        hits["CS002"].append(_raak(bsn, pad))
    if bsn.text in scan.bsns:
        hits["TR101"].append(_raak(client, pad) if pad is None else pad)
    scan.bsns.add(bsn.text or "")
    tarief_tag = client.tag[: client.tag.index("}") + 1] + "ProductTarief"
    dagtekening, periode_eind, tr335_grens = scan.dagtekening, scan.periode_eind, scan.tr335_grens
    referenties, vorige_referenties = scan.referenties, scan.vorige_referenties
    sleutels: set[tuple[str | None, str | None]] = set()  # TR101 within the client
    debets: set[tuple[str | None, ...]] = set()  # TR416 within the client
    totaal = 0
    for i, prestatie in enumerate(client[1], start=1):
        eenheid = prestatie[6]
        euro = eenheid.text == EURO
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
        if begin[:7] != eind[:7]:  # ISO dates compare as text
            hits["CS337"].append(_raak(periode, pad, i))
        if begin < CS100_GRENS:
            hits["CS100"].append(_raak(periode, pad, i))
        if begin > dagtekening:
            hits["TR134"].append(_raak(periode, pad, i))
        if begin > eind or eind > dagtekening:
            hits["TR137"].append(_raak(periode, pad, i))
        if begin > periode_eind or eind > periode_eind:
            hits["TR319"].append(_raak(periode, pad, i))
        if eind < tr335_grens:
            hits["TR335"].append(_raak(periode, pad, i))
        referentie = prestatie[0]
        nummer = referentie[0].text
        vorig = referentie[1].text if len(referentie) > 1 else None
        if credit != (vorig is not None):
            hits["CD060"].append(_raak(referentie, pad, i))
        if (nummer, vorig) in sleutels:
            hits["TR101"].append(_raak(prestatie, pad, i) if pad is None else f"{pad}/Prestaties/Prestatie[{i}]")
        sleutels.add((nummer, vorig))
        if vorig is not None:
            if vorig in vorige_referenties:
                hits["TR315"].append(_raak(referentie, pad, i))
            if vorig in referenties or vorig == nummer:
                hits["TR316"].append(_raak(referentie, pad, i))
        if nummer in vorige_referenties:
            hits["TR316"].append(_raak(referentie, pad, i))
        referenties.add(nummer or "")
        if vorig is not None:
            vorige_referenties.add(vorig)
        if not credit:
            sleutel = (begin, eind, prestatie[2].text, prestatie[1].text, prestatie[3].text)
            if sleutel in debets:
                hits["TR416"].append(_raak(prestatie, pad, i) if pad is None else f"{pad}/Prestaties/Prestatie[{i}]")
            debets.add(sleutel)
        totaal += -bedrag if credit else bedrag
    scan.totaal += totaal


def prestatie_scan(view: BerichtView) -> PrestatieScan:
    """One pass over all clients and prestaties for every level-2 rule on them, cached on the view."""
    scan: PrestatieScan | None = view.cache.get("prestaties")
    if scan is None:
        declaratie = view.first("m:Declaratie")
        assert declaratie is not None
        scan = PrestatieScan.voor(
            view.dagtekening.text or "",
            view.text(declaratie, "m:DeclaratiePeriode/b:Einddatum") or "",
            view.text(declaratie, "m:DeclaratieDagtekening") or "",
        )
        for client in view.root.iter(f"{{{view.namespaces['m']}}}Client"):
            scan_client(client, scan)
        view.cache["prestaties"] = scan
    return scan
