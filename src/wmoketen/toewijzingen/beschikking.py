"""On `toegang.beschikking_vastgesteld`: create the assignments (Toewijzing) the beschikking grants.

Runs inside the toegang transaction (core.events is synchronous), so an error here rolls the beschikking back.
Reads the beschikking only through toegang.selectors; dependencies point toewijzingen -> toegang.

Every change goes through the assignment services, so numbering, versions, the funding model's form
(omvang, budget or no 301) and the no-overlap rule are the same as anywhere else. Where the region has the
one-lot rule, running assignments of the client in another lot (not excepted, such as KDV) end the day before
the new one starts, with RedenWijziging 05 (herbeoordeling: verkorting toewijzing). The 301 itself is sent by
the messaging layer. A pgb beschikking creates no assignment (and so no 301): the client buys the care with the
budget; it only ends care in kind it replaces (issue 14 item 6).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toegang.domain import LopendeToewijzing, te_beeindigen
from wmoketen.toegang.selectors import BeschikkingGegevens, beschikking_gegevens

from .constants import RedenWijziging
from .domain import Vorm, is_verwijderd, stapeling_toegestaan
from .models import Toewijzing
from .services import ToewijzingFout, toewijzing_aanmaken, toewijzing_intrekken, toewijzing_wijzigen, vorm_van

EVENT = "toegang.beschikking_vastgesteld"


def lopende_toewijzingen(client_id: int, vanaf: date) -> list[LopendeToewijzing]:
    qs = Toewijzing.objects.filter(client_id=client_id).lopend_vanaf(vanaf).select_related("product__perceel")
    return [
        LopendeToewijzing(
            t.pk, t.product.perceel_id, t.product.perceel.uitgezonderd_enkel_perceel, t.ingangsdatum, t.einddatum
        )
        for t in qs
    ]


def toewijzingen_aanmaken(gegevens: BeschikkingGegevens) -> list[Toewijzing]:
    beeindigen = te_beeindigen(
        lopend=lopende_toewijzingen(gegevens.client_id, gegevens.ingangsdatum),
        nieuwe_percelen=[(r.product.perceel_id, r.product.perceel.uitgezonderd_enkel_perceel) for r in gegevens.regels],
        ingangsdatum=gegevens.ingangsdatum,
        een_perceel_tegelijk=gegevens.regio.een_perceel_tegelijk,
    )
    for toewijzing_id, einddatum in beeindigen:
        toewijzing_wijzigen(
            toewijzing=Toewijzing.objects.get(pk=toewijzing_id),
            reden_wijziging=RedenWijziging.VERKORTING,
            einddatum=einddatum,
        )
    client = Client.objects.get(pk=gegevens.client_id)
    aanbieder = Aanbieder.objects.get(pk=gegevens.aanbieder_id)
    _vervangen(gegevens, aanbieder)
    if gegevens.pgb:
        return []  # a pgb is no assignment: the client buys the care with the budget, no 301 goes out
    nieuw = []
    for regel in gegevens.regels:
        if vorm_van(regel.product, gegevens.ingangsdatum).vorm == Vorm.GEEN_301:
            continue  # task-funded: no assignment per client
        nieuw.append(
            toewijzing_aanmaken(
                client=client,
                aanbieder=aanbieder,
                product=regel.product,
                ingangsdatum=gegevens.ingangsdatum,
                einddatum=gegevens.einddatum,
                volume=regel.volume,
                beschikking_id=gegevens.beschikking_id,
            )
        )
    return nieuw


def _vervangen(gegevens: BeschikkingGegevens, aanbieder: Aanbieder) -> None:
    """A new beschikking in a lot where the client already has a running assignment from an earlier decision (a
    change of volume or product, or another provider) replaces it: the old one ends the day before the new one
    starts, with RedenWijziging 05 (herbeoordeling: verkorting) at the same provider and 09 (overstap) at another.
    That change and the new assignment go out in the next 301 ("a changed 301"). Hulpmiddelen may overlap (TR302)
    and are left alone; an old assignment starting on or after the new date cannot be shortened and is refused.
    A pgb ends the assignment in kind with RedenWijziging 08 (wijziging leveringsvorm) and replaces it by nothing."""
    percelen = {r.product.perceel_id for r in gegevens.regels if not stapeling_toegestaan(r.product.categorie)}
    einde = gegevens.ingangsdatum - timedelta(days=1)
    oud = (
        Toewijzing.objects.filter(client_id=gegevens.client_id, product__perceel_id__in=percelen)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gt=einde))
        .exclude(beschikking_id=gegevens.beschikking_id)
        .select_related("product")
    )
    for t in oud:
        if is_verwijderd(reden_wijziging=t.reden_wijziging, ingangsdatum=t.ingangsdatum, einddatum=t.einddatum):
            continue
        if stapeling_toegestaan(t.product.categorie):
            continue
        if t.ingangsdatum > einde:
            raise ToewijzingFout(
                f"Toewijzing {t.toewijzing_nummer} ({t.product.productcode}) begint op {t.ingangsdatum:%d-%m-%Y}, niet "
                f"vóór de nieuwe ingangsdatum {gegevens.ingangsdatum:%d-%m-%Y}; beëindig of verwijder die eerst."
            )
        if gegevens.pgb:
            reden = RedenWijziging.LEVERINGSVORM  # care in kind becomes a pgb (08)
        elif t.aanbieder_id == aanbieder.pk:
            reden = RedenWijziging.VERKORTING
        else:
            reden = RedenWijziging.ANDERE_AANBIEDER
        toewijzing_intrekken(toewijzing=t, reden_wijziging=reden, einddatum=einde)


def bij_beschikking(*, beschikking_id: int, **_: Any) -> None:
    """Handler for `toegang.beschikking_vastgesteld`; subscribed in ToewijzingenConfig.ready()."""
    toewijzingen_aanmaken(beschikking_gegevens(beschikking_id))
