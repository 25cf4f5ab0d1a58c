"""Demo assignments: a few clients per municipality get a product from a contracted demo provider."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Max

from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst

from .models import Toewijzing


@transaction.atomic
def vul_demo(log: Callable[[str], None]) -> None:
    volgnummer = (Toewijzing.objects.aggregate(m=Max("toewijzing_nummer"))["m"] or 100000) + 1
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
        Toewijzing.objects.create(
            toewijzing_nummer=volgnummer,
            client=client,
            aanbieder=overeenkomst.aanbieder,
            product=product,
            ingangsdatum=max(overeenkomst.ingangsdatum, overeenkomst.regio.geldig_van),
            einddatum=overeenkomst.einddatum,
        )
        volgnummer += 1
        nieuw += 1
    log(f"{Toewijzing.objects.count()} demotoewijzingen ({nieuw} nieuw)")
