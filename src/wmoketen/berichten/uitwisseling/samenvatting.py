"""A short, readable summary of a message for lists and detail pages (no BSN: that stays in the XML)."""

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

from ..codec import Bericht
from ..codec.xmlmap import Berichtklasse, pascal

REGELKLASSEN = {
    "ToegewezenProduct",
    "StartProduct",
    "StopProduct",
    "AangevraagdProduct",
    "OngewijzigdProduct",
    "TeWijzigenProduct",
    "NieuwProduct",
    "Antwoord",
    "Prestatie",
}
WEGLATEN = {"retour_codes", "bsn"}
MAX_REGELS = 200


def _tekst(value: Any) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return " ".join(_tekst(getattr(value, f.name)) for f in dataclasses.fields(value) if getattr(value, f.name))
    return str(value)


def _regels(obj: Any, out: list[dict[str, Any]], teller: list[int]) -> None:
    if not dataclasses.is_dataclass(obj):
        return
    naam = type(obj).__name__
    if naam in REGELKLASSEN:
        teller[0] += 1
        if teller[0] > MAX_REGELS:
            return  # counted, not summarised
        velden = {
            pascal(f.name): _tekst(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.name not in WEGLATEN and getattr(obj, f.name) not in (None, ())
        }
        out.append({"klasse": naam, "velden": velden, "retourcodes": list(getattr(obj, "retour_codes", ()))})
        return
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, tuple):
            for item in value:
                if isinstance(item, Berichtklasse):
                    _regels(item, out, teller)
        elif isinstance(value, Berichtklasse):
            _regels(value, out, teller)


def samenvatting(bericht: Bericht) -> dict[str, Any]:
    """Client name, header retourcodes and the lines (products, prestaties); of a long message (a 323 of
    thousands of prestaties) the first MAX_REGELS lines and the count: it is for the message page, the message
    itself is stored whole."""
    regels: list[dict[str, Any]] = []
    teller = [0]
    _regels(bericht, regels, teller)
    client = getattr(bericht, "client", None)
    naam = getattr(client, "naam", None) if client is not None else None
    result: dict[str, Any] = {
        "client_naam": _tekst(naam.geslachtsnaam) if naam is not None else "",
        "regels": regels,
        "retourcodes_header": list(bericht.header.retour_codes),
    }
    if teller[0] > MAX_REGELS:
        result["regels_totaal"] = teller[0]
    return result
