"""Demo: assignments to declare on, for a few demo providers, running from five months ago (relative to today).

The declarations themselves are real 323s through the exchange; the exchange (berichten) sends them in its own
demo step (`berichten.declaratiedemo`), because this app may not import the message layer. Idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Q
from django.utils import timezone

from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken

AANTAL_AANBIEDERS = 2
CLIENTEN_PER_AANBIEDER = 3


def maand_terug(vandaag: date, n: int) -> date:
    totaal = vandaag.year * 12 + vandaag.month - 1 - n
    return date(totaal // 12, totaal % 12 + 1, 1)


def demo_paren() -> list[tuple[Overeenkomst, Product]]:
    """(contract, product) of demo providers with an hourly, per-week product that has a tariff."""
    paren = []
    gezien = set()
    for o in (
        Overeenkomst.objects.filter(aanbieder__is_demo=True)
        .select_related("aanbieder", "regio")
        .order_by("regio__geldig_van", "kenmerk")
    ):
        if o.aanbieder_id in gezien:
            continue
        product = (
            Product.objects.filter(perceel__in=o.percelen.all(), bekostigingen__model="pxq",
                                   bekostigingen__eenheid="04", bekostigingen__frequentie="2")
            .filter(bekostigingen__geldig_tot__isnull=True, tarieven__geldig_tot__isnull=True)
            .order_by("productcode")
            .first()
        )  # fmt: skip
        if product is not None:
            paren.append((o, product))
            gezien.add(o.aanbieder_id)
        if len(paren) == AANTAL_AANBIEDERS:
            break
    return paren


def vul_demo(log: Callable[[str], None]) -> None:
    vandaag = timezone.localdate()
    begin = maand_terug(vandaag, 5)
    nieuw = 0
    for overeenkomst, product in demo_paren():
        if Toewijzing.objects.filter(aanbieder=overeenkomst.aanbieder, product=product, ingangsdatum=begin).exists():
            continue
        clienten = Client.objects.filter(gemeente__in=overeenkomst.regio.gemeenten.all()).exclude(
            Q(toewijzingen__product=product)
        )
        for client in clienten.order_by("bsn")[:CLIENTEN_PER_AANBIEDER]:
            try:
                toewijzing_aanmaken(
                    client=client,
                    aanbieder=overeenkomst.aanbieder,
                    product=product,
                    ingangsdatum=begin,
                    einddatum=date(begin.year + 1, begin.month, 1),
                    volume=4,
                )
                nieuw += 1
            except ToewijzingFout:
                continue
    log(f"declaratiedemo: {nieuw} toewijzingen om op te declareren (vanaf {begin:%m-%Y})")
