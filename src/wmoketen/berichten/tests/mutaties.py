"""XSD-valid mutations of iWmo messages, for the differential test against the official validation.

A mutation changes a value, removes an element, repeats one or takes one over from another message of the same
kind. The new values come from what the rules look at: dates around the message's own dates (the day before and
after, month ends, 120 years back, the 2020/2021 boundary), the code lists of the units and frequencies, postcodes
in and out of the Dutch format, amounts that are just off, and references copied from elsewhere in the message.
Every mutation keeps the message XSD-valid (the official validation assumes level 1 passed).
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from hypothesis import strategies as st
from lxml import etree

from wmoketen.berichten.codec import BerichtSoort
from wmoketen.berichten.codec.schema import schema_for

CODES: dict[str, tuple[str, ...]] = {
    "Eenheid": ("01", "04", "14", "16", "82", "83", "84"),
    "Frequentie": ("1", "2", "3", "4", "5", "6"),
    "Soort": ("01", "02", "03", "04", "05"),
    "LandCode": ("NL", "BE", "DE"),
    "Postcode": ("6001AB", "6001 AB", "0123AB", "6001ab", "9999XX", "12345", "AB1234", "1000ZZ"),
    "Huisnummer": ("1", "12"),
    "NaamGebruik": ("1", "2", "3", "4", "5", "6"),
    "DatumGebruik": ("1", "2", "3"),
    "Vorm": ("1", "2", "3"),
    "RedenWijziging": ("01", "12", "13", "14"),
    "DebetCredit": ("D", "C"),
    "StatusAanlevering": ("1", "2", "3"),
    "VerzoekAntwoord": ("1", "2"),
    "RedenAfwijzingVerzoek": ("1", "7", "8"),
    "Type": ("01", "02", "03", "04", "05"),
    "ZorgverlenerCode": ("01234567",),
    "Categorie": ("01", "02", "06", "11", "14"),
    "ProductCategorie": ("01", "02", "11", "14"),
    "Code": ("01A01", "01A03", "02A01", "ABCDE"),
    "ProductCode": ("01A03", "01A04", "02A01"),
    "Bsn": ("999900006", "999900018", "123456782", "123456789", "000000000"),
    "RetourCode": ("0200", "8001", "9307", "0001"),
    "RedenBeeindiging": ("20", "31", "19"),
}
BEDRAGEN = {"Volume", "Bedrag", "TotaalBedrag", "ProductTarief", "GeleverdVolume", "Budget"}
REFERENTIES = {"ReferentieNummer", "VorigReferentieNummer", "ReferentieAanbieder", "ToewijzingNummer", "Nummer"}


def is_datum(element: etree._Element) -> bool:
    naam = etree.QName(element).localname.lower()
    return ("datum" in naam or "dagtekening" in naam) and len(element) == 0


def _datums(boom: etree._Element) -> list[str]:
    """Candidate dates: the message's own, shifted a little and to month boundaries, and a few fixed ones."""
    gezien: set[date] = set()
    for element in boom.iter(etree.Element):
        if is_datum(element) and element.text:
            try:
                gezien.add(date.fromisoformat(element.text.strip()))
            except ValueError:
                continue
    kandidaten: set[date] = {date(2020, 12, 31), date(2021, 1, 1), date(1900, 1, 1), date(2023, 2, 28)}
    for d in gezien:
        eerste = d.replace(day=1)
        laatste = (eerste + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        kandidaten |= {d, d - timedelta(days=1), d + timedelta(days=1), eerste, laatste, d + timedelta(days=40)}
        eerste_vroeger = (
            eerste.replace(year=d.year - 5),
            eerste.replace(year=d.year - 121),
            eerste.replace(year=d.year - 119),
        )
        kandidaten |= {*eerste_vroeger, eerste.replace(year=d.year - 5) - timedelta(days=1)}
    return sorted(k.isoformat() for k in kandidaten)


def kandidaten(element: etree._Element, boom: etree._Element) -> list[str]:
    naam = etree.QName(element).localname
    if is_datum(element):
        return _datums(boom)
    waarden: list[str] = list(CODES.get(naam, ()))
    zelfde = sorted({e.text for e in boom.iter(element.tag) if e.text})
    if naam in REFERENTIES:
        for ander in REFERENTIES:
            zelfde += sorted({e.text for e in boom.iter(f"{{*}}{ander}") if e.text})
    if naam in BEDRAGEN:
        getallen = {int(e.text) for n in BEDRAGEN for e in boom.iter(f"{{*}}{n}") if e.text and e.text.isdigit()}
        waarden += [str(g) for g in sorted(getallen | {0, 1} | {g + 1 for g in getallen} | {sum(getallen)})]
        waarden += [f"0{g}" for g in sorted(getallen)[:2]]
    return sorted(set(waarden + zelfde)) or [element.text or "x"]


def _elementen(boom: etree._Element) -> list[etree._Element]:
    return [e for e in boom.iter(etree.Element) if e is not boom]


@st.composite
def mutatie(draw: st.DrawFn, boom: etree._Element, donoren: list[etree._Element]) -> etree._Element:
    """A deep copy of `boom` (XSD-valid) with one to four mutations that each keep it XSD-valid: a mutation the
    schema refuses is undone (the official validation assumes level 1 passed)."""
    boom = copy.deepcopy(boom)
    for _ in range(draw(st.integers(1, 4))):
        elementen = _elementen(boom)
        soort = draw(st.sampled_from(("waarde", "waarde", "waarde", "weg", "dubbel", "overnemen")))
        voor = copy.deepcopy(boom)
        if soort == "waarde":
            element = draw(st.sampled_from([e for e in elementen if len(e) == 0]))
            element.text = draw(st.sampled_from(kandidaten(element, boom)))
        elif soort == "weg":
            element = draw(st.sampled_from(elementen))
            element.getparent().remove(element)  # type: ignore[union-attr]
        elif soort == "dubbel":
            element = draw(st.sampled_from(elementen))
            element.addnext(copy.deepcopy(element))
        elif donoren:
            _overnemen(draw, boom, draw(st.sampled_from(donoren)))
        if not xsd_geldig(boom):
            boom = voor
    return boom


def _pad(element: etree._Element) -> tuple[str, ...]:
    delen = []
    while element is not None:
        delen.append(element.tag)
        element = element.getparent()  # type: ignore[assignment]
    return tuple(reversed(delen))


def _overnemen(draw: st.DrawFn, boom: etree._Element, donor: etree._Element) -> None:
    """Copy an element of the donor into the same place of `boom` (after the sibling that precedes it there)."""
    plekken = {_pad(e): e for e in boom.iter(etree.Element)}
    kandidaten_ = [e for e in donor.iter(etree.Element) if e.getparent() is not None and _pad(e.getparent()) in plekken]
    if not kandidaten_:
        return
    element = draw(st.sampled_from(kandidaten_))
    ouder = plekken[_pad(element.getparent())]  # type: ignore[arg-type]
    volgorde = [c.tag for c in element.getparent()]  # type: ignore[union-attr]
    voor = volgorde[: volgorde.index(element.tag)]
    plek = 0
    for i, kind in enumerate(ouder):
        if kind.tag in voor or kind.tag == element.tag:
            plek = i + 1
    ouder.insert(plek, copy.deepcopy(element))


def xsd_geldig(boom: etree._Element) -> bool:
    soort = BerichtSoort.from_namespace(etree.QName(boom).namespace or "")
    return soort is not None and bool(schema_for(soort).validate(boom))
