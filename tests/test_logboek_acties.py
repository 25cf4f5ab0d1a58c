"""Logboek dataverwerkingen per processing action: viewing (client, dossier, lists: one record per client),
changing (a toegang step), exporting (PDF, CSV) and messages sent and received (the exchange). And: a walk over
every page reachable for a consultant and a provider never puts a BSN in a URL or in the application log."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client as HttpClient

from tests.factories import ClientFactory
from tests.test_bereik_wereld import Wereld, wereld_bouwen
from wmoketen.audit.models import Verwerking
from wmoketen.audit.services import client_pseudoniem
from wmoketen.berichten.codec import build
from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.declaraties.tests import harnas

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Wereld:
    return wereld_bouwen()


def _http(gebruiker: object) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return http


def _nieuw(voor: int) -> list[tuple[str, str, str, str]]:
    return list(
        Verwerking.objects.filter(pk__gt=voor)
        .order_by("pk")
        .values_list("actie", "verwerkingsactiviteit", "object_type", "client_pseudoniem")
    )


def _laatste() -> int:
    return Verwerking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_viewing_a_client_and_a_dossier(w: Wereld) -> None:
    c1 = w.clienten[0]
    http = _http(w.t.consulent)
    voor = _laatste()
    http.get(f"/clienten/{c1.client.pk}/")
    http.get(f"/toegang/dossier/{c1.melding.pk}/")
    p = client_pseudoniem(c1.client.pk)
    assert _nieuw(voor) == [("inzien", "toegang", "client", p), ("inzien", "toegang", "dossier toegang", p)]
    assert c1.client.bsn not in p


def test_searching_clients_writes_one_record_per_client_shown(w: Wereld) -> None:
    for _ in range(30):
        ClientFactory(gemeente=w.weert, achternaam="Zoekmans")
    ClientFactory(gemeente=w.leudal, achternaam="Zoekmans")  # out of scope: neither shown nor logged
    http = _http(w.t.consulent)
    voor = _laatste()
    assert http.get("/clienten/").status_code == 200
    assert _nieuw(voor) == []  # the empty search page shows nobody
    antwoord = http.post("/clienten/", {"q": "zoekmans"})
    zichtbaar = set(re.findall(r'href="/clienten/(\d+)/"', antwoord.content.decode()))
    assert len(zichtbaar) == 25  # the first 25, with a request to narrow the search
    assert 'id="meer"' in antwoord.content.decode()
    nieuw = _nieuw(voor)
    assert len(nieuw) == 25
    assert {(a, o) for a, _, o, _ in nieuw} == {("inzien", "zoekresultaat clienten")}
    assert {p for *_, p in nieuw} == {client_pseudoniem(int(i)) for i in zichtbaar}


def test_a_toegang_step_writes_a_change_record(w: Wereld) -> None:
    m = w.clienten[1].melding  # plan sent, no beschikking yet
    http = _http(w.t.consulent)
    voor = _laatste()
    antwoord = http.post(
        f"/toegang/dossier/{m.pk}/huisbezoek/", {"afspraak_op": "04-06-2024", "huisbezoek_datum": "06-06-2024"}
    )
    assert antwoord.status_code == 302
    p = client_pseudoniem(m.client_id)
    assert _nieuw(voor) == [("inzien", "toegang", "toegang stap huisbezoek", p), ("wijzigen", "toegang",
                            "toegang stap huisbezoek", p)]  # fmt: skip


def test_exports_write_export_records(w: Wereld) -> None:
    c1 = w.clienten[0]
    voor = _laatste()
    assert _http(w.t.consulent).get(f"/toegang/plan/{c1.plan.pk}/pdf/").status_code == 200
    assert _http(w.t.consulent).get(f"/toegang/beschikking/{c1.beschikking.pk}/pdf/").status_code == 200
    p = client_pseudoniem(c1.client.pk)
    assert _nieuw(voor) == [
        ("exporteren", "toegang", "ondersteuningsplan pdf", p),
        ("exporteren", "toegang", "beschikking pdf", p),
    ]


def test_messages_received_and_sent_write_one_record_per_client(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    o = harnas.opstelling()
    voor = _laatste()
    # a 323 that is refused for one prestatie: the 325 names the client
    bericht = harnas.wmo323_bericht(harnas.prestatie("P1", volume=10), harnas.prestatie("P2", nummer=9999))
    bericht_ontvangen(data=build(bericht), kanaal=Kanaal.BESTAND, vandaag=harnas.VANDAAG)
    p = client_pseudoniem(o.keten.client.pk)
    nieuw = _nieuw(voor)
    assert ("bericht_ontvangen", "toewijzing", "WMO323", p) in nieuw
    assert ("bericht_verzonden", "toewijzing", "WMO325", p) in nieuw
    assert len([n for n in nieuw if n[0] == "bericht_ontvangen"]) == 1


LINK = re.compile(r'(?:href|action)="(/[^"#]*)"')


def _wandeling(http: HttpClient, start: list[str], maximaal: int = 150) -> list[str]:
    """Every page reachable by links from `start` (GET only; no sign-out)."""
    gezien: list[str] = []
    te_doen = list(start)
    while te_doen and len(gezien) < maximaal:
        url = te_doen.pop(0)
        if url in gezien or url.startswith(("/afmelden", "/static", "/beheer")):
            continue
        gezien.append(url)
        antwoord = http.get(url)
        if antwoord.status_code == 200 and antwoord.get("Content-Type", "").startswith("text/html"):
            te_doen += [u.replace("&amp;", "&") for u in LINK.findall(antwoord.content.decode())]
    return gezien


def test_no_bsn_in_any_url_or_log_line_of_a_full_walk(w: Wereld, caplog: pytest.LogCaptureFixture) -> None:
    bsns = {dc.client.bsn for dc in w.clienten}
    caplog.set_level(logging.DEBUG)
    urls: list[str] = []
    for gebruiker in (w.t.consulent, w.t.aanbieder_gebruiker):
        urls += _wandeling(
            _http(gebruiker), ["/", "/regios/", "/toegang/", "/berichten/", "/berichten/portaal/", "/declaraties/"]
        )
    assert len(urls) > 30
    assert any(f"/clienten/{w.clienten[0].client.pk}/" == u for u in urls)
    assert [u for u in urls if any(b in u for b in bsns)] == []
    # the development server's access log line is '"GET <path> HTTP/1.1" <status> <size>': the path carries no BSN
    toegang = [f'"GET {u} HTTP/1.1" 200 0' for u in urls]
    assert [r for r in toegang if any(b in r for b in bsns)] == []
    assert [r.getMessage() for r in caplog.records if any(b in r.getMessage() for b in bsns)] == []
