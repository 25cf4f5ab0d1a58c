"""Reads of the catalogue, for pages and for other apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from wmoketen.core.geldigheid import rij_geldig_op

from .models import Bekostiging, Perceel, Product, Regio, Segment, Tarief


def regio_met_catalogus(*, code: str) -> Regio:
    """A region with its whole catalogue prefetched for the read-only catalogue page."""
    producten = Product.objects.select_related("profiel").prefetch_related(
        "grondslagen",
        Prefetch("bekostigingen", queryset=Bekostiging.objects.select_related("afrekenregel__regio")),
        "tarieven",
        "cak_kostprijzen",
    )
    percelen = Perceel.objects.prefetch_related(Prefetch("producten", queryset=producten))
    segmenten = Segment.objects.prefetch_related(Prefetch("percelen", queryset=percelen), "budgetplafonds__aanbieder")
    return Regio.objects.prefetch_related(
        "gemeenten", Prefetch("segmenten", queryset=segmenten), "afrekenregels", "profielen", "grondslagen"
    ).get(code=code)


def regio_met_code(code: str) -> Regio | None:
    """A region by its code, without relations (its settings, such as the theme); None when there is none."""
    return Regio.objects.filter(code=code).first()


def regios() -> QuerySet[Regio]:
    """Catalogue data is not personal: every signed-in user may read the catalogue of every region."""
    return Regio.objects.prefetch_related("gemeenten").order_by("geldig_van", "naam")


@dataclass(frozen=True)
class ProductOpDatum:
    product: Product
    bekostiging: Bekostiging | None
    tarief: Tarief | None


def product_op_datum(*, product: Product, dag: date) -> ProductOpDatum:
    """The funding and tariff of a product that apply on `dag`."""
    return ProductOpDatum(
        product=product,
        bekostiging=rij_geldig_op(product.bekostigingen.all(), dag),
        tarief=rij_geldig_op(product.tarieven.all(), dag),
    )
