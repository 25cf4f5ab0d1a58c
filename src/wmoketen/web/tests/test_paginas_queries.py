"""The number of queries of the most used pages per role is pinned (issue 20 item 4): a page that starts reading
per row (N+1) or adds queries fails here, on the small demo, long before it is slow at 100,000 clients. The pages
are chosen as the benchmark chooses them (tests.paginas: the first 20 kinds of page a role reaches from its start
page); benchmarks/bench_paginas.py times the same pages at scale.

When a page legitimately needs another query, lower or raise its number here in the same commit, with the reason."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings

from tests.auth import login_met_tweede_factor
from tests.paginas import MEEST_GEBRUIKT, paginas_van_rol
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.services import leefgebieden_vastleggen

KLEIN = Path(__file__).resolve().parents[2] / "contracten" / "tests" / "regiobestanden" / "klein.yaml"

pytestmark = pytest.mark.django_db

# role -> kind of page -> the most queries it may take on the demo (measured 3-12-2026; see the module docstring).
# Highest, not yet looked into for N+1: berichten:portaal (76), monitoring:dashboard (56-60), toegang:dossier and
# toegang:stap (47-51), berichten:verzoeken (38-42); docs/prestaties.md
PLAFOND: dict[str, dict[str, int]] = {
    "consulent": {
        "berichten:detail": 22,
        "berichten:lijst": 24,
        "berichten:verzoeken": 42,
        "catalogus:regio": 26,
        "clienten:lijst": 13,
        "clienten:lijst?toon": 20,
        "contracten:overeenkomst": 16,
        "contracten:overeenkomsten": 16,
        "herindicatie:evaluatie": 19,
        "herindicatie:overzicht": 22,
        "regios": 14,
        "sessies": 13,
        "signalen:lijst": 21,
        "toegang:bezwaar": 19,
        "toegang:brieven": 12,
        "toegang:dossier": 51,
        "toegang:melding_nieuw": 15,
        "toegang:werklijst": 19,
        "toegankelijkheid": 12,
        "toewijzingen:lijst": 23,
    },
    "contractmanager": {
        "berichten:lijst": 20,
        "berichten:verzoeken": 38,
        "catalogus:regio": 22,
        "clienten:lijst": 9,
        "clienten:lijst?toon": 16,
        "contracten:overeenkomst": 12,
        "contracten:overeenkomsten": 12,
        "declaraties:lijst": 14,
        "herindicatie:overzicht": 18,
        "monitoring:benchmark?regio,tot,van": 23,
        "monitoring:dashboard": 58,
        "monitoring:rapport?regio,tot,van": 54,
        "regios": 10,
        "sessies": 9,
        "toegang:bezwaar": 15,
        "toegang:brieven": 8,
        "toegang:dossier": 47,
        "toegang:werklijst": 15,
        "toegankelijkheid": 8,
        "toewijzingen:lijst": 19,
    },
    "backoffice": {
        "berichten:lijst": 22,
        "catalogus:regio": 24,
        "clienten:lijst": 11,
        "clienten:lijst?toon": 18,
        "contracten:overeenkomsten": 14,
        "declaraties:betalingen": 17,
        "declaraties:cak": 11,
        "declaraties:detail": 19,
        "declaraties:lijst": 16,
        "declaraties:plafonds": 14,
        "herindicatie:overzicht": 20,
        "monitoring:dashboard": 60,
        "regios": 12,
        "sessies": 11,
        "signalen:lijst": 12,
        "toegang:brieven": 10,
        "toegang:dossier": 49,
        "toegang:werklijst": 17,
        "toegankelijkheid": 10,
        "toewijzingen:lijst": 21,
    },
    "functioneel_beheer": {
        "beheer:taken": 26,
        "berichten:lijst": 22,
        "catalogus:regio": 24,
        "clienten:lijst": 11,
        "clienten:lijst?toon": 18,
        "contracten:overeenkomst": 14,
        "contracten:overeenkomsten": 14,
        "declaraties:lijst": 16,
        "herindicatie:overzicht": 20,
        "migratie:overzicht": 11,
        "monitoring:dashboard": 60,
        "regios": 12,
        "sessies": 11,
        "signalen:lijst": 12,
        "toegang:bezwaar": 17,
        "toegang:brieven": 10,
        "toegang:dossier": 49,
        "toegang:werklijst": 17,
        "toegankelijkheid": 10,
        "toewijzingen:lijst": 21,
    },
    "monitoring": {
        "catalogus:regio": 22,
        "contracten:overeenkomst": 12,
        "contracten:overeenkomsten": 12,
        "monitoring:benchmark?regio,tot,van": 23,
        "monitoring:dashboard": 58,
        "monitoring:dashboard?regio,tot,van": 56,
        "monitoring:rapport?regio,tot,van": 54,
        "regios": 10,
        "sessies": 9,
        "toegankelijkheid": 8,
    },
    "aanbieder": {
        "berichten:detail": 18,
        "berichten:lijst": 20,
        "berichten:portaal": 76,
        "berichten:toewijzing": 15,
        "catalogus:regio": 25,
        "clienten:detail": 24,
        "clienten:lijst": 12,
        "clienten:lijst?toon": 19,
        "contracten:overeenkomst": 15,
        "contracten:overeenkomsten": 15,
        "declaraties:lijst": 17,
        "herindicatie:overzicht": 20,
        "monitoring:rapport": 51,
        "regios": 13,
        "sessies": 12,
        "signalen:lijst": 19,
        "toegang:aanbieder_plan": 22,
        "toegang:aanbieder_plannen": 28,
        "toegankelijkheid": 11,
        "toewijzingen:lijst": 21,
    },
}


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The demo of the small region, loaded once for the module and rolled back after it."""
    map_ = tmp_path_factory.mktemp("paginas")
    regios = map_ / "regios"
    regios.mkdir()
    shutil.copy(KLEIN, regios / "klein.yaml")
    with (
        django_db_blocker.unblock(),
        override_settings(
            WMOKETEN_UITWISSELING_MAP=map_ / "uitwisseling", WMOKETEN_AUDIT_CONTROLEPUNTEN=map_ / "controlepunten.jsonl"
        ),
        transaction.atomic(),
    ):
        leefgebieden_vastleggen()  # seeded by a migration; a transactional test before this module flushed it
        call_command("demo", regions=str(regios), stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def gemeten_voor(rol: str) -> dict[str, int]:
    gebruiker = Gebruiker.objects.filter(rol=rol, is_superuser=False).order_by("username").first()
    assert gebruiker is not None, rol
    http = login_met_tweede_factor(HttpClient(), gebruiker)
    paginas = paginas_van_rol(http)
    assert len(paginas) >= min(8, MEEST_GEBRUIKT), f"{rol}: the crawl got past the start page"
    gemeten: dict[str, int] = {}
    for soort, url in paginas:
        http.get(url)  # once before: what is read once per session is not what this test is about
        with CaptureQueriesContext(connection) as ctx:
            assert http.get(url).status_code == 200, url
        gemeten[soort] = len(ctx)
    return gemeten


@pytest.mark.parametrize("rol", list(Rol.values))
def test_queries_per_pagina_vastgelegd(demo: None, rol: str) -> None:
    gemeten = gemeten_voor(rol)
    plafond = PLAFOND.get(rol, {})
    te_veel = {s: (n, plafond.get(s)) for s, n in gemeten.items() if s not in plafond or n > plafond[s]}
    assert te_veel == {}, f"{rol}: gemeten {gemeten}"
