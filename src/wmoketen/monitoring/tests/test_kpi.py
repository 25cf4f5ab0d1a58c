"""Every KPI on the hand-built world of wereld.py, with the expected numbers worked out by hand.

Period: 2024. Provider A: clients 1 (since 2023), 2 (Feb-Jun, then switched to B), 3 (Mar-Aug, stop reden 19),
4 (Jan-Apr volume 10, then from May volume 5), 7 (Nederweert, from Apr); client 8's assignment is deleted (13).
Provider B: client 2 (from Jul, previous assignment at A), 6 (from Nov); client 5 ended in 2023.
"""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

import pytest

from tests import factories_toegang as ft
from wmoketen.monitoring import kpi
from wmoketen.monitoring.filters import Dimensie, Filter

from .wereld import JAAR, PEILDATUM, bouw

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return bouw()


def rij(tabel, naam):
    r = tabel.rij_voor("groep", naam)
    assert r is not None, f"geen rij {naam} in {[x['groep'] for x in tabel.rijen]}"
    return r


def test_clienten_in_zorg_instroom_uitstroom(w):
    t = kpi.clienten(JAAR)
    assert {k: rij(t, "Aanbieder A")[k] for k in ("in_zorg", "instroom", "uitstroom")} == {
        "in_zorg": 5,  # 1, 2, 3, 4, 7 (8 deleted)
        "instroom": 4,  # 2, 3, 4, 7 (1 started in 2023)
        "uitstroom": 2,  # 2 and 3 (4 continues with a new assignment)
    }
    assert {k: rij(t, "Aanbieder B")[k] for k in ("in_zorg", "instroom", "uitstroom")} == {
        "in_zorg": 2,
        "instroom": 2,
        "uitstroom": 0,
    }


def test_clienten_per_gemeente_en_filter(w):
    t = kpi.clienten(JAAR, Dimensie.GEMEENTE)
    assert rij(t, "Weert")["in_zorg"] == 5  # 1, 2, 3, 4, 6
    assert rij(t, "Nederweert")["in_zorg"] == 1  # 7
    alleen_a = kpi.clienten(JAAR.met(aanbieder_id=w.a.pk, gemeente_id=w.weert.pk), Dimensie.GEMEENTE)
    assert [(r["groep"], r["in_zorg"]) for r in alleen_a.rijen] == [("Weert", 4)]


def test_clienten_per_maand(w):
    maanden = [(date(2024, m, 1), date(2024, m, 28)) for m in (1, 6, 11)]
    # Jan: 1, 4. Jun: 1, 2, 3, 4, 7. Nov: 1, 2 (at B), 4, 6, 7.
    assert kpi.clienten_per_maand(JAAR, maanden) == [2, 5, 5]


def test_kosten_per_client_per_aanbieder(w):
    t = kpi.kosten_per_client(JAAR)
    a = rij(t, "Aanbieder A")
    # per client: 1 -> 30000, 2 -> 20000, 3 -> 100000, 4 -> 10000 - 2000 credit = 8000, 7 -> 40000
    assert a["n"] == 5
    assert a["totaal"] == pytest.approx(198_000)
    assert a["gemiddelde"] == pytest.approx(39_600)
    assert (a["p10"], a["p25"], a["mediaan"], a["p75"], a["p90"]) == pytest.approx(
        (12_800, 20_000, 30_000, 40_000, 76_000)
    )
    assert a["iqr"] == pytest.approx(20_000)
    assert a["standaardafwijking"] == pytest.approx(32_009.998, abs=0.01)
    b = rij(t, "Aanbieder B")
    assert (b["n"], b["gemiddelde"], b["mediaan"]) == (2, pytest.approx(22_500), pytest.approx(22_500))


def test_kosten_per_client_per_product_en_profiel(w):
    per_product = kpi.kosten_per_client(JAAR, Dimensie.PRODUCT)
    # PA: client 1 30000, 2 20000 at A + 30000 at B = 50000, 4 8000, 7 40000; PB: 3 100000, 6 15000
    pa = rij(per_product, "PA001 Begeleiding licht")
    assert (pa["n"], pa["mediaan"], pa["gemiddelde"]) == (4, pytest.approx(35_000), pytest.approx(32_000))
    per_profiel = kpi.kosten_per_client(JAAR, Dimensie.PROFIEL)
    assert rij(per_profiel, "Zwaar")["mediaan"] == pytest.approx(57_500)


def test_sql_en_python_geven_dezelfde_verdeling(w):
    for per in (Dimensie.AANBIEDER, Dimensie.PRODUCT, Dimensie.GEMEENTE):
        python = kpi.kosten_per_client_verdeling(JAAR, per, python=True)
        sql = kpi.kosten_per_client_verdeling(JAAR, per, python=False)
        assert python.keys() == sql.keys()
        for g in python:
            assert astuple(python[g]) == pytest.approx(astuple(sql[g]))
    for functie in (kpi.wachttijd, kpi.duur):
        for r_python, r_sql in zip(functie(JAAR, python=True).rijen, functie(JAAR, python=False).rijen, strict=True):
            assert r_python == pytest.approx(r_sql)


def test_kosten_per_client_met_filters_als_direct_uit_de_prestaties(w):
    """The per-assignment pre-aggregation with the region/segment/municipality/provider filter gives per group
    the same per-client totals as summing the filtered prestaties directly."""
    from collections import defaultdict

    from wmoketen.declaraties.models import Prestatie
    from wmoketen.monitoring.domain import samenvatting

    filters = [
        (JAAR.met(regio_id=w.regio.pk), {}),
        (JAAR.met(segment_id=w.segment.pk), {}),
        (JAAR.met(gemeente_id=w.weert.pk), {"declaratie__gemeente_id": w.weert.pk}),
        (JAAR.met(aanbieder_id=w.a.pk, regio_id=w.regio.pk), {"aanbieder_id": w.a.pk}),
    ]
    paden = {
        Dimensie.AANBIEDER: "aanbieder_id",
        Dimensie.GEMEENTE: "declaratie__gemeente_id",
        Dimensie.PRODUCT: "toewijzing__product_id",
        Dimensie.PROFIEL: "toewijzing__product__profiel_id",
    }
    for f, extra in filters:
        for per, pad in paden.items():
            per_client: dict[tuple[object, object], int] = defaultdict(int)
            for g, c, bedrag in Prestatie.objects.filter(
                status="goedgekeurd", begindatum__year=2024, toewijzing__product__regio_id=w.regio.pk, **extra
            ).values_list(pad, "client_id", "toegekend_cent"):
                per_client[(g, c)] += bedrag
            verwacht: dict[object, list[float]] = defaultdict(list)
            for (g, _), totaal in per_client.items():
                verwacht[g].append(float(totaal))
            for python in (True, False):
                sam = kpi.kosten_per_client_verdeling(f, per, python=python)
                assert sam.keys() == verwacht.keys()
                for g, waarden in verwacht.items():
                    assert astuple(sam[g]) == pytest.approx(astuple(samenvatting(waarden)))


def test_plafond(w):
    t = kpi.plafonds(JAAR, PEILDATUM)
    assert len(t.rijen) == 1
    r = t.rijen[0]
    assert (r["groep"], r["jaar"], r["plafond"], r["goedgekeurd"], r["in_behandeling"]) == (
        "Aanbieder A", "2024", 200_000, 198_000, 0
    )  # fmt: skip
    assert r["verbruik"] == pytest.approx(0.99)
    assert r["prognose"] == 198_000  # the year is over on the reference date
    assert r["signaal"] == "90%"


def test_wachttijd(w):
    t = kpi.wachttijd(JAAR)
    a = rij(t, "Aanbieder A")
    # t2: made 20 Jan, in force 1 Feb, start 11 Feb -> 10; t4: 2 Mar -> 4 Mar = 2; t5: 15 Jan -> 15 Jan = 0;
    # t9: made 20 Mar, in force 1 Apr, start 30 Apr -> 29. t6 (client 4) has no start yet.
    assert a["n"] == 4
    assert (a["gemiddelde"], a["p25"], a["mediaan"], a["p75"], a["p90"]) == pytest.approx(
        (10.25, 1.5, 6.0, 14.75, 23.3)
    )
    assert a["zonder_start"] == 1
    b = rij(t, "Aanbieder B")
    assert (b["n"], b["mediaan"], b["zonder_start"]) == (1, 4.0, 1)


def test_duur(w):
    a = rij(kpi.duur(JAAR), "Aanbieder A")
    # t5 15 Jan-30 Apr 2024 = 107 days, t2 1 Feb-30 Jun = 151, t4 1 Mar-31 Aug = 184
    assert (a["n"], a["mediaan"], a["gemiddelde"]) == (3, 151.0, pytest.approx(442 / 3))


def test_afloop_volgens_plan_afgeschaald_herindicatie(w):
    a = rij(kpi.afloop(JAAR), "Aanbieder A")
    # ended in 2024: t2 (follow-up t3 at B), t4 (stop reden 19, no follow-up), t5 (follow-up t6, volume 10 -> 5)
    assert (a["n"], a["trajecten"]) == (3, 3)
    assert a["volgens_plan"] == pytest.approx(1 / 3)
    assert a["afgeschaald"] == pytest.approx(1 / 3)
    assert a["herindicatie"] == pytest.approx(2 / 3)
    assert kpi.afloop(JAAR).rij_voor("groep", "Aanbieder B") is None


def test_wissels(w):
    t = kpi.wissels(JAAR)
    assert (rij(t, "Aanbieder A")["vertrokken"], rij(t, "Aanbieder A")["gekomen"]) == (1, 0)
    assert (rij(t, "Aanbieder B")["vertrokken"], rij(t, "Aanbieder B")["gekomen"]) == (0, 1)


def test_afgewezen_regels_en_retourcodes(w):
    a = rij(kpi.afgewezen(JAAR), "Aanbieder A")
    assert (a["n"], a["regels"], a["afgewezen"]) == (5, 13, 3)
    assert a["aandeel"] == pytest.approx(3 / 13)
    assert a["top_codes"] == ["9321", "0611", "9308"]
    assert a["top"].startswith("9321 Volume boven het toegewezen volume voor deze periode (2x); 0611 ")
    b = rij(kpi.afgewezen(JAAR), "Aanbieder B")
    assert (b["regels"], b["afgewezen"], b["aandeel"], b["top"]) == (2, 0, 0.0, "")


def test_evaluaties_op_tijd(w):
    t = kpi.evaluaties(JAAR, PEILDATUM)
    a = rij(t, "Aanbieder A")
    # t1: 1 Mar settled 20 Mar (on time), 1 Sep settled 15 Oct (44 days: late); t4: 1 Jun not settled
    assert (a["n"], a["gepland"], a["gedaan"]) == (2, 3, 2)
    assert a["op_tijd"] == pytest.approx(1 / 3)
    b = rij(t, "Aanbieder B")
    assert (b["gepland"], b["gedaan"], b["op_tijd"]) == (1, 1, 1.0)
    assert kpi.evaluaties(JAAR, date(2024, 6, 30)).rij_voor("groep", "Aanbieder A")["gepland"] == 2


def test_resultaten_per_leefgebied(w):
    t = kpi.resultaten(JAAR)
    assert [r["groep"] for r in t.rijen] == ["Financiën", "Sociaal netwerk"]
    fin = t.rijen[0]
    assert (fin["n"], fin["resultaten"]) == (2, 3)
    assert (fin["behaald"], fin["deels"], fin["niet"]) == pytest.approx((2 / 3, 0, 1 / 3))
    net = t.rijen[1]
    assert (net["n"], net["resultaten"], net["deels"], net["niet"]) == (1, 2, 0.5, 0.5)
    alleen_a = kpi.resultaten(JAAR.met(aanbieder_id=w.a.pk))
    assert alleen_a.rijen[0]["behaald"] == 1.0


def test_doorlooptijd_en_wettelijke_termijn(monkeypatch):
    from wmoketen.toegang import klok
    from wmoketen.toegang.models import Beschikking

    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 6, 24))
    t = ft.toegangsregio()
    snel = ft.beschikt(t, ft.melding(t))  # melding 3 Jun, aanvraag 20 Jun, besluit 24 Jun: 21 days, in time
    laat = ft.beschikt(t, ft.melding(t))
    Beschikking.objects.filter(pk=laat.pk).update(besluitdatum=date(2024, 7, 10))  # 37 days; due 4 Jul
    f = Filter(van=date(2024, 1, 1), tot=date(2024, 12, 31))
    r = kpi.doorlooptijd(f).rij_voor("groep", t.aanbieder.naam)
    assert (r["n"], r["beschikkingen"], r["gemiddelde"], r["mediaan"]) == (2, 2, 29.0, 29.0)
    assert r["binnen_termijn"] == 0.5
    assert snel.besluitdatum == date(2024, 6, 24)
    per_gemeente = kpi.doorlooptijd(f, Dimensie.GEMEENTE)
    assert [(x["groep"], x["beschikkingen"]) for x in per_gemeente.rijen] == [("Weert", 2)]


def test_kosten_per_maand_som_en_verschillende_clienten(w):
    """Per month of the ProductPeriode: the approved amount and the number of distinct clients, checked against
    a count in Python over the same prestaties."""
    from collections import defaultdict

    from wmoketen.declaraties.models import Prestatie

    som: dict[date, int] = defaultdict(int)
    clienten: dict[date, set[int]] = defaultdict(set)
    for p in Prestatie.objects.filter(status="goedgekeurd", begindatum__year=2024):
        maand = p.begindatum.replace(day=1)
        som[maand] += p.toegekend_cent
        clienten[maand].add(p.client_id)
    verwacht = [(m, som[m], len(clienten[m])) for m in sorted(som)]
    assert verwacht and kpi.kosten_per_maand(JAAR) == verwacht
    assert all(isinstance(s, int) and isinstance(n, int) for _, s, n in kpi.kosten_per_maand(JAAR))
