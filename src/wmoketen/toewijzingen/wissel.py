"""Facts of an assignment the settlement needs (issue 14 item 5): a switch of provider and an interruption of care.

A switch ends one provider's assignment the day before `per` (RedenWijziging 09, overstap naar andere aanbieder,
`einde_door_wissel`) and starts the same provision (product, extent, end date, beschikking) at the new provider
from `per` (`wissel_van`): the same need, another provider. Both go out in their provider's next 301. The
settlement then applies the region's switch rule (Afrekenregel.wissel_aanbieder) instead of the start and end
rules to the period of the switch: the old provider, the new one or both pro rata get that period.

An interruption (admission, holiday) is a period within a running assignment; the settlement applies the region's
interruption rule (Afrekenregel.onderbreking). No iWmo message carries it.

Only a consultant of the client's municipality records either; every refusal is a ToewijzingFout in Dutch.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.constants import Eenheid
from wmoketen.contracten.models import Aanbieder, Overeenkomst
from wmoketen.core import events

from .beeindigen import VOORZIENINGEN_BEEINDIGD
from .constants import RedenWijziging
from .domain import is_verwijderd
from .models import Onderbreking, OnderbrekingReden, Toewijzing
from .services import ToewijzingFout, _moment, _toewijzing_aanmaken, _versie


def _mag(door: Gebruiker, toewijzing: Toewijzing, wat: str) -> None:
    if door.rol != Rol.CONSULENT or not door.is_active:
        raise ToewijzingFout(f"Alleen een consulent {wat}.")
    if not door.gemeenten.filter(pk=toewijzing.client.gemeente_id).exists():
        raise ToewijzingFout("Deze cliënt woont niet in een van uw gemeenten.")


def _gecontracteerd(aanbieder: Aanbieder, toewijzing: Toewijzing, per: date) -> bool:
    product = toewijzing.product
    overeenkomsten = (
        Overeenkomst.objects.filter(regio_id=product.regio_id, aanbieder=aanbieder, percelen=product.perceel_id)
        .filter(Q(producten__isnull=True) | Q(producten=product))
        .filter(ingangsdatum__lte=per)
    )
    return overeenkomsten.exists()


@transaction.atomic
def aanbieder_wisselen(
    *, door: Gebruiker, toewijzing: Toewijzing, nieuwe_aanbieder: Aanbieder, per: date
) -> Toewijzing:
    """The client switches provider for the same need from `per`: returns the new provider's assignment."""
    oud = (
        Toewijzing.objects.select_for_update(of=("self",))
        .select_related("client", "aanbieder", "product")
        .get(pk=toewijzing.pk)
    )
    _mag(door, oud, "legt een wissel van aanbieder vast")
    if is_verwijderd(reden_wijziging=oud.reden_wijziging, ingangsdatum=oud.ingangsdatum, einddatum=oud.einddatum):
        raise ToewijzingFout("Deze toewijzing is verwijderd (reden 13); er valt niets te wisselen.")
    if hasattr(oud, "wissel_naar") or oud.einde_door_wissel:
        raise ToewijzingFout("Voor deze toewijzing is al een wissel van aanbieder vastgelegd.")
    if nieuwe_aanbieder.pk == oud.aanbieder_id:
        raise ToewijzingFout("Kies een andere aanbieder: een wissel gaat naar een andere aanbieder.")
    if per <= oud.ingangsdatum:
        raise ToewijzingFout(
            f"De wisseldatum moet na de ingangsdatum ({oud.ingangsdatum:%d-%m-%Y}) liggen; kies anders een andere "
            "aanbieder in een nieuwe beschikking."
        )
    if oud.einddatum is not None and per > oud.einddatum:
        raise ToewijzingFout(f"De wisseldatum ligt na de einddatum van de toewijzing ({oud.einddatum:%d-%m-%Y}).")
    if not _gecontracteerd(nieuwe_aanbieder, oud, per):
        raise ToewijzingFout(
            f"{nieuwe_aanbieder.naam} is niet gecontracteerd voor {oud.product.productcode} {oud.product.naam}."
        )
    nu = _moment(None)
    einde = oud.einddatum
    oud.einddatum = per - timedelta(days=1)
    oud.reden_wijziging = RedenWijziging.ANDERE_AANBIEDER
    oud.einde_door_wissel = True
    _versie(oud, nu)
    nieuw = _toewijzing_aanmaken(  # in this transaction: a refusal rolls back the ending as well
        client=oud.client,
        aanbieder=nieuwe_aanbieder,
        product=oud.product,
        ingangsdatum=per,
        einddatum=einde,
        # an amount per month (eenheid 83) follows from the rules for this provider's own period and the switch
        volume=None if oud.eenheid == Eenheid.EUROS else oud.volume,
        budget_cent=oud.budget_cent,
        beschikking_id=oud.beschikking_id,
        moment=nu,
        wissel_van=oud,
    )
    events.publish(VOORZIENINGEN_BEEINDIGD, client_id=oud.client_id)  # both 301s go out now
    return nieuw


@transaction.atomic
def onderbreking_vastleggen(
    *, door: Gebruiker, toewijzing: Toewijzing, van: date, tot: date, reden: str, toelichting: str = ""
) -> Onderbreking:
    """Record that the care of `toewijzing` was interrupted from `van` up to and including `tot`."""
    t = Toewijzing.objects.select_for_update(of=("self",)).select_related("client").get(pk=toewijzing.pk)
    _mag(door, t, "legt een onderbreking vast")
    if reden not in OnderbrekingReden.values:
        raise ToewijzingFout("Kies de reden van de onderbreking.")
    if tot < van:
        raise ToewijzingFout("De onderbreking eindigt vóór ze begint.")
    if van < t.ingangsdatum or (t.einddatum is not None and tot > t.einddatum):
        looptijd = (
            f"{t.ingangsdatum:%d-%m-%Y} t/m {t.einddatum:%d-%m-%Y}"
            if t.einddatum
            else (f"vanaf {t.ingangsdatum:%d-%m-%Y}")
        )
        raise ToewijzingFout(f"De onderbreking valt buiten de looptijd van de toewijzing ({looptijd}).")
    overlap = t.onderbrekingen.filter(van__lte=tot, tot__gte=van).first()
    if overlap is not None:
        raise ToewijzingFout(
            f"Er is al een onderbreking van {overlap.van:%d-%m-%Y} t/m {overlap.tot:%d-%m-%Y}; pas die aan of "
            "verwijder die eerst."
        )
    return Onderbreking.objects.create(
        toewijzing=t, van=van, tot=tot, reden=reden, toelichting=toelichting.strip(), vastgelegd_door=door
    )


@transaction.atomic
def onderbreking_verwijderen(*, door: Gebruiker, onderbreking: Onderbreking) -> None:
    o = (
        Onderbreking.objects.select_for_update(of=("self",))
        .select_related("toewijzing__client")
        .get(pk=onderbreking.pk)
    )
    _mag(door, o.toewijzing, "verwijdert een onderbreking")
    o.delete()
