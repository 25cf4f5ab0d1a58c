"""Which assignments a conversion touches and what it does with each (read only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from wmoketen.catalogus.models import Bekostiging, Product, Regio, Tarief
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.geldigheid import rij_geldig_op
from wmoketen.toewijzingen.models import Toewijzing

from ..domain import Conversieactie, Wijze, conversie_actie
from .definitie import Conversiedefinitie


class ConversieFout(Domeinfout):
    """The conversion cannot be prepared or run; Dutch text."""


@dataclass(frozen=True)
class Kandidaat:
    toewijzing: Toewijzing
    regel: int
    actie: Conversieactie
    gemeente_code: str
    agb_code: str
    segment_code: str


def regio_van(definitie: Conversiedefinitie) -> Regio:
    regio = Regio.objects.filter(code=definitie.regio).first()
    if regio is None:
        raise ConversieFout(f"Regio {definitie.regio!r} is niet geladen; laad eerst het regiobestand.")
    return regio


def doelproducten(definitie: Conversiedefinitie, regio: Regio) -> dict[int, Product]:
    """The new product per rule (administratief), checked against the catalogue."""
    out: dict[int, Product] = {}
    for i, regel in enumerate(definitie.regels):
        if regel.naar_product is None:
            continue
        product = _met_catalogus(Product.objects.filter(regio=regio, productcode=regel.naar_product)).first()
        if product is None:
            raise ConversieFout(f"Regel {regel.naam!r}: product {regel.naar_product} staat niet in {regio.naam}.")
        if regel.datum is not None and model_op(product, regel.datum) != regel.naar_model:
            raise ConversieFout(
                f"Regel {regel.naam!r}: product {regel.naar_product} heeft op {regel.datum:%d-%m-%Y} niet "
                f"bekostigingsmodel {regel.naar_model}."
            )
        out[i] = product
    return out


def _met_catalogus(qs: QuerySet[Product]) -> QuerySet[Product]:
    return qs.select_related("perceel__segment").prefetch_related(
        Prefetch("bekostigingen", queryset=Bekostiging.objects.select_related("afrekenregel__regio")),
        Prefetch("tarieven", queryset=Tarief.objects.all()),
    )


def model_op(product: Product, dag: date) -> str | None:
    bekostiging = rij_geldig_op(product.bekostigingen.all(), dag)
    return str(bekostiging.model) if bekostiging is not None else None


def kandidaten(definitie: Conversiedefinitie, regio: Regio) -> Iterator[Kandidaat]:
    """Every assignment in scope, in a fixed order (municipality, client BSN, provider, number), with its action.

    In scope: a product of the region selected by a rule (code and/or segment), not deleted, running on or after
    the definition's `peildatum`, in one of the definition's municipalities (when it names any), and funded in the
    rule's `van_model`."""
    producten = list(_met_catalogus(Product.objects.filter(regio=regio)))
    regel_van: dict[int, int] = {}
    for product in producten:
        index = definitie.regel_voor(product.productcode, product.perceel.segment.code)
        if index is not None:
            regel_van[product.pk] = index
    if not regel_van:
        return
    per_product = {p.pk: p for p in producten}
    qs = (
        Toewijzing.objects.filter(product_id__in=list(regel_van))
        .lopend_vanaf(definitie.peildatum)
        .niet_verwijderd()
        .select_related("client__gemeente", "aanbieder")
        .order_by("client__gemeente__cbs_code", "client__bsn", "aanbieder__agb_code", "toewijzing_nummer")
    )
    if definitie.gemeenten:
        qs = qs.filter(client__gemeente__cbs_code__in=definitie.gemeenten)
    for toewijzing in qs.iterator(chunk_size=2000):
        product = per_product[toewijzing.product_id]
        toewijzing.product = product
        index = regel_van[product.pk]
        regel = definitie.regels[index]
        peil = max(toewijzing.ingangsdatum, definitie.peildatum)
        if model_op(product, peil) != regel.van_model:
            continue
        actie = conversie_actie(
            ingangsdatum=toewijzing.ingangsdatum,
            einddatum=toewijzing.einddatum,
            wijze=Wijze(regel.wijze),
            datum=regel.datum,
            uiterlijk=regel.uiterlijk,
            nieuwe_einddatum=regel.nieuwe_einddatum,
        )
        yield Kandidaat(
            toewijzing=toewijzing,
            regel=index,
            actie=actie,
            gemeente_code=toewijzing.client.gemeente.cbs_code,
            agb_code=toewijzing.aanbieder.agb_code,
            segment_code=product.perceel.segment.code,
        )
