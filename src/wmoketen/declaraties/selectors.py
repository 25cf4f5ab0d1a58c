"""Reads of declarations, answers, payments, ceilings and the CAK cost price, always within the user's scope:
a provider sees only its own declarations; municipal staff only those of their municipalities (else 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import CakKostprijs, Gemeente
from wmoketen.contracten.models import Budgetplafond
from wmoketen.core.werkdagen import werkdagen_tussen
from wmoketen.toewijzingen.models import Toewijzing

from .bedragen import verdeel
from .cak import CakVoorziening
from .constants import BatchStatus, DeclaratieStatus, PrestatieStatus
from .models import Betaalbatch, Betaalregel, Declaratie, Prestatie
from .perioden import CakGrid, Periode
from .plafond import Plafondstand, plafondstand

GEMEENTE_ROLLEN = frozenset({Rol.BACKOFFICE, Rol.CONTRACTMANAGER, Rol.FUNCTIONEEL_BEHEER})


def _scope(gebruiker: Gebruiker, veld: str = "") -> Q:
    if not gebruiker.is_active:
        return Q(pk__in=[])
    if gebruiker.rol == Rol.AANBIEDER:
        return Q(**{f"{veld}aanbieder_id": gebruiker.aanbieder_id}) if gebruiker.aanbieder_id else Q(pk__in=[])
    if gebruiker.rol in GEMEENTE_ROLLEN:
        return Q(**{f"{veld}gemeente__in": gebruiker.gemeenten.all()})
    return Q(pk__in=[])


def declaraties_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Declaratie]:
    return Declaratie.objects.filter(_scope(gebruiker)).select_related("aanbieder", "gemeente")


def declaratie_ophalen(*, gebruiker: Gebruiker, declaratie_id: int) -> Declaratie:
    declaratie = declaraties_zichtbaar(gebruiker).filter(pk=declaratie_id).first()
    if declaratie is None:
        raise Http404("Declaratie niet gevonden")
    return declaratie


def prestatie_ophalen(*, gebruiker: Gebruiker, prestatie_id: int) -> Prestatie:
    prestatie = (
        Prestatie.objects.filter(_scope(gebruiker, "declaratie__"), pk=prestatie_id)
        .select_related("declaratie", "toewijzing", "client")
        .first()
    )
    if prestatie is None:
        raise Http404("Prestatie niet gevonden")
    return prestatie


def antwoord_te_laat(declaratie: Declaratie, *, vandaag: date) -> bool:
    """The 325 is due within 10 working days (OP090x4); late when still unanswered after that."""
    return declaratie.beantwoord_op is None and vandaag > declaratie.antwoord_uiterlijk


def werkdagen_tot_antwoord(declaratie: Declaratie) -> int | None:
    if declaratie.beantwoord_op is None:
        return None
    return werkdagen_tussen(declaratie.ontvangen_op, declaratie.beantwoord_op)


def betaalbatches_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Betaalbatch]:
    if gebruiker.rol not in GEMEENTE_ROLLEN:
        return Betaalbatch.objects.none()
    return Betaalbatch.objects.filter(gemeente__in=gebruiker.gemeenten.all()).select_related(
        "gemeente", "aangemaakt_door", "goedgekeurd_door"
    )


def betalingen_aanbieder(gebruiker: Gebruiker) -> QuerySet[Betaalregel]:
    """A provider's payment lines in approved batches."""
    if gebruiker.rol != Rol.AANBIEDER or gebruiker.aanbieder_id is None:
        return Betaalregel.objects.none()
    return (
        Betaalregel.objects.filter(aanbieder_id=gebruiker.aanbieder_id, batch__status=BatchStatus.GOEDGEKEURD)
        .select_related("batch", "prestatie__declaratie")
        .order_by("-batch__goedgekeurd_op", "pk")
    )


# --- budget ceilings -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlafondRegel:
    plafond: Budgetplafond
    stand: Plafondstand


def plafonds_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Budgetplafond]:
    qs = Budgetplafond.objects.select_related("aanbieder", "segment__regio")
    if gebruiker.rol == Rol.AANBIEDER:
        return qs.filter(aanbieder_id=gebruiker.aanbieder_id or 0)
    if gebruiker.rol in {Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER}:
        return qs.filter(segment__regio__gemeenten__in=gebruiker.gemeenten.all()).distinct()
    return qs.none()


def plafondstanden(*, gebruiker: Gebruiker, jaar: int, peildatum: date) -> list[PlafondRegel]:
    """Per ceiling: approved per month and pending (declarations not yet answered), with the engine's forecast,
    the 80/90/100 % warnings and the region's rule at 100 % (`plafond.plafondstand`)."""
    regels = []
    for plafond in plafonds_zichtbaar(gebruiker).filter(jaar=jaar):
        binnen = Prestatie.objects.filter(
            aanbieder=plafond.aanbieder,
            toewijzing__product__perceel__segment=plafond.segment,
            begindatum__year=jaar,
        )
        per_maand = dict(
            binnen.filter(status=PrestatieStatus.GOEDGEKEURD)
            .annotate(maand=ExtractMonth("begindatum"))
            .values("maand")
            .annotate(som=Sum("toegekend_cent"))
            .values_list("maand", "som")
        )
        in_behandeling = (
            binnen.filter(declaratie__status=DeclaratieStatus.ONTVANGEN).aggregate(s=Sum("ingediend_bedrag_cent"))["s"]
            or 0
        )
        stand = plafondstand(
            jaar=jaar,
            plafond_cent=plafond.bedrag_cent,
            goedgekeurd_per_maand=per_maand,
            in_behandeling_cent=in_behandeling,
            peildatum=peildatum,
            plafondregel=plafond.segment.plafondregel,
        )
        regels.append(PlafondRegel(plafond, stand))
    return regels


# --- CAK cost price ------------------------------------------------------------------------------------------


def cak_voorzieningen(*, gemeente: Gemeente, jaar: int) -> tuple[list[CakVoorziening], dict[str, int]]:
    """The assigned products of clients of this municipality running in `jaar` whose product has a CAK cost price,
    with the method that follows from the price: per 4 weeks -> 'vast' (MLW 2018: EUR 150,00 for begeleiding
    whatever the profile); per unit on an assignment in hours -> 'uren' (the old hour-based method for clients not
    yet re-indicated: the minutes of approved prestaties, spread over the CAK periods by days); other units ->
    'eenheid'.
    Returns the voorzieningen and BSN -> client id (for the audit log)."""
    jaar_periode = Periode(date(jaar, 1, 1), date(jaar, 12, 31))
    toewijzingen = (
        Toewijzing.objects.filter(client__gemeente=gemeente, ingangsdatum__lte=jaar_periode.tot)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=jaar_periode.van))
        .exclude(reden_wijziging="13", einddatum=F("ingangsdatum"))
        .select_related("client", "product")
    )
    kostprijzen: dict[int, list[CakKostprijs]] = defaultdict(list)
    for k in CakKostprijs.objects.filter(product__in={t.product_id for t in toewijzingen}):
        kostprijzen[k.product_id].append(k)
    grid = CakGrid()
    voorzieningen = []
    clienten: dict[str, int] = {}
    for t in toewijzingen:
        prijzen = [k for k in kostprijzen.get(t.product_id, []) if k.geldig_van <= jaar_periode.tot]
        if not prijzen:
            continue
        prijs = max(prijzen, key=lambda k: k.geldig_van)
        looptijd = Periode(
            max(t.ingangsdatum, jaar_periode.van), min(t.einddatum or jaar_periode.tot, jaar_periode.tot)
        )
        methode = "vast" if prijs.per == "4_weken" else ("uren" if t.eenheid in {"01", "04"} else "eenheid")
        minuten: dict[str, int] = defaultdict(int)
        eenheden: dict[str, int] = defaultdict(int)
        if methode != "vast":
            prestaties = Prestatie.objects.filter(
                toewijzing=t, status=PrestatieStatus.GOEDGEKEURD, debet_credit="D", begindatum__year=jaar
            ).exclude(referentie_nummer__in=Prestatie.objects.filter(
                toewijzing=t, status=PrestatieStatus.GOEDGEKEURD, debet_credit="C"
            ).values("vorig_referentie_nummer"))  # fmt: skip
            for p in prestaties:
                volume = p.geleverd_volume * (60 if methode == "uren" and p.eenheid == "04" else 1)
                delen = grid.perioden(Periode(p.begindatum, p.einddatum))
                gewichten = [d.periode.overlapdagen(Periode(p.begindatum, p.einddatum)) for d in delen]
                for deel, stuk in zip(delen, verdeel(volume, gewichten), strict=True):
                    (minuten if methode == "uren" else eenheden)[deel.label] += stuk
        voorzieningen.append(
            CakVoorziening(
                bsn=t.client.bsn,
                productcode=t.product.productcode,
                cak_code=t.product.cak_code,
                looptijd=looptijd,
                methode=methode,
                kostprijs_cent=prijs.bedrag_cent,
                minuten_per_periode=dict(minuten),
                eenheden_per_periode=dict(eenheden),
            )
        )
        clienten[t.client.bsn] = t.client_id
    return voorzieningen, clienten
