"""Liveness, readiness and metrics for the platform, and the request id and JSON log line of every request."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client as HttpClient

from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.celery import app
from wmoketen.core import logcontext
from wmoketen.core.logcontext import JsonFormaat, KenmerkFilter
from wmoketen.declaraties.tests import harnas
from wmoketen.web import gezondheid

pytestmark = pytest.mark.django_db


def test_liveness_answers_for_any_host_over_plain_http_and_sets_no_cookie() -> None:
    antwoord = HttpClient().get("/health/live", HTTP_HOST="10.1.2.3:8000")
    assert (antwoord.status_code, antwoord.content) == (200, b"ok\n")
    assert not antwoord.cookies and antwoord["Cache-Control"] == "no-store"


def test_readiness_says_one_word_and_names_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert HttpClient().get("/health/ready", HTTP_HOST="10.1.2.3").content == b"gereed\n"
    monkeypatch.setattr(gezondheid, "database_bereikbaar", lambda: False)
    antwoord = HttpClient().get("/health/ready")
    assert (antwoord.status_code, antwoord.content) == (503, b"niet gereed\n")


def test_readiness_fails_when_the_broker_cannot_be_reached(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "amqp://guest:guest@127.0.0.1:9//")  # nothing listens there
    antwoord = HttpClient().get("/health/ready")
    assert (antwoord.status_code, antwoord.content) == (503, b"niet gereed\n")


def test_metrics_exist_only_with_a_token_and_need_it(settings: Any) -> None:
    assert HttpClient().get("/metrics").status_code == 404
    settings.WMOKETEN_METRIEK_TOKEN = "een-lang-geheim-token"
    assert HttpClient().get("/metrics").status_code == 401
    assert HttpClient().get("/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 401
    antwoord = HttpClient().get("/metrics", HTTP_AUTHORIZATION="Bearer een-lang-geheim-token")
    assert antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/plain")


def _metriek(settings: Any) -> dict[str, float]:
    settings.WMOKETEN_METRIEK_TOKEN = "t" * 32
    tekst = HttpClient().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {'t' * 32}").content.decode()
    waarden = {}
    for regel in tekst.splitlines():
        if regel and not regel.startswith("#"):
            naam, waarde = regel.rsplit(" ", 1)
            waarden[naam] = float(waarde)
    return waarden


def test_metrics_count_received_messages_and_judged_prestaties(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    harnas.opstelling()
    voor = _metriek(settings)
    bericht = harnas.wmo323_bericht(harnas.prestatie("P1", maand=(2025, 3)), harnas.prestatie("P2", nummer=9999))
    from wmoketen.berichten.codec import build

    with django_capture_on_commit_callbacks(execute=True):
        bericht_ontvangen(data=build(bericht), kanaal=Kanaal.BESTAND, vandaag=harnas.VANDAAG)
    na = _metriek(settings)

    def meer(naam: str) -> float:
        return na.get(naam, 0) - voor.get(naam, 0)

    # the second prestatie names an assignment this provider does not have: rejected (TR338), so the 323 is partly
    # approved
    assert meer('wmoketen_messages_received_total{kind="323",outcome="deels"}') == 1
    assert meer('wmoketen_prestaties_judged_total{outcome="goedgekeurd"}') == 1
    assert meer('wmoketen_prestaties_judged_total{outcome="afgekeurd"}') == 1
    assert na['wmoketen_325_waiting{state="verlopen"}'] == 0
    assert "wmoketen_queue_messages" in na and 'wmoketen_tasks{status="dood"}' in na


def test_every_request_gets_an_id_on_its_log_line_without_query_string(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="wmoketen.verzoek"):
        antwoord = HttpClient().get("/aanmelden/?q=Jansen", HTTP_X_REQUEST_ID="proxy-1234abcd")
        ander = HttpClient().get("/aanmelden/", HTTP_X_REQUEST_ID="<script>")
    assert antwoord["X-Request-ID"] == "proxy-1234abcd"
    assert len(ander["X-Request-ID"]) == 32 and ander["X-Request-ID"] != "<script>"
    regel = next(r for r in caplog.records if getattr(r, "path", "") == "/aanmelden/")
    assert (regel.method, regel.status) == ("GET", 200)  # type: ignore[attr-defined]
    assert "Jansen" not in regel.getMessage() and "q=" not in regel.getMessage()


def test_the_json_line_carries_the_ids_masks_a_bsn_anywhere_and_leaves_the_request_out() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "klaar", (), None)
    record.extra_veld = "cliënt 999999990"
    record.request = "<WSGIRequest: GET '/clienten/?q=Jansen'>"
    with logcontext.verzoek("verzoek-1"), logcontext.taak("taak-1"):
        KenmerkFilter().filter(record)
    regel = json.loads(JsonFormaat().format(record))
    assert (regel["level"], regel["message"], regel["request_id"], regel["task_id"]) == (
        "INFO",
        "klaar",
        "verzoek-1",
        "taak-1",
    )
    assert regel["extra_veld"] == "cliënt *********" and "request" not in regel
