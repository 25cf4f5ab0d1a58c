"""The Omvang of a 301 in euro's (eenheid 83) for an amount-based product, from the settlement engine: what the
region's rules pay at most, so the municipality's own assignment never makes TR321/TR322 refuse a claim its
settlement rules allow. A profile per 4 weeks spread over calendar months gives months above the 4-week price
(January 2019 under MLW 2018: EUR 265,72 for a price of EUR 240,00), so the tariff itself is too small a volume.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wmoketen.catalogus.selectors import product_op_datum

from .aanspraak import maandaanspraken
from .adapters import bekostigingsregel_from_model, tariefregel_from_model
from .feiten import Toewijzingsfeiten
from .fouten import Afrekenfout

HORIZON_ZONDER_EINDE = timedelta(days=366)  # an open assignment: every kind of month occurs within a year


def omvang_in_euro(product: Any, ingangsdatum: date, einddatum: date | None, frequentie: str) -> int | None:
    """Per month (frequentie 4): the largest month entitlement; in total (6): the whole entitlement. None when the
    product is not amount-based or the entitlement cannot be determined (the caller then uses the tariff)."""
    bekostiging = product_op_datum(product=product, dag=ingangsdatum).bekostiging
    if bekostiging is None:
        return None
    if frequentie == "6" and einddatum is None:
        return None
    feiten = Toewijzingsfeiten(
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        eenheid="83",
        frequentie=frequentie,
        productcategorie=product.categorie,
    )
    tot = einddatum or ingangsdatum + HORIZON_ZONDER_EINDE
    try:
        maanden = maandaanspraken(
            model=str(bekostiging.model),
            bekostiging=bekostigingsregel_from_model(bekostiging),
            tarieven=[tariefregel_from_model(t) for t in product.tarieven.all()],
            feiten=feiten,
            tot=tot,
        )
    except Afrekenfout:
        return None
    if not maanden:
        return None
    return max(maanden.values()) if frequentie == "4" else sum(maanden.values())
