"""Reads for the pages, always within the user's scope (accounts.selectors.client_scope)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.selectors import client_scope
from wmoketen.clienten.models import Client
from wmoketen.toegang.models import Beschikking
from wmoketen.toewijzingen.models import Toewijzing

from .conversie.uitvoering import definitie_van
from .domain import werkdagen_in_week
from .models import (
    Conversie,
    Conversierun,
    Evaluatie,
    EvaluatieStatus,
    Herbeoordeling,
    Herindicatiesignaal,
    RunSoort,
    SignaalStatus,
)

GEMEENTE_ROLLEN = {Rol.CONSULENT, Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER}
EVALUATIE_VOORUIT = timedelta(weeks=6)
AFGEROND_TERUG = timedelta(weeks=13)  # completed re-indications stay on the overview this long after the beschikking


def _clienten(gebruiker: Gebruiker) -> QuerySet[Client]:
    return Client.objects.filter(client_scope(gebruiker))


def evaluaties_voor(*, gebruiker: Gebruiker, vandaag: date) -> QuerySet[Evaluatie]:
    """Open evaluations due within six weeks (or overdue); a provider sees only its own assignments."""
    qs = Evaluatie.objects.filter(
        toewijzing__client__in=_clienten(gebruiker), gepland_op__lte=vandaag + EVALUATIE_VOORUIT
    ).exclude(status=EvaluatieStatus.VASTGESTELD)
    if gebruiker.rol == Rol.AANBIEDER:
        qs = qs.filter(toewijzing__aanbieder_id=gebruiker.aanbieder_id or 0)
    return qs.select_related("toewijzing__client", "toewijzing__product", "toewijzing__aanbieder").order_by(
        "gepland_op", "pk"
    )


def evaluatie_ophalen(*, gebruiker: Gebruiker, evaluatie_id: int) -> Evaluatie:
    qs = Evaluatie.objects.filter(pk=evaluatie_id, toewijzing__client__in=_clienten(gebruiker))
    if gebruiker.rol == Rol.AANBIEDER:
        qs = qs.filter(toewijzing__aanbieder_id=gebruiker.aanbieder_id or 0)
    evaluatie = qs.select_related(
        "toewijzing__client", "toewijzing__product", "toewijzing__aanbieder", "beschikking"
    ).first()
    if evaluatie is None:
        raise Http404("Evaluatie niet gevonden")
    return evaluatie


def signalen_voor(*, gebruiker: Gebruiker) -> QuerySet[Herindicatiesignaal]:
    qs = Herindicatiesignaal.objects.filter(
        toewijzing__client__in=_clienten(gebruiker), status__in=[SignaalStatus.OPEN, SignaalStatus.DOOR_AANBIEDER]
    )
    if gebruiker.rol == Rol.AANBIEDER:
        qs = qs.filter(toewijzing__aanbieder_id=gebruiker.aanbieder_id or 0)
    return qs.select_related("toewijzing__client", "toewijzing__product", "toewijzing__aanbieder").order_by(
        "laatste_melddatum", "pk"
    )


@dataclass(frozen=True)
class Herindicatie:
    """A re-indication under way (vervolgmelding registered) or completed (new beschikking), from an expiry signal
    or from an evaluation with a changed profile."""

    toewijzing: Toewijzing
    aanleiding: str
    melding_id: int | None
    beschikking: Beschikking | None

    @property
    def afgerond(self) -> bool:
        return self.beschikking is not None


def herindicaties_voor(*, gebruiker: Gebruiker, vandaag: date) -> list[Herindicatie]:
    """Re-indications under way and those completed in the last 13 weeks, within the user's scope (a provider:
    its own assignments). Under way first (oldest melding first), then completed (newest beschikking first)."""
    recent = Q(beschikking__isnull=True) | Q(beschikking__besluitdatum__gte=vandaag - AFGEROND_TERUG)
    signalen = Herindicatiesignaal.objects.filter(
        recent,
        toewijzing__client__in=_clienten(gebruiker),
        status__in=[SignaalStatus.GEMELD, SignaalStatus.AFGEROND],
    )
    evaluaties = Evaluatie.objects.filter(
        recent, toewijzing__client__in=_clienten(gebruiker), vervolgmelding__isnull=False
    )
    if gebruiker.rol == Rol.AANBIEDER:
        signalen = signalen.filter(toewijzing__aanbieder_id=gebruiker.aanbieder_id or 0)
        evaluaties = evaluaties.filter(toewijzing__aanbieder_id=gebruiker.aanbieder_id or 0)
    mee = ("toewijzing__client", "toewijzing__product", "toewijzing__aanbieder", "beschikking")
    uit = [
        Herindicatie(s.toewijzing, f"Indicatie loopt af op {s.einddatum:%d-%m-%Y}", s.melding_id, s.beschikking)
        for s in signalen.select_related(*mee)
    ] + [
        Herindicatie(
            e.toewijzing,
            f"{e.get_soort_display()} van {e.vastgesteld_op or e.gepland_op:%d-%m-%Y}: profiel gewijzigd",
            e.vervolgmelding_id,
            e.beschikking,
        )
        for e in evaluaties.select_related(*mee)
    ]

    def volgorde(h: Herindicatie) -> tuple[bool, int, int]:
        if h.beschikking is None:
            return (False, h.melding_id or 0, 0)
        return (True, -h.beschikking.besluitdatum.toordinal(), -h.beschikking.pk)

    return sorted(uit, key=volgorde)


def signaal_ophalen(*, gebruiker: Gebruiker, signaal_id: int) -> Herindicatiesignaal:
    signaal = signalen_voor(gebruiker=gebruiker).filter(pk=signaal_id).first()
    if signaal is None:
        raise Http404("Signaal niet gevonden")
    return signaal


def conversies(gebruiker: Gebruiker) -> QuerySet[Conversie]:
    """The conversions of the user's region: the region of the account, or the regions of the user's
    municipalities (issue 14 item 7: a Limburg-Noord consultant never sees De Fryske Marren's conversion). The
    pages show counts and amounts only, but the plan, the assignments and the money are the region's business."""
    if not gebruiker.is_active or gebruiker.rol not in GEMEENTE_ROLLEN:
        return Conversie.objects.none()
    scope = Q(regio__gemeenten__in=gebruiker.gemeenten.all())
    if gebruiker.regio_id is not None:
        scope |= Q(regio_id=gebruiker.regio_id)
    ids = Conversie.objects.filter(scope).values("pk")
    return Conversie.objects.filter(pk__in=ids).select_related("regio").order_by("code")


@dataclass
class Conversieoverzicht:
    conversie: Conversie
    proef: Conversierun | None
    run: Conversierun | None
    regels: list[dict[str, object]]


def conversie_overzicht(*, gebruiker: Gebruiker, code: str) -> Conversieoverzicht:
    """One conversion of the user's region (else 404: another region's conversion is not revealed)."""
    conversie = conversies(gebruiker).filter(code=code).first()
    if conversie is None:
        raise Http404("Conversie niet gevonden")
    runs = conversie.runs.order_by("-gestart_op", "-pk")
    return Conversieoverzicht(
        conversie=conversie,
        proef=runs.filter(soort=RunSoort.PROEF).first(),
        run=runs.filter(soort=RunSoort.ECHT).first(),
        regels=[r.model_dump() for r in definitie_van(conversie).regels],
    )


def run_ophalen(*, gebruiker: Gebruiker, run_id: int) -> Conversierun:
    """A run of a conversion in a region of one of the user's municipalities (else 404): its report lists
    assignment numbers, which are personal data."""
    if not gebruiker.is_active or gebruiker.rol not in GEMEENTE_ROLLEN:
        raise Http404("Run niet gevonden")
    run = (
        Conversierun.objects.select_related("conversie")
        .filter(pk=run_id, conversie__in=conversies(gebruiker).values("pk"))
        .first()
    )
    if run is None:
        raise Http404("Run niet gevonden")
    return run


def rapport_csv_voor(*, gebruiker: Gebruiker, run: Conversierun) -> str:
    """The run's CSV report with only the rows of the user's municipalities (column `gemeente`)."""
    codes = set(gebruiker.gemeenten.values_list("cbs_code", flat=True))
    rijen = list(csv.reader(io.StringIO(run.rapport_csv), delimiter=";"))
    if not rijen:
        return ""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    kolom = rijen[0].index("gemeente") if "gemeente" in rijen[0] else None
    schrijver.writerows([rijen[0]] + [r for r in rijen[1:] if kolom is not None and r[kolom] in codes])
    return uit.getvalue()


@dataclass
class Planningsweek:
    week: date
    capaciteit: int
    ingepland: int
    regels: list[Herbeoordeling] = field(default_factory=list)

    @property
    def vol(self) -> bool:
        return self.ingepland >= self.capaciteit


@dataclass
class Planning:
    conversie: Conversie
    weken: list[Planningsweek]
    per_consulent: dict[str, int]
    totaal: int


def planning(*, gebruiker: Gebruiker, code: str) -> Planning:
    """Who, when, which consultant, and the capacity per week (all consultants together, scaled by working days).
    Only clients in the user's scope are listed; the counts per week cover the whole plan."""
    conversie = conversies(gebruiker).filter(code=code).first()
    if conversie is None:
        raise Http404("Conversie niet gevonden")
    definitie = definitie_van(conversie)
    alle = conversie.herbeoordelingen.select_related(
        "client", "consulent", "toewijzing__product", "beschikking"
    ).order_by("week", "consulent__username", "client__achternaam", "pk")
    zichtbaar = set(_clienten(gebruiker).filter(herbeoordelingen__conversie=conversie).values_list("pk", flat=True))
    consulenten = {h.consulent_id for h in alle}
    per_week: dict[date, list[Herbeoordeling]] = defaultdict(list)
    for h in alle:
        per_week[h.week].append(h)
    weken = []
    cap = definitie.herbeoordeling.capaciteit_per_consulent_per_week if definitie.herbeoordeling else 0
    for week in sorted(per_week):
        regels = per_week[week]
        capaciteit = cap * werkdagen_in_week(week) // 5 * max(len(consulenten), 1)
        weken.append(Planningsweek(week, capaciteit, len(regels), [h for h in regels if h.client_id in zichtbaar]))
    per_consulent: dict[str, int] = defaultdict(int)
    for h in alle:
        per_consulent[h.consulent.username if h.consulent else "-"] += 1
    return Planning(conversie, weken, dict(sorted(per_consulent.items())), len(alle))


def evaluaties_van_client(*, gebruiker: Gebruiker, client: Client) -> list[Evaluatie]:
    """Every evaluation of this client's assignments the user may see (a provider: its own), newest first."""
    qs = Evaluatie.objects.filter(toewijzing__client=client, toewijzing__client__in=_clienten(gebruiker))
    if gebruiker.rol == Rol.AANBIEDER:
        qs = qs.filter(toewijzing__aanbieder_id=gebruiker.aanbieder_id or 0)
    return list(qs.select_related("toewijzing__product", "toewijzing__aanbieder").order_by("-gepland_op", "-pk"))
