"""Every schedule on functioneel beheer's page with its last run and outcome; the Logboek's checkpoint runs on the
schedule and a broken chain shows as a failed run there, with the record where it breaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory, RegioFactory
from wmoketen.accounts.constants import Rol
from wmoketen.audit.controlepunt import controlepunten_lezen
from wmoketen.audit.tests.test_logboek import schrijf, zonder_bescherming
from wmoketen.beheer.tasks import logboek_controlepunt
from wmoketen.conf.planning import BEAT_SCHEDULE, PLANNING
from wmoketen.taken.models import Taak, TaakStatus

pytestmark = pytest.mark.django_db


def _pagina() -> str:
    beheer = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=RegioFactory())
    antwoord = login_met_tweede_factor(HttpClient(), beheer).get("/taken/")
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_every_scheduled_task_exists_and_the_logboek_checkpoint_is_scheduled() -> None:
    from wmoketen.celery import app

    app.loader.import_default_modules()
    assert BEAT_SCHEDULE["logboek"] == {"task": "beheer.logboek_controlepunt", "schedule": PLANNING["logboek"].schema}
    assert {p.taak for p in PLANNING.values()} <= set(app.tasks)
    html = _pagina()
    for p in PLANNING.values():
        assert p.titel in html and p.wanneer in html
    assert html.count("nog niet gedraaid") == len(PLANNING)


def test_the_checkpoint_run_shows_as_the_schedules_last_outcome() -> None:
    schrijf(3)
    logboek_controlepunt.apply()
    run = Taak.objects.get(naam="beheer.logboek_controlepunt")
    assert run.status == TaakStatus.KLAAR and run.uitkomst.startswith("Controlepunt bij record 3 geschreven")
    assert [p.volgnummer for p in controlepunten_lezen(settings.WMOKETEN_AUDIT_CONTROLEPUNTEN)] == [3]
    html = _pagina()
    assert "Controlepunt van het Logboek" in html and "Klaar</span>: Controlepunt bij record 3 geschreven" in html


def test_a_broken_chain_fails_the_run_visibly_and_is_not_sealed_nor_retried(settings: Any) -> None:
    schrijf(3)
    logboek_controlepunt.apply()
    schrijf(2, start=7)
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_verwerking SET object_id = 'x' WHERE volgnummer = 4")
    logboek_controlepunt.apply()
    mislukt = Taak.objects.filter(naam="beheer.logboek_controlepunt").order_by("-gestart_op").first()
    assert mislukt is not None and (mislukt.status, mislukt.pogingen) == (TaakStatus.DOOD, 1)
    assert "NIET intact bij record 4" in mislukt.fout
    assert len(controlepunten_lezen(settings.WMOKETEN_AUDIT_CONTROLEPUNTEN)) == 1
    html = _pagina()
    assert "Gestopt na herhaalde fouten</span>" in html and "NIET intact bij record 4" in html


def test_at_a_month_start_the_page_shows_totals_and_the_most_urgent_rows(settings: Any, tmp_path: Any) -> None:
    """Hundreds of waiting files and tasks: the totals are right, the tables hold the first 50 (the page stays
    fast while the workers are busy: benchmarks/bench_maandstart.py)."""
    from wmoketen.berichten.codec import build
    from wmoketen.berichten.uitwisseling import transport
    from wmoketen.declaraties.tests import harnas

    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    transport._transport.cache_clear()
    try:
        harnas.opstelling()
        inbox = tmp_path / harnas.GEMEENTE / "in"
        inbox.mkdir(parents=True)
        for i in range(60):
            (inbox / f"wmo323-{i:03d}.xml").write_bytes(build(harnas.wmo323_bericht(harnas.prestatie(f"P{i}"))))
        Taak.objects.bulk_create(
            [Taak(naam="berichten.bestand_ontvangen", titel=f"Bericht {i:03d}", status="wachtend") for i in range(70)]
        )
        html = _pagina()
    finally:
        transport._transport.cache_clear()
    assert "Loopt of wacht (70)</h2>" in html and "De oudste 50 van 70." in html
    assert html.count(">Bericht 0") == 50
    assert "Declaraties die op een 325 wachten (60)</h2>" in html
    assert "De 50 met de vroegste uiterste datum van 60." in html and html.count("in postvak IN</td>") == 50
