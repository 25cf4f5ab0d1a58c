"""Demo: assignments to declare on, for a few demo providers, running from five months ago (relative to today; for a
region that has ended, De Fryske Marren 2022, relative to the day after its end: `peildatum`).

The declarations themselves are real 323s through the exchange; the exchange (berichten) sends them in its own
demo step (`berichten.declaratiedemo`), because this app may not import the message layer. Idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

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


def peildatum(regio: Regio, vandaag: date) -> date:
    """The 'today' of a region's demo activity: today, or for a region that has ended (De Fryske Marren 2022, its
    agreements ended on 31-12-2022) the day after its end, so its last months get the declarations and payments the
    regions in force get for theirs."""
    if regio.geldig_tot is not None and regio.geldig_tot < vandaag:
        return regio.geldig_tot + timedelta(days=1)
    return vandaag


def demo_paren() -> list[tuple[Overeenkomst, Product]]:
    """(contract, product) per region (the regions in force first, oldest first): a demo provider with an hourly,
    per-week product that has a tariff, or else (Limburg-Noord after its p x q ended) a monthly traject, or else (De
    Fryske Marren 2022) an hourly product up to a maximum budget per client; one per region, so every region's pages
    have declarations, their 325s and payments. For a region that has ended: a product funded and priced up to its
    end."""
    paren: list[tuple[Overeenkomst, Product]] = []
    regios = set()
    for o in (
        Overeenkomst.objects.filter(aanbieder__is_demo=True)
        .select_related("aanbieder", "regio")
        .order_by("regio__geldig_van", "regio__code", "kenmerk")
    ):
        if o.regio_id in regios or o.aanbieder_id in {p[0].aanbieder_id for p in paren}:
            continue
        if o.regio.geldig_tot is None:
            lopend = Product.objects.filter(
                perceel__in=o.percelen.all(), bekostigingen__geldig_tot__isnull=True, tarieven__geldig_tot__isnull=True
            )
        else:
            lopend = Product.objects.filter(
                perceel__in=o.percelen.all(),
                bekostigingen__geldig_tot__gte=o.regio.geldig_tot,
                tarieven__geldig_tot__gte=o.regio.geldig_tot,
            )
        lopend = lopend.order_by("productcode")
        product = (
            lopend.filter(
                bekostigingen__model="pxq", bekostigingen__eenheid=Eenheid.UUR, bekostigingen__frequentie="2"
            ).first()
            or lopend.filter(bekostigingen__model="traject").first()
            or lopend.filter(bekostigingen__model="budget", bekostigingen__eenheid=Eenheid.UUR).first()
        )
        if product is not None:
            paren.append((o, product))
            regios.add(o.regio_id)
    return sorted(paren, key=lambda p: p[0].regio.geldig_tot is not None)  # the regions in force first


def vul_demo(log: Callable[[str], None]) -> None:
    vandaag = timezone.localdate()
    nieuw = 0
    for overeenkomst, product in demo_paren():
        peil = peildatum(overeenkomst.regio, vandaag)
        begin = maand_terug(peil, 5)
        einde = date(begin.year + 1, begin.month, 1)
        if overeenkomst.regio.geldig_tot is not None:
            einde = min(einde, overeenkomst.regio.geldig_tot)
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
                    einddatum=einde,
                    volume=None if traject else 4,  # a traject is assigned at its price
                )
                nieuw += 1
            except ToewijzingFout:
                continue
    log(f"declaratiedemo: {nieuw} toewijzingen om op te declareren (vanaf vijf maanden terug)")


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
