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


def _tekst(value: Any) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return " ".join(_tekst(getattr(value, f.name)) for f in dataclasses.fields(value) if getattr(value, f.name))
    return str(value)


def _regels(obj: Any, out: list[dict[str, Any]]) -> None:
    if not dataclasses.is_dataclass(obj):
        return
    naam = type(obj).__name__
    if naam in REGELKLASSEN:
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
                    _regels(item, out)
        elif isinstance(value, Berichtklasse):
            _regels(value, out)


def samenvatting(bericht: Bericht) -> dict[str, Any]:
    regels: list[dict[str, Any]] = []
    _regels(bericht, regels)
    client = getattr(bericht, "client", None)
    naam = getattr(client, "naam", None) if client is not None else None
    return {
        "client_naam": _tekst(naam.geslachtsnaam) if naam is not None else "",
        "regels": regels,
        "retourcodes_header": list(bericht.header.retour_codes),
    }
