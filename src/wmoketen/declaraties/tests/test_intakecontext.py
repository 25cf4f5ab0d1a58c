"""`laad_deelcontext` directly: what a part of a 323 gets from the database (the rules that use it are tested
through the exchange in test_intake_regels.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.factories import ClientFactory
from tests.factories_berichten import keten
from wmoketen.declaraties.constants import DeclaratieStatus
from wmoketen.declaraties.intakecontext import Intakecontext, laad_declaratiecontext, laad_deelcontext
from wmoketen.declaraties.invoer import Declaratie323, Prestatieregel
from wmoketen.declaraties.models import Declaratie
from wmoketen.declaraties.perioden import kalendermaand
from wmoketen.declaraties.services import Intake
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

from .harnas import AANBIEDER, BSN, GEMEENTE, VANDAAG, Opstelling, opstelling, prestatie, stuur, wmo323_bericht

pytestmark = pytest.mark.django_db


@pytest.fixture
def o() -> Opstelling:
    return opstelling()


def regel(ref: str, *, nummer: int = 1001, maand: int = 3, vorig: str | None = None) -> Prestatieregel:
    m = kalendermaand(2025, maand)
    return Prestatieregel(
        0, BSN, ref, vorig, nummer, "02", "02A01", m.van, m.tot, 10, "04", 6050, 60500, "C" if vorig else "D"
    )


def invoer(*regels: Prestatieregel, nummer: str = "DNIEUW") -> Declaratie323:
    return Declaratie323(
        aanbieder=AANBIEDER,
        gemeente=GEMEENTE,
        bericht_identificatie="TNIEUW",
        declaratie_nummer=nummer,
        periode_begin=date(2025, 9, 1),
        periode_eind=date(2025, 9, 30),
        dagtekening=date(2025, 10, 2),
        totaal_ingediend_cent=0,
        prestaties=regels,
    )


def context(*regels: Prestatieregel) -> Intakecontext:
    return laad_deelcontext(laad_declaratiecontext(invoer(*regels)), regels)


def test_assignments_of_this_provider_and_municipality_by_number(o: Opstelling) -> None:
    elders = keten(cbs_code="0344", naam="Utrecht", agb_code="87654321")
    vreemd = toewijzing_aanmaken(
        client=elders.client,
        aanbieder=elders.aanbieder,
        product=elders.pxq,
        ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31),
        volume=4,
    )
    Toewijzing.objects.filter(pk=vreemd.pk).update(toewijzing_nummer=2002)
    ctx = context(regel("P1"), regel("P2", nummer=2002), regel("P3", nummer=3003))
    assert set(ctx.toewijzingen) == {1001}
    t = ctx.toewijzingen[1001]
    assert (t.pk, t.client_id, t.bsn, t.product_categorie) == (o.toewijzing.pk, o.keten.client.pk, BSN, "02")
    assert (t.feiten.ingangsdatum, t.feiten.einddatum, t.feiten.volume) == (date(2025, 3, 1), date(2025, 12, 31), 4)
    assert ctx.client_ids == {BSN: o.keten.client.pk}


def test_known_references_leave_out_rejected_declarations(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1"), nummer="DEC1"))
    stuur(wmo323_bericht(prestatie("P2", maand=(2025, 4)), nummer="DEC1", periode=(2025, 4)))  # TR333: rejected
    assert Declaratie.objects.filter(status=DeclaratieStatus.AFGEWEZEN).count() == 1
    ctx = context(regel("P1", maand=9), regel("P2", maand=9), regel("P9", maand=9))
    assert ctx.bekende_referenties == {"P1"}


def test_approved_debets_credits_and_their_order(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1")))
    stuur(wmo323_bericht(prestatie("P2", maand=(2025, 4)), periode=(2025, 4)))
    stuur(wmo323_bericht(prestatie("P3", maand=(2025, 5)), prestatie("C1", credit_van="P1"), periode=(2025, 5)))
    ctx = context(regel("P4", maand=9))
    assert ctx.gecrediteerd == {"P1"}
    assert set(ctx.debets) == {"P1", "P2", "P3"}
    # newest declaration first; the credited P1 is left out
    assert [e.referentie_nummer for e in ctx.goedgekeurd_per_toewijzing[1001]] == ["P3", "P2"]


def test_debets_a_credit_refers_to_outside_the_assignments_of_the_part(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1")))
    ctx = context(regel("C1", nummer=3003, vorig="P1"))  # an unknown assignment: only the referred debet
    assert ctx.toewijzingen == {}
    assert set(ctx.debets) == {"P1"}
    assert ctx.goedgekeurd_per_toewijzing == {}


def test_prestaties_of_an_earlier_part_count_as_earlier_ones(o: Opstelling) -> None:
    eerste, tweede = regel("P1"), replace(regel("P1", maand=4), volgnummer=1)
    intake = Intake(invoer=invoer(eerste, tweede), ontvangen_op=VANDAAG)
    [oordeel] = intake.verwerk([eerste])
    assert oordeel.goedgekeurd
    ctx = laad_deelcontext(intake.basis, [tweede])
    assert ctx.bekende_referenties == {"P1"}
    assert [e.referentie_nummer for e in ctx.goedgekeurd_per_toewijzing[1001]] == ["P1"]


def test_same_facts_give_equal_feiten(o: Opstelling) -> None:
    tweede = toewijzing_aanmaken(
        client=ClientFactory(gemeente=o.keten.gemeente),
        aanbieder=o.keten.aanbieder,
        product=o.keten.pxq,
        ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31),
        volume=4,
    )
    Toewijzing.objects.filter(pk=tweede.pk).update(toewijzing_nummer=1002)
    ctx = context(regel("P1"), regel("P2", nummer=1002))
    een, twee = ctx.toewijzingen[1001], ctx.toewijzingen[1002]
    assert een.feiten == twee.feiten
    assert (een.pk, een.client_id) != (twee.pk, twee.client_id)
    assert len(ctx.client_ids) == 2
