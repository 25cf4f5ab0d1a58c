"""On `toegang.beschikking_vastgesteld`: create the assignments (Toewijzing) the beschikking grants.

Runs inside the toegang transaction (core.events is synchronous), so an error here rolls the beschikking back.
Reads the beschikking only through toegang.selectors; dependencies point toewijzingen -> toegang.

Per product line: volume/eenheid/frequentie or budget follow the catalogue's Bekostiging model valid on the start
date (docs/regiobestanden.md, "Bekostigingsmodellen en iWmo"). Where the region has the one-lot rule, running
assignments of the client in another lot (not excepted, such as KDV) end the day before the new one starts, with
RedenWijziging 05 (herbeoordeling: verkorting toewijzing). The 301 itself is sent by the messaging layer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from wmoketen.catalogus.constants import Bekostigingsmodel, Eenheid, Frequentie
from wmoketen.catalogus.models import Bekostiging, Product, Tarief
from wmoketen.toegang.domain import LopendeToewijzing, geldig_op, te_beeindigen
from wmoketen.toegang.selectors import BeschikkingGegevens, BeschikkingRegel, beschikking_gegevens

from .models import Toewijzing

EVENT = "toegang.beschikking_vastgesteld"
REDEN_VERKORTING = "05"  # LDT_RedenWijziging: Herbeoordeling: verkorting toewijzing
EERSTE_NUMMER = 100000


def omvang(regel: BeschikkingRegel, ingangsdatum: date) -> dict[str, Any] | None:
    """Volume, eenheid, frequentie and budget of one assignment; None for task-funded products (no assignment)."""
    product: Product = regel.product
    bekostiging: Bekostiging | None = geldig_op(list(product.bekostigingen.all()), ingangsdatum)
    if bekostiging is None or bekostiging.model == Bekostigingsmodel.TAAKGERICHT:
        return None
    tarief: Tarief | None = geldig_op(list(product.tarieven.all()), ingangsdatum)
    model = bekostiging.model
    if model in {Bekostigingsmodel.PXQ, Bekostigingsmodel.ETMAAL}:
        return {
            "volume": regel.volume,
            "eenheid": bekostiging.eenheid or (Eenheid.ETMAAL if model == Bekostigingsmodel.ETMAAL else Eenheid.UUR),
            "frequentie": bekostiging.frequentie
            or (Frequentie.PER_MAAND if model == Bekostigingsmodel.ETMAAL else Frequentie.PER_WEEK),
            "budget_cent": None,
        }
    if model == Bekostigingsmodel.TRAJECT:
        return {
            "volume": tarief.bedrag_cent if tarief else None,
            "eenheid": Eenheid.EUROS,
            "frequentie": Frequentie.TOTAAL,
            "budget_cent": None,
        }
    if model == Bekostigingsmodel.PROFIEL:
        return {
            "volume": tarief.bedrag_cent if tarief else None,
            "eenheid": bekostiging.eenheid or Eenheid.EUROS,
            "frequentie": bekostiging.frequentie or Frequentie.PER_MAAND,
            "budget_cent": None,
        }
    # budget: a maximum budget per client, with the unit the provider declares in
    return {
        "volume": regel.volume,
        "eenheid": bekostiging.eenheid,
        "frequentie": bekostiging.frequentie or Frequentie.TOTAAL,
        "budget_cent": bekostiging.maximum_budget_cent,
    }


def volgend_toewijzingnummer() -> int:
    hoogste = Toewijzing.objects.aggregate(m=Max("toewijzing_nummer"))["m"]
    return (hoogste or EERSTE_NUMMER) + 1


def lopende_toewijzingen(client_id: int, vanaf: date) -> list[LopendeToewijzing]:
    qs = (
        Toewijzing.objects.filter(client_id=client_id)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vanaf))
        .select_related("product__perceel")
    )
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
        Toewijzing.objects.filter(pk=toewijzing_id).update(
            einddatum=einddatum,
            reden_wijziging=REDEN_VERKORTING,
            gewijzigd_op=timezone.now(),  # in the next 301
        )
    nieuw = []
    nummer = volgend_toewijzingnummer()
    for regel in gegevens.regels:
        velden = omvang(regel, gegevens.ingangsdatum)
        if velden is None:
            continue
        nieuw.append(
            Toewijzing.objects.create(
                toewijzing_nummer=nummer,
                client_id=gegevens.client_id,
                aanbieder_id=gegevens.aanbieder_id,
                product=regel.product,
                ingangsdatum=gegevens.ingangsdatum,
                einddatum=gegevens.einddatum,
                beschikking_id=gegevens.beschikking_id,
                **velden,
            )
        )
        nummer += 1
    return nieuw


def bij_beschikking(*, beschikking_id: int, **_: Any) -> None:
    """Handler for `toegang.beschikking_vastgesteld`; subscribed in ToewijzingenConfig.ready()."""
    toewijzingen_aanmaken(beschikking_gegevens(beschikking_id))
