"""KPIs over declarations: cost per client, cost per month, declared versus budget ceiling, rejected lines and
their top retourcodes. Amounts are the approved amounts (`toegekend_cent`, credits negative) in eurocents."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from wmoketen.contracten.models import Budgetplafond
from wmoketen.declaraties.constants import DeclaratieStatus, PrestatieStatus, retourcode_tekst
from wmoketen.declaraties.models import Prestatie
from wmoketen.declaraties.plafond import plafondstand
from wmoketen.declaraties.selectors import PLAFOND_DATUM, PLAFOND_SEGMENT
from wmoketen.toewijzingen.models import Toewijzing

from ..domain import Samenvatting
from ..filters import PAD, Dimensie, Filter, groepnamen, maanden, toewijzing_q
from ..statistiek import SqlMetParams, hergroepeer, op_postgres, sql_van, verdeling
from ..tabel import Kolom, Soort, Tabel

TOP_RETOURCODES = 3


def prestatie_pad(per: Dimensie) -> str:
    if per == Dimensie.AANBIEDER:
        return "aanbieder_id"
    if per == Dimensie.GEMEENTE:
        return "declaratie__gemeente_id"
    return f"toewijzing__{PAD[per]}"


def prestaties(f: Filter) -> QuerySet[Prestatie]:
    """Prestaties in scope whose ProductPeriode begins in the period (the paying municipality is the one of the
    declaration)."""
    q = toewijzing_q(f, "toewijzing__", gemeente_pad="declaratie__gemeente_id", met_aanbieder=False)
    if f.aanbieder_id is not None:
        q &= Q(aanbieder_id=f.aanbieder_id)
    return Prestatie.objects.filter(q, begindatum__range=(f.van, f.tot))


def _goedgekeurd(f: Filter) -> QuerySet[Prestatie]:
    return prestaties(f).filter(status=PrestatieStatus.GOEDGEKEURD)


def per_toewijzing(
    f: Filter,
    per: Dimensie | None,
    aggregaten: dict[str, Aggregate],
    *,
    prestatie_q: Q | None = None,
    toewijzing_q_extra: Q | None = None,
) -> SqlMetParams:
    """The prestaties of `prestaties(f)` (and `prestatie_q`) aggregated per assignment first, then joined to
    their assignment for the region/segment filter and the group: SQL with the columns `g` (the group of `per`,
    NULL without `per`), `c` (client), `a` (provider) and one per aggregate, one row per (assignment, client,
    provider[, municipality of the declaration]).

    The same rows and sums as grouping the joined prestaties directly, but the join to the assignment, its
    product and perceel then runs over tens of thousands of per-assignment rows instead of every prestatie of
    the period (≈ 900,000 a year in the benchmark region). Without a filter on the assignment the join is an
    outer join, so prestaties without an assignment keep counting (group NULL), as in `prestaties(f)`."""
    binnen_q = Q(begindatum__range=(f.van, f.tot))
    if prestatie_q is not None:
        binnen_q &= prestatie_q
    if f.aanbieder_id is not None:
        binnen_q &= Q(aanbieder_id=f.aanbieder_id)
    if f.gemeente_id is not None:
        binnen_q &= Q(declaratie__gemeente_id=f.gemeente_id)
    groep: dict[str, F] = {"t": F("toewijzing_id"), "c": F("client_id"), "a": F("aanbieder_id")}
    if per == Dimensie.GEMEENTE:
        groep["gem"] = F("declaratie__gemeente_id")
    binnen = Prestatie.objects.filter(binnen_q).values(**groep).annotate(**aggregaten).order_by()
    sql, params = sql_van(binnen)
    filter_t = toewijzing_q(f.met(gemeente_id=None), met_aanbieder=False)
    if toewijzing_q_extra is not None:
        filter_t &= toewijzing_q_extra
    g = {None: "NULL", Dimensie.AANBIEDER: "p.a", Dimensie.GEMEENTE: "p.gem"}.get(per, "t.g")
    kolommen = ", ".join(
        [
            f"{g} AS g",
            "p.c AS c",
            "p.a AS a",
            *(f"p.{naam} AS {naam}" for naam in aggregaten),
        ]
    )
    resultaat = f"SELECT {kolommen} FROM ({sql}) p"
    if filter_t or g == "t.g":
        toewijzingen = Toewijzing.objects.filter(filter_t).order_by()
        t_sql, t_params = sql_van(
            toewijzingen.values("id", g=F(PAD[per])) if g == "t.g" and per is not None else toewijzingen.values("id")
        )
        join = "INNER JOIN" if filter_t else "LEFT OUTER JOIN"
        resultaat += f" {join} ({t_sql}) t ON t.id = p.t"
        params += t_params
    return resultaat, params


def kosten_per_client_verdeling(
    f: Filter, per: Dimensie = Dimensie.AANBIEDER, *, python: bool | None = None
) -> dict[Any, Samenvatting]:
    """Per group: the distribution over clients of each client's approved amount in the period (cents): the
    per-assignment sums of `per_toewijzing` added up per (group, client). Per municipality (the declaration's)
    every prestatie needs its declaration anyway, so there the prestaties are grouped directly."""
    if per == Dimensie.GEMEENTE:
        qs = _goedgekeurd(f).values(g=F(prestatie_pad(per)), c=F("client_id")).annotate(w=Sum("toegekend_cent"))
        return verdeling(qs.order_by(), python=python)
    sql, params = per_toewijzing(
        f, per, {"w": Sum("toegekend_cent")}, prestatie_q=Q(status=PrestatieStatus.GOEDGEKEURD)
    )
    return verdeling((f"SELECT s.g AS g, s.c AS c, SUM(s.w) AS w FROM ({sql}) s GROUP BY s.g, s.c", params),
                     python=python)  # fmt: skip


def kosten_per_client(f: Filter, per: Dimensie = Dimensie.AANBIEDER, *, python: bool | None = None) -> Tabel:
    sam = kosten_per_client_verdeling(f, per, python=python)
    namen = groepnamen(per, set(sam))
    rijen = sorted(
        (
            {
                "groep_id": g,
                "groep": namen.get(g, "Onbekend"),
                "n": s.n,
                "totaal": s.gemiddelde * s.n,
                "gemiddelde": s.gemiddelde,
                "p10": s.p10,
                "p25": s.p25,
                "mediaan": s.mediaan,
                "p75": s.p75,
                "p90": s.p90,
                "iqr": s.iqr,
                "standaardafwijking": s.standaardafwijking,
            }
            for g, s in sam.items()
        ),
        key=lambda r: r["groep"],
    )
    return Tabel(
        code=f"kosten_per_{per.value}",
        titel=f"Kosten per cliënt per {per.label.lower()}",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("totaal", "Totaal toegekend", Soort.EURO),
            Kolom("gemiddelde", "Gemiddeld per cliënt", Soort.EURO),
            Kolom("p10", "10e percentiel", Soort.EURO),
            Kolom("p25", "25e percentiel", Soort.EURO),
            Kolom("mediaan", "Mediaan", Soort.EURO),
            Kolom("p75", "75e percentiel", Soort.EURO),
            Kolom("p90", "90e percentiel", Soort.EURO),
            Kolom("iqr", "Spreiding (IQR)", Soort.EURO),
            Kolom("standaardafwijking", "Standaardafwijking", Soort.EURO),
        ),
        rijen=rijen,
        basis="n",
    )


def kosten_per_maand(f: Filter) -> list[tuple[date, int, int]]:
    """(month, approved cents, distinct clients) for each month with approved prestaties.

    One pass over the prestaties with a filtered sum and distinct count per month, so each COUNT(DISTINCT) only
    sorts the rows of its own month instead of the whole period being sorted by a computed month."""
    perioden = maanden(f.van, f.tot)
    totalen = _goedgekeurd(f).aggregate(
        **{
            f"{soort}{i}": functie
            for i, (begin, eind) in enumerate(perioden)
            for soort, functie in (
                ("som", Sum("toegekend_cent", filter=Q(begindatum__range=(begin, eind)))),
                ("n", Count("client_id", distinct=True, filter=Q(begindatum__range=(begin, eind)))),
            )
        }
    )
    return [
        (begin.replace(day=1), int(totalen[f"som{i}"]), totalen[f"n{i}"])
        for i, (begin, _) in enumerate(perioden)
        if totalen[f"som{i}"] is not None
    ]


def plafonds(f: Filter, peildatum: date) -> Tabel:
    """Per budget ceiling (provider x segment x year) in the period: approved, pending, share of the ceiling and
    the forecast of the declaraties engine (`declaraties.plafond.plafondstand`)."""
    jaren = list(range(f.van.year, f.tot.year + 1))
    plafond_qs = Budgetplafond.objects.filter(jaar__in=jaren).select_related("aanbieder", "segment")
    if f.aanbieder_id:
        plafond_qs = plafond_qs.filter(aanbieder_id=f.aanbieder_id)
    if f.segment_id:
        plafond_qs = plafond_qs.filter(segment_id=f.segment_id)
    if f.regio_id:
        plafond_qs = plafond_qs.filter(segment__regio_id=f.regio_id)
    plafondlijst = list(plafond_qs)
    if not plafondlijst:
        return _plafondtabel([])
    jaarfilter = f.met(van=date(jaren[0], 1, 1), tot=date(jaren[-1], 12, 31), gemeente_id=None)
    basis = prestaties(jaarfilter).filter(
        aanbieder_id__in={p.aanbieder_id for p in plafondlijst},
        **{f"{PLAFOND_SEGMENT}_id__in": {p.segment_id for p in plafondlijst}},
    )
    per_maand: dict[tuple[int, int, int], dict[int, int]] = {}
    for r in (
        basis.filter(status=PrestatieStatus.GOEDGEKEURD)
        .values(a=F("aanbieder_id"), s=F(PLAFOND_SEGMENT), j=ExtractYear(PLAFOND_DATUM), m=ExtractMonth(PLAFOND_DATUM))
        .annotate(som=Sum("toegekend_cent"))
        .order_by()
    ):  # fmt: skip
        per_maand.setdefault((r["a"], r["s"], r["j"]), {})[r["m"]] = r["som"] or 0
    in_behandeling = {
        (r["a"], r["s"], r["j"]): r["som"] or 0
        for r in basis.filter(declaratie__status=DeclaratieStatus.ONTVANGEN)
        .values(a=F("aanbieder_id"), s=F(PLAFOND_SEGMENT), j=ExtractYear(PLAFOND_DATUM))
        .annotate(som=Sum("ingediend_bedrag_cent"))
        .order_by()
    }
    rijen = []
    for p in sorted(plafondlijst, key=lambda p: (p.jaar, p.segment.code, p.aanbieder.naam)):
        sleutel = (p.aanbieder_id, p.segment_id, p.jaar)
        stand = plafondstand(
            jaar=p.jaar,
            plafond_cent=p.bedrag_cent,
            goedgekeurd_per_maand=per_maand.get(sleutel, {}),
            in_behandeling_cent=in_behandeling.get(sleutel, 0),
            peildatum=peildatum,
            plafondregel=p.segment.plafondregel,
            vooraf_cent=p.verbruik_vooraf_cent,
        )
        rijen.append(
            {
                "groep_id": p.aanbieder_id,
                "groep": p.aanbieder.naam,
                "segment": f"{p.segment.code} {p.segment.naam}",
                "jaar": str(p.jaar),
                "plafond": p.bedrag_cent,
                "goedgekeurd": stand.goedgekeurd_cent,
                "in_behandeling": stand.in_behandeling_cent,
                "verbruik": stand.verbruik_cent / p.bedrag_cent if p.bedrag_cent else None,
                "prognose": stand.prognose_cent,
                "prognose_aandeel": stand.prognose_cent / p.bedrag_cent if p.bedrag_cent else None,
                "signaal": f"{stand.signaal}%" if stand.signaal else "",
            }
        )
    return _plafondtabel(rijen)


def _plafondtabel(rijen: list[dict[str, Any]]) -> Tabel:
    return Tabel(
        code="plafond",
        titel="Gedeclareerd ten opzichte van het budgetplafond",
        kolommen=(
            Kolom("groep", "Aanbieder"),
            Kolom("segment", "Segment"),
            Kolom("jaar", "Jaar"),
            Kolom("plafond", "Plafond", Soort.EURO),
            Kolom("goedgekeurd", "Goedgekeurd", Soort.EURO),
            Kolom("in_behandeling", "In behandeling", Soort.EURO),
            Kolom("verbruik", "Verbruik", Soort.PROCENT),
            Kolom("prognose", "Prognose jaareinde", Soort.EURO),
            Kolom("prognose_aandeel", "Prognose", Soort.PROCENT),
            Kolom("signaal", "Signaal"),
        ),
        rijen=rijen,
    )


def _retourcodes(qs: QuerySet[Prestatie], pad: str) -> dict[Any, Counter[str]]:
    afgewezen = qs.filter(status=PrestatieStatus.AFGEWEZEN)
    resultaat: dict[Any, Counter[str]] = {}
    if op_postgres():
        sql, params = afgewezen.values(g=F(pad), rc=F("retour_codes")).order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.g, code, count(*) FROM ({sql}) s, jsonb_array_elements_text(s.rc) code GROUP BY s.g, code",
                params,
            )
            for g, code, n in cursor.fetchall():
                resultaat.setdefault(g, Counter())[code] = n
        return resultaat
    for g, codes in afgewezen.values_list(pad, "retour_codes"):
        resultaat.setdefault(g, Counter()).update(codes or [])
    return resultaat


def afgewezen(f: Filter, per: Dimensie = Dimensie.AANBIEDER) -> Tabel:
    """Declaration lines (prestaties) in the period: how many were rejected, and the most frequent retourcodes."""
    pad = prestatie_pad(per)
    qs = prestaties(f)
    per_client = (
        qs.values(g=F(pad), c=F("client_id"))
        .annotate(regels=Count("pk"), afgewezen=Count("pk", filter=Q(status=PrestatieStatus.AFGEWEZEN)))
        .order_by()
    )
    tellingen = {
        g: {"n": n, "regels": int(regels), "afgewezen": int(afgewezen)}
        for g, n, regels, afgewezen in hergroepeer(per_client, "COUNT(s.c), SUM(s.regels), SUM(s.afgewezen)", "s.g")
    }
    codes = _retourcodes(qs, pad)
    namen = groepnamen(per, set(tellingen))
    rijen = []
    for g, r in tellingen.items():
        top = sorted(codes.get(g, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RETOURCODES]
        rijen.append(
            {
                "groep_id": g,
                "groep": namen.get(g, "Onbekend"),
                "n": r["n"],
                "regels": r["regels"],
                "afgewezen": r["afgewezen"],
                "aandeel": r["afgewezen"] / r["regels"] if r["regels"] else None,
                "top": "; ".join(f"{c} {retourcode_tekst(c)} ({n}x)".replace("  ", " ") for c, n in top),
                "top_codes": [c for c, _ in top],
            }
        )
    rijen.sort(key=lambda r: r["groep"])
    return Tabel(
        code="afgewezen",
        titel="Afgewezen declaratieregels en meest voorkomende retourcodes",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("regels", "Declaratieregels", Soort.AANTAL),
            Kolom("afgewezen", "Afgewezen", Soort.AANTAL),
            Kolom("aandeel", "Aandeel afgewezen", Soort.PROCENT),
            Kolom("top", "Meest voorkomende retourcodes"),
        ),
        rijen=rijen,
        basis="n",
    )
