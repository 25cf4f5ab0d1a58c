"""Four eyes on a beschikking: its yearly cost, estimated from the plan's products and the catalogue tariffs, and
the region's amount from which a second consultant must approve it (docs/security.md, "Vier ogen")."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from wmoketen.catalogus.models import Bekostiging, Product, Tarief
from wmoketen.core.geldigheid import rij_geldig_op

from .instellingen import ToegangInstellingen
from .models import Ondersteuningsplan

PER_JAAR_NAAR_FREQUENTIE = {"1": 365, "2": 52, "4": 12}  # iWmo WMO757: per dag, per week, per maand
PER_JAAR_NAAR_TARIEF = {"week": 52, "maand": 12, "4_weken": 13, "jaar": 1}


def drempel_cent(instellingen: ToegangInstellingen) -> int:
    """The region's `vier_ogen_vanaf_cent`, else the global WMOKETEN_VIER_OGEN_VANAF_CENT."""
    if instellingen.vier_ogen_vanaf_cent is not None:
        return instellingen.vier_ogen_vanaf_cent
    return int(settings.WMOKETEN_VIER_OGEN_VANAF_CENT)


def product_jaarbedrag_cent(product: Product, volume: int | None, *, op: date, termijn_maanden: int) -> int:
    """Yearly cost of one product: tariff x volume x occurrences per year (frequency of the funding). A total over
    the indication term is spread over the term; a maximum budget counts in full; no tariff counts as 0."""
    bekostiging: Bekostiging | None = rij_geldig_op(product.bekostigingen.all(), op)
    tarief: Tarief | None = rij_geldig_op(product.tarieven.all(), op)
    if bekostiging is not None and bekostiging.maximum_budget_cent:
        return int(bekostiging.maximum_budget_cent * 12 // max(termijn_maanden, 12))
    if tarief is None:
        return 0
    if tarief.per in PER_JAAR_NAAR_TARIEF:
        return tarief.bedrag_cent * PER_JAAR_NAAR_TARIEF[tarief.per]
    if volume is None or tarief.per == "traject":
        return tarief.bedrag_cent * 12 // max(termijn_maanden, 12)
    frequentie = bekostiging.frequentie if bekostiging else ""
    if frequentie in PER_JAAR_NAAR_FREQUENTIE:
        return tarief.bedrag_cent * volume * PER_JAAR_NAAR_FREQUENTIE[frequentie]
    return tarief.bedrag_cent * volume * 12 // max(termijn_maanden, 1)  # "6": total within the term


def jaarbedrag_cent(plan: Ondersteuningsplan, *, op: date) -> int:
    return sum(
        product_jaarbedrag_cent(pp.product, pp.volume, op=op, termijn_maanden=plan.termijn_maanden)
        for pp in plan.producten.select_related("product").prefetch_related(
            "product__bekostigingen", "product__tarieven"
        )
    )


def pgb_jaarbedrag_cent(jaarbedrag: int, instellingen: ToegangInstellingen) -> int:
    """The personal budget per year: the yearly cost in kind (`jaarbedrag_cent`) times the region's pgb percentage
    (`instellingen: toegang: pgb_percentage`, default 100; many verordeningen set the pgb tariff below the tariff
    in kind), rounded down to whole cents."""
    return jaarbedrag * instellingen.pgb_percentage // 100
