"""A switch of provider and an interruption as facts of the assignment (issue 14 item 5): the services' rules and
refusals, both 301s, the consultant's page, and another region's consultant never reaching it. The settlement of
both providers through the database path: tests/test_scenario_wissel.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as HttpClient

from tests.factories import AanbiederFactory
from tests.factories_toegang import client_in, toegangsregio
from wmoketen.berichten.services import openstaande_301_verzenden
from wmoketen.toegang import klok
from wmoketen.toewijzingen.constants import RedenWijziging
from wmoketen.toewijzingen.models import Onderbreking, Toewijzing
from wmoketen.toewijzingen.services import ToewijzingFout, toewijzing_aanmaken
from wmoketen.toewijzingen.wissel import aanbieder_wisselen, onderbreking_vastleggen, onderbreking_verwijderen

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture(autouse=True)
def vaste_dag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: D(2024, 7, 1))


def ingelogd(gebruiker: object) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return http


@pytest.fixture
def t() -> object:
    return toegangsregio()


def toewijzing(t: object) -> Toewijzing:
    return toewijzing_aanmaken(
        client=client_in(t), aanbieder=t.aanbieder, product=t.bgi1, ingangsdatum=D(2024, 6, 1),
        einddatum=D(2024, 12, 31), volume=4,
    )  # fmt: skip


def test_a_switch_ends_one_assignment_and_starts_the_same_at_the_other_provider_both_in_a_301(t: object) -> None:
    oud = toewijzing(t)
    openstaande_301_verzenden()
    nieuw = aanbieder_wisselen(door=t.consulent, toewijzing=oud, nieuwe_aanbieder=t.andere_aanbieder, per=D(2024, 8, 1))
    oud.refresh_from_db()
    assert (oud.einddatum, oud.reden_wijziging, oud.einde_door_wissel) == (
        D(2024, 7, 31),
        RedenWijziging.ANDERE_AANBIEDER,
        True,
    )
    assert (nieuw.aanbieder, nieuw.product, nieuw.volume, nieuw.ingangsdatum, nieuw.einddatum, nieuw.wissel_van) == (
        t.andere_aanbieder,
        t.bgi1,
        4,
        D(2024, 8, 1),
        D(2024, 12, 31),
        oud,
    )
    assert nieuw.begin_door_wissel and not oud.begin_door_wissel
    assert openstaande_301_verzenden() == (2, [])  # the old provider's changed 301 and the new provider's
    with pytest.raises(ToewijzingFout, match="al een wissel"):
        aanbieder_wisselen(door=t.consulent, toewijzing=oud, nieuwe_aanbieder=t.andere_aanbieder, per=D(2024, 7, 1))


@pytest.mark.parametrize(
    ("per", "andere", "melding"),
    [
        (D(2024, 6, 1), True, "na de ingangsdatum"),
        (D(2025, 1, 1), True, "na de einddatum"),
        (D(2024, 8, 1), False, "andere aanbieder"),
    ],
)
def test_a_switch_is_refused_with_a_dutch_reason(t: object, per: date, andere: bool, melding: str) -> None:
    oud = toewijzing(t)
    with pytest.raises(ToewijzingFout, match=melding):
        aanbieder_wisselen(
            door=t.consulent, toewijzing=oud, nieuwe_aanbieder=t.andere_aanbieder if andere else t.aanbieder, per=per
        )
    oud.refresh_from_db()
    assert (oud.einddatum, oud.einde_door_wissel, Toewijzing.objects.count()) == (D(2024, 12, 31), False, 1)


def test_a_switch_to_a_provider_without_a_contract_or_by_a_consultant_elsewhere_is_refused(t: object) -> None:
    oud = toewijzing(t)
    with pytest.raises(ToewijzingFout, match="niet gecontracteerd"):
        aanbieder_wisselen(door=t.consulent, toewijzing=oud, nieuwe_aanbieder=AanbiederFactory(), per=D(2024, 8, 1))
    elders = toegangsregio(cbs_code="1894", naam="Peel en Maas")
    with pytest.raises(ToewijzingFout, match="niet in een van uw gemeenten"):
        aanbieder_wisselen(
            door=elders.consulent, toewijzing=oud, nieuwe_aanbieder=t.andere_aanbieder, per=D(2024, 8, 1)
        )
    with pytest.raises(ToewijzingFout, match="niet in een van uw gemeenten"):
        onderbreking_vastleggen(
            door=elders.consulent, toewijzing=oud, van=D(2024, 7, 1), tot=D(2024, 7, 5), reden="opname"
        )
    with pytest.raises(ToewijzingFout, match="Alleen een consulent"):
        onderbreking_vastleggen(
            door=t.aanbieder_gebruiker, toewijzing=oud, van=D(2024, 7, 1), tot=D(2024, 7, 5), reden="opname"
        )


def test_an_interruption_lies_within_the_assignment_and_does_not_overlap_another(t: object) -> None:
    oud = toewijzing(t)
    o = onderbreking_vastleggen(
        door=t.consulent, toewijzing=oud, van=D(2024, 7, 1), tot=D(2024, 7, 14), reden="vakantie"
    )
    for van, tot, melding in [
        (D(2024, 5, 20), D(2024, 6, 3), "buiten de looptijd"),
        (D(2024, 12, 20), D(2025, 1, 3), "buiten de looptijd"),
        (D(2024, 7, 10), D(2024, 7, 20), "al een onderbreking van 01-07-2024"),
        (D(2024, 8, 10), D(2024, 8, 1), "eindigt vóór ze begint"),
    ]:
        with pytest.raises(ToewijzingFout, match=melding):
            onderbreking_vastleggen(door=t.consulent, toewijzing=oud, van=van, tot=tot, reden="opname")
    with pytest.raises(ToewijzingFout, match="reden"):
        onderbreking_vastleggen(door=t.consulent, toewijzing=oud, van=D(2024, 9, 1), tot=D(2024, 9, 2), reden="x")
    onderbreking_verwijderen(door=t.consulent, onderbreking=o)
    assert not Onderbreking.objects.exists()


def test_the_consultant_records_both_on_the_assignment_page_another_region_gets_404(t: object) -> None:
    oud = toewijzing(t)
    http = ingelogd(t.consulent)
    url = f"/voorzieningen/{oud.pk}/"
    pagina = http.get(url)
    assert pagina.status_code == 200 and "Wissel van aanbieder" in pagina.content.decode()
    fout = http.post(url, {"actie": "onderbreking", "onderbreking-van": "2024-05-01", "onderbreking-tot": "2024-05-03",
                           "onderbreking-reden": "opname"})  # fmt: skip
    assert fout.status_code == 200 and "buiten de looptijd" in fout.content.decode()
    r = http.post(url, {"actie": "onderbreking", "onderbreking-van": "2024-07-01", "onderbreking-tot": "2024-07-03",
                        "onderbreking-reden": "opname", "onderbreking-toelichting": "Ziekenhuis"})  # fmt: skip
    assert r.status_code == 302
    assert [(o.van, o.tot) for o in oud.onderbrekingen.all()] == [(D(2024, 7, 1), D(2024, 7, 3))]
    r = http.post(
        url, {"actie": "wissel", "wissel-nieuwe_aanbieder": t.andere_aanbieder.pk, "wissel-per": "2024-08-01"}
    )
    nieuw = Toewijzing.objects.get(wissel_van=oud)
    assert r.status_code == 302 and r["Location"] == f"/voorzieningen/{nieuw.pk}/"
    tekst = http.get(r["Location"]).content.decode()
    assert "Begint door een wissel van Roerstreek Begeleiding" in tekst

    elders = toegangsregio(cbs_code="1894", naam="Peel en Maas")
    assert ingelogd(elders.consulent).get(url).status_code == 404
    assert ingelogd(elders.consulent).post(url, {"actie": "onderbreking_verwijderen"}).status_code == 404
    assert ingelogd(t.aanbieder_gebruiker).get(url).status_code == 404
