"""The Omvang of a 301 in euro's (eenheid 83) for an amount-based product, from the settlement engine: what the
region's rules pay at most, so the municipality's own assignment never makes TR321/TR322 refuse a claim its
settlement rules allow. A profile per 4 weeks spread over calendar months gives months above the 4-week price
(January 2019 under MLW 2018: EUR 265,72 for a price of EUR 240,00), so the tariff itself is too small a volume.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.selectors import product_op_datum

from .aanspraak import maandaanspraken
from .adapters import bekostigingsregel_from_model, tariefregel_from_model
from .feiten import Toewijzingsfeiten
from .fouten import Afrekenfout

HORIZON_ZONDER_EINDE = timedelta(days=366)  # an open assignment: every kind of month occurs within a year


def omvang_in_euro(
    product: Any, ingangsdatum: date, einddatum: date | None, frequentie: str, *, begin_door_wissel: bool = False
) -> int | None:
    """Per month (frequentie 4): the largest month entitlement; in total (6): the whole entitlement. None when the
    product is not amount-based or the entitlement cannot be determined (the caller then uses the tariff).

    Per month, the largest over every way the assignment may still end: its own end, or an earlier end on the last
    day of any month (an end period paid in full, or kept by the old provider on a switch of provider, falls into
    that month; issue 14 item 5), with and without a switch. The volume of a per-month assignment may not change
    on the existing assignment (OP033x1), so it must hold from the start. `begin_door_wissel`: the assignment
    starts because the client switched to this provider (the region's switch rule instead of the start rule)."""
    bekostiging = product_op_datum(product=product, dag=ingangsdatum).bekostiging
    if bekostiging is None:
        return None
    if frequentie == "6" and einddatum is None:
        return None
    tot = einddatum or ingangsdatum + HORIZON_ZONDER_EINDE
    regel = bekostigingsregel_from_model(bekostiging)
    tarieven = [tariefregel_from_model(t) for t in product.tarieven.all()]

    def maanden(eind: date | None, einde_door_wissel: bool = False) -> dict[str, int] | None:
        feiten = Toewijzingsfeiten(
            ingangsdatum=ingangsdatum,
            einddatum=eind,
            eenheid=Eenheid.EUROS,
            frequentie=frequentie,
            productcategorie=product.categorie,
            begin_door_wissel=begin_door_wissel,
            einde_door_wissel=einde_door_wissel,
        )
        return maandaanspraken(
            model=str(bekostiging.model), bekostiging=regel, tarieven=tarieven, feiten=feiten, tot=eind or tot
        )

    try:
        eigen = maanden(einddatum)
        if not eigen:
            return None
        if frequentie != "4":
            return sum(eigen.values())
        grootste = max(eigen.values())
        for eind in _maandeinden(ingangsdatum, tot):
            for wissel in (False, True):
                vroeger = maanden(eind, wissel)
                if vroeger:
                    grootste = max(grootste, max(vroeger.values()))
    except Afrekenfout:
        return None
    return grootste


def _maandeinden(van: date, tot: date) -> list[date]:
    """The last day of every month from `van`'s month that lies on or after `van` and before `tot`."""
    eindes: list[date] = []
    jaar, maand = van.year, van.month
    while True:
        volgende = date(jaar + (maand == 12), maand % 12 + 1, 1)
        einde = volgende - timedelta(days=1)
        if einde >= tot:
            return eindes
        if einde >= van:
            eindes.append(einde)
        jaar, maand = volgende.year, volgende.month
