"""Many toewijzingen changed at once (a conversion batch): the checks and the result of the services one by one,
in the given order, each refusal leaving its toewijzing as it was, in a fixed number of queries whatever the
number of toewijzingen (the rows read and locked together, the numbers taken together, the changes written with
one UPDATE per new end date, one INSERT of the new toewijzingen and one of the versions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Max

from wmoketen.catalogus.models import Product

from .constants import RedenWijziging
from .domain import stapeling_toegestaan
from .models import Nummerreeks, Toewijzing, ToewijzingVersie
from .services import ToewijzingFout, _moment, _nieuwe_vorm, _stapeling_in, versie_van


@dataclass(frozen=True)
class Inkorten:
    """toewijzing_intrekken with an end date (not a deletion): the toewijzing ends earlier."""

    toewijzing_id: int
    einddatum: date


@dataclass(frozen=True)
class Heruitgeven:
    """toewijzing_beeindigen_en_heruitgeven: end the day before `per` and issue `product` from `per` until
    `einddatum`; `omvang_meenemen`: the old volume and budget go along (else the catalogue gives them)."""

    toewijzing_id: int
    per: date
    product: Product
    einddatum: date | None
    omvang_meenemen: bool


Opdracht = Inkorten | Heruitgeven


def _omvang_memo() -> Any:
    """The Omvang in euro's (services.omvang_in_euro_hook) once per distinct question: it runs the settlement
    engine, and the toewijzingen of a batch ask the same few questions (one product, one date, a few end dates)."""
    from . import services

    hook = services.omvang_in_euro_hook
    if hook is None:
        return None
    antwoorden: dict[tuple[Any, ...], int | None] = {}

    def memo(product: Product, ingangsdatum: date, einddatum: date | None, frequentie: str, **kw: Any) -> int | None:
        sleutel = (product.pk, ingangsdatum, einddatum, frequentie, tuple(sorted(kw.items())))
        if sleutel not in antwoorden:
            antwoorden[sleutel] = hook(product, ingangsdatum, einddatum, frequentie, **kw)
        return antwoorden[sleutel]

    return memo


@transaction.atomic
def toewijzingen_in_reeks_wijzigen(
    *, opdrachten: Sequence[Opdracht], reden_wijziging: str, moment: datetime | None = None
) -> list[Toewijzing | ToewijzingFout]:
    """Carry out the orders in their order, as toewijzing_intrekken / toewijzing_beeindigen_en_heruitgeven would
    one after the other (each in its own savepoint: a later order sees the earlier ones, TR302 included). Returns
    per order the changed toewijzing (Inkorten), the new one (Heruitgeven) or the refusal. Each toewijzing at most
    once; the products of Heruitgeven with their bekostigingen and tarieven prefetched."""
    if reden_wijziging == RedenWijziging.VERWIJDERD:
        raise ValueError("Verwijderen (reden 13) gaat met toewijzing_intrekken, één voor één.")
    ids = [o.toewijzing_id for o in opdrachten]
    if len(set(ids)) != len(ids):
        raise ValueError("Elke toewijzing hoort één keer in de reeks.")
    if not opdrachten:
        return []
    nu = _moment(moment)
    huidig = (
        Toewijzing.objects.select_for_update(of=("self",)).select_related("client", "aanbieder", "product").in_bulk(ids)
    )
    ontbreekt = set(ids) - set(huidig)
    if ontbreekt:
        raise Toewijzing.DoesNotExist(f"Toewijzing(en) {sorted(ontbreekt)} bestaan niet.")
    # every toewijzing of these clients at these providers, per product code: TR302 is checked against them
    soort: defaultdict[tuple[int, int, str], list[Toewijzing]] = defaultdict(list)
    for andere in (
        Toewijzing.objects.filter(
            client_id__in={t.client_id for t in huidig.values()},
            aanbieder_id__in={t.aanbieder_id for t in huidig.values()},
        )
        .annotate(code=F("product__productcode"))
        .only("client_id", "aanbieder_id", "ingangsdatum", "einddatum", "reden_wijziging", "toewijzing_nummer")
        .order_by("pk")
    ):
        soort[(andere.client_id, andere.aanbieder_id, andere.code)].append(huidig.get(andere.pk, andere))
    memo = _omvang_memo()
    uitkomsten: list[Toewijzing | ToewijzingFout] = []
    nieuw: list[Toewijzing] = []
    versies: list[Toewijzing] = []
    for opdracht in opdrachten:
        oud = huidig[opdracht.toewijzing_id]
        try:
            if isinstance(opdracht, Inkorten):
                if opdracht.einddatum < oud.ingangsdatum:
                    raise ToewijzingFout(
                        "De einddatum ligt vóór de ingangsdatum; verwijder de toewijzing met reden 13."
                    )
                if oud.einddatum is not None and opdracht.einddatum > oud.einddatum:
                    raise ToewijzingFout(
                        "Intrekken maakt een toewijzing korter, niet langer; gebruik toewijzing_wijzigen."
                    )
                oud.einddatum, oud.reden_wijziging, oud.gewijzigd_op = opdracht.einddatum, reden_wijziging, nu
                versies.append(oud)
                uitkomsten.append(oud)
                continue
            opvolger = _heruitgeven(opdracht, oud, reden_wijziging, nu, soort, memo)
        except ToewijzingFout as fout:
            uitkomsten.append(fout)
            continue
        soort[(oud.client_id, oud.aanbieder_id, opdracht.product.productcode)].append(opvolger)
        versies += [oud, opvolger]
        nieuw.append(opvolger)
        uitkomsten.append(opvolger)
    _nummeren(nieuw)
    per_einde: defaultdict[date | None, list[int]] = defaultdict(list)
    for gewijzigd in versies:
        if gewijzigd.pk is not None:
            per_einde[gewijzigd.einddatum].append(gewijzigd.pk)
    for einddatum, pks in per_einde.items():
        Toewijzing.objects.filter(pk__in=pks).update(
            einddatum=einddatum, reden_wijziging=reden_wijziging, gewijzigd_op=nu
        )
    Toewijzing.objects.bulk_create(nieuw, batch_size=1000)
    ToewijzingVersie.objects.bulk_create([versie_van(t) for t in versies], batch_size=1000)
    return uitkomsten


def _heruitgeven(
    opdracht: Heruitgeven,
    oud: Toewijzing,
    reden_wijziging: str,
    nu: datetime,
    soort: defaultdict[tuple[int, int, str], list[Toewijzing]],
    memo: Any,
) -> Toewijzing:
    """toewijzing_beeindigen_en_heruitgeven in memory: `oud` ended, the new toewijzing (not numbered, not saved)
    returned; on a refusal `oud` is as it was."""
    per = opdracht.per
    if per <= oud.ingangsdatum:
        raise ToewijzingFout("De wijzigingsdatum moet na de ingangsdatum van de huidige toewijzing liggen.")
    if oud.einddatum is not None and per > oud.einddatum:
        raise ToewijzingFout("De wijzigingsdatum ligt na de einddatum van de huidige toewijzing.")
    was = (oud.einddatum, oud.reden_wijziging, oud.gewijzigd_op)
    oud.einddatum, oud.reden_wijziging, oud.gewijzigd_op = per - timedelta(days=1), reden_wijziging, nu
    try:
        volume, eenheid, frequentie, budget_cent = _nieuwe_vorm(
            product=opdracht.product,
            ingangsdatum=per,
            einddatum=opdracht.einddatum,
            volume=oud.volume if opdracht.omvang_meenemen else None,
            budget_cent=oud.budget_cent if opdracht.omvang_meenemen else None,
            begin_door_wissel=False,
            omvang_in_euro=memo,
        )
        if not stapeling_toegestaan(opdracht.product.categorie):
            _stapeling_in(
                soort[(oud.client_id, oud.aanbieder_id, opdracht.product.productcode)],
                product=opdracht.product,
                van=per,
                tot=opdracht.einddatum,
            )
        # services.plafond_hook is not asked: a reissue stays at the same provider, and the ceiling rule lets the
        # same provision continue (declaraties.plafondtoets: vorige at this provider, never a refusal)
    except ToewijzingFout:
        oud.einddatum, oud.reden_wijziging, oud.gewijzigd_op = was
        raise
    return Toewijzing(
        toewijzing_nummer=0,
        client=oud.client,
        aanbieder=oud.aanbieder,
        product=opdracht.product,
        ingangsdatum=per,
        einddatum=opdracht.einddatum,
        volume=volume,
        eenheid=eenheid,
        frequentie=frequentie,
        budget_cent=budget_cent,
        vorige=oud,
        beschikking_id=oud.beschikking_id,  # the same decision stays its basis (as one by one)
        gewijzigd_op=nu,
    )


def _nummeren(nieuw: list[Toewijzing]) -> None:
    """The next ToewijzingNummers, in order: what services._nieuw_nummer gives one by one (never below a number in
    use), with one lock of the series."""
    if not nieuw:
        return
    reeks, _ = Nummerreeks.objects.select_for_update().get_or_create(pk=1)
    hoogste = Toewijzing.objects.aggregate(m=Max("toewijzing_nummer"))["m"] or 0
    eerste = max(reeks.laatste, hoogste) + 1
    for n, t in enumerate(nieuw):
        t.toewijzing_nummer = eerste + n
    reeks.laatste = eerste + len(nieuw) - 1
    reeks.save(update_fields=["laatste"])
