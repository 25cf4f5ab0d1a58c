"""What the pages show: the filter a user may set, the dashboard, the benchmark per segment and the account
meeting report per provider. Aggregates only: nothing here returns a client, a name or a BSN."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente, Regio, Segment
from wmoketen.contracten.models import Aanbieder
from wmoketen.core import parameters
from wmoketen.core.money import format_euro
from wmoketen.declaraties.models import Prestatie

from . import kpi, svg
from .definities import DEFINITIES, Definitie
from .domain import afronden_cent, is_onderdrukt, percentiel, tukey_grenzen
from .filters import Dimensie, Filter, maanden, standaardperiode, toewijzing_q
from .tabel import Tabel

LEESROLLEN = frozenset({Rol.CONTRACTMANAGER, Rol.MONITORING, Rol.FUNCTIONEEL_BEHEER, Rol.BACKOFFICE})

TabelFunctie = Callable[[Filter, Dimensie, date], Tabel]

TABELLEN: dict[str, TabelFunctie] = {
    "clienten": lambda f, per, peil: kpi.clienten(f, per),
    "kosten": lambda f, per, peil: kpi.kosten_per_client(f, per),
    "kosten_product": lambda f, per, peil: kpi.kosten_per_client(f, Dimensie.PRODUCT),
    "kosten_profiel": lambda f, per, peil: kpi.kosten_per_client(f, Dimensie.PROFIEL),
    "plafond": lambda f, per, peil: kpi.plafonds(f, peil),
    "wachttijd": lambda f, per, peil: kpi.wachttijd(f, per),
    "doorlooptijd": lambda f, per, peil: kpi.doorlooptijd(f, per),
    "bezwaren": lambda f, per, peil: kpi.bezwaren(f, per),
    "verstrekkingsvorm": lambda f, per, peil: kpi.verstrekkingsvorm(f, per),
    "evaluaties": lambda f, per, peil: kpi.evaluaties(f, peil, per),
    "resultaten": lambda f, per, peil: kpi.resultaten(f),
    "afloop": lambda f, per, peil: kpi.afloop(f, per),
    "duur": lambda f, per, peil: kpi.duur(f, per),
    "wissels": lambda f, per, peil: kpi.wissels(f, per),
    "afgewezen": lambda f, per, peil: kpi.afgewezen(f, per),
}

DEFINITIE_VAN_TABEL = {
    "clienten": "clienten",
    "kosten": "kosten",
    "kosten_product": "kosten",
    "kosten_profiel": "kosten",
    "plafond": "plafond",
    "wachttijd": "wachttijd",
    "doorlooptijd": "doorlooptijd",
    "bezwaren": "bezwaren",
    "verstrekkingsvorm": "verstrekkingsvorm",
    "evaluaties": "evaluaties",
    "resultaten": "resultaten",
    "afloop": "afloop",
    "duur": "duur",
    "wissels": "wissels",
    "afgewezen": "afgewezen",
}


def mag_lezen(gebruiker: Gebruiker) -> bool:
    return gebruiker.is_active and gebruiker.rol in LEESROLLEN


# --- the filter a user may set -----------------------------------------------------------------------------


@dataclass
class Keuzes:
    regios: QuerySet[Regio]
    gemeenten: QuerySet[Gemeente]
    segmenten: QuerySet[Segment]
    aanbieders: QuerySet[Aanbieder]
    # set when the default period had no data and the latest period with data is shown instead
    periode_toelichting: str = ""


def keuzes(gebruiker: Gebruiker, f: Filter) -> Keuzes:
    """The options in the filter form, within the user's region (if the user has one)."""
    regios = Regio.objects.all()
    if gebruiker.regio_id:
        regios = regios.filter(pk=gebruiker.regio_id)
    gemeenten = Gemeente.objects.filter(regios__in=regios).distinct()
    if gebruiker.gemeenten.exists():
        gemeenten = gemeenten.filter(pk__in=gebruiker.gemeenten.all())
    segmenten = Segment.objects.filter(regio__in=regios).select_related("regio")
    aanbieders = Aanbieder.objects.filter(overeenkomsten__regio__in=regios).distinct()
    if f.regio_id:
        gemeenten = gemeenten.filter(regios__pk=f.regio_id)
        segmenten = segmenten.filter(regio_id=f.regio_id)
        aanbieders = aanbieders.filter(overeenkomsten__regio_id=f.regio_id)
    return Keuzes(regios, gemeenten, segmenten, aanbieders)


def periode_met_gegevens(f: Filter) -> tuple[date, date] | None:
    """When no prestatie under the filter's choices (region, municipality, segment, provider) falls in its period,
    the twelve months up to the last declaration period (DeclaratiePeriode) of those prestaties: a region that has
    ended, De Fryske Marren 2022, has its data in its last year. None when the period has data or none comes
    before it."""
    prestaties = Prestatie.objects.filter(toewijzing_q(f, "toewijzing__"))
    if prestaties.filter(begindatum__lte=f.tot, einddatum__gte=f.van).exists():
        return None
    laatste = prestaties.aggregate(m=Max("declaratie__periode_eind"))["m"]
    return standaardperiode(laatste) if laatste is not None and laatste < f.van else None


def filter_uit_verzoek(
    gebruiker: Gebruiker, params: Any, standaard: tuple[date, date]
) -> tuple[Filter, Dimensie, Keuzes]:
    """Parse the GET form; anything outside the user's options is dropped, not trusted."""
    # a value that cannot be read is a 400 with a Dutch message (core.parameters); a readable one outside the
    # user's options is dropped below
    van = parameters.datum(params, "van", standaard=standaard[0])
    tot = parameters.datum(params, "tot", standaard=standaard[1])
    if tot < van:
        van, tot = tot, van
    regio_id = parameters.getal(params, "regio")
    regios = Regio.objects.all()
    if gebruiker.regio_id:
        regios = regios.filter(pk=gebruiker.regio_id)
        regio_id = gebruiker.regio_id
    if regio_id is not None and not regios.filter(pk=regio_id).exists():
        regio_id = None
    f = Filter(van=van, tot=tot, regio_id=regio_id)
    k = keuzes(gebruiker, f)
    gemeente_id = parameters.getal(params, "gemeente")
    segment_id = parameters.getal(params, "segment")
    aanbieder_id = parameters.getal(params, "aanbieder")
    f = f.met(
        gemeente_id=gemeente_id if gemeente_id and k.gemeenten.filter(pk=gemeente_id).exists() else None,
        segment_id=segment_id if segment_id and k.segmenten.filter(pk=segment_id).exists() else None,
        aanbieder_id=aanbieder_id if aanbieder_id and k.aanbieders.filter(pk=aanbieder_id).exists() else None,
    )
    if f.gemeente_id is None and gebruiker.gemeenten.exists() and k.gemeenten.count() == 1:
        f = f.met(gemeente_id=k.gemeenten.get().pk)
    if not params.get("van") and not params.get("tot") and (ander := periode_met_gegevens(f)) is not None:
        f = f.met(van=ander[0], tot=ander[1])
        k.periode_toelichting = (
            "In de afgelopen twaalf maanden is binnen deze keuze niets gedeclareerd; getoond wordt de laatste periode "
            f"met gegevens, {f.van:%d-%m-%Y} tot en met {f.tot:%d-%m-%Y}. Kies hieronder zelf een andere periode."
        )
    per = Dimensie(parameters.keuze(params, "per", [d.value for d in Dimensie], standaard=Dimensie.AANBIEDER))
    return f, per, k


# --- dashboard ---------------------------------------------------------------------------------------------


@dataclass
class Onderdeel:
    """One table on a page with its definition and (optionally) a chart."""

    code: str
    tabel: Tabel
    definitie: Definitie
    grafiek: str = ""


@dataclass
class Dashboard:
    filter: Filter
    per: Dimensie
    onderdelen: list[Onderdeel] = field(default_factory=list)
    trend: str = ""


def _euro(w: float) -> str:
    return format_euro(afronden_cent(w))


def _staven(tabel: Tabel, sleutel: str, basis: str | None = None) -> list[svg.Staaf]:
    return [
        svg.Staaf(r["groep"], r.get(sleutel), is_onderdrukt(r.get(basis or sleutel)) or tabel.rij_onderdrukt(r))
        for r in tabel.rijen
    ]


def onderdeel(code: str, f: Filter, per: Dimensie, peildatum: date) -> Onderdeel:
    tabel = TABELLEN[code](f, per, peildatum)
    definitie = next(d for d in DEFINITIES if d.code == DEFINITIE_VAN_TABEL[code])
    grafiek = ""
    if code == "clienten":
        grafiek = svg.staafdiagram(
            "Cliënten in zorg", f"Aantal cliënten in zorg per {per.label.lower()}", _staven(tabel, "in_zorg"),
            ident="grafiek-clienten", eenheid="aantal cliënten",
        )  # fmt: skip
    elif code == "kosten":
        grafiek = svg.staafdiagram(
            "Gemiddelde kosten per cliënt", f"Gemiddeld toegekend bedrag per cliënt per {per.label.lower()}",
            _staven(tabel, "gemiddelde", "n"), fmt=_euro, ident="grafiek-kosten", eenheid="euro per cliënt",
        )  # fmt: skip
    elif code == "afgewezen":
        grafiek = svg.staafdiagram(
            "Aandeel afgewezen declaratieregels", f"Aandeel afgewezen regels per {per.label.lower()}",
            _staven(tabel, "aandeel", "n"), fmt=lambda w: f"{w * 100:.1f}%".replace(".", ","),
            ident="grafiek-afgewezen", eenheid="procent van de declaratieregels",
        )  # fmt: skip
    return Onderdeel(code, tabel, definitie, grafiek)


def trend_clienten(f: Filter) -> str:
    perioden = maanden(f.van, f.tot)
    aantallen = kpi.clienten_per_maand(f, perioden)
    punten = [svg.Staaf(f"{b:%m-%y}", n, is_onderdrukt(n)) for (b, _), n in zip(perioden, aantallen, strict=True)]
    titel = "Cliënten in zorg per maand"
    grafiek = svg.lijndiagram(titel, "Aantal cliënten in zorg per kalendermaand", punten,
                              ident="grafiek-trend", eenheid="aantal cliënten")  # fmt: skip
    return grafiek + svg.datatabel(titel, punten, kolommen=("Maand", "Cliënten in zorg"))


def dashboard(f: Filter, per: Dimensie, peildatum: date, codes: list[str] | None = None) -> Dashboard:
    d = Dashboard(filter=f, per=per, trend=trend_clienten(f))
    for code in codes or list(TABELLEN):
        d.onderdelen.append(onderdeel(code, f, per, peildatum))
    return d


# --- benchmark ---------------------------------------------------------------------------------------------


@dataclass
class Vergelijking:
    aanbieder_id: int | None
    naam: str
    n: int
    mediaan: float | None
    gemiddelde: float | None
    afwijkend: str  # "", "hoog" or "laag"
    onderdrukt: bool


@dataclass
class Benchmark:
    segment: Segment
    rijen: list[Vergelijking]
    grafiek: str
    grenzen: tuple[float, float] | None
    mediaan_segment: float | None


def benchmark(f: Filter, segment: Segment, *, anoniem_behalve: int | None = None) -> Benchmark:
    """Cost per client of each provider in the segment as a box plot; a provider whose median cost per client
    lies outside the Tukey fences (1.5 IQR) of all providers' medians is marked high or low. A provider with
    fewer than 5 clients is suppressed and left out of the fences. `anoniem_behalve`: show only this provider's
    name (the provider's own report)."""
    fs = f.met(segment_id=segment.pk, aanbieder_id=None)
    sam = kpi.kosten_per_client_verdeling(fs, Dimensie.AANBIEDER)
    namen = dict(Aanbieder.objects.filter(pk__in=[g for g in sam if g]).values_list("pk", "naam"))
    geldig = {g: s for g, s in sam.items() if not s.onderdrukt}
    medianen = [s.mediaan for s in geldig.values()]
    grenzen = tukey_grenzen(medianen) if len(medianen) >= 4 else None
    rijen: list[Vergelijking] = []
    volgorde = sorted(sam.items(), key=lambda kv: namen.get(kv[0], ""))
    for i, (g, s) in enumerate(volgorde, start=1):
        naam = namen.get(g, "Onbekend")
        if anoniem_behalve is not None and g != anoniem_behalve:
            naam = f"Andere aanbieder {i}"
        afwijkend = ""
        if grenzen and not s.onderdrukt:
            afwijkend = "hoog" if s.mediaan > grenzen[1] else "laag" if s.mediaan < grenzen[0] else ""
        rijen.append(
            Vergelijking(
                g, naam, s.n, None if s.onderdrukt else s.mediaan, None if s.onderdrukt else s.gemiddelde,
                afwijkend, s.onderdrukt,
            )
        )  # fmt: skip
    boxen = [
        svg.Box(r.naam, s.p10, s.p25, s.mediaan, s.p75, s.p90, afwijkend=bool(r.afwijkend), onderdrukt=r.onderdrukt)
        for r, (_, s) in zip(rijen, volgorde, strict=True)
    ]
    grafiek = svg.boxplotdiagram(
        f"Kosten per cliënt in {segment.code} {segment.naam}",
        "Per aanbieder de verdeling van het toegekende bedrag per cliënt: doos 25e-75e percentiel met mediaan, "
        "snorren 10e-90e percentiel; rood met stip: mediaan buiten 1,5 x de interkwartielafstand van alle aanbieders.",
        boxen,
        fmt=_euro,
        ident="grafiek-benchmark",
    )
    return Benchmark(segment, rijen, grafiek, grenzen, percentiel(medianen, 0.5) if medianen else None)


def segmenten_van(f: Filter, keuzes: Keuzes) -> list[Segment]:
    qs = keuzes.segmenten
    if f.segment_id:
        qs = qs.filter(pk=f.segment_id)
    return list(qs.order_by("regio__naam", "volgorde", "code"))


# --- account meeting report --------------------------------------------------------------------------------

RAPPORT_TABELLEN = ["clienten", "kosten_product", "plafond", "wachttijd", "doorlooptijd", "evaluaties",
                    "resultaten", "afloop", "duur", "wissels", "afgewezen"]  # fmt: skip


@dataclass
class Rapport:
    aanbieder: Aanbieder
    filter: Filter
    onderdelen: list[Onderdeel]
    trend_clienten: str
    trend_kosten: str
    kosten_per_maand: list[tuple[date, int, int]]
    benchmarks: list[Benchmark]


def segmenten_van_aanbieder(aanbieder: Aanbieder, f: Filter) -> list[Segment]:
    qs = Segment.objects.filter(percelen__overeenkomsten__aanbieder=aanbieder).distinct()
    if f.regio_id:
        qs = qs.filter(regio_id=f.regio_id)
    if f.segment_id:
        qs = qs.filter(pk=f.segment_id)
    return list(qs.order_by("regio__naam", "volgorde", "code"))


def rapport(aanbieder: Aanbieder, f: Filter, peildatum: date, *, anoniem: bool = False) -> Rapport:
    fa = f.met(aanbieder_id=aanbieder.pk)
    onderdelen = [onderdeel(code, fa, Dimensie.SEGMENT if code != "kosten_product" else Dimensie.PRODUCT,
                            peildatum) for code in RAPPORT_TABELLEN]  # fmt: skip
    per_maand = kpi.kosten_per_maand(fa)
    punten = [svg.Staaf(f"{m:%m-%y}", som, is_onderdrukt(n)) for m, som, n in per_maand]
    trend_kosten = svg.lijndiagram(
        "Toegekend per maand", "Toegekend bedrag per maand (productperiode)", punten, fmt=_euro,
        ident="grafiek-kosten-trend", eenheid="euro",
    ) + svg.datatabel("Toegekend per maand", punten, fmt=_euro, kolommen=("Maand", "Toegekend"))  # fmt: skip
    benchmarks = [
        benchmark(f, s, anoniem_behalve=aanbieder.pk if anoniem else None)
        for s in segmenten_van_aanbieder(aanbieder, f)
    ]
    return Rapport(aanbieder, fa, onderdelen, trend_clienten(fa), trend_kosten, per_maand, benchmarks)
