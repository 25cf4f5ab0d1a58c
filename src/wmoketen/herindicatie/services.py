"""Writes of evaluation and re-indication. Each service runs in one transaction and takes "today" as an argument.

A changed profile after an evaluation, or an expiring indication, starts a vervolg melding through
`toegang.services.melding_registreren`: the access flow (onderzoek, plan deel 1 and 2, akkoord, beschikking) is
reused, not copied, so a re-indication always gets a new support plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.core.fouten import Domeinfout
from wmoketen.toegang import services as toegang
from wmoketen.toegang.selectors import huidig_deel2
from wmoketen.toewijzingen.constants import RedenWijziging
from wmoketen.toewijzingen.models import Toewijzing

from .conversie.selectie import kandidaten, regio_van
from .conversie.uitvoering import definitie_van
from .domain import Spreiding, TeBeoordelen, evaluatiemomenten, herbeoordelingen_spreiden, laatste_melddatum, signaal
from .instellingen import instellingen_van_regio
from .models import (
    Conversie,
    Evaluatie,
    EvaluatieResultaat,
    EvaluatieSoort,
    EvaluatieStatus,
    Herbeoordeling,
    HerbeoordelingStatus,
    Herindicatiesignaal,
    Oordeel,
    SignaalStatus,
)

HORIZON_OPEN_EINDE = timedelta(days=2 * 365)
ALGEMEEN_RESULTAAT = ("ALG", "Beoogd resultaat uit het ondersteuningsplan")


class HerindicatieFout(Domeinfout):
    """A refused step; Dutch text. Nothing was changed."""


# ------------------------------------------------------------------------------------------------ evaluaties


def _resultaten(toewijzing: Toewijzing) -> list[tuple[str, int | None, str]]:
    """The intended results of the plan deel 2 behind the assignment's beschikking, else one general result."""
    beschikking = toewijzing.beschikking
    deel2 = huidig_deel2(beschikking.plan) if beschikking is not None else None
    if deel2 is not None:
        return [(r.resultaat_code, r.leefgebied_id, r.resultaat) for r in deel2.resultaten.all()]
    return [(ALGEMEEN_RESULTAAT[0], None, ALGEMEEN_RESULTAAT[1])]


@transaction.atomic
def evaluaties_plannen(*, toewijzing: Toewijzing, vandaag: date) -> list[Evaluatie]:
    """Plan the evaluations of one assignment from the region's rules. Idempotent; planned (not yet filled in)
    evaluations that no longer fit the schedule (the assignment closed early) are removed. An assignment whose
    evaluations were taken over from the old suite (`evaluatie_overnemen`) keeps that schedule."""
    overgenomen = list(Evaluatie.objects.filter(toewijzing=toewijzing, overgenomen=True))
    if overgenomen:
        return list(Evaluatie.objects.filter(toewijzing=toewijzing))
    regels = instellingen_van_regio(toewijzing.product.regio.instellingen).evaluatieregels()
    momenten = evaluatiemomenten(
        ingangsdatum=toewijzing.ingangsdatum,
        einddatum=toewijzing.einddatum,
        regels=regels,
        horizon=vandaag + HORIZON_OPEN_EINDE,
    )
    gewenst = {(m.soort.value, m.datum) for m in momenten}
    for oud in Evaluatie.objects.filter(toewijzing=toewijzing, status=EvaluatieStatus.GEPLAND):
        if (oud.soort, oud.gepland_op) not in gewenst:
            oud.delete()
    resultaten = None
    uit = []
    for m in momenten:
        evaluatie, nieuw = Evaluatie.objects.get_or_create(
            toewijzing=toewijzing, soort=m.soort.value, gepland_op=m.datum
        )
        if nieuw:
            resultaten = resultaten if resultaten is not None else _resultaten(toewijzing)
            EvaluatieResultaat.objects.bulk_create(
                EvaluatieResultaat(evaluatie=evaluatie, resultaat_code=c, leefgebied_id=lg, omschrijving=o[:300])
                for c, lg, o in resultaten
            )
        uit.append(evaluatie)
    return uit


@transaction.atomic
def evaluatie_overnemen(*, toewijzing: Toewijzing, soort: str, gepland_op: date) -> tuple[Evaluatie, bool]:
    """An evaluation the old suite planned (migratie, sjabloon evaluaties): (evaluation, new). From then on the
    assignment follows the old suite's schedule (`evaluaties_plannen` leaves it alone); the rule-based evaluations
    planned before the import are removed while nobody filled them in."""
    if soort not in EvaluatieSoort.values:
        raise HerindicatieFout(f"Soort {soort!r} is geen soort evaluatie ({', '.join(EvaluatieSoort.values)}).")
    if toewijzing.einddatum is not None and gepland_op > toewijzing.einddatum:
        raise HerindicatieFout(
            f"Gepland op {gepland_op:%d-%m-%Y}, na de einddatum {toewijzing.einddatum:%d-%m-%Y} van toewijzing "
            f"{toewijzing.toewijzing_nummer}."
        )
    if gepland_op < toewijzing.ingangsdatum:
        raise HerindicatieFout(
            f"Gepland op {gepland_op:%d-%m-%Y}, vóór de ingangsdatum {toewijzing.ingangsdatum:%d-%m-%Y} van "
            f"toewijzing {toewijzing.toewijzing_nummer}."
        )
    Evaluatie.objects.filter(toewijzing=toewijzing, overgenomen=False, status=EvaluatieStatus.GEPLAND).exclude(
        soort=soort, gepland_op=gepland_op
    ).delete()
    evaluatie, nieuw = Evaluatie.objects.get_or_create(toewijzing=toewijzing, soort=soort, gepland_op=gepland_op)
    if nieuw:
        EvaluatieResultaat.objects.bulk_create(
            EvaluatieResultaat(evaluatie=evaluatie, resultaat_code=c, leefgebied_id=lg, omschrijving=o[:300])
            for c, lg, o in _resultaten(toewijzing)
        )
    if not evaluatie.overgenomen:
        evaluatie.overgenomen = True
        evaluatie.save(update_fields=["overgenomen"])
    return evaluatie, nieuw


def evaluaties_bijwerken(*, vandaag: date) -> int:
    """Plan the evaluations of every running assignment (not deleted, not ended before today)."""
    aantal = 0
    for toewijzing in (
        Toewijzing.objects.lopend_vanaf(vandaag)
        .niet_verwijderd()
        .select_related("product__regio", "beschikking__plan")
        .iterator(chunk_size=500)
    ):
        aantal += len(evaluaties_plannen(toewijzing=toewijzing, vandaag=vandaag))
    return aantal


Oordelen = Mapping[str, tuple[str, str]]  # resultaat_code -> (oordeel, toelichting)


def _oordelen_controleren(evaluatie: Evaluatie, oordelen: Oordelen) -> None:
    codes = set(evaluatie.resultaten.values_list("resultaat_code", flat=True))
    ontbrekend = sorted(codes - {c for c, (o, _) in oordelen.items() if o})
    if ontbrekend:
        raise HerindicatieFout(f"Geef een oordeel bij elk beoogd resultaat (ontbreekt: {', '.join(ontbrekend)}).")
    for code, (oordeel, toelichting) in oordelen.items():
        if oordeel not in Oordeel.values:
            raise HerindicatieFout(f"Onbekend oordeel {oordeel!r}; kies behaald, deels of niet.")
        if oordeel != Oordeel.BEHAALD and not toelichting.strip():
            raise HerindicatieFout(f"Licht bij resultaat {code} toe waarom het niet (volledig) is behaald.")


@transaction.atomic
def evaluatie_invullen_door_aanbieder(
    *, evaluatie: Evaluatie, door: Gebruiker, oordelen: Oordelen, toelichting: str, op: date
) -> Evaluatie:
    """The provider's part: per intended result achieved / partly / not, and why."""
    evaluatie = Evaluatie.objects.select_for_update(of=("self",)).select_related("toewijzing").get(pk=evaluatie.pk)
    if door.rol != Rol.AANBIEDER or door.aanbieder_id != evaluatie.toewijzing.aanbieder_id:
        raise HerindicatieFout("Alleen de aanbieder van deze toewijzing vult dit deel in.")
    if evaluatie.status == EvaluatieStatus.VASTGESTELD:
        raise HerindicatieFout("Deze evaluatie is al vastgesteld.")
    _oordelen_controleren(evaluatie, oordelen)
    for r in evaluatie.resultaten.all():
        r.oordeel_aanbieder, r.toelichting_aanbieder = oordelen[r.resultaat_code]
        r.save(update_fields=["oordeel_aanbieder", "toelichting_aanbieder"])
    evaluatie.toelichting_aanbieder = toelichting
    evaluatie.ingevuld_door_aanbieder_op = op
    evaluatie.status = EvaluatieStatus.VOORSTEL
    evaluatie.save()
    return evaluatie


@transaction.atomic
def evaluatie_vaststellen(
    *,
    evaluatie: Evaluatie,
    door: Gebruiker,
    oordelen: Oordelen,
    client_betrokken: bool,
    toelichting: str,
    profiel_gewijzigd: bool,
    op: date,
) -> Evaluatie:
    """The consultant settles the evaluation with client and provider. A changed profile starts a vervolg
    melding (new plan, new beschikking) through the access services."""
    evaluatie = (
        Evaluatie.objects.select_for_update(of=("self",)).select_related("toewijzing__client").get(pk=evaluatie.pk)
    )
    if door.rol != Rol.CONSULENT:
        raise HerindicatieFout("Alleen een consulent stelt een evaluatie vast.")
    if evaluatie.status == EvaluatieStatus.VASTGESTELD:
        raise HerindicatieFout("Deze evaluatie is al vastgesteld.")
    if not client_betrokken:
        raise HerindicatieFout("De evaluatie gebeurt in de driehoek: leg vast dat de cliënt betrokken was.")
    _oordelen_controleren(evaluatie, oordelen)
    for r in evaluatie.resultaten.all():
        r.oordeel, r.toelichting = oordelen[r.resultaat_code]
        r.save(update_fields=["oordeel", "toelichting"])
    if profiel_gewijzigd:
        try:
            evaluatie.vervolgmelding = toegang.melding_registreren(
                door=door,
                client=evaluatie.toewijzing.client,
                melddatum=op,
                omschrijving=f"Herindicatie na {evaluatie.get_soort_display().lower()} van {op:%d-%m-%Y}: "
                "het profiel is gewijzigd; nieuw ondersteuningsplan en nieuwe beschikking nodig.",
            )
        except toegang.ToegangFout as fout:
            raise HerindicatieFout(" ".join(fout.fouten)) from fout
    evaluatie.client_betrokken = client_betrokken
    evaluatie.toelichting = toelichting
    evaluatie.profiel_gewijzigd = profiel_gewijzigd
    evaluatie.vastgesteld_op = op
    evaluatie.vastgesteld_door = door
    evaluatie.status = EvaluatieStatus.VASTGESTELD
    evaluatie.save()
    return evaluatie


# ------------------------------------------------------------------------------------- aflopende indicaties

VOORUIT = timedelta(days=8 * 7 + 120)  # 8 weeks plus a generous margin: only these end dates can be signalled


@transaction.atomic
def signalen_bijwerken(*, vandaag: date) -> int:
    """Raise a signal for every running assignment whose signal date has come (idempotent). Assignments already
    succeeded by another one (opvolgers) or deleted are skipped. Returns the number of new signals."""
    nieuw = 0
    qs = (
        Toewijzing.objects.filter(einddatum__gte=vandaag, einddatum__lte=vandaag + VOORUIT, opvolgers__isnull=True)
        .niet_verwijderd()
        .exclude(reden_wijziging=RedenWijziging.CLIENT_OVERLEDEN)
        .select_related("product__regio")
    )
    marges: dict[int, int] = {}
    for t in qs:
        assert t.einddatum is not None
        regio = t.product.regio
        if regio.pk not in marges:
            marges[regio.pk] = instellingen_van_regio(regio.instellingen).signaal_marge_werkdagen
        s = signaal(t.einddatum, marge_werkdagen=marges[regio.pk])
        if not s.actief(vandaag):
            continue
        _, gemaakt = Herindicatiesignaal.objects.get_or_create(
            toewijzing=t,
            einddatum=t.einddatum,
            defaults={"laatste_melddatum": s.laatste_melddatum, "signaaldatum": s.signaaldatum},
        )
        nieuw += int(gemaakt)
    return nieuw


@transaction.atomic
def signaal_melden_door_aanbieder(
    *, signaal: Herindicatiesignaal, door: Gebruiker, toelichting: str, op: date
) -> Herindicatiesignaal:
    """The provider reports the need for a re-indication on the client's behalf."""
    signaal = (
        Herindicatiesignaal.objects.select_for_update(of=("self",)).select_related("toewijzing").get(pk=signaal.pk)
    )
    if door.rol != Rol.AANBIEDER or door.aanbieder_id != signaal.toewijzing.aanbieder_id:
        raise HerindicatieFout("Alleen de aanbieder van deze toewijzing kan namens de cliënt melden.")
    if signaal.status == SignaalStatus.AFGEROND:
        raise HerindicatieFout("Deze herindicatie is al afgerond: er is een nieuwe beschikking.")
    if signaal.status != SignaalStatus.OPEN:
        raise HerindicatieFout("Voor deze indicatie is al gemeld.")
    signaal.status = SignaalStatus.DOOR_AANBIEDER
    signaal.aanbieder_gemeld_op = op
    signaal.aanbieder_toelichting = toelichting
    signaal.save()
    return signaal


@transaction.atomic
def herindicatie_starten(*, signaal: Herindicatiesignaal, door: Gebruiker, op: date) -> Herindicatiesignaal:
    """The consultant registers the vervolg melding; from there the access flow runs (new plan, beschikking)."""
    signaal = (
        Herindicatiesignaal.objects.select_for_update(of=("self",))
        .select_related("toewijzing__client")
        .get(pk=signaal.pk)
    )
    if signaal.status == SignaalStatus.AFGEROND:
        raise HerindicatieFout("Deze herindicatie is al afgerond: er is een nieuwe beschikking.")
    if signaal.status in {SignaalStatus.GEMELD, SignaalStatus.VERVALLEN}:
        raise HerindicatieFout("Voor deze indicatie is de herindicatie al gestart.")
    namens = " (gemeld door de aanbieder namens de cliënt)" if signaal.status == SignaalStatus.DOOR_AANBIEDER else ""
    try:
        signaal.melding = toegang.melding_registreren(
            door=door,
            client=signaal.toewijzing.client,
            melddatum=op,
            omschrijving=f"Herindicatie: de indicatie loopt af op {signaal.einddatum:%d-%m-%Y}{namens}.",
        )
    except toegang.ToegangFout as fout:
        raise HerindicatieFout(" ".join(fout.fouten)) from fout
    signaal.status = SignaalStatus.GEMELD
    signaal.save()
    return signaal


# ------------------------------------------------------------------------------------------ herbeoordelingen


@dataclass(frozen=True)
class Planningsuitkomst:
    spreiding: Spreiding
    ingepland: int
    niet_ingepland: int


@transaction.atomic
def herbeoordelingen_plannen(*, conversie: Conversie) -> Planningsuitkomst:
    """Spread the re-assessments of the definition's clients over its period within the capacity per consultant
    per week. Idempotent: planned rows are replaced, started and completed (new beschikking) ones are kept."""
    definitie = definitie_van(conversie)
    plan = definitie.herbeoordeling
    if plan is None:
        raise HerindicatieFout(f"Conversie {conversie.code} heeft geen herbeoordelingsplan.")
    regio = regio_van(definitie)
    regelnummers = {i for i, r in enumerate(definitie.regels) if not plan.regels or r.naam in plan.regels}
    gestart = set(
        conversie.herbeoordelingen.exclude(status=HerbeoordelingStatus.GEPLAND).values_list("client_id", flat=True)
    )
    per_client: dict[int, tuple[date, Toewijzing]] = {}
    for k in kandidaten(definitie, regio):
        if k.regel not in regelnummers or k.toewijzing.client_id in gestart:
            continue
        einde = k.actie.oude_einddatum or definitie.horizon()
        uiterlijk = laatste_melddatum(einde)
        huidig = per_client.get(k.toewijzing.client_id)
        if huidig is None or uiterlijk < huidig[0]:
            per_client[k.toewijzing.client_id] = (uiterlijk, k.toewijzing)
    consulenten = Gebruiker.objects.filter(
        rol=Rol.CONSULENT, is_active=True, gemeenten__in=regio.gemeenten.all()
    ).distinct()
    if plan.consulenten:
        consulenten = consulenten.filter(username__in=plan.consulenten)
    consulent_ids = list(consulenten.order_by("username").values_list("pk", flat=True))
    if not consulent_ids:
        raise HerindicatieFout(f"Er zijn geen consulenten voor {regio.naam}; de herbeoordelingen zijn niet te plannen.")
    spreiding = herbeoordelingen_spreiden(
        te_beoordelen=[TeBeoordelen(c, u) for c, (u, _) in per_client.items()],
        consulenten=consulent_ids,
        van=plan.van,
        tot=plan.tot,
        capaciteit_per_week=plan.capaciteit_per_consulent_per_week,
    )
    conversie.herbeoordelingen.filter(status=HerbeoordelingStatus.GEPLAND).delete()
    Herbeoordeling.objects.bulk_create(
        Herbeoordeling(
            conversie=conversie,
            client_id=i.sleutel,
            toewijzing=per_client[i.sleutel][1],
            week=i.week,
            uiterlijk=per_client[i.sleutel][0],
            consulent_id=i.consulent,
        )
        for i in spreiding.ingepland
    )
    return Planningsuitkomst(spreiding, len(spreiding.ingepland), len(spreiding.niet_ingepland))
