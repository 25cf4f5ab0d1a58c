"""A pgb is not a toewijzing (issue 14 item 6): a pgb beschikking creates no assignment and sends no 301, its
letter says pgb and its amount, and monitoring counts it as pgb. A pgb that replaces care in kind ends the running
assignment in that lot with RedenWijziging 08 (wijziging leveringsvorm), and that change goes out in a 301."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories_toegang import beschikt, deel2, melding, plan_opstellen, toegangsregio, tot_bij_aanbieder
from tests.pdftekst import pdf_tekst
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.services import openstaande_301_verzenden
from wmoketen.monitoring import kpi
from wmoketen.monitoring.filters import Dimensie, Filter
from wmoketen.toegang import klok, services
from wmoketen.toegang.constants import BriefSoort
from wmoketen.toegang.models import Beschikking, Brief, Melding
from wmoketen.toewijzingen.constants import RedenWijziging
from wmoketen.toewijzingen.models import Toewijzing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vaste_dag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 7, 1))


def pgb_beschikking(t: object, m: Melding) -> Beschikking:
    tot_bij_aanbieder(t, m)
    plan = plan_opstellen(t, m, verstrekkingsvorm="pgb", vervangen=True)
    services.plan_ondertekenen_en_versturen(
        door=t.consulent, plan=plan, ondertekend_client_op=date(2024, 6, 11), ondertekend_gemeente_op=date(2024, 6, 11),
        toestemming_aanbieder=True, verzonden_op=date(2024, 6, 11),
    )  # fmt: skip
    deel2(t, plan)
    services.akkoord_geven(door=t.consulent, melding=m, verslag_ondertekend_op=date(2024, 6, 20))
    return services.beschikking_vaststellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
    )


def test_a_pgb_beschikking_creates_no_assignment_and_no_301_its_letter_and_monitoring_say_pgb() -> None:
    t = toegangsregio()
    m = melding(t)
    b = pgb_beschikking(t, m)
    assert b.pgb_jaarbedrag_cent is not None and b.pgb_jaarbedrag_cent > 0

    assert not Toewijzing.objects.filter(client=m.client).exists()
    assert openstaande_301_verzenden() == (0, [])
    assert not Bericht.objects.filter(soort="301").exists()

    tekst = pdf_tekst(bytes(Brief.objects.get(melding=m, soort=BriefSoort.BESCHIKKING_PGB).pdf))
    assert "persoonsgebonden budget (pgb)" in tekst
    assert f"{b.pgb_jaarbedrag_cent // 100:,}".replace(",", ".") in tekst

    tabel = kpi.verstrekkingsvorm(Filter(van=date(2024, 6, 1), tot=date(2024, 6, 30)), Dimensie.GEMEENTE)
    (rij,) = tabel.rijen
    assert (rij["beschikkingen"], rij["natura"], rij["pgb"]) == (1, 0, 1)
    assert rij["pgb_bedrag"] == b.pgb_jaarbedrag_cent


def test_care_in_kind_is_counted_as_in_kind_and_gets_its_assignment() -> None:
    t = toegangsregio()
    m = melding(t)
    b = beschikt(t, m)
    assert Toewijzing.objects.filter(beschikking_id=b.pk).count() == 1
    (rij,) = kpi.verstrekkingsvorm(Filter(van=date(2024, 6, 1), tot=date(2024, 6, 30))).rijen
    assert (rij["beschikkingen"], rij["natura"], rij["pgb"], rij["pgb_bedrag"]) == (1, 1, 0, 0)


def test_a_pgb_replacing_care_in_kind_ends_the_assignment_with_reason_08_in_a_301() -> None:
    t = toegangsregio()
    client = melding(t).client
    eerst = Melding.objects.get(client=client)
    zin = beschikt(t, eerst, ingangsdatum=date(2024, 7, 1))
    openstaande_301_verzenden()
    (toewijzing,) = Toewijzing.objects.filter(beschikking_id=zin.pk)
    verzonden = Bericht.objects.filter(soort="301").count()

    from wmoketen.toegang.selectors import beschikking_gegevens
    from wmoketen.toewijzingen.beschikking import toewijzingen_aanmaken

    gegevens = beschikking_gegevens(zin.pk)
    from dataclasses import replace

    # the same products, now as a pgb from 1 September: the handler of a later pgb beschikking
    nieuw = toewijzingen_aanmaken(replace(gegevens, beschikking_id=0, ingangsdatum=date(2024, 9, 1), pgb=True))
    assert nieuw == []
    toewijzing.refresh_from_db()
    assert toewijzing.einddatum == date(2024, 8, 31)
    assert toewijzing.reden_wijziging == RedenWijziging.LEVERINGSVORM
    assert openstaande_301_verzenden()[0] == 1
    assert Bericht.objects.filter(soort="301").count() == verzonden + 1
