"""Services: each step with who and when, signed documents immutable, the rules enforced, the beschikking
creating the assignments (through the event handler in toewijzingen)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import ToewijzingFactory
from tests.factories_toegang import (
    MELDDATUM,
    SCORES_2_BASIS,
    beschikt,
    client_in,
    deel2,
    melding,
    plan_opstellen,
    toegangsregio,
    tot_aanvraag,
    tot_bij_aanbieder,
)
from wmoketen.catalogus.models import Profiel
from wmoketen.core.bsn import test_bsns
from wmoketen.core.fouten import Domeinfout
from wmoketen.toegang import services
from wmoketen.toegang.constants import Fase, StapSoort, TermijnCode
from wmoketen.toegang.models import Beschikking, Deel2, Melding, Ondersteuningsplan, Onderzoeksverslag
from wmoketen.toegang.services import OndertekendFout, ToegangFout
from wmoketen.toewijzingen.models import Toewijzing

pytestmark = pytest.mark.django_db


def test_melding_records_who_and_when_and_the_first_deadline() -> None:
    t = toegangsregio()
    m = melding(t)
    m.refresh_from_db()
    assert (m.fase, m.volgende_termijn, m.volgende_uiterlijk) == (
        Fase.MELDING,
        TermijnCode.HUISBEZOEK,
        date(2024, 6, 10),
    )
    assert m.regio == t.regio and m.geregistreerd_door == t.consulent
    assert [(s.soort, s.datum, s.door) for s in m.stappen.all()] == [
        (StapSoort.MELDING, MELDDATUM, t.consulent),
        (StapSoort.BRIEF, date.today(), t.consulent),  # the receipt of the melding
    ]
    assert [b.soort for b in m.brieven.all()] == ["ontvangst_melding"]


def test_melding_for_a_client_outside_my_municipalities_is_refused() -> None:
    t = toegangsregio()
    elders = toegangsregio(cbs_code="0957", naam="Roermond")
    with pytest.raises(ToegangFout, match="niet in een van uw gemeenten"):
        melding(t, client=client_in(elders))
    assert Melding.objects.count() == 0


def test_client_registration_checks_the_bsn_with_the_11_proef() -> None:
    t = toegangsregio()
    with pytest.raises(ToegangFout, match="elfproef"):
        services.client_vastleggen(
            door=t.consulent, bsn="123456789", geboortedatum=date(1950, 1, 1), achternaam="Test", gemeente=t.gemeente
        )
    bsn = test_bsns(1, start=999_970_000)[0]
    client = services.client_vastleggen(
        door=t.consulent,
        bsn=f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}",
        geboortedatum=date(1950, 1, 1),
        achternaam="Test",
        gemeente=t.gemeente,
        postcode="6001 ab",
    )
    assert (client.bsn, client.postcode) == (bsn, "6001AB")


def test_each_step_moves_the_phase_and_the_next_deadline() -> None:
    t = toegangsregio()
    m = melding(t)
    services.huisbezoek_plannen(
        door=t.consulent, melding=m, afspraak_op=date(2024, 6, 4), huisbezoek_datum=date(2024, 6, 6)
    )
    m.refresh_from_db()
    assert (m.fase, m.volgende_termijn, m.volgende_uiterlijk) == (
        Fase.ONDERZOEK,
        TermijnCode.ONDERZOEK,
        date(2024, 7, 15),
    )
    m2 = melding(t)
    plan = tot_bij_aanbieder(t, m2)
    m2.refresh_from_db()
    assert plan.verzonden_op == date(2024, 6, 10)
    assert (m2.fase, m2.volgende_termijn, m2.volgende_uiterlijk) == (
        Fase.BIJ_AANBIEDER,
        TermijnCode.DEEL2,
        date(2024, 6, 24),
    )
    deel2(t, plan)
    m2.refresh_from_db()
    assert (m2.fase, m2.volgende_termijn, m2.volgende_uiterlijk) == (
        Fase.AKKOORD,
        TermijnCode.AKKOORD,
        date(2024, 7, 15),
    )
    services.akkoord_geven(door=t.consulent, melding=m2, verslag_ondertekend_op=date(2024, 6, 20))
    m2.refresh_from_db()
    assert (m2.fase, m2.aanvraag_op, m2.volgende_termijn, m2.volgende_uiterlijk) == (
        Fase.AANVRAAG,
        date(2024, 6, 20),
        TermijnCode.BESCHIKKING,
        date(2024, 7, 4),
    )


def test_plan_stores_the_assessment_outcome_and_the_normenkader_volume() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = plan_opstellen(t, m)
    assert (plan.uitkomst_punten, plan.uitkomst_categorie, plan.uitkomst_intensiteit) == (11, "2", "basis")
    assert (plan.oordeel_categorie, plan.oordeel_intensiteit, plan.wijkt_af) == ("2", "basis", False)
    assert [(p.product.productcode, p.volume) for p in plan.producten.all()] == [("BGI1", 3)]


def test_a_product_whose_profile_contradicts_the_judgement_needs_a_motivation() -> None:
    t = toegangsregio()
    m = melding(t)
    intensief = Profiel.objects.create(
        regio=t.regio, code="2-intensief", naam="2 intensief", categorie="2", intensiteit="intensief"
    )
    t.bgi1.profiel = intensief
    t.bgi1.save()
    with pytest.raises(ToegangFout) as fout:
        plan_opstellen(t, m)
    assert fout.value.fouten == [
        "Het profiel van BGI1 (categorie 2, intensief) past niet bij het oordeel (categorie 2, basis); "
        "motiveer de keuze voor dit product."
    ]
    assert Ondersteuningsplan.objects.count() == 0
    plan = plan_opstellen(t, m, motivatie_product="Tijdelijk meer nodig na ziekenhuisopname.")
    assert plan.motivatie_product == "Tijdelijk meer nodig na ziekenhuisopname."
    t.bgi1.profiel = Profiel.objects.create(
        regio=t.regio, code="2-basis", naam="2 basis", categorie="2", intensiteit="basis"
    )
    t.bgi1.save()
    assert plan_opstellen(t, melding(t, client=client_in(t)), motivatie_product="").motivatie_product == ""


def test_override_without_motivation_is_refused_and_nothing_is_stored() -> None:
    t = toegangsregio()
    m = melding(t)
    with pytest.raises(ToegangFout) as fout:
        plan_opstellen(t, m, oordeel_categorie="2", oordeel_intensiteit="intensief")
    assert fout.value.fouten == [
        "Uw oordeel wijkt af van de uitkomst van het beoordelingsinstrument (categorie 2, basis); "
        "motiveer de afwijking."
    ]
    assert Ondersteuningsplan.objects.count() == 0
    plan = plan_opstellen(
        t, m, oordeel_categorie="2", oordeel_intensiteit="intensief", motivatie_afwijking="Mantelzorger valt weg."
    )
    assert plan.wijkt_af is True
    assert [(p.product.productcode, p.volume) for p in plan.producten.all()] == [("BGI1", 6)]


def test_term_limits_are_enforced_in_the_service() -> None:
    t = toegangsregio()
    m = melding(t)
    with pytest.raises(ToegangFout) as fout:
        plan_opstellen(t, m, termijn_maanden=36, perspectief="achteruitgang")
    assert fout.value.fouten == [
        "Als groei, ontwikkeling of achteruitgang wordt verwacht, is de indicatietermijn hoogstens 24 maanden (2 jaar)."
    ]
    with pytest.raises(ToegangFout):
        plan_opstellen(t, m, termijn_maanden=72, perspectief="stabiel")
    assert Ondersteuningsplan.objects.count() == 0
    assert plan_opstellen(t, m, termijn_maanden=60, perspectief="stabiel").termijn_maanden == 60


def test_segment_limit_is_enforced() -> None:
    t = toegangsregio()
    t.segment.max_indicatie_maanden = 6
    t.segment.save()
    m = melding(t)
    with pytest.raises(ToegangFout) as fout:
        plan_opstellen(t, m, termijn_maanden=12)
    assert fout.value.fouten == ["In segment WMO Begeleiding is de indicatietermijn hoogstens 6 maanden."]


def test_plan_with_two_lots_is_refused_where_the_region_has_the_one_lot_rule() -> None:
    t = toegangsregio()
    m = melding(t)
    with pytest.raises(ToegangFout, match="maar in één perceel tegelijk"):
        plan_opstellen(t, m, producten=[services.PlanRegel(t.bgi1), services.PlanRegel(t.bgi2)])
    plan = plan_opstellen(
        t, m, producten=[services.PlanRegel(t.bgi1), services.PlanRegel(t.kdv)], kortdurend_verblijf_etmalen=3
    )
    assert [(p.product.productcode, p.volume) for p in plan.producten.all()] == [("BGI1", 3), ("KDV", 3)]


def test_provider_must_be_contracted_for_the_product() -> None:
    t = toegangsregio()
    t.aanbieder.overeenkomsten.first().percelen.set([t.perceel2])
    m = melding(t)
    with pytest.raises(ToegangFout, match="niet gecontracteerd voor BGI1"):
        plan_opstellen(t, m)


def test_consent_is_required_before_the_plan_goes_to_the_provider() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = plan_opstellen(t, m)
    with pytest.raises(ToegangFout, match="toestemming"):
        services.plan_ondertekenen_en_versturen(
            door=t.consulent,
            plan=plan,
            ondertekend_client_op=date(2024, 6, 10),
            ondertekend_gemeente_op=date(2024, 6, 10),
            toestemming_aanbieder=False,
            verzonden_op=date(2024, 6, 10),
        )
    plan.refresh_from_db()
    assert (plan.verzonden_op, plan.ondertekend_client_op) == (None, None)


# ---------------------------------------------------------------------------------- signed documents are fixed


def test_signed_plan_cannot_be_changed_only_superseded() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    with pytest.raises(OndertekendFout):
        plan_opstellen(t, m, termijn_maanden=6)
    plan.refresh_from_db()
    assert (plan.termijn_maanden, plan.versie) == (12, 1)
    assert Ondersteuningsplan.objects.count() == 1
    with pytest.raises(OndertekendFout):
        services.plan_ondertekenen_en_versturen(
            door=t.consulent,
            plan=plan,
            ondertekend_client_op=date(2024, 6, 11),
            ondertekend_gemeente_op=date(2024, 6, 11),
            toestemming_aanbieder=True,
            verzonden_op=date(2024, 6, 11),
        )
    plan.refresh_from_db()
    assert plan.verzonden_op == date(2024, 6, 10)

    nieuw = plan_opstellen(t, m, termijn_maanden=6, vervangen=True)
    assert (nieuw.versie, nieuw.vervangt, nieuw.verzonden_op) == (2, plan, None)
    plan.refresh_from_db()
    assert (plan.termijn_maanden, plan.vervangen_door) == (12, nieuw)
    m.refresh_from_db()
    assert m.fase == Fase.ONDERZOEK
    assert m.stappen.filter(soort=StapSoort.VERVANGEN).count() == 1


def test_signed_onderzoeksverslag_cannot_be_changed_only_superseded() -> None:
    t = toegangsregio()
    m = melding(t)
    tot_aanvraag(t, m)
    verslag = Onderzoeksverslag.objects.get()
    assert verslag.ondertekend_op == date(2024, 6, 20)
    with pytest.raises(OndertekendFout):
        services.onderzoeksverslag_vastleggen(
            door=t.consulent, melding=m, gespreksdatum=date(2024, 6, 6), bevindingen="Gewijzigd"
        )
    verslag.refresh_from_db()
    assert verslag.bevindingen == "Cliënt verliest overzicht over post en geld."
    nieuw = services.onderzoeksverslag_vastleggen(
        door=t.consulent, melding=m, gespreksdatum=date(2024, 6, 6), bevindingen="Aangevuld", vervangen=True
    )
    assert (nieuw.versie, nieuw.vervangt, nieuw.ondertekend_op) == (2, verslag, None)
    m.refresh_from_db()
    assert m.aanvraag_op is None and m.fase == Fase.AKKOORD


def test_unsigned_verslag_is_updated_in_place() -> None:
    t = toegangsregio()
    m = melding(t)
    services.onderzoeksverslag_vastleggen(door=t.consulent, melding=m, gespreksdatum=date(2024, 6, 6), bevindingen="a")
    services.onderzoeksverslag_vastleggen(door=t.consulent, melding=m, gespreksdatum=date(2024, 6, 7), bevindingen="b")
    assert list(Onderzoeksverslag.objects.values_list("versie", "bevindingen")) == [(1, "b")]


def test_deel2_resubmitted_supersedes_and_is_refused_after_akkoord() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    eerste = deel2(t, plan)
    tweede = deel2(t, plan)
    assert (tweede.versie, tweede.vervangt) == (2, eerste)
    services.akkoord_geven(door=t.consulent, melding=m, verslag_ondertekend_op=date(2024, 6, 20))
    with pytest.raises(ToegangFout, match="al akkoord"):
        deel2(t, plan)
    assert Deel2.objects.count() == 2


def test_beschikking_is_final() -> None:
    t = toegangsregio()
    m = melding(t)
    beschikt(t, m)
    with pytest.raises(ToegangFout, match="al beschikt"):
        services.beschikking_vaststellen(
            door=t.consulent, melding=m, besluitdatum=date(2024, 6, 25), ingangsdatum=date(2024, 7, 1)
        )
    with pytest.raises(ToegangFout, match="al beschikt"):
        plan_opstellen(t, m, vervangen=True)
    assert Beschikking.objects.count() == 1 and Ondersteuningsplan.objects.count() == 1


# ---------------------------------------------------------------------------------------- provider isolation


def test_only_the_chosen_provider_submits_deel2() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    with pytest.raises(ToegangFout, match="Alleen de gekozen aanbieder"):
        services.deel2_indienen(
            door=t.andere_aanbieder_gebruiker,
            plan=plan,
            resultaten=[services.ResultaatInvoer("R-FIN", "x", "y")],
            ondertekend_client_op=date(2024, 6, 18),
            ondertekend_aanbieder_op=date(2024, 6, 18),
        )
    assert Deel2.objects.count() == 0


def test_deel2_result_codes_come_from_the_region_matrix() -> None:
    t = toegangsregio()
    m = melding(t)
    plan = tot_bij_aanbieder(t, m)
    with pytest.raises(ToegangFout, match="Resultaatcode X-1 staat niet in de resultatenmatrix"):
        services.deel2_indienen(
            door=t.aanbieder_gebruiker,
            plan=plan,
            resultaten=[services.ResultaatInvoer("X-1", "a", "b")],
            ondertekend_client_op=date(2024, 6, 18),
            ondertekend_aanbieder_op=date(2024, 6, 18),
        )
    d = deel2(t, plan)
    assert [(r.resultaat_code, r.leefgebied.code, r.resultaat) for r in d.resultaten.all()] == [
        ("R-FIN", "financien", "Financiën op orde")
    ]


# ------------------------------------------------------------------------------------ beschikking -> toewijzing


def test_beschikking_creates_the_assignment_from_the_catalogue() -> None:
    t = toegangsregio()
    m = melding(t)
    b = beschikt(t, m)
    assert (b.ingangsdatum, b.einddatum) == (date(2024, 7, 1), date(2025, 6, 30))
    (toewijzing,) = Toewijzing.objects.all()
    assert (
        toewijzing.client_id,
        toewijzing.aanbieder,
        toewijzing.product,
        toewijzing.ingangsdatum,
        toewijzing.einddatum,
        toewijzing.volume,
        toewijzing.eenheid,
        toewijzing.frequentie,
        toewijzing.budget_cent,
        toewijzing.beschikking,
    ) == (m.client_id, t.aanbieder, t.bgi1, date(2024, 7, 1), date(2025, 6, 30), 3, "04", "2", None, b)
    assert toewijzing.toewijzing_nummer == 100001
    m.refresh_from_db()
    assert (m.fase, m.volgende_termijn, m.volgende_uiterlijk) == (Fase.BESCHIKT, "", None)


def test_moving_to_another_lot_ends_the_old_assignment_but_not_kdv() -> None:
    t = toegangsregio()
    client = client_in(t)
    oud = ToewijzingFactory(
        client=client,
        aanbieder=t.andere_aanbieder,
        product=t.bgi2,
        ingangsdatum=date(2024, 1, 1),
        toewijzing_nummer=200000,
    )
    kdv = ToewijzingFactory(
        client=client,
        aanbieder=t.andere_aanbieder,
        product=t.kdv,
        ingangsdatum=date(2024, 1, 1),
        toewijzing_nummer=200001,
    )
    m = melding(t, client=client)
    beschikt(t, m, ingangsdatum=date(2024, 7, 1))
    oud.refresh_from_db()
    kdv.refresh_from_db()
    assert (oud.einddatum, oud.reden_wijziging) == (date(2024, 6, 30), "05")
    assert (kdv.einddatum, kdv.reden_wijziging) == (None, "")
    nieuw = Toewijzing.objects.get(beschikking__isnull=False)
    assert (nieuw.toewijzing_nummer, nieuw.product) == (200002, t.bgi1)


def test_without_the_one_lot_rule_the_old_assignment_keeps_running() -> None:
    t = toegangsregio(een_perceel_tegelijk=False)
    client = client_in(t)
    oud = ToewijzingFactory(client=client, aanbieder=t.andere_aanbieder, product=t.bgi2, ingangsdatum=date(2024, 1, 1))
    beschikt(t, melding(t, client=client))
    oud.refresh_from_db()
    assert (oud.einddatum, oud.reden_wijziging) == (None, "")
    assert Toewijzing.objects.count() == 2


def test_a_failing_handler_rolls_the_beschikking_back() -> None:
    t = toegangsregio()
    client = client_in(t)
    # an assignment in another lot starting after the new one cannot be ended: the handler refuses
    ToewijzingFactory(client=client, aanbieder=t.andere_aanbieder, product=t.bgi2, ingangsdatum=date(2024, 9, 1))
    m = melding(t, client=client)
    tot_aanvraag(t, m)
    with pytest.raises(Domeinfout, match="begint op 01-09-2024"):
        services.beschikking_vaststellen(
            door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
        )
    assert Beschikking.objects.count() == 0
    assert Toewijzing.objects.count() == 1
    m.refresh_from_db()
    assert m.fase == Fase.AANVRAAG


def test_scores_default_mapping_used_when_region_has_no_section() -> None:
    t = toegangsregio()
    t.regio.instellingen = {}
    t.regio.save()
    m = melding(t)
    plan = plan_opstellen(t, m, scores={**SCORES_2_BASIS, "veiligheid": "E"})
    assert (plan.uitkomst_punten, plan.uitkomst_categorie, plan.uitkomst_intensiteit) == (13, "2", "basis")
