"""Demo assignments: a few clients per municipality get a product from a contracted demo provider, through the
service (so the funding model decides Omvang or Budget, and the next exchange run sends the 301)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction

from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst

from .models import Toewijzing
from .services import ToewijzingFout, toewijzing_aanmaken


@transaction.atomic
def vul_demo(log: Callable[[str], None]) -> None:
    nieuw = 0
    for client in Client.objects.select_related("gemeente").order_by("bsn"):
        if client.toewijzingen.exists() or int(client.bsn[-2:]) % 3 == 0:
            continue  # not every client has care yet
        overeenkomsten = list(
            Overeenkomst.objects.filter(regio__gemeenten=client.gemeente, aanbieder__is_demo=True)
            .select_related("aanbieder", "regio")
            .prefetch_related("percelen__producten__bekostigingen")
            .order_by("regio__geldig_van", "kenmerk")
        )
        if not overeenkomsten:
            continue
        overeenkomst = overeenkomsten[int(client.bsn[-3:]) % len(overeenkomsten)]
        producten = [p for perceel in overeenkomst.percelen.all() for p in perceel.producten.all()]
        producten = [p for p in producten if any(b.model != "taakgericht" for b in p.bekostigingen.all())]
        if not producten:
            continue
        product = producten[int(client.bsn[-4:]) % len(producten)]
        ingangsdatum = max(overeenkomst.ingangsdatum, overeenkomst.regio.geldig_van)
        einddatum = overeenkomst.einddatum or ingangsdatum + timedelta(days=364)
        try:
            toewijzing_aanmaken(
                client=client,
                aanbieder=overeenkomst.aanbieder,
                product=product,
                ingangsdatum=ingangsdatum,
                einddatum=einddatum,
                volume=4,
            )
        except ToewijzingFout:
            continue  # e.g. no maximum budget in the catalogue: leave this client without care
        nieuw += 1
    log(f"{Toewijzing.objects.count()} demotoewijzingen ({nieuw} nieuw)")
