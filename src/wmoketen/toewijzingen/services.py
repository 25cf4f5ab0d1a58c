"""Writes on assignments and start/stop state. Every change records a version (IV013) and marks the toewijzing
as changed, so the next 301 of that client at that provider carries it (OP087)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Product
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.fouten import Domeinfout

from .constants import RedenWijziging
from .domain import (
    TR063,
    TR071,
    TR382,
    Toewijzingsvorm,
    Vorm,
    in_place_fout,
    is_verwijderd,
    overlapt,
    stapeling_toegestaan,
    start_fout,
    stop_fout,
    toewijzingsvorm,
)
from .models import Nummerreeks, Start, Stop, Toewijzing, Toewijzingsbericht, ToewijzingVersie
from .selectors import heeft_goedgekeurde_declaraties


class ToewijzingFout(Domeinfout):
    """A change the standard does not allow; the text is Dutch and names the rule."""


# The Omvang in euro's (eenheid 83) of an assignment of an amount-based product, from the settlement engine:
# per month the largest month entitlement, in total the whole entitlement (declaraties.aanspraak.omvang_in_euro).
# Set by declaraties when it loads (this app may not import it); without it the tariff itself is the volume.
# (product, ingangsdatum, einddatum, frequentie, *, begin_door_wissel=False) -> volume in eurocent or None
OmvangInEuro = Callable[..., "int | None"]
omvang_in_euro_hook: OmvangInEuro | None = None

# The budget ceiling's rule 'geen nieuwe cliënten' (declaraties.plafondtoets.nieuwe_client_boven_plafond): the Dutch
# refusal when the provider is over its ceiling for the product's segment and the client is new to it, else None.
# Set by declaraties when it loads (it reads the consumption; this app may not import it).
# (*, client, aanbieder, product, ingangsdatum, vorige) -> str | None
PlafondToets = Callable[..., "str | None"]
plafond_hook: PlafondToets | None = None


def _moment(moment: datetime | None) -> datetime:
    return timezone.localtime(moment or timezone.now())


def vorm_van(product: Product, op: date) -> Toewijzingsvorm:
    """The 301 form of a product on a date, from the catalogue's funding model."""
    bekostiging = product_op_datum(product=product, dag=op).bekostiging
    if bekostiging is None:
        return toewijzingsvorm(model=None)
    return toewijzingsvorm(model=bekostiging.model, eenheid=bekostiging.eenheid, frequentie=bekostiging.frequentie)


def _nieuw_nummer() -> int:
    """The next ToewijzingNummer (unique within the domain, TR332). Must run inside a transaction."""
    reeks, _ = Nummerreeks.objects.select_for_update().get_or_create(pk=1)
    hoogste = Toewijzing.objects.aggregate(m=Max("toewijzing_nummer"))["m"] or 0
    reeks.laatste = max(reeks.laatste, hoogste) + 1  # never below a number already in use (imports, old data)
    reeks.save(update_fields=["laatste"])
    return reeks.laatste


def _versie(toewijzing: Toewijzing, moment: datetime) -> None:
    toewijzing.gewijzigd_op = moment
    toewijzing.save()
    versie_van(toewijzing).save(force_insert=True)


def versie_van(toewijzing: Toewijzing) -> ToewijzingVersie:
    """The (unsaved) version of a toewijzing as it is now (IV013)."""
    return ToewijzingVersie(
        toewijzing=toewijzing,
        toewijzingsdatum=toewijzing.toewijzingsdatum,
        toewijzingstijd=toewijzing.toewijzingstijd,
        ingangsdatum=toewijzing.ingangsdatum,
        einddatum=toewijzing.einddatum,
        volume=toewijzing.volume,
        eenheid=toewijzing.eenheid,
        frequentie=toewijzing.frequentie,
        budget_cent=toewijzing.budget_cent,
        reden_wijziging=toewijzing.reden_wijziging,
    )


def _controleer_stapeling(
    *, client: Client, aanbieder: Aanbieder, product: Product, van: date, tot: date | None, behalve: int | None = None
) -> None:
    """No overlapping toewijzing of the same product for client and provider; hulpmiddelen excepted (TR302)."""
    if stapeling_toegestaan(product.categorie):
        return
    andere = Toewijzing.objects.filter(client=client, aanbieder=aanbieder, product__productcode=product.productcode)
    if behalve is not None:
        andere = andere.exclude(pk=behalve)
    _stapeling_in(andere, product=product, van=van, tot=tot)


def _stapeling_in(andere: Iterable[Toewijzing], *, product: Product, van: date, tot: date | None) -> None:
    """The TR302 refusal against these other toewijzingen (of the same client, provider and product code)."""
    for other in andere:
        if is_verwijderd(
            reden_wijziging=other.reden_wijziging, ingangsdatum=other.ingangsdatum, einddatum=other.einddatum
        ):
            continue
        if overlapt(van, tot, other.ingangsdatum, other.einddatum):
            raise ToewijzingFout(
                f"Stapeling: product {product.productcode} is in deze periode al toegewezen "
                f"(toewijzing {other.toewijzing_nummer}); dat mag niet (TR302)."
            )


def _controleer_bekostiging(product: Product, ingangsdatum: date) -> None:
    """An assignment starts on a day the catalogue funds the product: without funding there is no form (volume,
    unit) for the 301 and nothing can be settled. The refusal names the first day that is possible."""
    if product_op_datum(product=product, dag=ingangsdatum).bekostiging is not None:
        return
    bekostigingen = list(product.bekostigingen.all())
    later = sorted(b.geldig_van for b in bekostigingen if b.geldig_van > ingangsdatum)
    eerder = [b.geldig_tot for b in bekostigingen if b.geldig_tot is not None and b.geldig_tot < ingangsdatum]
    tekst = f"Product {product.productcode} heeft op {ingangsdatum:%d-%m-%Y} geen bekostiging in de catalogus"
    if later:
        raise ToewijzingFout(f"{tekst}; de eerste geldige ingangsdatum is {later[0]:%d-%m-%Y}.")
    if eerder:
        raise ToewijzingFout(
            f"{tekst}: de bekostiging liep tot en met {max(eerder):%d-%m-%Y}. Kies een product dat nu bekostigd wordt."
        )
    raise ToewijzingFout(f"{tekst}; het product heeft nog geen bekostiging.")


def _nieuwe_vorm(
    *,
    product: Product,
    ingangsdatum: date,
    einddatum: date | None,
    volume: int | None,
    budget_cent: int | None,
    begin_door_wissel: bool,
    omvang_in_euro: OmvangInEuro | None = None,
) -> tuple[int | None, str, str, int | None]:
    """(volume, eenheid, frequentie, budget_cent) of a new toewijzing, from the funding model; ToewijzingFout when
    the catalogue or the dates do not allow it. `omvang_in_euro` replaces the hook (a memo of it, in bulk)."""
    _controleer_bekostiging(product, ingangsdatum)
    vorm = vorm_van(product, ingangsdatum)
    if vorm.vorm == Vorm.GEEN_301:
        raise ToewijzingFout("Taakgerichte bekostiging: er is geen toewijzing per cliënt (en geen 301).")
    if einddatum is not None and einddatum < ingangsdatum:
        raise ToewijzingFout("De einddatum ligt vóór de ingangsdatum.")
    if vorm.einddatum_verplicht and einddatum is None:
        raise ToewijzingFout("Bij deze bekostiging is een einddatum verplicht (CD075/CD076).")
    eenheid, frequentie = "", ""
    if vorm.vorm == Vorm.OMVANG:
        if volume is None and vorm.eenheid == Eenheid.EUROS:
            # what the region's settlement rules pay at most, so TR321/TR322 never refuse a legitimate claim
            hook = omvang_in_euro or omvang_in_euro_hook
            if hook is not None:
                volume = hook(product, ingangsdatum, einddatum, vorm.frequentie, begin_door_wissel=begin_door_wissel)
            if volume is None:
                tarief = product_op_datum(product=product, dag=ingangsdatum).tarief
                volume = tarief.bedrag_cent if tarief else None
        if volume is None:
            raise ToewijzingFout("Geef het volume op: deze bekostiging wijst een omvang toe.")
        eenheid, frequentie, budget_cent = vorm.eenheid, vorm.frequentie, None
    elif vorm.vorm == Vorm.BUDGET:
        if budget_cent is None:
            bekostiging = product_op_datum(product=product, dag=ingangsdatum).bekostiging
            budget_cent = bekostiging.maximum_budget_cent if bekostiging else None
        if budget_cent is None:
            raise ToewijzingFout("Geef het budget op: deze bekostiging wijst een budget toe.")
        volume = None
    else:
        volume = budget_cent = None
    return volume, eenheid, frequentie, budget_cent


@transaction.atomic
def toewijzing_aanmaken(
    *,
    client: Client,
    aanbieder: Aanbieder,
    product: Product,
    ingangsdatum: date,
    einddatum: date | None = None,
    volume: int | None = None,
    budget_cent: int | None = None,
    referentie_aanbieder: str = "",
    vorige: Toewijzing | None = None,
    beschikking_id: int | None = None,
    moment: datetime | None = None,
) -> Toewijzing:
    """A new toewijzing with a new ToewijzingNummer (IV066); its form follows the funding model."""
    return _toewijzing_aanmaken(
        client=client,
        aanbieder=aanbieder,
        product=product,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        volume=volume,
        budget_cent=budget_cent,
        referentie_aanbieder=referentie_aanbieder,
        vorige=vorige,
        beschikking_id=beschikking_id,
        moment=moment,
    )


def _toewijzing_aanmaken(
    *,
    client: Client,
    aanbieder: Aanbieder,
    product: Product,
    ingangsdatum: date,
    einddatum: date | None = None,
    volume: int | None = None,
    budget_cent: int | None = None,
    referentie_aanbieder: str = "",
    vorige: Toewijzing | None = None,
    beschikking_id: int | None = None,
    moment: datetime | None = None,
    wissel_van: Toewijzing | None = None,
) -> Toewijzing:
    """toewijzing_aanmaken inside a transaction the caller holds (no savepoint of its own)."""
    nu = _moment(moment)
    volume, eenheid, frequentie, budget_cent = _nieuwe_vorm(
        product=product,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        volume=volume,
        budget_cent=budget_cent,
        begin_door_wissel=wissel_van is not None,
    )
    _controleer_stapeling(client=client, aanbieder=aanbieder, product=product, van=ingangsdatum, tot=einddatum)
    if plafond_hook is not None:  # a provider over its ceiling gets no new clients (the region's rule)
        weigering = plafond_hook(
            client=client, aanbieder=aanbieder, product=product, ingangsdatum=ingangsdatum, vorige=vorige
        )
        if weigering:
            raise ToewijzingFout(weigering)
    toewijzing = Toewijzing(
        toewijzing_nummer=_nieuw_nummer(),
        client=client,
        aanbieder=aanbieder,
        product=product,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        volume=volume,
        eenheid=eenheid,
        frequentie=frequentie,
        budget_cent=budget_cent,
        referentie_aanbieder=referentie_aanbieder,
        referentie_op=nu if referentie_aanbieder else None,
        vorige=vorige,
        beschikking_id=beschikking_id,
        wissel_van=wissel_van,
    )
    _versie(toewijzing, nu)
    return toewijzing


@transaction.atomic
def toewijzing_wijzigen(
    *, toewijzing: Toewijzing, reden_wijziging: str, moment: datetime | None = None, **wijzigingen: Any
) -> Toewijzing:
    """An in-place change: Einddatum, Volume (only with Frequentie 6) or Budget (OP033x1, OP257, OP380).
    Anything else raises ToewijzingFout: use toewijzing_beeindigen_en_heruitgeven."""
    toewijzing = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    if reden_wijziging == RedenWijziging.VERWIJDERD:
        raise ToewijzingFout("Verwijderen (reden 13) gaat met toewijzing_intrekken.")
    velden = {k for k, v in wijzigingen.items() if getattr(toewijzing, k) != v}
    if not velden:
        return toewijzing
    fout = in_place_fout(velden=velden, frequentie=toewijzing.frequentie)
    if fout:
        raise ToewijzingFout(fout)
    if "volume" in velden and toewijzing.volume is None:
        raise ToewijzingFout("Deze toewijzing heeft geen omvang; het volume kan niet wijzigen.")
    if "budget_cent" in velden and toewijzing.budget_cent is None:
        raise ToewijzingFout("Deze toewijzing heeft geen budget; het budget kan niet wijzigen.")
    einddatum = wijzigingen.get("einddatum", toewijzing.einddatum)
    if einddatum is not None and einddatum < toewijzing.ingangsdatum:
        raise ToewijzingFout("De einddatum ligt vóór de ingangsdatum.")
    if einddatum is None and (toewijzing.budget_cent is not None or toewijzing.frequentie == "2"):
        raise ToewijzingFout("Bij deze toewijzing is een einddatum verplicht (CD075/CD076).")
    _controleer_stapeling(
        client=toewijzing.client,
        aanbieder=toewijzing.aanbieder,
        product=toewijzing.product,
        van=toewijzing.ingangsdatum,
        tot=einddatum,
        behalve=toewijzing.pk,
    )
    for veld in velden:
        setattr(toewijzing, veld, wijzigingen[veld])
    toewijzing.reden_wijziging = reden_wijziging
    _versie(toewijzing, _moment(moment))
    return toewijzing


@transaction.atomic
def toewijzing_intrekken(
    *,
    toewijzing: Toewijzing,
    reden_wijziging: str = RedenWijziging.VERWIJDERD,
    einddatum: date | None = None,
    moment: datetime | None = None,
) -> Toewijzing:
    """End a toewijzing early (einddatum) or delete it (reden 13: Einddatum = Ingangsdatum, CS335). Deleting is
    refused when approved declarations exist (OP362, TR385)."""
    toewijzing = Toewijzing.objects.select_for_update().get(pk=toewijzing.pk)
    if reden_wijziging == RedenWijziging.VERWIJDERD or einddatum is None:
        if heeft_goedgekeurde_declaraties(toewijzing):
            raise ToewijzingFout(
                "Verwijderen kan niet: er zijn goedgekeurde declaraties op deze toewijzing (TR385, retourcode "
                "9385). Trek de toewijzing in met een einddatum."
            )
        toewijzing.einddatum = toewijzing.ingangsdatum
        toewijzing.reden_wijziging = RedenWijziging.VERWIJDERD
    else:
        if einddatum < toewijzing.ingangsdatum:
            raise ToewijzingFout("De einddatum ligt vóór de ingangsdatum; verwijder de toewijzing met reden 13.")
        if toewijzing.einddatum is not None and einddatum > toewijzing.einddatum:
            raise ToewijzingFout("Intrekken maakt een toewijzing korter, niet langer; gebruik toewijzing_wijzigen.")
        toewijzing.einddatum = einddatum
        toewijzing.reden_wijziging = reden_wijziging
    _versie(toewijzing, _moment(moment))
    return toewijzing


_ONGEWIJZIGD: Any = object()


@transaction.atomic
def toewijzing_beeindigen_en_heruitgeven(
    *,
    toewijzing: Toewijzing,
    per: date,
    reden_wijziging: str,
    product: Product | None = None,
    volume: int | Any | None = _ONGEWIJZIGD,
    budget_cent: int | Any | None = _ONGEWIJZIGD,
    einddatum: date | Any | None = _ONGEWIJZIGD,
    referentie_aanbieder: str = "",
    moment: datetime | None = None,
) -> Toewijzing:
    """End the current toewijzing the day before `per` and issue a new one (new number) from `per`."""
    oud = (
        Toewijzing.objects.select_for_update(of=("self",))
        .select_related("client", "aanbieder", "product")
        .get(pk=toewijzing.pk)
    )
    if per <= oud.ingangsdatum:
        raise ToewijzingFout("De wijzigingsdatum moet na de ingangsdatum van de huidige toewijzing liggen.")
    if oud.einddatum is not None and per > oud.einddatum:
        raise ToewijzingFout("De wijzigingsdatum ligt na de einddatum van de huidige toewijzing.")
    nu = _moment(moment)
    oude_einddatum = oud.einddatum
    oud.einddatum = per - timedelta(days=1)
    oud.reden_wijziging = reden_wijziging
    _versie(oud, nu)
    return _toewijzing_aanmaken(  # within this transaction: a refusal rolls back the ending as well
        client=oud.client,
        aanbieder=oud.aanbieder,
        product=product or oud.product,
        ingangsdatum=per,
        einddatum=oude_einddatum if einddatum is _ONGEWIJZIGD else einddatum,
        volume=oud.volume if volume is _ONGEWIJZIGD else volume,
        budget_cent=oud.budget_cent if budget_cent is _ONGEWIJZIGD else budget_cent,
        referentie_aanbieder=referentie_aanbieder,
        vorige=oud,
        moment=nu,
        beschikking_id=oud.beschikking_id,  # the same decision stays its basis (as on a move or a switch)
    )


def beschikking_koppelen(*, toewijzingen: list[Toewijzing], beschikking_id: int) -> int:
    """Put assignments taken over from the old suite under the beschikking taken over with them (migratie): the link
    native assignments get when a beschikking creates them. Not a change of the assignment: no version, no 301.
    Refuses an assignment that is already under another beschikking. Returns how many were linked."""
    anders = [t.toewijzing_nummer for t in toewijzingen if t.beschikking_id not in (None, beschikking_id)]
    if anders:
        raise ToewijzingFout(
            f"Toewijzing {', '.join(str(n) for n in sorted(anders))} valt al onder een andere beschikking."
        )
    return Toewijzing.objects.filter(pk__in=[t.pk for t in toewijzingen], beschikking__isnull=True).update(
        beschikking_id=beschikking_id
    )


def toewijzing_301_vastleggen(
    *, client: Client, aanbieder: Aanbieder, toewijzing_nummers: list[int], moment: datetime | None = None
) -> Toewijzingsbericht:
    """Record that a 301 with these numbers went out; later changes are 'changed since the last 301'. One insert:
    atomic by itself (no savepoint of its own)."""
    return Toewijzingsbericht.objects.create(
        client=client, aanbieder=aanbieder, verzonden_op=_moment(moment), toewijzing_nummers=toewijzing_nummers
    )


def toewijzingen_301_vastleggen(
    *, verzonden: list[tuple[Client, Aanbieder, list[int]]], moment: datetime | None = None
) -> list[Toewijzingsbericht]:
    """toewijzing_301_vastleggen for many 301s at once (client, provider, numbers): one INSERT."""
    nu = _moment(moment)
    return Toewijzingsbericht.objects.bulk_create(
        Toewijzingsbericht(client=c, aanbieder=a, verzonden_op=nu, toewijzing_nummers=nummers)
        for c, a, nummers in verzonden
    )


def _toewijzing_voor(gemeente_code: str, toewijzing_nummer: int | None) -> Toewijzing | None:
    if toewijzing_nummer is None:
        return None
    return Toewijzing.objects.filter(
        toewijzing_nummer=toewijzing_nummer, client__gemeente__cbs_code=gemeente_code
    ).first()


@transaction.atomic
def start_registreren(
    *,
    client: Client,
    aanbieder: Aanbieder,
    gemeente_code: str,
    toewijzing_nummer: int | None,
    product_categorie: str,
    product_code: str,
    toewijzing_ingangsdatum: date | None,
    begindatum: date,
    ontvangen_op: date,
) -> Start:
    """A start (305, StatusAanlevering 1). Only one current start per toewijzing (TR326): an open one refuses."""
    if toewijzing_nummer is not None:
        for eerder in Start.objects.filter(
            client=client, aanbieder=aanbieder, toewijzing_nummer=toewijzing_nummer, verwijderd_op__isnull=True
        ):
            fout = start_fout(open_starts_zonder_stop=int(not eerder.stops.filter(verwijderd_op__isnull=True).exists()))
            if fout:
                raise ToewijzingFout(fout)
    return Start.objects.create(
        client=client,
        aanbieder=aanbieder,
        gemeente_code=gemeente_code,
        toewijzing=_toewijzing_voor(gemeente_code, toewijzing_nummer),
        toewijzing_nummer=toewijzing_nummer,
        product_categorie=product_categorie,
        product_code=product_code,
        toewijzing_ingangsdatum=toewijzing_ingangsdatum,
        begindatum=begindatum,
        ontvangen_op=ontvangen_op,
    )


def _start_met_sleutel(
    *, client: Client, aanbieder: Aanbieder, toewijzing_nummer: int | None, begindatum: date
) -> Start:
    start = (
        Start.objects.select_for_update()
        .filter(
            client=client,
            aanbieder=aanbieder,
            toewijzing_nummer=toewijzing_nummer,
            begindatum=begindatum,
            verwijderd_op__isnull=True,
        )
        .first()
    )
    if start is None:
        raise ToewijzingFout(TR382)
    return start


@transaction.atomic
def start_verwijderen(
    *, client: Client, aanbieder: Aanbieder, toewijzing_nummer: int | None, begindatum: date, op: date
) -> Start:
    """StatusAanlevering 3 on a start: allowed only while it has no stop (TR071)."""
    start = _start_met_sleutel(
        client=client, aanbieder=aanbieder, toewijzing_nummer=toewijzing_nummer, begindatum=begindatum
    )
    if start.stops.filter(verwijderd_op__isnull=True).exists():
        raise ToewijzingFout(TR071)
    start.verwijderd_op = op
    start.save(update_fields=["verwijderd_op"])
    return start


@transaction.atomic
def stop_registreren(
    *,
    client: Client,
    aanbieder: Aanbieder,
    toewijzing_nummer: int | None,
    begindatum: date,
    reden_beeindiging: str,
    einddatum: date,
    ontvangen_op: date,
) -> Stop:
    """A stop (307). After a temporary stop (20) only a definitive stop with the same or a later Einddatum
    (TR413, TR414); after a definitive stop nothing (TR415). A new start after a temporary stop starts a new
    delivery."""
    start = _start_met_sleutel(
        client=client, aanbieder=aanbieder, toewijzing_nummer=toewijzing_nummer, begindatum=begindatum
    )
    eerder = list(start.stops.filter(verwijderd_op__isnull=True).values_list("reden_beeindiging", "einddatum"))
    fout = stop_fout(eerdere=eerder, reden_beeindiging=reden_beeindiging, einddatum=einddatum)
    if fout:
        raise ToewijzingFout(fout)
    return Stop.objects.create(
        start=start, reden_beeindiging=reden_beeindiging, einddatum=einddatum, ontvangen_op=ontvangen_op
    )


@transaction.atomic
def stop_verwijderen(
    *,
    client: Client,
    aanbieder: Aanbieder,
    toewijzing_nummer: int | None,
    begindatum: date,
    reden_beeindiging: str,
    op: date,
) -> Stop:
    start = _start_met_sleutel(
        client=client, aanbieder=aanbieder, toewijzing_nummer=toewijzing_nummer, begindatum=begindatum
    )
    stop = start.stops.filter(reden_beeindiging=reden_beeindiging, verwijderd_op__isnull=True).first()
    if stop is None:
        raise ToewijzingFout(TR063)
    stop.verwijderd_op = op
    stop.save(update_fields=["verwijderd_op"])
    return stop
