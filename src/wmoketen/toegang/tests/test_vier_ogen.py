"""Four eyes on a beschikking: at or above the region's amount (estimated yearly cost) a beschikking is only a
proposal until a second consultant approves it; the proposer can never approve; both actors are recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient

from tests.factories import GebruikerFactory
from tests.factories_toegang import TOEGANG, Testregio, melding, toegangsregio, tot_aanvraag
from wmoketen.accounts.constants import Rol
from wmoketen.toegang import services
from wmoketen.toegang.instellingen import InstellingenFout, instellingen_lezen
from wmoketen.toegang.models import Beschikking, Beschikkingsvoorstel, Melding
from wmoketen.toegang.vierogen import jaarbedrag_cent
from wmoketen.toewijzingen.models import Toewijzing

pytestmark = pytest.mark.django_db
JAARBEDRAG = 3 * 6500 * 52  # BGI1, normenkader "basis": 3 hours a week at EUR 65,00


@pytest.fixture
def t() -> Testregio:
    t = toegangsregio()
    t.regio.instellingen = {"toegang": {**TOEGANG, "vier_ogen_vanaf_cent": 500_000}}  # EUR 5.000 a year
    t.regio.save()
    return t


@pytest.fixture
def tweede(t: Testregio):  # type: ignore[no-untyped-def]
    return GebruikerFactory(username="tweede", rol=Rol.CONSULENT, regio=t.regio, gemeenten=[t.gemeente])


def _aanvraag(t: Testregio) -> Melding:
    m = melding(t)
    tot_aanvraag(t, m)
    return m


def _voorstel(t: Testregio, m: Melding) -> Beschikkingsvoorstel:
    v = services.beschikking_voorstellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
    )
    assert isinstance(v, Beschikkingsvoorstel)
    return v


def test_yearly_cost_from_plan_products_and_tariff(t: Testregio) -> None:
    m = _aanvraag(t)
    assert jaarbedrag_cent(m.plannen.get(), op=date(2024, 7, 1)) == JAARBEDRAG == 1_014_000


def test_above_the_amount_a_proposal_has_no_effect_until_approved(t: Testregio, tweede) -> None:  # type: ignore[no-untyped-def]
    m = _aanvraag(t)
    v = _voorstel(t, m)
    assert (v.jaarbedrag_cent, v.voorgesteld_door) == (JAARBEDRAG, t.consulent)
    assert Beschikking.objects.count() == 0
    assert Toewijzing.objects.count() == 0

    b = services.beschikking_goedkeuren(door=tweede, voorstel=v)
    assert (b.vastgesteld_door, b.goedgekeurd_door, b.vier_ogen, b.jaarbedrag_cent) == (
        t.consulent,
        tweede,
        True,
        JAARBEDRAG,
    )
    assert b.goedgekeurd_op is not None
    assert (b.besluitdatum, b.ingangsdatum) == (date(2024, 6, 24), date(2024, 7, 1))
    assert Toewijzing.objects.filter(client=m.client).count() == 1
    assert Beschikkingsvoorstel.objects.count() == 0
    assert m.stappen.filter(soort="beschikking").get().door == tweede


def test_the_proposer_can_never_approve_and_nothing_changes(t: Testregio) -> None:
    m = _aanvraag(t)
    v = _voorstel(t, m)
    with pytest.raises(services.ToegangFout, match="eigen voorstel"):
        services.beschikking_goedkeuren(door=t.consulent, voorstel=v)
    assert Beschikkingsvoorstel.objects.filter(pk=v.pk).count() == 1
    assert (Beschikking.objects.count(), Toewijzing.objects.count()) == (0, 0)


def test_only_a_consultant_of_the_clients_municipality_approves(t: Testregio) -> None:
    m = _aanvraag(t)
    v = _voorstel(t, m)
    elders = GebruikerFactory(rol=Rol.CONSULENT, regio=t.regio, gemeenten=[])
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[t.gemeente])
    with pytest.raises(services.ToegangFout, match="niet in een van uw gemeenten"):
        services.beschikking_goedkeuren(door=elders, voorstel=v)
    with pytest.raises(services.ToegangFout, match="Alleen een consulent"):
        services.beschikking_goedkeuren(door=backoffice, voorstel=v)
    assert Beschikking.objects.count() == 0


def test_the_direct_service_refuses_above_the_amount(t: Testregio) -> None:
    m = _aanvraag(t)
    with pytest.raises(services.VierOgenNodig, match="tweede consulent"):
        services.beschikking_vaststellen(
            door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
        )
    assert (Beschikking.objects.count(), Toewijzing.objects.count()) == (0, 0)


def test_below_the_amount_the_beschikking_takes_effect_at_once() -> None:
    t = toegangsregio()  # no region amount: the global default EUR 25.000 a year
    m = _aanvraag(t)
    b = services.beschikking_voorstellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=date(2024, 7, 1)
    )
    assert isinstance(b, Beschikking)
    assert (b.vier_ogen, b.goedgekeurd_door, b.jaarbedrag_cent) == (False, None, JAARBEDRAG)


def test_database_refuses_self_approval_and_missing_approval(t: Testregio, tweede) -> None:  # type: ignore[no-untyped-def]
    m = _aanvraag(t)
    b = services.beschikking_goedkeuren(door=tweede, voorstel=_voorstel(t, m))
    with pytest.raises(IntegrityError), transaction.atomic():
        Beschikking.objects.filter(pk=b.pk).update(goedgekeurd_door=t.consulent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Beschikking.objects.filter(pk=b.pk).update(goedgekeurd_door=None, goedgekeurd_op=None)
    b.refresh_from_db()
    assert b.goedgekeurd_door == tweede


def test_withdrawing_a_proposal_changes_nothing_else(t: Testregio) -> None:
    m = _aanvraag(t)
    services.voorstel_intrekken(door=t.consulent, voorstel=_voorstel(t, m))
    assert (Beschikkingsvoorstel.objects.count(), Beschikking.objects.count()) == (0, 0)
    assert list(m.stappen.filter(soort="voorstel_ingetrokken").values_list("door__username", flat=True)) == [
        t.consulent.username
    ]


@pytest.mark.parametrize(
    ("waarde", "fout"),
    [(-1, "vier_ogen_vanaf_cent"), ("tienduizend", "vier_ogen_vanaf_cent")],
)
def test_region_setting_is_validated_in_dutch(waarde: object, fout: str) -> None:
    with pytest.raises(InstellingenFout) as exc:
        instellingen_lezen({**TOEGANG, "vier_ogen_vanaf_cent": waarde})
    assert fout in str(exc.value)
    assert instellingen_lezen({**TOEGANG, "vier_ogen_vanaf_cent": 1_000_000}).vier_ogen_vanaf_cent == 1_000_000


def test_pages_propose_then_a_colleague_approves(t: Testregio, tweede) -> None:  # type: ignore[no-untyped-def]
    m = _aanvraag(t)
    eerste = HttpClient()
    eerste.force_login(t.consulent)
    antwoord = eerste.post(
        f"/toegang/dossier/{m.pk}/beschikking/",
        {"besluitdatum": "24-06-2024", "ingangsdatum": "01-07-2024", "toelichting": ""},
        follow=True,
    )
    assert "wacht op goedkeuring door een tweede consulent" in antwoord.content.decode()
    assert "Beschikking goedkeuren (tweede consulent, vier ogen)" in antwoord.content.decode()
    assert Beschikking.objects.count() == 0

    eigen = eerste.post(f"/toegang/dossier/{m.pk}/goedkeuren/", {"bevestigd": "on"})
    assert eigen.status_code == 200
    assert "U kunt uw eigen voorstel niet goedkeuren" in eigen.content.decode()
    assert Beschikking.objects.count() == 0

    collega = HttpClient()
    collega.force_login(tweede)
    leeg = collega.post(f"/toegang/dossier/{m.pk}/goedkeuren/", {})
    assert "Bevestig dat u het voorstel hebt beoordeeld." in leeg.content.decode()
    klaar = collega.post(f"/toegang/dossier/{m.pk}/goedkeuren/", {"bevestigd": "on"}, follow=True)
    assert "Beschikking goedgekeurd en vastgesteld; 1 toewijzing(en) aangemaakt." in klaar.content.decode()
    b = Beschikking.objects.get()
    assert (b.vastgesteld_door, b.goedgekeurd_door) == (t.consulent, tweede)
