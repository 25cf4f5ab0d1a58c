"""Every declaration rule: a valid 323 for an assignment in the database, one thing mutated, sent through the
exchange; the exact retourcode in the 325 on that prestatie (or at declaration level)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories_berichten import product
from wmoketen.berichten.codec.model import wmo323
from wmoketen.berichten.tests import factories as f
from wmoketen.core.werkdagen import werkdagen_na
from wmoketen.declaraties.bedragen import minuten_bedrag, minuuttarief
from wmoketen.declaraties.constants import DeclaratieStatus, PrestatieStatus
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.selectors import heeft_goedgekeurde_declaraties
from wmoketen.toewijzingen.services import toewijzing_aanmaken

from .harnas import VANDAAG, Opstelling, codes, opstelling, prestatie, stuur, wmo323_bericht

pytestmark = pytest.mark.django_db


@pytest.fixture
def o() -> Opstelling:
    return opstelling()


def test_all_approved_gives_header_0200_and_8001_without_clients(o: Opstelling) -> None:
    antwoord = stuur(wmo323_bericht(prestatie("P1", volume=10)))
    assert antwoord.header.retour_codes == ("0200",)
    da = antwoord.declaratie_antwoord
    assert da is not None
    assert da.retour_codes == ("8001",)
    assert da.clienten == ()
    assert da.totaal_toegekend_bedrag.totaal_bedrag == 60500 == da.totaal_ingediend_bedrag.totaal_bedrag
    declaratie = Declaratie.objects.get()
    assert declaratie.status == DeclaratieStatus.BEANTWOORD
    assert declaratie.antwoord_uiterlijk == werkdagen_na(VANDAAG, 10)
    assert declaratie.beantwoord_op == VANDAAG
    p = Prestatie.objects.get()
    assert (p.status, p.toegekend_cent, p.toewijzing_id) == (PrestatieStatus.GOEDGEKEURD, 60500, o.toewijzing.pk)
    assert antwoord.header.declaratie_identificatie is not None


def test_partly_rejected_lists_only_the_rejected_prestatie_and_the_approved_sum(o: Opstelling) -> None:
    antwoord = stuur(wmo323_bericht(prestatie("P1", volume=10), prestatie("P2", nummer=9999, volume=2)))
    da = antwoord.declaratie_antwoord
    assert da is not None
    assert codes(antwoord) == {"P2": ("9338",)}
    assert da.totaal_toegekend_bedrag.totaal_bedrag == 60500
    listed = sum(p.ingediend_bedrag.bedrag for c in da.clienten for p in c.prestaties)
    assert listed == da.totaal_ingediend_bedrag.totaal_bedrag - da.totaal_toegekend_bedrag.totaal_bedrag  # TR342
    assert da.clienten[0].retour_codes == ("0200",)
    # TR367: the rejected prestatie is repeated exactly as sent
    sent = prestatie("P2", nummer=9999, volume=2)
    assert da.clienten[0].prestaties[0].ingediend_bedrag == sent.ingediend_bedrag
    assert da.clienten[0].prestaties[0].product_periode == sent.product_periode


@pytest.mark.parametrize(
    ("mutatie", "code"),
    [
        ({"nummer": 9999}, "9338"),  # TR338
        ({"code": "02A02"}, "9340"),  # TR340
        ({"eenheid": "16"}, "9341"),  # TR341
        ({"maand": (2026, 1)}, "9308"),  # TR308 (after the end)
        ({"begin": date(2025, 3, 2)}, "9387"),  # TR387
        ({"eind": date(2025, 3, 30)}, "9388"),  # TR388
        ({"volume": 25}, "9321"),  # TR321: March 2025 has 6 (partial) ISO weeks x 4 h = 24 h
        ({"bedrag": 60501}, "9346"),  # TR346
        ({"tarief": 6000}, "0611"),  # TR418
    ],
)
def test_mutated_prestatie_gets_the_exact_code(o: Opstelling, mutatie: dict[str, object], code: str) -> None:
    periode = (2026, 1) if mutatie.get("maand") == (2026, 1) else (2025, 3)
    antwoord = stuur(wmo323_bericht(prestatie("P9", **mutatie), periode=periode))  # type: ignore[arg-type]
    assert code in codes(antwoord)["P9"]
    assert Prestatie.objects.get().status == PrestatieStatus.AFGEWEZEN


def test_tr339_category_differs(o: Opstelling) -> None:
    antwoord = stuur(wmo323_bericht(prestatie("P1", categorie="06", code="06A01")))
    assert codes(antwoord)["P1"][0] == "9339"


def test_tr338_assignment_of_another_client(o: Opstelling) -> None:
    from wmoketen.berichten.tests.factories import BSN_2

    antwoord = stuur(wmo323_bericht(prestatie("P1"), bsn=BSN_2))
    assert codes(antwoord) == {"P1": ("9338",)}


def test_tr307_before_the_start(o: Opstelling) -> None:
    Toewijzing.objects.filter(pk=o.toewijzing.pk).update(ingangsdatum=date(2025, 3, 10))
    antwoord = stuur(wmo323_bericht(prestatie("P1")))
    assert codes(antwoord) == {"P1": ("9307",)}


def test_tr387_accepts_a_later_start_in_the_month(o: Opstelling) -> None:
    Toewijzing.objects.filter(pk=o.toewijzing.pk).update(ingangsdatum=date(2025, 3, 10))
    antwoord = stuur(wmo323_bericht(prestatie("P1", begin=date(2025, 3, 10), volume=12)))
    assert codes(antwoord) == {}
    antwoord = stuur(wmo323_bericht(prestatie("P2", maand=(2025, 4), begin=date(2025, 4, 10)), periode=(2025, 4)))
    assert codes(antwoord) == {"P2": ("9387",)}


def test_tr384_deleted_assignment(o: Opstelling) -> None:
    Toewijzing.objects.filter(pk=o.toewijzing.pk).update(reden_wijziging="13", einddatum=date(2025, 3, 1))
    antwoord = stuur(wmo323_bericht(prestatie("P1", eind=date(2025, 3, 1))))
    assert codes(antwoord) == {"P1": ("9384",)}


def test_tr319_productperiode_after_the_declaratieperiode_is_refused_in_the_message(o: Opstelling) -> None:
    # TR319 is part of the official level-2 validation: the whole message is refused with 0001
    antwoord = stuur(wmo323_bericht(prestatie("P1", maand=(2025, 4)), periode=(2025, 3)))
    assert antwoord.header.retour_codes == ("0001",)
    assert antwoord.declaratie_antwoord is None


def test_tr314_reference_twice_in_one_message_and_across_messages(o: Opstelling) -> None:
    # the same line twice for one client is refused in the message itself (TR101, TR416: 0001)
    antwoord = stuur(wmo323_bericht(prestatie("P1", volume=2), prestatie("P1", volume=3)))
    assert antwoord.header.retour_codes == ("0001",)
    # the same ReferentieNummer on a debet and on a credit: the later one gets 8021
    antwoord = stuur(wmo323_bericht(prestatie("P1", volume=2), prestatie("P1", volume=3, credit_van="PX")))
    assert codes(antwoord)["P1"][0] == "8021"
    antwoord = stuur(wmo323_bericht(prestatie("P1", maand=(2025, 4)), periode=(2025, 4)))
    assert codes(antwoord) == {"P1": ("8021",)}


def test_tr333_duplicate_declaratienummer_rejects_the_whole_declaration(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1"), nummer="DEC1"))
    antwoord = stuur(wmo323_bericht(prestatie("P2", maand=(2025, 4)), nummer="DEC1", periode=(2025, 4)))
    da = antwoord.declaratie_antwoord
    assert da is not None
    assert da.retour_codes == ("9333",)
    assert da.totaal_toegekend_bedrag.totaal_bedrag == 0
    assert da.clienten == ()
    tweede = Declaratie.objects.get(status=DeclaratieStatus.AFGEWEZEN)
    assert tweede.prestaties.get().status == PrestatieStatus.AFGEWEZEN


def test_tr318_period_before_the_last_one(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", maand=(2025, 4)), periode=(2025, 4)))
    antwoord = stuur(wmo323_bericht(prestatie("P2"), periode=(2025, 3)))
    assert antwoord.declaratie_antwoord is not None
    assert antwoord.declaratie_antwoord.retour_codes == ("8214",)
    # a gap (no care in May) is allowed
    antwoord = stuur(wmo323_bericht(prestatie("P3", maand=(2025, 6)), periode=(2025, 6)))
    assert antwoord.declaratie_antwoord is not None
    assert antwoord.declaratie_antwoord.retour_codes == ("8001",)


def test_tr321_per_week_iso_weeks_and_category_01_six_times(o: Opstelling) -> None:
    k = o.keten
    hh = product(k.pxq.perceel, "01A01", "01", "pxq", "04", "2", tarief=3000)
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=hh, ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31), volume=3,
    )  # fmt: skip
    # April 2025 has 5 ISO weeks: begeleiding 4 h/week -> 20 h max; huishoudelijke hulp 3 h/week -> 6 x 3 = 18
    antwoord = stuur(
        wmo323_bericht(
            prestatie("P1", maand=(2025, 4), volume=21),
            prestatie("P2", maand=(2025, 4), volume=18, nummer=t.toewijzing_nummer, categorie="01", code="01A01",
                      tarief=3000),
            periode=(2025, 4),
        )
    )  # fmt: skip
    assert codes(antwoord) == {"P1": ("9321",)}


def test_tr322_cumulative_over_the_assignment(o: Opstelling) -> None:
    k = o.keten
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31), volume=10,
    )  # fmt: skip
    eerste = prestatie("P1", nummer=t.toewijzing_nummer, code="02A02", volume=6)
    assert codes(stuur(wmo323_bericht(eerste))) == {}
    tweede = prestatie("P2", nummer=t.toewijzing_nummer, code="02A02", volume=6, maand=(2025, 4))
    assert codes(stuur(wmo323_bericht(tweede, periode=(2025, 4)))) == {"P2": ("9322",)}


def test_tr346_minutes_against_an_hour_tariff_iv081(o: Opstelling) -> None:
    goed = prestatie("P1", eenheid="01", volume=95, tarief=minuuttarief(6050), bedrag=minuten_bedrag(6050, 95))
    assert minuten_bedrag(6050, 95) == 9579
    fout = prestatie("P2", eenheid="01", volume=95, tarief=101, bedrag=95 * 101, maand=(2025, 4))
    assert codes(stuur(wmo323_bericht(goed))) == {}
    assert codes(stuur(wmo323_bericht(fout, periode=(2025, 4)))) == {"P2": ("9346",)}


def test_tr369_budget(o: Opstelling) -> None:
    k = o.keten
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.budget, ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31), budget_cent=100000,
    )  # fmt: skip
    p = prestatie("P1", nummer=t.toewijzing_nummer, categorie="06", code="06A01", tarief=6000, volume=20)
    assert codes(stuur(wmo323_bericht(p))) == {"P1": ("9369",)}


def test_credits_tr323_tr390_tr389_and_a_guided_correction(o: Opstelling) -> None:
    assert codes(stuur(wmo323_bericht(prestatie("P1", volume=10)))) == {}
    assert heeft_goedgekeurde_declaraties(o.toewijzing)
    # TR389: a second debet for the same period without a credit
    assert codes(stuur(wmo323_bericht(prestatie("P2", volume=8), periode=(2025, 4)))) == {"P2": ("9389",)}
    # TR323: a credit for an unknown debet
    onbekend = prestatie("C0", volume=10, credit_van="PX")
    assert codes(stuur(wmo323_bericht(onbekend, periode=(2025, 5)))) == {"C0": ("8017",)}
    # correction: credit P1 and a new debet for March in one 323
    credit = prestatie("C1", volume=10, credit_van="P1")
    nieuw = prestatie("P3", volume=8)
    antwoord = stuur(wmo323_bericht(credit, nieuw, periode=(2025, 6)))
    assert codes(antwoord) == {}
    assert antwoord.declaratie_antwoord is not None
    assert antwoord.declaratie_antwoord.totaal_toegekend_bedrag.totaal_bedrag == 2 * 6050
    assert antwoord.declaratie_antwoord.totaal_toegekend_bedrag.debet_credit == "C"
    # TR390: crediting P1 again
    assert codes(stuur(wmo323_bericht(prestatie("C2", volume=10, credit_van="P1"), periode=(2025, 7)))) == {
        "C2": ("9390",)
    }
    assert heeft_goedgekeurde_declaraties(o.toewijzing)  # P3 is approved and not credited
    stuur(wmo323_bericht(prestatie("C3", volume=8, credit_van="P3"), periode=(2025, 8)))
    assert not heeft_goedgekeurde_declaraties(o.toewijzing)


def test_header_level_errors_give_a_header_only_325(o: Opstelling) -> None:
    eerste = wmo323_bericht(prestatie("P1"))
    stuur(eerste)
    from dataclasses import replace

    dubbel = replace(wmo323_bericht(prestatie("P2")), header=eerste.header)
    antwoord = stuur(dubbel)
    assert antwoord.header.retour_codes == ("9056",)
    assert antwoord.declaratie_antwoord is None
    assert Declaratie.objects.count() == 1


def test_level_2_error_gives_0001(o: Opstelling) -> None:
    from dataclasses import replace

    from wmoketen.berichten.codec.model.basis import TotaalBedragMetDC

    bericht = wmo323_bericht(prestatie("P1"))
    fout = replace(
        bericht,
        declaratie=replace(
            bericht.declaratie, totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=1, debet_credit="D")
        ),
    )
    antwoord = stuur(fout)
    assert antwoord.header.retour_codes == ("0001",)
    assert antwoord.header.xslt_versie == "1.0.0"
    assert antwoord.declaratie_antwoord is None
    assert not Declaratie.objects.exists()


def test_several_clients_only_rejected_client_listed(o: Opstelling) -> None:
    k = o.keten
    from tests.factories import ClientFactory

    ander = ClientFactory(gemeente=k.gemeente, bsn=f.BSN_3)
    t2 = toewijzing_aanmaken(
        client=ander, aanbieder=k.aanbieder, product=k.pxq, ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31), volume=2,
    )  # fmt: skip
    clienten = (
        wmo323.Client(bsn=f.BSN, prestaties=(prestatie("A1", volume=4),)),
        wmo323.Client(bsn=f.BSN_3, prestaties=(prestatie("B2", volume=40, nummer=t2.toewijzing_nummer),)),
    )  # fmt: skip
    antwoord = stuur(wmo323_bericht(clienten=clienten))
    assert antwoord.declaratie_antwoord is not None
    (client,) = antwoord.declaratie_antwoord.clienten
    assert client.bsn == f.BSN_3
    assert codes(antwoord) == {"B2": ("9321",)}
