"""Checks across the whole region file: unique keys, references that resolve, consistent funding,
periods that do not overlap, and municipality codes that exist in the CBS list."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

from wmoketen.catalogus.domain import controleer_bekostiging, overlappende_perioden

from ..plafondinstellingen import PlafondinstellingenFout, plafondinstellingen_lezen
from ..rekening import rekeningfout
from .fouten import Fout, Pad
from .schema import Regiobestand

CBS_LIJST = Path(__file__).resolve().parents[2] / "catalogus" / "data" / "cbs_gemeenten.csv"


@lru_cache(maxsize=1)
def cbs_gemeenten() -> dict[str, str]:
    """The CBS municipality codes this project knows, with their names (see data/cbs_gemeenten.csv)."""
    with CBS_LIJST.open(encoding="utf-8") as handle:
        return {row["cbs_code"]: row["naam"] for row in csv.DictReader(handle)}


def _dubbel(pad: Pad, waarden: Iterable[str], wat: str) -> Iterator[Fout]:
    for waarde, aantal in Counter(waarden).items():
        if aantal > 1:
            yield Fout(pad, f"{wat} {waarde!r} komt {aantal} keer voor")


def _perioden(pad: Pad, perioden: list[tuple[date, date | None]], wat: str) -> Iterator[Fout]:
    for index, (van, tot) in enumerate(perioden):
        if tot is not None and tot < van:
            yield Fout((*pad, index, "geldig_tot"), f"{wat}: einddatum {tot} ligt voor begindatum {van}")
    for eerste, tweede in overlappende_perioden(perioden):
        yield Fout((*pad, tweede), f"{wat} {tweede + 1} overlapt met {wat} {eerste + 1}")


def controleer(bestand: Regiobestand) -> list[Fout]:
    return list(_controles(bestand))


def _controles(b: Regiobestand) -> Iterator[Fout]:
    bekend = cbs_gemeenten()
    for i, gemeente in enumerate(b.gemeenten):
        naam = bekend.get(gemeente.cbs_code)
        if naam is None:
            yield Fout(("gemeenten", i, "cbs_code"), f"CBS-code {gemeente.cbs_code} is geen bekende gemeentecode")
        elif naam != gemeente.naam:
            yield Fout(
                ("gemeenten", i, "naam"),
                f"CBS-code {gemeente.cbs_code} hoort bij {naam}, niet bij {gemeente.naam}",
            )
    for i, aanbieder in enumerate(b.aanbieders):
        if aanbieder.iban or aanbieder.bic:
            fout = rekeningfout(iban=aanbieder.iban, bic=aanbieder.bic)
            if fout:
                yield Fout(("aanbieders", i, "iban"), fout)
    yield from _dubbel(("gemeenten",), (g.cbs_code for g in b.gemeenten), "CBS-code")
    yield from _dubbel(("grondslagen",), (g.code for g in b.grondslagen), "grondslag")
    yield from _dubbel(("profielen",), (p.code for p in b.profielen), "profiel")
    yield from _dubbel(("afrekenregels",), (a.code for a in b.afrekenregels), "afrekenregel")
    yield from _dubbel(("segmenten",), (s.code for s in b.segmenten), "segment")
    yield from _dubbel(("aanbieders",), (a.agb_code for a in b.aanbieders), "AGB-code")
    yield from _dubbel(("overeenkomsten",), (o.kenmerk for o in b.overeenkomsten), "kenmerk")
    yield from _dubbel(
        ("budgetplafonds",),
        (f"{p.aanbieder}/{p.segment}/{p.jaar}" for p in b.budgetplafonds),
        "budgetplafond",
    )

    profielen = {p.code for p in b.profielen}
    grondslagen = {g.code for g in b.grondslagen}
    afrekenregels = {a.code for a in b.afrekenregels}
    percelen: dict[str, set[str]] = {}
    for s_i, segment in enumerate(b.segmenten):
        s_pad: Pad = ("segmenten", s_i)
        yield from _dubbel((*s_pad, "percelen"), (p.code for p in segment.percelen), "perceel")
        for p_i, perceel in enumerate(segment.percelen):
            p_pad: Pad = (*s_pad, "percelen", p_i)
            percelen[f"{segment.code}/{perceel.code}"] = {pr.productcode for pr in perceel.producten}
            yield from _dubbel((*p_pad, "producten"), (pr.productcode for pr in perceel.producten), "productcode")
            for pr_i, product in enumerate(perceel.producten):
                pr_pad: Pad = (*p_pad, "producten", pr_i)
                if product.profiel and product.profiel not in profielen:
                    yield Fout((*pr_pad, "profiel"), f"profiel {product.profiel!r} staat niet onder profielen")
                for g_i, grondslag in enumerate(product.grondslagen):
                    if grondslag not in grondslagen:
                        yield Fout(
                            (*pr_pad, "grondslagen", g_i),
                            f"grondslag {grondslag!r} staat niet onder grondslagen",
                        )
                for k_i, kost in enumerate(product.bekostiging):
                    k_pad: Pad = (*pr_pad, "bekostiging", k_i)
                    if kost.afrekenregel and kost.afrekenregel not in afrekenregels:
                        yield Fout(
                            (*k_pad, "afrekenregel"),
                            f"afrekenregel {kost.afrekenregel!r} staat niet onder afrekenregels",
                        )
                    for veld, melding in controleer_bekostiging(
                        model=kost.model,
                        eenheid=kost.eenheid,
                        frequentie=kost.frequentie,
                        maximum_budget_cent=kost.maximum_budget_cent,
                    ):
                        yield Fout((*k_pad, veld), melding)
                yield from _perioden(
                    (*pr_pad, "bekostiging"),
                    [(k.geldig_van, k.geldig_tot) for k in product.bekostiging],
                    "bekostiging",
                )
                yield from _perioden(
                    (*pr_pad, "tarieven"), [(t.geldig_van, t.geldig_tot) for t in product.tarieven], "tarief"
                )
                yield from _perioden(
                    (*pr_pad, "cak_kostprijs"),
                    [(c.geldig_van, c.geldig_tot) for c in product.cak_kostprijs],
                    "CAK-kostprijs",
                )

    aanbieders = {a.agb_code for a in b.aanbieders}
    segmenten = {s.code for s in b.segmenten}
    for o_i, overeenkomst in enumerate(b.overeenkomsten):
        o_pad: Pad = ("overeenkomsten", o_i)
        if overeenkomst.aanbieder not in aanbieders:
            yield Fout((*o_pad, "aanbieder"), f"AGB-code {overeenkomst.aanbieder} staat niet onder aanbieders")
        if overeenkomst.einddatum and overeenkomst.einddatum < overeenkomst.ingangsdatum:
            yield Fout((*o_pad, "einddatum"), "einddatum ligt voor de ingangsdatum")
        gecontracteerd: set[str] = set()
        for pc_i, ref in enumerate(overeenkomst.percelen):
            if ref not in percelen:
                yield Fout((*o_pad, "percelen", pc_i), f"perceel {ref!r} bestaat niet (schrijf segment/perceel)")
            else:
                gecontracteerd |= percelen[ref]
        for pr_i, code in enumerate(overeenkomst.producten):
            if code not in gecontracteerd:
                yield Fout(
                    (*o_pad, "producten", pr_i),
                    f"product {code!r} hoort niet bij de gecontracteerde percelen",
                )
    for bp_i, plafond in enumerate(b.budgetplafonds):
        if plafond.aanbieder not in aanbieders:
            yield Fout(
                ("budgetplafonds", bp_i, "aanbieder"),
                f"AGB-code {plafond.aanbieder} staat niet onder aanbieders",
            )
        if plafond.segment not in segmenten:
            yield Fout(("budgetplafonds", bp_i, "segment"), f"segment {plafond.segment!r} bestaat niet")
    try:
        plafondinstellingen_lezen(b.instellingen.get("plafond"))
    except PlafondinstellingenFout as fout:
        for pad, melding in fout.fouten:
            yield Fout(("instellingen", "plafond", *pad), melding)
