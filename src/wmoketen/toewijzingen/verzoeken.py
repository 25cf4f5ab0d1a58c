"""Verzoeken om toewijzing (315) and om wijziging (317): registering them and the municipality's answer.

A VOT is judged per product: each line is granted (a new toewijzing carrying its ReferentieAanbieder),
refused or put "in onderzoek". A VOW is judged as a whole (OP348): granted completely (changes in place where
the standard allows, otherwise end and reissue; RedenWijziging 12) or refused. The answer is due within
5 working days of receipt (OP274, OP346).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.werkdagen import werkdagen_na

from .constants import ANTWOORD_TERMIJN_WERKDAGEN, RedenWijziging, RegelSoort, VerzoekSoort, VerzoekStatus
from .models import Toewijzing, Verzoek, VerzoekRegel
from .selectors import actuele_toewijzingen
from .services import (
    ToewijzingFout,
    toewijzing_aanmaken,
    toewijzing_beeindigen_en_heruitgeven,
    toewijzing_wijzigen,
)


@dataclass(frozen=True)
class RegelInvoer:
    soort: RegelSoort
    referentie_aanbieder: str = ""
    toewijzing_nummer: int | None = None
    product_categorie: str = ""
    product_code: str = ""
    ingangsdatum: date | None = None
    einddatum: date | None = None
    volume: int | None = None
    eenheid: str = ""
    frequentie: str = ""
    budget_cent: int | None = None
    beschikking_nummer: int | None = None


def product_bij_code(*, client: Client, categorie: str, code: str) -> Product | None:
    """The catalogue product with this code in a region of the client's municipality."""
    if not code:
        return None
    return (
        Product.objects.filter(productcode=code, categorie=categorie, regio__gemeenten=client.gemeente)
        .order_by("-regio__geldig_van")
        .first()
    )


@transaction.atomic
def verzoek_registreren(
    *,
    soort: VerzoekSoort,
    client: Client,
    aanbieder: Aanbieder,
    gemeente_code: str,
    regels: list[RegelInvoer],
    ontvangen_op: date,
    referentie_aanbieder: str = "",
    reden_verzoek: str = "",
    commentaar: str = "",
) -> Verzoek:
    verzoek = Verzoek.objects.create(
        soort=soort,
        client=client,
        aanbieder=aanbieder,
        gemeente_code=gemeente_code,
        referentie_aanbieder=referentie_aanbieder,
        reden_verzoek=reden_verzoek,
        commentaar=commentaar[:200],
        ontvangen_op=ontvangen_op,
        uiterste_antwoorddatum=werkdagen_na(ontvangen_op, ANTWOORD_TERMIJN_WERKDAGEN),
    )
    for regel in regels:
        toewijzing = None
        if regel.toewijzing_nummer is not None:
            toewijzing = Toewijzing.objects.filter(
                toewijzing_nummer=regel.toewijzing_nummer, client=client, aanbieder=aanbieder
            ).first()
        VerzoekRegel.objects.create(
            verzoek=verzoek,
            soort=regel.soort,
            referentie_aanbieder=regel.referentie_aanbieder,
            toewijzing=toewijzing,
            product=product_bij_code(client=client, categorie=regel.product_categorie, code=regel.product_code),
            product_categorie=regel.product_categorie,
            product_code=regel.product_code,
            ingangsdatum=regel.ingangsdatum,
            einddatum=regel.einddatum,
            volume=regel.volume,
            eenheid=regel.eenheid,
            frequentie=regel.frequentie,
            budget_cent=regel.budget_cent,
            beschikking_nummer=regel.beschikking_nummer,
        )
    return verzoek


def _bijwerken_vot(verzoek: Verzoek, vandaag: date) -> None:
    statussen = set(verzoek.regels.values_list("status", flat=True))
    if VerzoekStatus.OPEN in statussen:
        verzoek.status = VerzoekStatus.OPEN
    elif VerzoekStatus.IN_ONDERZOEK in statussen:
        verzoek.status = VerzoekStatus.IN_ONDERZOEK
    elif VerzoekStatus.TOEGEKEND in statussen:
        verzoek.status = VerzoekStatus.TOEGEKEND
    else:
        verzoek.status = VerzoekStatus.AFGEWEZEN
    verzoek.beantwoord_op = vandaag if verzoek.status != VerzoekStatus.OPEN else None
    verzoek.save(update_fields=["status", "beantwoord_op"])


def _open_regel(regel: VerzoekRegel) -> VerzoekRegel:
    regel = VerzoekRegel.objects.select_for_update(of=("self",)).select_related("verzoek").get(pk=regel.pk)
    if regel.verzoek.soort != VerzoekSoort.VOT:
        raise ToewijzingFout("Een verzoek om wijziging wordt als geheel beantwoord (OP348).")
    if regel.status not in (VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK):
        raise ToewijzingFout("Dit aangevraagde product is al beantwoord.")
    return regel


@transaction.atomic
def vot_product_toekennen(*, regel: VerzoekRegel, moment: datetime | None = None) -> Toewijzing:
    """Grant one requested product: a new toewijzing carrying the product's ReferentieAanbieder (TR379)."""
    regel = _open_regel(regel)
    verzoek = regel.verzoek
    if regel.product is None:
        raise ToewijzingFout("Het aangevraagde product staat niet in de catalogus van de gemeente; wijs het af.")
    toewijzing = toewijzing_aanmaken(
        client=verzoek.client,
        aanbieder=verzoek.aanbieder,
        product=regel.product,
        ingangsdatum=regel.ingangsdatum or timezone.localdate(),
        einddatum=regel.einddatum,
        volume=regel.volume,
        budget_cent=regel.budget_cent,
        referentie_aanbieder=regel.referentie_aanbieder,
        moment=moment,
    )
    regel.status = VerzoekStatus.TOEGEKEND
    regel.resultaat = toewijzing
    regel.save(update_fields=["status", "resultaat"])
    _bijwerken_vot(verzoek, timezone.localdate(moment))
    return toewijzing


@transaction.atomic
def vot_product_afwijzen(*, regel: VerzoekRegel, reden_afwijzing: str) -> VerzoekRegel:
    regel = _open_regel(regel)
    regel.status = VerzoekStatus.AFGEWEZEN
    regel.reden_afwijzing = reden_afwijzing
    regel.save(update_fields=["status", "reden_afwijzing"])
    _bijwerken_vot(regel.verzoek, timezone.localdate())
    return regel


@transaction.atomic
def vot_product_in_onderzoek(*, regel: VerzoekRegel) -> VerzoekRegel:
    regel = _open_regel(regel)
    if regel.status == VerzoekStatus.IN_ONDERZOEK:
        raise ToewijzingFout("Dit product is al in onderzoek; er volgt nu een toewijzing of afwijzing (TR360).")
    regel.status = VerzoekStatus.IN_ONDERZOEK
    regel.save(update_fields=["status"])
    _bijwerken_vot(regel.verzoek, timezone.localdate())
    return regel


def _open_vow(verzoek: Verzoek) -> Verzoek:
    verzoek = Verzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.soort != VerzoekSoort.VOW:
        raise ToewijzingFout("Een verzoek om toewijzing wordt per product beantwoord.")
    if verzoek.status not in (VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK):
        raise ToewijzingFout("Dit verzoek is al beantwoord.")
    return verzoek


@transaction.atomic
def vow_toekennen(*, verzoek: Verzoek, moment: datetime | None = None) -> list[Toewijzing]:
    """Grant a VOW completely (OP348): every line as asked, RedenWijziging 12 on changes, and every current
    toewijzing carries the verzoek's ReferentieAanbieder in the next 301 (IV093)."""
    verzoek = _open_vow(verzoek)
    nu = timezone.localtime(moment or timezone.now())
    referentie = verzoek.referentie_aanbieder
    for regel in verzoek.regels.filter(soort=RegelSoort.TE_WIJZIGEN).select_related("toewijzing"):
        t = regel.toewijzing
        if t is None:
            raise ToewijzingFout("Een te wijzigen product verwijst niet naar een actuele toewijzing (TR351).")
        wijzigingen: dict[str, object] = {"einddatum": regel.einddatum}
        if regel.volume is not None and regel.volume != t.volume:
            wijzigingen["volume"] = regel.volume
        if regel.budget_cent is not None and regel.budget_cent != t.budget_cent:
            wijzigingen["budget_cent"] = regel.budget_cent
        omvang_anders = regel.eenheid and (regel.eenheid, regel.frequentie) != (t.eenheid, t.frequentie)
        volume_in_place = "volume" not in wijzigingen or t.frequentie == "6"
        if not omvang_anders and volume_in_place:
            t = toewijzing_wijzigen(
                toewijzing=t, reden_wijziging=RedenWijziging.DOOR_AANBIEDER, moment=nu, **wijzigingen
            )
        else:
            t = toewijzing_beeindigen_en_heruitgeven(
                toewijzing=t,
                per=regel.ingangsdatum or nu.date(),
                reden_wijziging=RedenWijziging.DOOR_AANBIEDER,
                volume=regel.volume if regel.volume is not None else t.volume,
                budget_cent=regel.budget_cent if regel.budget_cent is not None else t.budget_cent,
                einddatum=regel.einddatum,
                moment=nu,
            )
        regel.resultaat = t
        regel.save(update_fields=["resultaat"])
    for regel in verzoek.regels.filter(soort=RegelSoort.NIEUW):
        if regel.product is None:
            raise ToewijzingFout("Een nieuw product staat niet in de catalogus van de gemeente; wijs het verzoek af.")
        regel.resultaat = toewijzing_aanmaken(
            client=verzoek.client,
            aanbieder=verzoek.aanbieder,
            product=regel.product,
            ingangsdatum=regel.ingangsdatum or nu.date(),
            einddatum=regel.einddatum,
            volume=regel.volume,
            budget_cent=regel.budget_cent,
            moment=nu,
        )
        regel.save(update_fields=["resultaat"])
    actueel = list(actuele_toewijzingen(client=verzoek.client, aanbieder=verzoek.aanbieder, op=nu.date()))
    resultaten = [r.resultaat for r in verzoek.regels.filter(resultaat__isnull=False).select_related("resultaat")]
    actueel += [t for t in resultaten if t is not None and t.pk not in {a.pk for a in actueel}]
    ongewijzigd = verzoek.regels.filter(soort=RegelSoort.ONGEWIJZIGD, toewijzing__isnull=False)
    actueel += [r.toewijzing for r in ongewijzigd if r.toewijzing and r.toewijzing.pk not in {a.pk for a in actueel}]
    for t in actueel:
        t.referentie_aanbieder = referentie
        t.referentie_op = nu
        t.save(update_fields=["referentie_aanbieder", "referentie_op"])
    verzoek.regels.update(status=VerzoekStatus.TOEGEKEND)
    verzoek.status = VerzoekStatus.TOEGEKEND
    verzoek.beantwoord_op = nu.date()
    verzoek.save(update_fields=["status", "beantwoord_op"])
    return actueel


@transaction.atomic
def vow_afwijzen(*, verzoek: Verzoek, reden_afwijzing: str) -> Verzoek:
    verzoek = _open_vow(verzoek)
    verzoek.regels.update(status=VerzoekStatus.AFGEWEZEN, reden_afwijzing=reden_afwijzing)
    verzoek.status = VerzoekStatus.AFGEWEZEN
    verzoek.reden_afwijzing = reden_afwijzing
    verzoek.beantwoord_op = timezone.localdate()
    verzoek.save(update_fields=["status", "reden_afwijzing", "beantwoord_op"])
    return verzoek
