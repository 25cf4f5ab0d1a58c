"""The filter every KPI takes (region, municipality, segment, provider, period) and the dimension it groups by.

Paths are written relative to a `Toewijzing`; a KPI over another model passes the path from that model to its
assignment (`toewijzing__` for a prestatie or an evaluation).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from django.db.models import Q

from wmoketen.catalogus.models import Gemeente, Perceel, Product, Profiel, Regio, Segment
from wmoketen.contracten.models import Aanbieder


class Dimensie(StrEnum):
    AANBIEDER = "aanbieder"
    SEGMENT = "segment"
    PERCEEL = "perceel"
    GEMEENTE = "gemeente"
    PRODUCT = "product"
    PROFIEL = "profiel"

    @property
    def label(self) -> str:
        return DIMENSIE_LABELS[self]


DIMENSIE_LABELS = {
    Dimensie.AANBIEDER: "Aanbieder",
    Dimensie.SEGMENT: "Segment",
    Dimensie.PERCEEL: "Perceel",
    Dimensie.GEMEENTE: "Gemeente",
    Dimensie.PRODUCT: "Product",
    Dimensie.PROFIEL: "Profiel",
}

# Path from a Toewijzing to the id of each dimension.
PAD = {
    Dimensie.AANBIEDER: "aanbieder_id",
    Dimensie.SEGMENT: "product__perceel__segment_id",
    Dimensie.PERCEEL: "product__perceel_id",
    Dimensie.GEMEENTE: "client__gemeente_id",
    Dimensie.PRODUCT: "product_id",
    Dimensie.PROFIEL: "product__profiel_id",
}


@dataclass(frozen=True)
class Filter:
    """What the figures are about. Dates are inclusive; None means "all"."""

    van: date
    tot: date
    regio_id: int | None = None
    gemeente_id: int | None = None
    segment_id: int | None = None
    aanbieder_id: int | None = None

    def met(self, **kw: object) -> Filter:
        return replace(self, **kw)  # type: ignore[arg-type]

    def query_string(self) -> str:
        delen = [f"van={self.van:%Y-%m-%d}", f"tot={self.tot:%Y-%m-%d}"]
        for naam in ("regio", "gemeente", "segment", "aanbieder"):
            waarde = getattr(self, f"{naam}_id")
            if waarde is not None:
                delen.append(f"{naam}={waarde}")
        return "&".join(delen)


def toewijzing_q(f: Filter, pad: str = "", *, gemeente_pad: str | None = None, met_aanbieder: bool = True) -> Q:
    """The filter on assignments reached through `pad` (e.g. 'toewijzing__'): region, municipality, segment,
    provider. Not the period: each KPI says which date it puts in the period."""
    q = Q()
    if f.regio_id is not None:
        q &= Q(**{f"{pad}product__regio_id": f.regio_id})
    if f.gemeente_id is not None:
        q &= Q(**{gemeente_pad or f"{pad}client__gemeente_id": f.gemeente_id})
    if f.segment_id is not None:
        q &= Q(**{f"{pad}product__perceel__segment_id": f.segment_id})
    if met_aanbieder and f.aanbieder_id is not None:
        q &= Q(**{f"{pad}aanbieder_id": f.aanbieder_id})
    return q


def loopt_in_periode(f: Filter, pad: str = "") -> Q:
    """The assignment runs on at least one day of the period."""
    return Q(**{f"{pad}ingangsdatum__lte": f.tot}) & (
        Q(**{f"{pad}einddatum__isnull": True}) | Q(**{f"{pad}einddatum__gte": f.van})
    )


def groepnamen(dimensie: Dimensie, ids: set[int | None]) -> dict[int | None, str]:
    """Display names for the group ids of one dimension ('Onbekend' for None)."""
    namen: dict[int | None, str] = {None: "Onbekend"}
    schone = {i for i in ids if i is not None}
    if dimensie == Dimensie.AANBIEDER:
        namen |= {a.pk: a.naam for a in Aanbieder.objects.filter(pk__in=schone)}
    elif dimensie == Dimensie.SEGMENT:
        namen |= {s.pk: f"{s.code} {s.naam}" for s in Segment.objects.filter(pk__in=schone)}
    elif dimensie == Dimensie.PERCEEL:
        namen |= {p.pk: f"{p.code} {p.naam}" for p in Perceel.objects.filter(pk__in=schone)}
    elif dimensie == Dimensie.GEMEENTE:
        namen |= {g.pk: g.naam for g in Gemeente.objects.filter(pk__in=schone)}
    elif dimensie == Dimensie.PRODUCT:
        namen |= {p.pk: f"{p.productcode} {p.naam}" for p in Product.objects.filter(pk__in=schone)}
    elif dimensie == Dimensie.PROFIEL:
        namen |= {p.pk: p.naam for p in Profiel.objects.filter(pk__in=schone)}
    return namen


def maand_einde(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def maanden(van: date, tot: date) -> list[tuple[date, date]]:
    """The calendar months overlapping [van, tot], each as (first day, last day) clipped to the period."""
    resultaat = []
    d = van.replace(day=1)
    while d <= tot:
        resultaat.append((max(d, van), min(maand_einde(d), tot)))
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return resultaat


def standaardperiode(vandaag: date) -> tuple[date, date]:
    """The twelve calendar months up to and including this month."""
    totaal = vandaag.year * 12 + vandaag.month - 1 - 11
    return date(totaal // 12, totaal % 12 + 1, 1), maand_einde(vandaag)


def regio_van(f: Filter) -> Regio | None:
    return Regio.objects.filter(pk=f.regio_id).first() if f.regio_id else None
