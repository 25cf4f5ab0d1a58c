"""The money effect of a conversion per calendar month, with the settlement engine of declaraties.

For each assignment: what may be claimed at most (bereken_aanspraken without delivered volume, mapped to calendar
months with naar_kalendermaanden) before the conversion, and after it (the old assignment with its new end date
plus the new one). Only months from the definition's peildatum up to the horizon count. A month in which the
catalogue has no funding or tariff for the product counts 0.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from wmoketen.catalogus.models import Product
from wmoketen.core.geldigheid import rij_geldig_op
from wmoketen.declaraties.adapters import bekostigingsregel_from_model, tariefregel_from_model
from wmoketen.declaraties.afrekening import bereken_aanspraken
from wmoketen.declaraties.feiten import Toewijzingsfeiten
from wmoketen.declaraties.fouten import Afrekenfout
from wmoketen.declaraties.maandtoedeling import naar_kalendermaanden
from wmoketen.declaraties.perioden import Periode

Maandbedragen = dict[str, int]


def maandbedragen(
    *,
    product: Product,
    ingangsdatum: date,
    einddatum: date | None,
    volume: int | None,
    eenheid: str,
    frequentie: str,
    budget_cent: int | None,
    van: date,
    tot: date,
) -> Maandbedragen:
    """Maximum entitlement per month ('2022-04') of one assignment, within [van, tot]."""
    if einddatum is not None and einddatum < van:
        return {}
    bekostiging = rij_geldig_op(product.bekostigingen.all(), max(ingangsdatum, van))
    if bekostiging is None:
        return {}
    begin = max(ingangsdatum, bekostiging.geldig_van)
    eind = min(d for d in (einddatum, bekostiging.geldig_tot, tot) if d is not None)
    if eind < begin:
        return {}
    feiten = Toewijzingsfeiten(
        ingangsdatum=begin,
        einddatum=eind,
        volume=volume,
        eenheid=eenheid,
        frequentie=frequentie,
        budget_cent=budget_cent,
        productcategorie=product.categorie,
    )
    try:
        afrekening = bereken_aanspraken(
            bekostigingsregel_from_model(bekostiging),
            [tariefregel_from_model(t) for t in product.tarieven.all()],
            feiten,
        )
        maanden = naar_kalendermaanden(afrekening.aanspraken, Periode(begin, eind))
    except Afrekenfout:  # no tariff in a month, a tariff that does not fit the grid: counts 0 (see above)
        return {}
    return {
        f"{m.productperiode.van:%Y-%m}": m.bedrag_cent for m in maanden if m.productperiode.van >= van.replace(day=1)
    }


def optellen(doel: defaultdict[str, int], bron: Maandbedragen, teken: int = 1) -> None:
    for maand, bedrag in bron.items():
        doel[maand] += teken * bedrag
