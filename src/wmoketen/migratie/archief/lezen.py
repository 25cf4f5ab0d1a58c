"""Reading an archived message whole, into the codec's iWmo 3.2 objects, or a Dutch reason why it cannot be.

* 3.2: the codec itself (hardened parse, XSD, mapping).
* 3.0 and 3.1: the structure of the 3.x releases is close to 3.2; the message is read as 3.2 (namespaces and
  BerichtSubversie mapped) and must then satisfy the 3.2 XSD, or its XSD error is the reason.
* 2.x (before 1-1-2021): 301, 305 and 307 are read where their structure allows (`lezen2`); the declaration
  303/304 and the other kinds are reported as not importable, with the reason.

A retour only contributes its retourcodes, which every release writes as `RetourCode` elements.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from wmoketen.berichten.codec import Bericht, BerichtError, parse
from wmoketen.berichten.codec.safexml import parse_untrusted

from . import lezen2
from .kop import HUIDIG, Kop, NietImporteerbaar

IWMO = "http://www.istandaarden.nl/iwmo/"


def als_32(data: bytes, versie: str) -> bytes:
    """A 3.0/3.1 message rewritten into the 3.2 namespaces with BerichtSubversie 2, so the 3.2 XSD judges its
    structure. Nothing else changes: what the 3.2 schema does not accept stays a reason to refuse."""
    boom = parse_untrusted(data)
    oud = f"{IWMO}{versie.replace('.', '_')}/"
    nieuw = f"{IWMO}3_2/"
    for element in boom.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace and qname.namespace.startswith(oud):
            element.tag = f"{{{nieuw}{qname.namespace[len(oud) :]}}}{qname.localname}"
        if qname.localname == "BerichtSubversie":
            element.text = "2"
    etree.cleanup_namespaces(boom)
    return etree.tostring(boom, xml_declaration=True, encoding="UTF-8")


def lees_bericht(data: bytes, kop: Kop) -> list[Bericht]:
    """The message as 3.2 objects: one, or one per client for a 2.x message with several clients."""
    if kop.versie.startswith("2."):
        return lezen2.lees(data, kop)
    inhoud = data if kop.versie == HUIDIG else als_32(data, kop.versie)
    try:
        return [parse(inhoud)]
    except BerichtError as exc:
        if kop.versie == HUIDIG:
            raise NietImporteerbaar(str(exc).replace("Bericht geweigerd: ", "")) from exc
        raise NietImporteerbaar(f"iWmo {kop.versie}-bericht past niet in de opbouw van 3.2: {exc}") from exc


@dataclass(frozen=True)
class Retour:
    """What a retour (or a 325) says: every RetourCode in it, those of its header and of the DeclaratieAntwoord,
    and its own IdentificatieRetour."""

    alle: tuple[str, ...]
    kop: tuple[str, ...]
    antwoord: tuple[str, ...]
    identificatie_retour: str

    @property
    def oordeel(self) -> tuple[str, ...]:
        """The codes that judge the heen-bericht: of a 325 the header and the declaration, else all of them."""
        return self.kop + self.antwoord if self.antwoord else self.alle


def _codes(element: etree._Element | None, *, diep: bool) -> tuple[str, ...]:
    if element is None:
        return ()
    bron = element.iter() if diep else (c for r in _kinderen(element, "RetourCodes") for c in r)
    codes = [
        (e.text or "").strip() for e in bron if isinstance(e.tag, str) and etree.QName(e).localname == "RetourCode"
    ]
    return tuple(dict.fromkeys(c for c in codes if c))


def _kinderen(element: etree._Element, naam: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == naam]


def lees_retour(data: bytes) -> Retour:
    """The retourcodes of a retour or 325 of any release."""
    try:
        root = parse_untrusted(data).getroot()
    except BerichtError as exc:
        raise NietImporteerbaar(str(exc).replace("Bericht geweigerd: ", "")) from exc
    header = next(iter(_kinderen(root, "Header")), None)
    antwoord = next(iter(_kinderen(root, "DeclaratieAntwoord")), None)
    identificatie = next(iter(_kinderen(header, "IdentificatieRetour")), None) if header is not None else None
    return Retour(
        alle=_codes(root, diep=True),
        kop=_codes(header, diep=False),
        antwoord=_codes(antwoord, diep=False),
        identificatie_retour=(identificatie.text or "").strip() if identificatie is not None else "",
    )
