"""A small hand-built world with every number written out in the tests (see test_kpi.py for the arithmetic)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from tests.factories import (
    AanbiederFactory,
    ClientFactory,
    GemeenteFactory,
    PerceelFactory,
    ProductFactory,
    RegioFactory,
    SegmentFactory,
    ToewijzingFactory,
)
from wmoketen.catalogus.models import Gemeente, Leefgebied, Product, Profiel, Regio, Segment
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder, Budgetplafond
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.herindicatie.models import Evaluatie, EvaluatieResultaat
from wmoketen.monitoring.filters import Filter
from wmoketen.toewijzingen.models import Start, Stop, Toewijzing

JAAR = Filter(van=date(2024, 1, 1), tot=date(2024, 12, 31))
PEILDATUM = date(2025, 1, 15)
_NUMMERS = itertools.count(1)


@dataclass
class Wereld:
    regio: Regio
    segment: Segment
    weert: Gemeente
    nederweert: Gemeente
    pa: Product
    pb: Product
    a: Aanbieder
    b: Aanbieder
    c: dict[int, Client]
    t: dict[int, Toewijzing] = field(default_factory=dict)


def _moment(d: date) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


def _toewijzing(w: Wereld, nr: int, client: int, aanbieder: Aanbieder, product: Product, van: date,
                tot: date | None, *, gemaakt: date | None = None, **extra: object) -> Toewijzing:  # fmt: skip
    t = ToewijzingFactory(
        client=w.c[client], aanbieder=aanbieder, product=product, ingangsdatum=van, einddatum=tot, **extra
    )
    Toewijzing.objects.filter(pk=t.pk).update(aangemaakt_op=_moment(gemaakt or van))
    w.t[nr] = t
    return t


def _start(t: Toewijzing, begindatum: date) -> Start:
    return Start.objects.create(
        client=t.client, aanbieder=t.aanbieder, gemeente_code="0988", toewijzing=t,
        toewijzing_nummer=t.toewijzing_nummer, begindatum=begindatum, ontvangen_op=begindatum,
    )  # fmt: skip


def prestatie(t: Toewijzing, maand: int, bedrag: int, *, afgewezen: list[str] | None = None,
              credit: bool = False, gemeente: Gemeente | None = None) -> Prestatie:  # fmt: skip
    nr = next(_NUMMERS)
    begin = date(2024, maand, 1)
    d = Declaratie.objects.create(
        declaratie_nummer=f"D{nr}", aanbieder=t.aanbieder, gemeente=gemeente or t.client.gemeente,
        periode_begin=begin, periode_eind=begin, dagtekening=begin, bericht_identificatie=f"B{nr}",
        totaal_ingediend_cent=bedrag, totaal_toegekend_cent=bedrag, ontvangen_op=begin, antwoord_uiterlijk=begin,
        status="beantwoord",
    )  # fmt: skip
    return Prestatie.objects.create(
        declaratie=d, volgnummer=1, aanbieder=t.aanbieder, client=t.client, toewijzing=t,
        referentie_nummer=f"R{nr}", toewijzing_nummer=t.toewijzing_nummer, product_categorie="02",
        product_code=t.product.productcode, begindatum=begin, einddatum=begin, geleverd_volume=1, eenheid="04",
        ingediend_bedrag_cent=abs(bedrag), debet_credit="C" if credit else "D",
        status="afgewezen" if afgewezen else "goedgekeurd", retour_codes=afgewezen or [],
        toegekend_cent=0 if afgewezen else bedrag,
    )  # fmt: skip


def _evaluatie(t: Toewijzing, gepland: date, vastgesteld: date | None, oordelen: dict[str, str]) -> Evaluatie:
    e = Evaluatie.objects.create(
        toewijzing=t, soort="tussen", gepland_op=gepland, status="vastgesteld" if vastgesteld else "gepland",
        vastgesteld_op=vastgesteld,
    )  # fmt: skip
    for code, oordeel in oordelen.items():
        EvaluatieResultaat.objects.create(
            evaluatie=e, resultaat_code=code, leefgebied=Leefgebied.objects.get(code=code),
            omschrijving=code, oordeel=oordeel,
        )  # fmt: skip
    return e


def bouw() -> Wereld:
    regio = RegioFactory(naam="Testregio")
    segment = SegmentFactory(regio=regio, code="BG", naam="Begeleiding")
    perceel = PerceelFactory(segment=segment)
    licht = Profiel.objects.create(regio=regio, code="L", naam="Licht", categorie="1", intensiteit="licht")
    zwaar = Profiel.objects.create(regio=regio, code="Z", naam="Zwaar", categorie="1", intensiteit="zwaar")
    pa = ProductFactory(perceel=perceel, productcode="PA001", naam="Begeleiding licht", profiel=licht)
    pb = ProductFactory(perceel=perceel, productcode="PB001", naam="Begeleiding zwaar", profiel=zwaar)
    weert = GemeenteFactory(cbs_code="0988", naam="Weert")
    nederweert = GemeenteFactory(cbs_code="0946", naam="Nederweert")
    regio.gemeenten.set([weert, nederweert])
    a = AanbiederFactory(naam="Aanbieder A")
    b = AanbiederFactory(naam="Aanbieder B")
    clients = {i: ClientFactory(gemeente=weert if i <= 6 else nederweert) for i in range(1, 9)}
    w = Wereld(regio, segment, weert, nederweert, pa, pb, a, b, clients)

    t1 = _toewijzing(w, 1, 1, a, pa, date(2023, 6, 1), None)
    t2 = _toewijzing(w, 2, 2, a, pa, date(2024, 2, 1), date(2024, 6, 30), gemaakt=date(2024, 1, 20),
                     reden_wijziging="09")  # fmt: skip
    t3 = _toewijzing(w, 3, 2, b, pa, date(2024, 7, 1), None, vorige=t2)
    t4 = _toewijzing(w, 4, 3, a, pb, date(2024, 3, 1), date(2024, 8, 31), gemaakt=date(2024, 3, 2))
    t5 = _toewijzing(w, 5, 4, a, pa, date(2024, 1, 15), date(2024, 4, 30), gemaakt=date(2024, 1, 10), volume=10)
    _toewijzing(w, 6, 4, a, pa, date(2024, 5, 1), None, volume=5)
    _toewijzing(w, 7, 5, b, pb, date(2022, 1, 1), date(2023, 12, 31))
    t8 = _toewijzing(w, 8, 6, b, pb, date(2024, 11, 1), None, gemaakt=date(2024, 10, 20))
    t9 = _toewijzing(w, 9, 7, a, pa, date(2024, 4, 1), None, gemaakt=date(2024, 3, 20))
    _toewijzing(w, 10, 8, a, pa, date(2024, 5, 1), date(2024, 5, 1), reden_wijziging="13")  # deleted: CS335

    _start(t1, date(2023, 6, 5))
    _start(t2, date(2024, 2, 11))
    s4 = _start(t4, date(2024, 3, 4))
    _start(t5, date(2024, 1, 15))
    _start(t8, date(2024, 11, 5))
    _start(t9, date(2024, 4, 30))
    Stop.objects.create(start=s4, reden_beeindiging="19", einddatum=date(2024, 8, 31), ontvangen_op=date(2024, 9, 2))

    for maand in (1, 2, 3):
        prestatie(t1, maand, 10_000)
    prestatie(t2, 2, 10_000)
    prestatie(t2, 3, 10_000)
    prestatie(t3, 7, 30_000)
    prestatie(t4, 3, 50_000)
    prestatie(t4, 4, 50_000)
    prestatie(t5, 2, 10_000)
    prestatie(t5, 2, -2_000, credit=True)
    prestatie(t8, 11, 15_000)
    prestatie(t9, 4, 40_000)
    prestatie(t1, 4, 10_000, afgewezen=["9321"])
    prestatie(t9, 5, 40_000, afgewezen=["9321", "0611"])
    prestatie(t4, 5, 50_000, afgewezen=["9308"])

    Budgetplafond.objects.create(aanbieder=a, segment=segment, jaar=2024, bedrag_cent=200_000)

    _evaluatie(t1, date(2024, 3, 1), date(2024, 3, 20), {"financien": "behaald", "sociaal_netwerk": "niet"})
    _evaluatie(t1, date(2024, 9, 1), date(2024, 10, 15), {"financien": "behaald", "sociaal_netwerk": "deels"})
    _evaluatie(t4, date(2024, 6, 1), None, {})
    _evaluatie(t8, date(2024, 12, 1), date(2024, 12, 5), {"financien": "niet"})
    return w
