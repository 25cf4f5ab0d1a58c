"""Assignments: the 301 from state (OP087), in-place changes versus end and reissue, deletion (reason 13),
no overlap (TR302), and the funding model deciding Omvang / Budget / nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories_berichten import Keten, keten
from wmoketen.toewijzingen import selectors
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.models import Toewijzing, ToewijzingVersie
from wmoketen.toewijzingen.services import (
    ToewijzingFout,
    toewijzing_301_vastleggen,
    toewijzing_aanmaken,
    toewijzing_beeindigen_en_heruitgeven,
    toewijzing_intrekken,
    toewijzing_wijzigen,
    vorm_van,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2025, 1, 10, 9, 0, tzinfo=AMS)


@pytest.fixture
def k() -> Keten:
    return keten()


def maak(k: Keten, product=None, van=date(2025, 1, 1), tot=date(2025, 12, 31), moment=T0, **velden) -> Toewijzing:  # type: ignore[no-untyped-def]
    return toewijzing_aanmaken(
        client=k.client,
        aanbieder=k.aanbieder,
        product=product or k.pxq,
        ingangsdatum=van,
        einddatum=tot,
        moment=moment,
        **({"volume": 4} | velden),
    )


def nummers(k: Keten, op: date) -> list[tuple[int, bool]]:
    return [
        (i.toewijzing.toewijzing_nummer, i.gewijzigd)
        for i in selectors.toewijzingen_voor_301(client=k.client, aanbieder=k.aanbieder, op=op)
    ]


def test_301_holds_current_plus_changed_since_last_301_including_an_ended_one(k: Keten) -> None:
    lopend = maak(k)
    straks_beeindigd = maak(k, product=k.totaal, volume=40)
    lang_geleden = maak(k, product=k.hulpmiddel, van=date(2024, 1, 1), tot=date(2024, 6, 30), volume=1)
    toewijzing_301_vastleggen(
        client=k.client,
        aanbieder=k.aanbieder,
        toewijzing_nummers=[lopend.toewijzing_nummer],
        moment=T0 + timedelta(minutes=1),
    )
    # after the 301: the second one is ended (intrekken) before today
    toewijzing_intrekken(
        toewijzing=straks_beeindigd, reden_wijziging="05", einddatum=date(2025, 2, 28), moment=T0 + timedelta(days=60)
    )
    op = date(2025, 3, 15)
    assert nummers(k, op) == [(lopend.toewijzing_nummer, False), (straks_beeindigd.toewijzing_nummer, True)]
    assert lang_geleden.toewijzing_nummer not in [n for n, _ in nummers(k, op)]  # ended and unchanged: not sent
    assert selectors.te_verzenden_301() == [(k.client.pk, k.aanbieder.pk)]


def test_in_place_changes_einddatum_volume_with_frequency_6_and_budget(k: Keten) -> None:
    t6 = maak(k, product=k.totaal, volume=40)
    toewijzing_wijzigen(
        toewijzing=t6, reden_wijziging="04", volume=60, einddatum=date(2026, 6, 30), moment=T0 + timedelta(days=1)
    )
    t6.refresh_from_db()
    assert (t6.volume, t6.einddatum, t6.reden_wijziging) == (60, date(2026, 6, 30), "04")
    assert t6.versies.count() == 2
    assert (t6.toewijzingsdatum, t6.toewijzingstijd.isoformat()) == (date(2025, 1, 11), "09:00:00")
    budget = maak(k, product=k.budget, volume=None)
    assert (budget.budget_cent, budget.volume) == (500000, None)
    toewijzing_wijzigen(toewijzing=budget, reden_wijziging="04", budget_cent=600000)
    budget.refresh_from_db()
    assert budget.budget_cent == 600000


def test_volume_change_per_week_or_product_change_needs_end_and_reissue(k: Keten) -> None:
    t = maak(k)
    with pytest.raises(ToewijzingFout, match="frequentie 6"):
        toewijzing_wijzigen(toewijzing=t, reden_wijziging="04", volume=6)
    with pytest.raises(ToewijzingFout, match="beëindig die"):
        toewijzing_wijzigen(toewijzing=t, reden_wijziging="04", product=k.totaal)
    t.refresh_from_db()
    assert (t.volume, ToewijzingVersie.objects.filter(toewijzing=t).count()) == (4, 1)  # nothing changed

    nieuw = toewijzing_beeindigen_en_heruitgeven(toewijzing=t, per=date(2025, 4, 1), reden_wijziging="04", volume=6)
    t.refresh_from_db()
    assert (t.einddatum, t.reden_wijziging) == (date(2025, 3, 31), "04")
    assert nieuw.toewijzing_nummer != t.toewijzing_nummer
    assert (nieuw.ingangsdatum, nieuw.einddatum, nieuw.volume, nieuw.vorige) == (
        date(2025, 4, 1),
        date(2025, 12, 31),
        6,
        t,
    )
    assert nieuw.reden_wijziging == ""


def test_deletion_with_reason_13(k: Keten) -> None:
    t = maak(k)
    toewijzing_intrekken(toewijzing=t)
    t.refresh_from_db()
    assert (t.einddatum, t.reden_wijziging) == (t.ingangsdatum, "13")
    assert selectors.actuele_toewijzingen(client=k.client, aanbieder=k.aanbieder, op=date(2025, 1, 1)).count() == 0


def test_deletion_refused_when_approved_declarations_exist(k: Keten, monkeypatch: pytest.MonkeyPatch) -> None:
    t = maak(k)
    monkeypatch.setattr(selectors, "goedgekeurde_declaraties_hook", lambda toewijzing: True)
    with pytest.raises(ToewijzingFout, match="9385"):
        toewijzing_intrekken(toewijzing=t)
    t.refresh_from_db()
    assert (t.einddatum, t.reden_wijziging) == (date(2025, 12, 31), "")
    # ending it with a date is still possible
    toewijzing_intrekken(toewijzing=t, reden_wijziging="05", einddatum=date(2025, 6, 30))
    t.refresh_from_db()
    assert t.einddatum == date(2025, 6, 30)


def test_no_overlapping_assignment_of_the_same_product(k: Keten) -> None:
    maak(k)
    with pytest.raises(ToewijzingFout, match="TR302"):
        maak(k, van=date(2025, 6, 1), tot=date(2026, 5, 31))
    assert Toewijzing.objects.count() == 1
    maak(k, van=date(2026, 1, 1), tot=date(2026, 12, 31))  # after the first one: fine
    maak(k, product=k.hulpmiddel, volume=1)
    maak(k, product=k.hulpmiddel, volume=1)  # category 14 (hulpmiddelen) may overlap
    assert Toewijzing.objects.count() == 4


def test_funding_model_decides_omvang_budget_or_nothing(k: Keten) -> None:
    op = date(2025, 1, 1)
    assert [vorm_van(p, op).vorm for p in (k.pxq, k.budget, k.traject, k.taak)] == [
        Vorm.OMVANG,
        Vorm.BUDGET,
        Vorm.OMVANG,
        Vorm.GEEN_301,
    ]
    pxq = maak(k)
    assert (pxq.volume, pxq.eenheid, pxq.frequentie, pxq.budget_cent) == (4, "04", "2", None)
    traject = maak(k, product=k.traject, volume=None)
    assert (traject.volume, traject.eenheid, traject.frequentie) == (250000, "83", "6")  # trajectprijs in cents
    budget = maak(k, product=k.budget, volume=None)
    assert (budget.volume, budget.eenheid, budget.budget_cent) == (None, "", 500000)
    with pytest.raises(ToewijzingFout, match="Taakgericht"):
        maak(k, product=k.taak)
    with pytest.raises(ToewijzingFout, match="einddatum verplicht"):
        maak(k, product=k.budget, volume=None, tot=None)


def test_an_assignment_before_or_after_its_products_funding_is_refused_naming_the_first_valid_date(k: Keten) -> None:
    """Funding of 02A01 from 01-01-2022: a start before it is refused (it used to give an assignment without
    volume or unit), as is a start after the funding ended; nothing is created."""
    from wmoketen.catalogus.models import Bekostiging

    with pytest.raises(ToewijzingFout, match=r"^Product 02A01 heeft op 31-12-2021 geen bekostiging in de catalogus; "
                       r"de eerste geldige ingangsdatum is 01-01-2022\.$"):  # fmt: skip
        maak(k, van=date(2021, 12, 31))
    Bekostiging.objects.filter(product=k.pxq).update(geldig_tot=date(2022, 12, 31))
    with pytest.raises(ToewijzingFout, match=r"de bekostiging liep tot en met 31-12-2022"):
        maak(k, van=date(2023, 1, 1), tot=date(2023, 6, 30))
    assert Toewijzing.objects.count() == 0
    assert maak(k, van=date(2022, 12, 1), tot=date(2022, 12, 31)).eenheid == "04"


def test_verwijderd_in_sql_is_verwijderd_in_python(k: Keten) -> None:
    # One definition of "deleted" (TR349, CS335): RedenWijziging 13 (or the pre-3.1 01) with Einddatum =
    # Ingangsdatum. The QuerySet (niet_verwijderd, verwijderd_q) and domain.is_verwijderd agree on every mix.
    from wmoketen.toewijzingen.domain import is_verwijderd

    gevallen = [("13", 0), ("13", 5), ("01", 0), ("01", 5), ("05", 0), ("", None), ("13", None)]
    gemaakt = [maak(k, van=date(jaar, 1, 1), tot=date(jaar, 6, 30)) for jaar in range(2030, 2030 + len(gevallen))]
    for t, (reden, dagen) in zip(gemaakt, gevallen, strict=True):
        einde = None if dagen is None else t.ingangsdatum + timedelta(days=dagen)
        Toewijzing.objects.filter(pk=t.pk).update(reden_wijziging=reden, einddatum=einde)
    alle = Toewijzing.objects.filter(client=k.client)
    verwacht = {
        t.pk
        for t in alle
        if not is_verwijderd(reden_wijziging=t.reden_wijziging, ingangsdatum=t.ingangsdatum, einddatum=t.einddatum)
    }
    assert {t.pk for t in alle.niet_verwijderd()} == verwacht
    assert len(verwacht) == len(gevallen) - 2  # 13 and 01 on the day itself
    assert alle.lopend_vanaf(date(2036, 1, 1)).count() == 2  # the two without an Einddatum (2035, 2036)


def test_lopend_vanaf_telt_de_einddatum_mee(k: Keten) -> None:
    t = maak(k, van=date(2025, 1, 1), tot=date(2025, 3, 31))
    assert list(Toewijzing.objects.filter(pk=t.pk).lopend_vanaf(date(2025, 3, 31))) == [t]
    assert not Toewijzing.objects.filter(pk=t.pk).lopend_vanaf(date(2025, 4, 1)).exists()
