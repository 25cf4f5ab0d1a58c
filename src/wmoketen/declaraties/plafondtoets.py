"""The budget ceiling's rule `geen_nieuwe_clienten` where assignments are made: `toewijzingen.services` asks this
(through `plafond_hook`, set in DeclaratiesConfig.ready) before it creates any toewijzing, whatever the path (a
beschikking, a granted 315, a 317 with a new product, a switch of provider). The region's settings
(`instellingen: plafond:`, contracten.plafondinstellingen) say when a provider is over its ceiling and who counts as
an existing client; the figures are those of the ceiling page (`selectors.plafondstand_van`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from wmoketen.catalogus.constants import PlafondRegel
from wmoketen.catalogus.models import Product, Segment
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder, Budgetplafond
from wmoketen.contracten.plafondinstellingen import plafondinstellingen_van_regio
from wmoketen.core.money import format_euro
from wmoketen.toewijzingen.models import Toewijzing

from .selectors import plafondstand_van


def is_bestaande_client(
    *, client: Client, aanbieder: Aanbieder, product: Product, ingangsdatum: date, zelfde_segment: bool
) -> bool:
    """An assignment of this provider (in the same segment, if the region says so) runs on the day before the new
    start or later: an extension, a re-indication, a conversion, a change. A deleted one (13) never existed."""
    lopend = Toewijzing.objects.filter(client=client, aanbieder=aanbieder, ingangsdatum__lte=ingangsdatum).lopend_vanaf(
        ingangsdatum - timedelta(days=1)
    )
    if zelfde_segment:
        lopend = lopend.filter(product__perceel__segment_id=product.perceel.segment_id)
    return lopend.niet_verwijderd().exists()


def nieuwe_client_boven_plafond(
    *, client: Client, aanbieder: Aanbieder, product: Product, ingangsdatum: date, vorige: Toewijzing | None = None
) -> str | None:
    """The Dutch refusal when the region's rule for this segment is 'geen nieuwe cliënten', the provider's ceiling
    of the year the assignment starts is reached, and the client is new to the provider; else None."""
    # read fresh: the product may carry a segment and region cached before the region changed its rule
    segment = Segment.objects.select_related("regio").get(pk=product.perceel.segment_id)
    if segment.plafondregel != PlafondRegel.GEEN_NIEUWE_CLIENTEN:
        return None
    regio = segment.regio
    instellingen = plafondinstellingen_van_regio(regio.instellingen)
    if instellingen.nieuwe_clienten != "weigeren":
        return None
    if vorige is not None and vorige.aanbieder_id == aanbieder.pk:
        return None  # the same provision continued (a change, a conversion, a move within the region)
    plafond = (
        Budgetplafond.objects.select_related("segment")
        .filter(aanbieder=aanbieder, segment=segment, jaar=ingangsdatum.year)
        .first()
    )
    if plafond is None:
        return None
    stand = plafondstand_van(plafond, timezone.localdate())
    telt = stand.goedgekeurd_cent if instellingen.verbruik == "goedgekeurd" else stand.verbruik_cent
    wat = "goedgekeurd" if instellingen.verbruik == "goedgekeurd" else "goedgekeurd en in behandeling"
    if stand.percentage(telt) < instellingen.grens_procent:
        return None
    if is_bestaande_client(
        client=client, aanbieder=aanbieder, product=product, ingangsdatum=ingangsdatum,
        zelfde_segment=instellingen.bestaande_client == "segment",
    ):  # fmt: skip
        return None
    grens = "bereikt" if instellingen.grens_procent == 100 else f"voor {instellingen.grens_procent}% gebruikt"
    return (
        f"{aanbieder.naam} krijgt geen nieuwe cliënten meer in {segment.naam}: het budgetplafond {plafond.jaar} is "
        f"{grens} ({format_euro(telt)} {wat} van {format_euro(plafond.bedrag_cent)}, "
        f"{stand.percentage(telt)}%). Volgens de afspraken van {regio.naam} houdt een aanbieder boven het plafond "
        "zijn lopende cliënten (ook verlenging of wijziging), maar wijst de regio geen nieuwe cliënten meer toe. "
        "Kies een andere aanbieder, of vraag de contractmanager het plafond te verhogen."
    )
