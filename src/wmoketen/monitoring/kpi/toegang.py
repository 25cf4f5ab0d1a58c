"""KPIs over access and evaluations: throughput from melding to beschikking and the share within the legal term,
evaluations done on time, and results achieved per leefgebied."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q

from wmoketen.catalogus.models import Leefgebied
from wmoketen.herindicatie.models import Evaluatie, EvaluatieResultaat, EvaluatieStatus, Oordeel
from wmoketen.toegang.constants import BezwaarUitkomst, TermijnCode
from wmoketen.toegang.domain import TERMIJNEN, beschikking_uiterlijk
from wmoketen.toegang.models import Beschikking, Bezwaar
from wmoketen.toewijzingen.models import Toewijzing

from ..domain import samenvatting
from ..filters import PAD, Dimensie, Filter, groepnamen, toewijzing_q
from ..tabel import Kolom, Soort, Tabel

EVALUATIE_MARGE_DAGEN = 28
"""An evaluation is on time when it is settled at most four weeks after its planned date."""


@lru_cache(maxsize=8192)
def wettelijke_termijn(melddatum: date, aanvraag_op: date | None) -> date:
    """The last day for the beschikking: two weeks after the aanvraag and never later than eight weeks after the
    melding (toegang.domain); without a recorded aanvraag, eight weeks after the melding."""
    if aanvraag_op is None:
        return TERMIJNEN[TermijnCode.TOTAAL].uiterlijk(melddatum)
    return beschikking_uiterlijk(melddatum=melddatum, aanvraag_op=aanvraag_op)


def _beschikking_pad(per: Dimensie) -> str:
    if per == Dimensie.AANBIEDER:
        return "plan__aanbieder_id"
    if per == Dimensie.GEMEENTE:
        return "melding__client__gemeente_id"
    return f"plan__producten__{PAD[per]}"


def doorlooptijd(f: Filter, per: Dimensie = Dimensie.AANBIEDER) -> Tabel:
    """Calendar days from melddatum to besluitdatum of the beschikkingen decided in the period, and the share
    decided within the legal term."""
    # a beschikking taken over from the old suite (migratie) has no melding date of its own here: not counted
    qs = Beschikking.objects.filter(besluitdatum__range=(f.van, f.tot), overname__isnull=True)
    if f.regio_id:
        qs = qs.filter(melding__regio_id=f.regio_id)
    if f.gemeente_id:
        qs = qs.filter(melding__client__gemeente_id=f.gemeente_id)
    if f.aanbieder_id:
        qs = qs.filter(plan__aanbieder_id=f.aanbieder_id)
    if f.segment_id:
        qs = qs.filter(
            Exists(Toewijzing.objects.filter(beschikking=OuterRef("pk"), product__perceel__segment_id=f.segment_id))
            | Q(plan__producten__product__perceel__segment_id=f.segment_id)
        )
    rijen_db = (
        qs.values_list(_beschikking_pad(per), "pk", "melding__client_id", "melding__melddatum",
                       "melding__aanvraag_op", "besluitdatum")
        .distinct()
        .order_by()
    )  # fmt: skip
    per_groep: dict[Any, dict[str, Any]] = {}
    for g, _pk, client_id, melddatum, aanvraag_op, besluit in rijen_db:
        d = per_groep.setdefault(g, {"dagen": [], "clienten": set(), "binnen": 0})
        d["dagen"].append((besluit - melddatum).days)
        d["clienten"].add(client_id)
        d["binnen"] += besluit <= wettelijke_termijn(melddatum, aanvraag_op)
    namen = groepnamen(per, set(per_groep))
    rijen = []
    for g, d in per_groep.items():
        s = samenvatting(d["dagen"])
        assert s is not None
        rijen.append(
            {
                "groep_id": g,
                "groep": namen.get(g, "Onbekend"),
                "n": len(d["clienten"]),
                "beschikkingen": s.n,
                "gemiddelde": s.gemiddelde,
                "mediaan": s.mediaan,
                "p90": s.p90,
                "binnen_termijn": d["binnen"] / s.n,
            }
        )
    rijen.sort(key=lambda r: r["groep"])
    return Tabel(
        code="doorlooptijd",
        titel="Doorlooptijd van melding tot beschikking",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("beschikkingen", "Beschikkingen", Soort.AANTAL),
            Kolom("gemiddelde", "Gemiddeld (dagen)", Soort.DAGEN),
            Kolom("mediaan", "Mediaan (dagen)", Soort.DAGEN),
            Kolom("p90", "90e percentiel (dagen)", Soort.DAGEN),
            Kolom("binnen_termijn", "Binnen wettelijke termijn", Soort.PROCENT),
        ),
        rijen=rijen,
        basis="n",
    )


def evaluaties(f: Filter, peildatum: date, per: Dimensie = Dimensie.AANBIEDER) -> Tabel:
    """Evaluations planned in the period and due on the reference date: settled, and settled on time (at most
    four weeks after the planned date)."""
    tot = min(f.tot, peildatum)
    qs = Evaluatie.objects.filter(toewijzing_q(f, "toewijzing__"), gepland_op__range=(f.van, tot))
    uiterlijk = ExpressionWrapper(F("gepland_op") + timedelta(days=EVALUATIE_MARGE_DAGEN), output_field=DateField())
    vastgesteld = Q(status=EvaluatieStatus.VASTGESTELD)
    waarden = {
        r["g"]: r
        for r in qs.values(g=F(f"toewijzing__{PAD[per]}"))
        .annotate(
            n=Count("toewijzing__client_id", distinct=True),
            gepland=Count("pk"),
            gedaan=Count("pk", filter=vastgesteld),
            op_tijd=Count("pk", filter=vastgesteld & Q(vastgesteld_op__lte=uiterlijk)),
        )
        .order_by()
    }
    namen = groepnamen(per, set(waarden))
    rijen = sorted(
        (
            {
                "groep_id": g,
                "groep": namen.get(g, "Onbekend"),
                "n": r["n"],
                "gepland": r["gepland"],
                "gedaan": r["gedaan"],
                "op_tijd": r["op_tijd"] / r["gepland"],
            }
            for g, r in waarden.items()
        ),
        key=lambda r: r["groep"],
    )
    return Tabel(
        code="evaluaties",
        titel="Evaluaties op tijd",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("gepland", "Evaluaties gepland", Soort.AANTAL),
            Kolom("gedaan", "Vastgesteld", Soort.AANTAL),
            Kolom("op_tijd", "Op tijd", Soort.PROCENT),
        ),
        rijen=rijen,
        basis="n",
    )


def resultaten(f: Filter) -> Tabel:
    """Per leefgebied: the settled judgements of intended results in evaluations settled in the period."""
    qs = EvaluatieResultaat.objects.filter(
        toewijzing_q(f, "evaluatie__toewijzing__"),
        evaluatie__status=EvaluatieStatus.VASTGESTELD,
        evaluatie__vastgesteld_op__range=(f.van, f.tot),
    ).exclude(oordeel="")
    waarden = {
        r["leefgebied_id"]: r
        for r in qs.values("leefgebied_id")
        .annotate(
            n=Count("evaluatie__toewijzing__client_id", distinct=True),
            totaal=Count("pk"),
            behaald=Count("pk", filter=Q(oordeel=Oordeel.BEHAALD)),
            deels=Count("pk", filter=Q(oordeel=Oordeel.DEELS)),
            niet=Count("pk", filter=Q(oordeel=Oordeel.NIET)),
        )
        .order_by()
    }
    leefgebieden = {lg.pk: lg for lg in Leefgebied.objects.filter(pk__in=[k for k in waarden if k is not None])}
    rijen = []
    for lg_id, r in sorted(waarden.items(), key=lambda kv: leefgebieden[kv[0]].volgorde if kv[0] else 999):
        rijen.append(
            {
                "groep_id": lg_id,
                "groep": leefgebieden[lg_id].naam if lg_id else "Geen leefgebied",
                "n": r["n"],
                "resultaten": r["totaal"],
                "behaald": r["behaald"] / r["totaal"],
                "deels": r["deels"] / r["totaal"],
                "niet": r["niet"] / r["totaal"],
            }
        )
    return Tabel(
        code="resultaten",
        titel="Behaalde resultaten per leefgebied",
        kolommen=(
            Kolom("groep", "Leefgebied"),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("resultaten", "Beoordeelde resultaten", Soort.AANTAL),
            Kolom("behaald", "Behaald", Soort.PROCENT),
            Kolom("deels", "Deels behaald", Soort.PROCENT),
            Kolom("niet", "Niet behaald", Soort.PROCENT),
        ),
        rijen=rijen,
        basis="n",
    )


def bezwaren(f: Filter, per: Dimensie = Dimensie.GEMEENTE) -> Tabel:
    """Objections received in the period, per municipality of the client (an objection belongs to a decision of
    the municipality, not to a provider or product, so every dimension groups by municipality): their outcome so
    far, the share filed in time and the share decided within the term (Awb art. 7:10, postponement included)."""
    qs = Bezwaar.objects.filter(ontvangen_op__range=(f.van, f.tot))
    if f.regio_id:
        qs = qs.filter(client__gemeente__regios__pk=f.regio_id)
    if f.gemeente_id:
        qs = qs.filter(client__gemeente_id=f.gemeente_id)
    per_groep: dict[Any, dict[str, Any]] = {}
    for gemeente_id, client_id, uitkomst, tijdig, beslist_op, uiterlijk in qs.values_list(
        "client__gemeente_id", "client_id", "uitkomst", "tijdig", "beslist_op", "beslissen_uiterlijk"
    ).distinct():
        d = per_groep.setdefault(gemeente_id, {"clienten": set(), "n": 0, "tijdig": 0, "beslist": 0, "op_tijd": 0}
                                 | {u: 0 for u in BezwaarUitkomst.values} | {"open": 0})  # fmt: skip
        d["clienten"].add(client_id)
        d["n"] += 1
        d["tijdig"] += tijdig
        d[uitkomst or "open"] += 1
        if beslist_op is not None:
            d["beslist"] += 1
            d["op_tijd"] += beslist_op <= uiterlijk
    namen = groepnamen(Dimensie.GEMEENTE, set(per_groep))
    rijen = [
        {
            "groep_id": g,
            "groep": namen.get(g, "Onbekend"),
            "n_clienten": len(d["clienten"]),
            "ontvangen": d["n"],
            "gegrond": d[BezwaarUitkomst.GEGROND],
            "ongegrond": d[BezwaarUitkomst.ONGEGROND],
            "niet_ontvankelijk": d[BezwaarUitkomst.NIET_ONTVANKELIJK],
            "ingetrokken": d[BezwaarUitkomst.INGETROKKEN],
            "open": d["open"],
            "tijdig": d["tijdig"] / d["n"],
            "binnen_termijn": d["op_tijd"] / d["beslist"] if d["beslist"] else None,
        }
        for g, d in per_groep.items()
    ]
    rijen.sort(key=lambda r: r["groep"])
    return Tabel(
        code="bezwaren",
        titel="Bezwaren tegen besluiten",
        kolommen=(
            Kolom("groep", Dimensie.GEMEENTE.label),
            Kolom("n_clienten", "Cliënten", Soort.CLIENTEN),
            Kolom("ontvangen", "Ontvangen", Soort.AANTAL),
            Kolom("gegrond", "Gegrond", Soort.AANTAL),
            Kolom("ongegrond", "Ongegrond", Soort.AANTAL),
            Kolom("niet_ontvankelijk", "Niet-ontvankelijk", Soort.AANTAL),
            Kolom("ingetrokken", "Ingetrokken", Soort.AANTAL),
            Kolom("open", "Nog open", Soort.AANTAL),
            Kolom("tijdig", "Tijdig ingediend", Soort.PROCENT),
            Kolom("binnen_termijn", "Beslist binnen termijn", Soort.PROCENT),
        ),
        rijen=rijen,
        basis="n_clienten",
    )


def verstrekkingsvorm(f: Filter, per: Dimensie = Dimensie.GEMEENTE) -> Tabel:
    """Beschikkingen decided in the period by form of provision: care in kind (zorg in natura, with assignments)
    or a persoonsgebonden budget (pgb, no assignment: the figures built on assignments never see it), with the
    pgb budgets per year granted (eurocents)."""
    qs = Beschikking.objects.filter(besluitdatum__range=(f.van, f.tot))
    if f.regio_id:
        qs = qs.filter(melding__regio_id=f.regio_id)
    if f.gemeente_id:
        qs = qs.filter(melding__client__gemeente_id=f.gemeente_id)
    if f.aanbieder_id:
        qs = qs.filter(plan__aanbieder_id=f.aanbieder_id)
    if f.segment_id:
        qs = qs.filter(plan__producten__product__perceel__segment_id=f.segment_id)
    per_groep: dict[Any, dict[str, Any]] = {}
    for g, _pk, client_id, pgb_cent in (
        qs.values_list(_beschikking_pad(per), "pk", "melding__client_id", "pgb_jaarbedrag_cent").distinct().order_by()
    ):
        d = per_groep.setdefault(g, {"clienten": set(), "beschikkingen": set(), "pgb": {}})
        d["clienten"].add(client_id)
        d["beschikkingen"].add(_pk)
        if pgb_cent is not None:
            d["pgb"][_pk] = pgb_cent
    namen = groepnamen(per, set(per_groep))
    rijen = [
        {
            "groep_id": g,
            "groep": namen.get(g, "Onbekend"),
            "n": len(d["clienten"]),
            "beschikkingen": len(d["beschikkingen"]),
            "natura": len(d["beschikkingen"]) - len(d["pgb"]),
            "pgb": len(d["pgb"]),
            "pgb_bedrag": sum(d["pgb"].values()),
        }
        for g, d in per_groep.items()
    ]
    rijen.sort(key=lambda r: r["groep"])
    return Tabel(
        code="verstrekkingsvorm",
        titel="Beschikkingen in natura en als pgb",
        kolommen=(
            Kolom("groep", per.label),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("beschikkingen", "Beschikkingen", Soort.AANTAL),
            Kolom("natura", "Zorg in natura", Soort.AANTAL),
            Kolom("pgb", "Pgb", Soort.AANTAL),
            Kolom("pgb_bedrag", "Pgb per jaar", Soort.EURO),
        ),
        rijen=rijen,
        basis="n",
    )
