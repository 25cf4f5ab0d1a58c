"""Demo: assignments to declare on, for a few demo providers, running from five months ago (relative to today).

The declarations themselves are real 323s through the exchange; the exchange (berichten) sends them in its own
demo step (`berichten.declaratiedemo`), because this app may not import the message layer. Idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Q
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Product, Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken

from .betaling import betaalbatch_aanmaken, betaalbatch_goedkeuren, te_betalen
from .models import Betaalbatch

CLIENTEN_PER_AANBIEDER = 3


def maand_terug(vandaag: date, n: int) -> date:
    totaal = vandaag.year * 12 + vandaag.month - 1 - n
    return date(totaal // 12, totaal % 12 + 1, 1)


def demo_paren() -> list[tuple[Overeenkomst, Product]]:
    """(contract, product) per region (oldest region first): a demo provider with an hourly, per-week product that
    has a tariff, or else (Limburg-Noord after its p x q ended) a monthly traject; one per region, so every region's
    pages have declarations, their 325s and payments."""
    paren: list[tuple[Overeenkomst, Product]] = []
    regios = set()
    for o in (
        Overeenkomst.objects.filter(aanbieder__is_demo=True)
        .select_related("aanbieder", "regio")
        .order_by("regio__geldig_van", "regio__code", "kenmerk")
    ):
        if o.regio_id in regios or o.aanbieder_id in {p[0].aanbieder_id for p in paren}:
            continue
        lopend = Product.objects.filter(
            perceel__in=o.percelen.all(), bekostigingen__geldig_tot__isnull=True, tarieven__geldig_tot__isnull=True
        ).order_by("productcode")
        product = (
            lopend.filter(
                bekostigingen__model="pxq", bekostigingen__eenheid=Eenheid.UUR, bekostigingen__frequentie="2"
            ).first()
            or lopend.filter(bekostigingen__model="traject").first()
        )
        if product is not None:
            paren.append((o, product))
            regios.add(o.regio_id)
    return paren


def vul_demo(log: Callable[[str], None]) -> None:
    vandaag = timezone.localdate()
    begin = maand_terug(vandaag, 5)
    nieuw = 0
    for overeenkomst, product in demo_paren():
        traject = product.bekostigingen.filter(model="traject").exists()
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
                    volume=None if traject else 4,  # a traject is assigned at its price
                )
                nieuw += 1
            except ToewijzingFout:
                continue
    log(f"declaratiedemo: {nieuw} toewijzingen om op te declareren (vanaf {begin:%m-%Y})")


def rond_af(log: Callable[[str], None]) -> None:
    """Payment batches over what the demo approved: per region the back office builds a batch for its first
    municipality with something to pay and functional management approves it (a second person); the next
    municipality's batch waits for approval. Idempotent: a region with a batch is left alone."""
    nieuw = 0
    for regio in Regio.objects.order_by("code"):
        if Betaalbatch.objects.filter(gemeente__regios=regio).exists():
            continue
        maker = Gebruiker.objects.filter(rol=Rol.BACKOFFICE, regio=regio).order_by("username").first()
        keurder = Gebruiker.objects.filter(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio).order_by("username").first()
        if maker is None or keurder is None:
            continue
        batches: list[Betaalbatch] = []
        for gemeente in regio.gemeenten.order_by("cbs_code"):
            if len(batches) == 2:
                break
            if te_betalen(gemeente=gemeente).exists() and (b := betaalbatch_aanmaken(gemeente=gemeente, actor=maker)):
                batches.append(b)
        if batches:
            betaalbatch_goedkeuren(batch=batches[0], actor=keurder)
        nieuw += len(batches)
    log(f"betaling: {Betaalbatch.objects.count()} betaalbatches ({nieuw} nieuw)")
