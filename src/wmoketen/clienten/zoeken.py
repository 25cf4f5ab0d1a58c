"""What a consultant types in the one search box, read as criteria: a BSN, a date of birth, a postcode with or
without house number, and the rest as (part of) a name. Pure: no database (the query is in selectors.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from wmoketen.core.bsn import BsnFout, normaliseer_bsn

_BSN = re.compile(r"^\d[\d .]{7,10}\d$")
_DATUM_NL = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_DATUM_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_POSTCODE = re.compile(r"\b(\d{4})\s?([a-zA-Z]{2})\b(?:\s*(\d{1,5})\s*([a-zA-Z0-9-]{0,4}))?")
MIN_NAAM = 2  # a single letter would match half the register


class ZoekFout(Exception):
    """The search text cannot be read; the message is Dutch and says why."""


@dataclass(frozen=True)
class Zoekvraag:
    bsn: str = ""
    geboortedatum: date | None = None
    postcode: str = ""
    huisnummer: int | None = None
    naamdelen: tuple[str, ...] = field(default_factory=tuple)

    @property
    def leeg(self) -> bool:
        return not (self.bsn or self.geboortedatum or self.postcode or self.naamdelen)


def normaliseer(tekst: str) -> str:
    """Lower case, composed (NFC) like the stored name: `Client.zoeknaam` is the lower-cased name. Diacritics stay:
    PostgreSQL's unaccent cannot be part of a generated column; the trigram similarity finds "Muller" for
    "Müller" there."""
    return unicodedata.normalize("NFC", tekst.lower())


def _datum(jaar: str, maand: str, dag: str) -> date:
    try:
        return date(int(jaar), int(maand), int(dag))
    except ValueError as exc:
        raise ZoekFout(f"{dag}-{maand}-{jaar} is geen bestaande datum.") from exc


def zoekvraag_lezen(tekst: str) -> Zoekvraag:
    """Read the search text. A BSN stands alone; a date, a postcode (+ house number) and name parts may be
    combined ("Jansen 12-03-1950", "6001 AB 7")."""
    tekst = " ".join(tekst.split())
    if not tekst:
        return Zoekvraag()
    if any(unicodedata.category(ch).startswith("C") for ch in tekst):  # NUL, control and format characters
        raise ZoekFout("De zoektekst bevat tekens die niet in een naam, BSN, datum of postcode voorkomen.")
    if _BSN.match(tekst):
        try:
            return Zoekvraag(bsn=normaliseer_bsn(tekst))
        except BsnFout as fout:
            raise ZoekFout(f"{fout} Zoek op naam, geboortedatum of postcode als u het BSN niet zeker weet.") from fout
    rest = tekst
    geboortedatum = None
    if m := _DATUM_NL.search(rest):
        geboortedatum = _datum(m.group(3), m.group(2), m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]
    elif m := _DATUM_ISO.search(rest):
        geboortedatum = _datum(m.group(1), m.group(2), m.group(3))
        rest = rest[: m.start()] + rest[m.end() :]
    postcode, huisnummer = "", None
    if m := _POSTCODE.search(rest):
        postcode = f"{m.group(1)}{m.group(2).upper()}"
        huisnummer = int(m.group(3)) if m.group(3) else None
        rest = rest[: m.start()] + rest[m.end() :]
    delen = tuple(d for d in (normaliseer(w.strip(".,;")) for w in rest.split()) if d)
    if delen and max(len(d) for d in delen) < MIN_NAAM:
        raise ZoekFout(f"Zoek op naam met ten minste {MIN_NAAM} letters.")
    if any(ch.isdigit() for d in delen for ch in d):
        raise ZoekFout(
            "Dit is geen BSN (9 cijfers), geboortedatum (dd-mm-jjjj) of postcode (1234 AB) dat wij herkennen."
        )
    return Zoekvraag(geboortedatum=geboortedatum, postcode=postcode, huisnummer=huisnummer, naamdelen=delen)
