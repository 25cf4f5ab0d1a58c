"""Budget ceilings in payment batches: under 'overleg' and 'niet_betalen' debets above the ceiling are held
(first in, first out), credits always go, raising the ceiling releases what was held; other rules and a missing
ceiling row hold nothing. Amounts worked out by hand in the comments (EUR)."""

from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.test import Client as HttpClient
from django.urls import reverse

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten.models import Budgetplafond
from wmoketen.declaraties.betaling import betaalbatch_aanmaken, betaalbatch_goedkeuren
from wmoketen.declaraties.constants import PrestatieStatus
from wmoketen.declaraties.models import Betaalbatch, Betaalregel, Declaratie, Prestatie
from wmoketen.declaraties.plafond import splits_op_plafond
from wmoketen.declaraties.selectors import aanhoudingen_zichtbaar, plafondstanden

from .harnas import Opstelling, betaalbare_opstelling

_nummers = itertools.count(1)


# --- the pure rule --------------------------------------------------------------------------------------------


def test_split_first_in_first_out_within_the_ceiling() -> None:
    # ceiling 1.000,00, already in batches 900,00; open 60,00 / 50,00 / 30,00 in order of receipt:
    # 900 + 60 = 960 fits; 960 + 50 = 1.010 does not -> held; 30 would fit (990) but does not overtake the 50
    s = splits_op_plafond(
        [("a", 6000), ("b", 5000), ("c", 3000)], reeds_cent=90000, plafond_cent=100000, plafondregel="overleg"
    )
    assert (s.mee, s.aangehouden) == (["a"], ["b", "c"])
    s = splits_op_plafond(
        [("a", 6000), ("b", 5000), ("c", 3000)], reeds_cent=90000, plafond_cent=100000, plafondregel="niet_betalen"
    )
    assert (s.mee, s.aangehouden) == (["a"], ["b", "c"])


def test_split_exactly_on_the_ceiling_fits() -> None:
    # 900 + 60 + 40 = 1.000,00: on the ceiling is within it
    s = splits_op_plafond([("a", 6000), ("b", 4000)], reeds_cent=90000, plafond_cent=100000, plafondregel="overleg")
    assert (s.mee, s.aangehouden) == (["a", "b"], [])


@pytest.mark.parametrize("regel", ["signaleren", "geen_nieuwe_clienten", ""])
def test_split_other_rules_hold_nothing(regel: str) -> None:
    s = splits_op_plafond([("a", 6000), ("b", 5000)], reeds_cent=120000, plafond_cent=100000, plafondregel=regel)
    assert (s.mee, s.aangehouden) == (["a", "b"], [])


def test_split_credits_go_first_and_make_room() -> None:
    # in batches 900,00; open: debet 120,00, credit -50,00, debet 40,00. The credit counts first: 850;
    # + 120 = 970 fits; + 40 = 1.010 held. Without counting the credit first the 120 would not fit (1.020).
    s = splits_op_plafond(
        [("d1", 12000), ("c", -5000), ("d2", 4000)], reeds_cent=90000, plafond_cent=100000, plafondregel="overleg"
    )
    assert (s.mee, s.aangehouden) == (["d1", "c"], ["d2"])
    # above the ceiling already (1.100,00 of 1.000,00): the credit still goes, every debet is held
    s = splits_op_plafond([("d", 1000), ("c", -5000)], reeds_cent=110000, plafond_cent=100000, plafondregel="overleg")
    assert (s.mee, s.aangehouden) == (["c"], ["d"])


def test_split_a_debet_with_its_credit_goes_with_it() -> None:
    # 'b' 50,00 is credited by 'cb' -50,00 (both open): they go together and net to 0; then 'c' 30,00: 990 fits
    s = splits_op_plafond(
        [("b", 5000), ("c", 3000), ("cb", -5000)],
        reeds_cent=96000,
        plafond_cent=100000,
        plafondregel="niet_betalen",
        altijd={"b"},
    )
    assert (s.mee, s.aangehouden) == (["b", "c", "cb"], [])


# --- payment batches ------------------------------------------------------------------------------------------


@pytest.fixture
def o(db: None) -> Opstelling:
    return betaalbare_opstelling()


def _backoffice(o: Opstelling, naam: str):  # type: ignore[no-untyped-def]
    return GebruikerFactory(username=naam, rol=Rol.BACKOFFICE, regio=o.keten.regio, gemeenten=[o.keten.gemeente])


def _regel(o: Opstelling, regel: str, plafond_cent: int | None, jaar: int = 2025) -> Budgetplafond | None:
    segment = o.toewijzing.product.perceel.segment
    segment.plafondregel = regel
    segment.save()
    if plafond_cent is None:
        return None
    return Budgetplafond.objects.create(
        aanbieder=o.keten.aanbieder, segment=segment, jaar=jaar, bedrag_cent=plafond_cent
    )


def _ontvangen(
    o: Opstelling,
    ontvangen_op: date,
    *regels: tuple[str, int],
    credit_van: str = "",
    maand: int = 3,
    gemeente: Gemeente | None = None,
) -> list[Prestatie]:
    """A declaration answered on `ontvangen_op` with approved prestaties (reference, signed amount in cents)."""
    k = o.keten
    nr = next(_nummers)
    d = Declaratie.objects.create(
        declaratie_nummer=f"PL{nr}",
        aanbieder=k.aanbieder,
        gemeente=gemeente or k.gemeente,
        periode_begin=date(2025, 3, 1),
        periode_eind=date(2025, 3, 31),
        dagtekening=ontvangen_op,
        bericht_identificatie=f"PL{nr}",
        totaal_ingediend_cent=sum(b for _, b in regels),
        ontvangen_op=ontvangen_op,
        antwoord_uiterlijk=ontvangen_op,
        status="beantwoord",
    )
    jaar, m = (2026, 1) if maand == 13 else (2025, maand)
    gemaakt = []
    for i, (ref, bedrag) in enumerate(regels, start=1):
        gemaakt.append(
            Prestatie.objects.create(
                declaratie=d,
                volgnummer=i,
                aanbieder=k.aanbieder,
                client=k.client,
                toewijzing=o.toewijzing,
                referentie_nummer=ref,
                vorig_referentie_nummer=credit_van if bedrag < 0 else "",
                toewijzing_nummer=1001,
                product_categorie="02",
                product_code="02A01",
                begindatum=date(jaar, m, 1),
                einddatum=date(jaar, m, 28),
                geleverd_volume=1,
                eenheid="04",
                product_tarief_cent=abs(bedrag),
                ingediend_bedrag_cent=abs(bedrag),
                debet_credit="C" if bedrag < 0 else "D",
                status=PrestatieStatus.GOEDGEKEURD,
                toegekend_cent=bedrag,
            )
        )
    return gemaakt


def _in_batch(batch: Betaalbatch | None) -> list[str]:
    assert batch is not None
    return list(
        batch.regels.order_by("prestatie__referentie_nummer").values_list("prestatie__referentie_nummer", flat=True)
    )


def _open_900_plus_60_50_30(o: Opstelling, regel: str) -> Betaalbatch:
    """Ceiling 1.000,00; 900,00 already paid (an approved batch); then 60,00 / 50,00 / 30,00 received in that order
    (the 50 and 30 in one declaration, volgnummer 1 and 2)."""
    _regel(o, regel, 100000)
    _ontvangen(o, date(2025, 3, 10), ("P900", 90000))
    eerste = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo1"))
    assert eerste is not None and eerste.totaal_cent == 90000  # 900 <= 1.000: fits
    betaalbatch_goedkeuren(batch=eerste, actor=_backoffice(o, "bo2"))
    _ontvangen(o, date(2025, 4, 1), ("P60", 6000))
    _ontvangen(o, date(2025, 4, 2), ("P50", 5000), ("P30", 3000))
    return eerste


def test_overleg_holds_above_the_ceiling_and_raising_it_releases(o: Opstelling) -> None:
    _open_900_plus_60_50_30(o, "overleg")
    bo = _backoffice(o, "bo3")
    # 900 + 60 = 960 goes; 960 + 50 = 1.010 held; the 30 (990) waits behind the 50
    tweede = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)
    assert _in_batch(tweede) == ["P60"]
    assert tweede is not None and tweede.totaal_cent == 6000
    [r] = aanhoudingen_zichtbaar(bo)
    assert (r.gemeente, r.aanhouding.plafond.aanbieder) == (o.keten.gemeente, o.keten.aanbieder)
    assert (r.aanhouding.in_batches_cent, r.aanhouding.bedrag_cent) == (96000, 8000)
    assert sorted(p.referentie_nummer for p in r.aanhouding.prestaties) == ["P30", "P50"]
    # held, not rejected: still approved, not in any batch; a new batch finds nothing payable
    assert set(Prestatie.objects.filter(referentie_nummer__in=["P50", "P30"]).values_list("status", flat=True)) == {
        PrestatieStatus.GOEDGEKEURD
    }
    assert not Betaalregel.objects.filter(prestatie__referentie_nummer__in=["P50", "P30"]).exists()
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo) is None
    # the region raises the ceiling to 1.100,00: 960 + 50 + 30 = 1.040 fits, both go
    Budgetplafond.objects.update(bedrag_cent=110000)
    derde = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)
    assert _in_batch(derde) == ["P30", "P50"]
    assert derde is not None and derde.totaal_cent == 8000
    assert aanhoudingen_zichtbaar(bo) == []


def test_raising_the_ceiling_only_partly_releases_in_order_of_receipt(o: Opstelling) -> None:
    _open_900_plus_60_50_30(o, "overleg")
    bo = _backoffice(o, "bo3")
    betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)  # P60: 960
    Budgetplafond.objects.update(bedrag_cent=101000)  # 960 + 50 = 1.010 fits exactly; + 30 = 1.040 does not
    assert _in_batch(betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)) == ["P50"]
    [r] = aanhoudingen_zichtbaar(bo)
    assert (r.aanhouding.in_batches_cent, r.aanhouding.bedrag_cent) == (101000, 3000)


def test_niet_betalen_keeps_them_out_until_credited(o: Opstelling) -> None:
    _open_900_plus_60_50_30(o, "niet_betalen")
    bo = _backoffice(o, "bo3")
    assert _in_batch(betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)) == ["P60"]
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo) is None  # 50 and 30 stay out
    [r] = aanhoudingen_zichtbaar(bo)
    assert r.aanhouding.bedrag_cent == 8000 and "niet betaald" in r.aanhouding.toelichting
    # the provider credits the 50 and declares 20,00 more. The 50 and its credit go together (net 0): 960;
    # then the 30: 990 fits; then the 20: 1.010 held. Batch: 50 - 50 + 30 = 30,00
    _ontvangen(o, date(2025, 5, 1), ("C50", -5000), credit_van="P50")
    _ontvangen(o, date(2025, 5, 2), ("P20", 2000))
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)
    assert _in_batch(batch) == ["C50", "P30", "P50"]
    assert batch is not None and batch.totaal_cent == 3000
    [r] = aanhoudingen_zichtbaar(bo)
    assert [p.referentie_nummer for p in r.aanhouding.prestaties] == ["P20"]
    assert (r.aanhouding.in_batches_cent, r.aanhouding.bedrag_cent) == (99000, 2000)


def test_a_credit_always_goes_and_makes_room(o: Opstelling) -> None:
    # ceiling 1.000,00, 900,00 paid. Open: 120,00 (1 April), credit -50,00 of an earlier paid prestatie
    # (2 April), 40,00 (3 April). Credit first: 850; + 120 = 970; + 40 = 1.010 held. Batch 120 - 50 = 70,00
    _regel(o, "overleg", 100000)
    _ontvangen(o, date(2025, 3, 10), ("P500", 50000), ("P400", 40000))
    betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo1"))
    _ontvangen(o, date(2025, 4, 1), ("P120", 12000))
    _ontvangen(o, date(2025, 4, 2), ("C50", -5000), credit_van="P500")
    _ontvangen(o, date(2025, 4, 3), ("P40", 4000))
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo2"))
    assert _in_batch(batch) == ["C50", "P120"]
    assert batch is not None and batch.totaal_cent == 7000
    [r] = aanhoudingen_zichtbaar(_backoffice(o, "bo3"))
    assert (r.aanhouding.in_batches_cent, r.aanhouding.bedrag_cent) == (97000, 4000)


def test_credit_above_an_exhausted_ceiling_goes_and_netting_still_applies(o: Opstelling) -> None:
    # 1.000,00 paid of 1.000,00. Open: 80,00 and a credit -30,00: the credit goes (970), 80 would be 1.050:
    # held. Net -30,00 for the provider: as always with a net credit, it waits for new debets (no batch)
    _regel(o, "overleg", 100000)
    _ontvangen(o, date(2025, 3, 10), ("P700", 70000), ("P300", 30000))
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo1")) is not None
    _ontvangen(o, date(2025, 4, 1), ("P80", 8000))
    _ontvangen(o, date(2025, 4, 2), ("C30", -3000), credit_van="P300")
    bo = _backoffice(o, "bo2")
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo) is None
    # 120,00 more room: 970 + 80 = 1.050 <= 1.120 -> batch 80 - 30 = 50,00
    Budgetplafond.objects.update(bedrag_cent=112000)
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)
    assert _in_batch(batch) == ["C30", "P80"]
    assert batch is not None and batch.totaal_cent == 5000


@pytest.mark.parametrize("regel", ["signaleren", "geen_nieuwe_clienten", ""])
def test_other_rules_pay_everything(o: Opstelling, regel: str) -> None:
    _open_900_plus_60_50_30(o, regel)
    bo = _backoffice(o, "bo3")
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)
    assert _in_batch(batch) == ["P30", "P50", "P60"]  # 900 + 140 = 1.040 over the ceiling: paid anyway
    assert batch is not None and batch.totaal_cent == 14000
    assert aanhoudingen_zichtbaar(bo) == []


def test_no_ceiling_row_for_the_year_holds_nothing(o: Opstelling) -> None:
    _regel(o, "overleg", 100000, jaar=2024)  # a 2024 ceiling only; the prestaties are in 2025
    _ontvangen(o, date(2025, 4, 1), ("P900", 90000), ("P200", 20000))
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo1"))
    assert _in_batch(batch) == ["P200", "P900"]


def test_the_year_is_that_of_the_product_period(o: Opstelling) -> None:
    # ceiling 2025 1.000,00 with 900,00 paid; a 500,00 prestatie for January 2026 counts for 2026 (no row): paid
    _regel(o, "overleg", 100000)
    _ontvangen(o, date(2025, 3, 10), ("P900", 90000))
    betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo1"))
    _ontvangen(o, date(2026, 2, 1), ("P2026", 50000), maand=13)
    _ontvangen(o, date(2026, 2, 1), ("P2025", 20000))
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=_backoffice(o, "bo2"))
    assert _in_batch(batch) == ["P2026"]  # the March 2025 one (1.100 > 1.000) is held


def test_a_cancelled_batch_no_longer_counts(o: Opstelling) -> None:
    from wmoketen.declaraties.betaling import betaalbatch_annuleren

    _regel(o, "overleg", 100000)
    _ontvangen(o, date(2025, 3, 10), ("P900", 90000))
    bo = _backoffice(o, "bo1")
    eerste = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)
    assert eerste is not None
    betaalbatch_annuleren(batch=eerste, actor=bo)
    _ontvangen(o, date(2025, 4, 1), ("P100", 10000))
    # 900 + 100 = 1.000: both fit again once the cancelled batch released the 900
    assert _in_batch(betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=bo)) == ["P100", "P900"]


# --- pages ----------------------------------------------------------------------------------------------------


def _http(gebruiker: object) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), gebruiker)


def test_pages_show_what_is_held_above_the_ceiling(o: Opstelling) -> None:
    _open_900_plus_60_50_30(o, "overleg")
    bo = _backoffice(o, "bo3")
    http = _http(bo)
    response = http.post(reverse("declaraties:batch_aanmaken"), {"gemeente": o.keten.gemeente.pk}, follow=True)
    html = response.content.decode()
    assert "€ 80,00 aangehouden boven het plafond" in html  # the message after creating the batch
    assert "Aangehouden boven het plafond" in html and o.keten.aanbieder.naam in html
    assert "€ 960,00" in html  # already in batches
    manager = GebruikerFactory(username="cm", rol=Rol.CONTRACTMANAGER, gemeenten=[o.keten.gemeente])
    html = _http(manager).get(reverse("declaraties:plafonds") + "?jaar=2025").content.decode()
    assert "€ 80,00 aangehouden boven het plafond" in html
    html = _http(o.keten.medewerker).get(reverse("declaraties:betalingen")).content.decode()
    assert "Aangehouden boven het plafond" in html and "€ 80,00" in html
    [stand] = plafondstanden(gebruiker=manager, jaar=2025, peildatum=date(2025, 5, 6))
    assert (stand.stand.goedgekeurd_cent, stand.aangehouden_cent) == (104000, 8000)


def test_pages_without_anything_held(o: Opstelling) -> None:
    _open_900_plus_60_50_30(o, "signaleren")
    html = _http(_backoffice(o, "bo3")).get(reverse("declaraties:betalingen")).content.decode()
    assert "Niets aangehouden boven het plafond." in html


# --- parallel workers (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_never_pay_above_the_ceiling() -> None:
    # One ceiling for the region, eight municipalities each with 50 open prestaties of 60,50, eight workers each
    # batching its own municipality at the same moment (disjoint candidates, so SKIP LOCKED does not separate
    # them; only the lock on the ceiling row does). The ceiling allows exactly 100 x 60,50 = 6.050,00.
    o = betaalbare_opstelling()
    _regel(o, "overleg", 100 * 6050)
    gemeenten = [o.keten.gemeente]
    for i in range(7):
        g = Gemeente.objects.create(cbs_code=f"{9001 + i}", naam=f"Gemeente {i}")
        o.keten.regio.gemeenten.add(g)
        gemeenten.append(g)
    for n, g in enumerate(gemeenten):
        for d in range(5):
            _ontvangen(
                o, date(2025, 4, 1) + timedelta(days=d), *((f"R{n}-{d}-{i}", 6050) for i in range(10)), gemeente=g
            )
    werkers = [
        (g, GebruikerFactory(username=f"bo{n}", rol=Rol.BACKOFFICE, regio=o.keten.regio, gemeenten=[g]))
        for n, g in enumerate(gemeenten)
    ]
    fouten: list[BaseException] = []
    start = threading.Barrier(len(werkers))

    def werker(gemeente: Gemeente, gebruiker: object) -> None:
        try:
            start.wait()
            for _ in range(3):
                betaalbatch_aanmaken(gemeente=gemeente, actor=gebruiker)  # type: ignore[arg-type]
        except BaseException as exc:
            fouten.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=werker, args=w) for w in werkers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    assert Betaalregel.objects.count() == 100
    assert sum(Betaalbatch.objects.values_list("totaal_cent", flat=True)) == 100 * 6050
    assert Prestatie.objects.filter(betaalregel__isnull=True).count() == 300  # held, still approved
