"""KPIs over assignments: clients in care, inflow and outflow, waiting time, duration, switches, scaling down,
ending as planned and re-indication. Every count of clients counts distinct clients."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest, TruncDate

from wmoketen.toewijzingen.models import Start, Stop, Toewijzing, verwijderd_q

from ..filters import PAD, Dimensie, Filter, groepnamen, loopt_in_periode, toewijzing_q
from ..statistiek import Dagen, verdeling
from ..tabel import Kolom, Soort, Tabel

VERVOLG_BINNEN_DAGEN = 31
"""A new assignment starting at most this many days after the end of the previous one is its follow-up."""

REDEN_STOP_VOLGENS_PLAN = "19"
REDEN_STOP_ANDERE_AANBIEDER = "38"
REDEN_WIJZIGING_ANDERE_AANBIEDER = "09"


def _basis(f: Filter) -> QuerySet[Toewijzing]:
    return Toewijzing.objects.filter(toewijzing_q(f), ~verwijderd_q())


def _groep(per: Dimensie, waarden: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    namen = groepnamen(per, set(waarden))
    rijen = [{"groep_id": g, "groep": namen.get(g, "Onbekend"), **w} for g, w in waarden.items()]
    return sorted(rijen, key=lambda r: r["groep"])


def _tel(qs: QuerySet[Toewijzing], per: Dimensie) -> dict[Any, int]:
    return {r["g"]: r["n"] for r in qs.values(g=F(PAD[per])).annotate(n=Count("client_id", distinct=True))}


def _zelfde_groep(per: Dimensie) -> dict[str, Any]:
    return {PAD[per]: OuterRef(PAD[per])}


def clienten(f: Filter, per: Dimensie = Dimensie.AANBIEDER) -> Tabel:
    """Clients in care, inflow and outflow per group."""
    basis = _basis(f)
    in_zorg = _tel(basis.filter(loopt_in_periode(f)), per)
    eerder = basis.filter(client_id=OuterRef("client_id"), ingangsdatum__lt=f.van, **_zelfde_groep(per))
    instroom = _tel(basis.filter(ingangsdatum__range=(f.van, f.tot)).filter(~Exists(eerder)), per)
    later = basis.filter(
        Q(einddatum__isnull=True) | Q(einddatum__gt=f.tot), client_id=OuterRef("client_id"), **_zelfde_groep(per)
    )
    uitstroom = _tel(basis.filter(einddatum__range=(f.van, f.tot)).filter(~Exists(later)), per)
    groepen = set(in_zorg) | set(instroom) | set(uitstroom)
    rijen = _groep(
        per,
        {
            g: {"in_zorg": in_zorg.get(g, 0), "instroom": instroom.get(g, 0), "uitstroom": uitstroom.get(g, 0)}
            for g in groepen
        },
    )
    return Tabel(
        code="clienten",
        titel="Cliënten in zorg, instroom en uitstroom",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("in_zorg", "Cliënten in zorg", Soort.CLIENTEN),
            Kolom("instroom", "Instroom", Soort.CLIENTEN),
            Kolom("uitstroom", "Uitstroom", Soort.CLIENTEN),
        ),
        rijen=rijen,
        basis="in_zorg",
    )


def clienten_per_maand(f: Filter, maanden: list[tuple[Any, Any]]) -> list[int]:
    """Distinct clients in care in each month, in one pass."""
    basis = _basis(f)
    tellingen = basis.filter(loopt_in_periode(f)).aggregate(
        **{
            f"m{i}": Count(
                "client_id",
                distinct=True,
                filter=Q(ingangsdatum__lte=eind) & (Q(einddatum__isnull=True) | Q(einddatum__gte=begin)),
            )
            for i, (begin, eind) in enumerate(maanden)
        }
    )
    return [tellingen[f"m{i}"] for i in range(len(maanden))]


def _samenvatting_tabel(
    code: str, titel: str, per: Dimensie, sam: dict[Any, Any], extra: dict[Any, dict[str, Any]] | None = None
) -> Tabel:
    extra = extra or {}
    waarden: dict[Any, dict[str, Any]] = {}
    for g in set(sam) | set(extra):
        s = sam.get(g)
        waarden[g] = {
            "n": s.n if s else 0,
            "gemiddelde": s.gemiddelde if s else None,
            "p25": s.p25 if s else None,
            "mediaan": s.mediaan if s else None,
            "p75": s.p75 if s else None,
            "p90": s.p90 if s else None,
            **extra.get(g, {}),
        }
    kolommen = [
        Kolom("groep", per.label),
        Kolom("n", "Cliënten", Soort.CLIENTEN),
        Kolom("gemiddelde", "Gemiddeld (dagen)", Soort.DAGEN),
        Kolom("p25", "25e percentiel", Soort.DAGEN),
        Kolom("mediaan", "Mediaan", Soort.DAGEN),
        Kolom("p75", "75e percentiel", Soort.DAGEN),
        Kolom("p90", "90e percentiel", Soort.DAGEN),
    ]
    if any(extra.values()):
        kolommen.append(Kolom("zonder_start", "Nog niet gestart", Soort.CLIENTEN))
    return Tabel(code=code, titel=titel, kolommen=tuple(kolommen), rijen=_groep(per, waarden), basis="n")


def wachttijd(f: Filter, per: Dimensie = Dimensie.AANBIEDER, *, python: bool | None = None) -> Tabel:
    """Days from the assignment (the later of the day it was made and its ingangsdatum) to the first start
    (305), for assignments whose first start lies in the period.

    One grouped pass over the starts: per assignment the earliest non-deleted start (`Min`), kept when it lies
    in the period (HAVING). Starts after the period are left out first: they can never be the earliest start of
    an assignment whose earliest start lies in the period, and for any other assignment the minimum of the rest
    is still before or after the period."""
    t = "toewijzing__"
    qs = (
        Start.objects.filter(
            toewijzing_q(f, t),
            ~verwijderd_q(t),
            toewijzing__isnull=False,
            verwijderd_op__isnull=True,
            begindatum__lte=f.tot,
        )
        .values(
            "toewijzing_id",
            g=F(t + PAD[per]),
            gemaakt=Greatest(TruncDate(t + "aangemaakt_op"), F(t + "ingangsdatum")),
        )
        .annotate(eerste_start=Min("begindatum"))
        .filter(eerste_start__gte=f.van)
        .annotate(w=Greatest(Dagen(F("eerste_start"), F("gemaakt")), Value(0)))
        .order_by()
    )
    sam = verdeling(qs, python=python)
    zonder = _tel(
        _basis(f)
        .filter(ingangsdatum__range=(f.van, f.tot))
        .filter(~Exists(Start.objects.filter(toewijzing=OuterRef("pk"), verwijderd_op__isnull=True))),
        per,
    )
    extra = {g: {"zonder_start": zonder.get(g, 0)} for g in set(sam) | set(zonder)}
    return _samenvatting_tabel("wachttijd", "Wachttijd van toewijzing tot start", per, sam, extra)


def duur(f: Filter, per: Dimensie = Dimensie.AANBIEDER, *, python: bool | None = None) -> Tabel:
    """Days from ingangsdatum to einddatum (both included) of assignments that ended in the period."""
    qs = (
        _basis(f)
        .filter(einddatum__range=(f.van, f.tot))
        .annotate(g=F(PAD[per]), w=Dagen(F("einddatum"), F("ingangsdatum")) + 1)
        .order_by()
    )
    return _samenvatting_tabel("duur", "Duur van beëindigde trajecten", per, verdeling(qs, python=python))


def _vervolg(f: Filter) -> QuerySet[Toewijzing]:
    """Follow-up assignments of the outer one: same client and segment, starting after it and at most 31 days
    after its end."""
    return _basis(f.met(aanbieder_id=None)).filter(
        client_id=OuterRef("client_id"),
        product__perceel__segment_id=OuterRef("product__perceel__segment_id"),
        ingangsdatum__gt=OuterRef("ingangsdatum"),
        ingangsdatum__lte=ExpressionWrapper(
            OuterRef("einddatum") + timedelta(days=VERVOLG_BINNEN_DAGEN), output_field=DateField()
        ),
    )


def afloop(f: Filter, per: Dimensie = Dimensie.AANBIEDER) -> Tabel:
    """Of the assignments that ended in the period: ended as planned (stop reden 19), scaled down (a follow-up
    with a lower volume of the same product or a lower budget) and re-indicated (any follow-up)."""
    vervolg = _vervolg(f)
    lager = vervolg.filter(
        Q(product_id=OuterRef("product_id"), volume__lt=OuterRef("volume")) | Q(budget_cent__lt=OuterRef("budget_cent"))
    )
    geeindigd = _basis(f).filter(einddatum__range=(f.van, f.tot))
    # Each flag is the set of ended assignments that have it, found with the EXISTS in a WHERE (a semi-join the
    # database can hash) and read once as an uncorrelated `pk IN (...)`, instead of three correlated lookups per
    # ended assignment in the SELECT list.
    volgens_plan = Stop.objects.filter(
        reden_beeindiging=REDEN_STOP_VOLGENS_PLAN, verwijderd_op__isnull=True, start__toewijzing__isnull=False
    ).values("start__toewijzing_id")
    met_lager = geeindigd.filter(Exists(lager)).values("pk")
    met_vervolg = geeindigd.filter(Exists(vervolg)).values("pk")
    qs = (
        geeindigd.values(g=F(PAD[per]))
        .annotate(
            n=Count("client_id", distinct=True),
            trajecten=Count("pk"),
            plan_n=Count("pk", filter=Q(pk__in=volgens_plan)),
            lager_n=Count("pk", filter=Q(pk__in=met_lager)),
            vervolg_n=Count("pk", filter=Q(pk__in=met_vervolg)),
        )
        .order_by()
    )
    waarden = {}
    for r in qs:
        t = r["trajecten"]
        waarden[r["g"]] = {
            "n": r["n"],
            "trajecten": t,
            "volgens_plan": r["plan_n"] / t,
            "afgeschaald": r["lager_n"] / t,
            "herindicatie": r["vervolg_n"] / t,
        }
    return Tabel(
        code="afloop",
        titel="Afloop van trajecten: volgens plan, afgeschaald, geherindiceerd",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("trajecten", "Beëindigde toewijzingen", Soort.AANTAL),
            Kolom("volgens_plan", "Volgens plan beëindigd", Soort.PROCENT),
            Kolom("afgeschaald", "Afgeschaald", Soort.PROCENT),
            Kolom("herindicatie", "Herindicatie (vervolg)", Soort.PROCENT),
        ),
        rijen=_groep(per, waarden),
        basis="n",
    )


def wissels(f: Filter, per: Dimensie = Dimensie.AANBIEDER) -> Tabel:
    """Provider switches: clients who left (assignment ended in the period with RedenWijziging 09 or stop reden
    38) and clients who came (assignment starting in the period whose previous one was at another provider)."""
    weg_stop = Stop.objects.filter(
        start__toewijzing=OuterRef("pk"), reden_beeindiging=REDEN_STOP_ANDERE_AANBIEDER, verwijderd_op__isnull=True
    )
    basis = _basis(f)
    vertrokken = _tel(
        basis.filter(einddatum__range=(f.van, f.tot)).filter(
            Q(reden_wijziging=REDEN_WIJZIGING_ANDERE_AANBIEDER) | Exists(weg_stop)
        ),
        per,
    )
    gekomen = _tel(
        basis.filter(ingangsdatum__range=(f.van, f.tot), vorige__isnull=False).exclude(
            vorige__aanbieder_id=F("aanbieder_id")
        ),
        per,
    )
    in_zorg = _tel(basis.filter(loopt_in_periode(f)), per)
    rijen = _groep(
        per,
        {
            g: {"in_zorg": in_zorg.get(g, 0), "vertrokken": vertrokken.get(g, 0), "gekomen": gekomen.get(g, 0)}
            for g in set(vertrokken) | set(gekomen) | set(in_zorg)
        },
    )
    return Tabel(
        code="wissels",
        titel="Wisselingen van aanbieder",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("in_zorg", "Cliënten in zorg", Soort.CLIENTEN),
            Kolom("vertrokken", "Naar een andere aanbieder", Soort.CLIENTEN),
            Kolom("gekomen", "Van een andere aanbieder", Soort.CLIENTEN),
        ),
        rijen=rijen,
        basis="in_zorg",
    )
