"""Need to know as a property: for a random user (role, municipalities, provider) and every client of a small
world, every client-detail read path answers 200 exactly when the rule of the issue says the client is in scope
(and the role may use that page), else 404; list pages link only to clients in scope.

The rule is computed from the facts in tests/test_bereik_wereld.py, not from the selectors under test."""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from tests.test_bereik_wereld import Dossierclient, Wereld, wereld_bouwen
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker

pytestmark = pytest.mark.django_db

DOSSIER = {Rol.CONSULENT, Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER}  # toegang dossier pages
DECLARATIE = {Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER}  # back office of declarations


@pytest.fixture(scope="module")
def wereld(django_db_setup: None, django_db_blocker: object) -> object:
    """Built once per module inside a transaction that is rolled back at the end."""
    from django.db import transaction

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from wmoketen.catalogus.services import leefgebieden_vastleggen

            leefgebieden_vastleggen()
            yield wereld_bouwen()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _partijen(w: Wereld, g: Gebruiker) -> set[str]:
    if g.rol == Rol.AANBIEDER:
        return {g.aanbieder.agb_code} if g.aanbieder else set()
    if g.rol == Rol.MONITORING:
        return set()
    return set(g.gemeenten.values_list("cbs_code", flat=True))


def verwachting(w: Wereld, g: Gebruiker, dc: Dossierclient) -> dict[str, int]:
    """url -> expected status for one user and one client."""
    ziet = w.ziet_client(g, dc)
    gemeente_ziet = ziet and g.rol != Rol.AANBIEDER
    uit: dict[str, bool] = {reverse("clienten:detail", args=[dc.client.pk]): ziet}
    if dc.melding:
        uit[reverse("toegang:dossier", args=[dc.melding.pk])] = gemeente_ziet and g.rol in DOSSIER
    if dc.beschikking:
        uit[reverse("toegang:beschikking_pdf", args=[dc.beschikking.pk])] = gemeente_ziet and g.rol in DOSSIER
    if dc.plan:
        plan_ziet = w.ziet_plan(g, dc)
        uit[reverse("toegang:plan_pdf", args=[dc.plan.pk])] = plan_ziet and (g.rol == Rol.AANBIEDER or g.rol in DOSSIER)
        uit[reverse("toegang:aanbieder_plan", args=[dc.plan.pk])] = plan_ziet and g.rol == Rol.AANBIEDER
    for b in dc.berichten:
        uit[reverse("berichten:detail", args=[b.pk])] = b.partij in _partijen(w, g)
    if dc.declaratie:
        uit[reverse("declaraties:detail", args=[dc.declaratie.pk])] = ziet and (
            g.rol == Rol.AANBIEDER or g.rol in DECLARATIE
        )
    if dc.evaluatie:
        uit[reverse("herindicatie:evaluatie", args=[dc.evaluatie.pk])] = ziet and (
            g.rol in DOSSIER or (g.rol == Rol.AANBIEDER and dc.evaluatie.toewijzing.aanbieder_id == g.aanbieder_id)
        )
    if dc.verzoek:
        uit[reverse("berichten:verzoek", args=[dc.verzoek.pk])] = gemeente_ziet and g.rol in DOSSIER
    if dc.toewijzing:
        uit[reverse("berichten:toewijzing", args=[dc.toewijzing.pk])] = (
            g.rol == Rol.AANBIEDER and dc.toewijzing.aanbieder_id == g.aanbieder_id
        )
    return {url: 200 if mag else 404 for url, mag in uit.items()}


@st.composite
def gebruikers(draw: st.DrawFn) -> dict[str, object]:
    rol = draw(st.sampled_from(list(Rol)))
    if rol == Rol.AANBIEDER:
        return {"rol": rol, "aanbieder": draw(st.sampled_from(["a", "b"])), "gemeenten": []}
    return {"rol": rol, "aanbieder": None, "gemeenten": draw(st.sets(st.sampled_from(["weert", "leudal"])))}


def _maak(w: Wereld, spec: dict[str, object]) -> Gebruiker:
    aanbieder = {"a": w.a, "b": w.b}.get(spec["aanbieder"])  # type: ignore[arg-type]
    gemeenten = [{"weert": w.weert, "leudal": w.leudal}[g] for g in spec["gemeenten"]]  # type: ignore[attr-defined]
    return GebruikerFactory(rol=spec["rol"], aanbieder=aanbieder, regio=w.t.regio, gemeenten=gemeenten)


def _http(g: Gebruiker) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), g)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=gebruikers(), index=st.integers(min_value=0, max_value=5))
def test_detail_pages_answer_200_exactly_in_scope(wereld: Wereld, spec: dict[str, object], index: int) -> None:
    g = _maak(wereld, spec)
    dc = wereld.clienten[index]
    http = _http(g)
    verwacht = verwachting(wereld, g, dc)
    gekregen = {url: http.get(url).status_code for url in verwacht}
    assert gekregen == verwacht


LINK = {
    "/toegang/": re.compile(r'href="/toegang/dossier/(\d+)/"'),
    "/berichten/": re.compile(r'href="/berichten/(\d+)/"'),
    "/declaraties/": re.compile(r'href="/declaraties/(\d+)/"'),
}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=gebruikers())
def test_list_pages_link_only_to_clients_in_scope(wereld: Wereld, spec: dict[str, object]) -> None:
    g = _maak(wereld, spec)
    http = _http(g)
    toegestaan: dict[str, set[int]] = {k: set() for k in LINK}
    for dc in wereld.clienten:
        for url, status in verwachting(wereld, g, dc).items():
            if status == 200:
                for lijst, patroon in LINK.items():
                    m = patroon.search(f'href="{url}"')
                    if m:
                        toegestaan[lijst].add(int(m.group(1)))
    for lijst, patroon in LINK.items():
        antwoord = http.get(lijst)
        if antwoord.status_code != 200:
            continue
        gelinkt = {int(i) for i in patroon.findall(antwoord.content.decode())}
        assert gelinkt - toegestaan[lijst] == set(), (lijst, spec)
    # the client search by BSN finds exactly the clients in scope (complete, not just safe)
    gevonden = {
        dc.client.pk
        for dc in wereld.clienten
        if f'href="/clienten/{dc.client.pk}/"' in http.post("/clienten/", {"q": dc.client.bsn}).content.decode()
    }
    assert gevonden == {dc.client.pk for dc in wereld.clienten if wereld.ziet_client(g, dc)}
