"""The production settings are the default and are safe: run under gunicorn exactly as docs/security.md says,
with the attacks of issue 13 item 5 and 7 replayed over HTTP (plain HTTP, a forged X-Forwarded-Proto from an
untrusted address, a debug page, a BSN in the path)."""

from __future__ import annotations

import http.client
import importlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from wmoketen.core.bsn import test_bsns

REPO = Path(__file__).resolve().parents[1]
HOST = "wmoketen.example"
BSN = test_bsns(1)[0]


def productie_omgeving(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AUDIT_", "SECRET_", "DATABASE_"))}
    env.update(
        SECRET_KEY="s" * 50,
        AUDIT_PSEUDONIEM_SLEUTEL="p" * 40,
        AUDIT_KETEN_SLEUTEL="k" * 40,
        DATABASE_URL=f"sqlite:///{tmp / 'productie.sqlite3'}",
        ALLOWED_HOSTS=HOST,
        WMOKETEN_VERTROUWDE_PROXIES="127.0.0.1",
        WMOKETEN_VAR_DIR=str(tmp),
    )
    return env


def _python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def _vergeet_instellingen() -> None:
    """Settings modules read the environment when imported: import them afresh, as a new process does."""
    for naam in ("wmoketen.conf.production", "wmoketen.conf.base"):
        sys.modules.pop(naam, None)


@pytest.mark.parametrize("ontbrekend", ["SECRET_KEY", "AUDIT_KETEN_SLEUTEL", "AUDIT_PSEUDONIEM_SLEUTEL"])
def test_production_refuses_to_load_without_a_secret_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ontbrekend: str
) -> None:
    for naam, waarde in productie_omgeving(tmp_path).items():
        monkeypatch.setenv(naam, waarde)
    monkeypatch.delenv(ontbrekend)
    _vergeet_instellingen()
    with pytest.raises(ImproperlyConfigured, match=ontbrekend):
        importlib.import_module("wmoketen.conf.production")


def test_production_refuses_a_key_derived_from_secret_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for naam, waarde in productie_omgeving(tmp_path).items():
        monkeypatch.setenv(naam, waarde)
    monkeypatch.setenv("AUDIT_PSEUDONIEM_SLEUTEL", "s" * 50)  # = SECRET_KEY
    _vergeet_instellingen()
    with pytest.raises(ImproperlyConfigured, match="drie verschillende sleutels"):
        importlib.import_module("wmoketen.conf.production")


def test_production_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for naam, waarde in productie_omgeving(tmp_path).items():
        monkeypatch.setenv(naam, waarde)
    _vergeet_instellingen()
    p = importlib.import_module("wmoketen.conf.production")
    assert (p.DEBUG, p.WMOKETEN_DEMO) == (False, False)
    assert p.SECRET_KEY == "s" * 50 and p.AUDIT_PSEUDONIEM_SLEUTEL == "p" * 40
    assert (p.SESSION_COOKIE_SECURE, p.CSRF_COOKIE_SECURE, p.SESSION_COOKIE_HTTPONLY) == (True, True, True)
    assert (p.SECURE_SSL_REDIRECT, p.SECURE_HSTS_SECONDS, p.SECURE_HSTS_INCLUDE_SUBDOMAINS) == (True, 31536000, True)
    assert p.SESSION_COOKIE_SAMESITE == "Lax" and p.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert p.ALLOWED_HOSTS == [HOST]


def test_every_entry_point_defaults_to_production(tmp_path: Path) -> None:
    """wsgi.py, manage.py and the `wmoketen` command without any settings: they refuse and name what is missing
    (no DEBUG page, no published key); the demo refuses outside the demo settings even with every secret set."""
    leeg = {k: v for k, v in productie_omgeving(tmp_path).items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    for args in (["-c", "import wmoketen.wsgi"], ["manage.py", "check"], ["-m", "wmoketen.cli", "audit", "verify"]):
        uit = _python(leeg, *args)
        assert uit.returncode != 0, args
        assert "SECRET_KEY, DATABASE_URL" in uit.stderr, (args, uit.stderr[-500:])
    demo = _python(productie_omgeving(tmp_path), "-m", "wmoketen.cli", "demo")
    assert demo.returncode != 0 and "alleen met de demo-instellingen" in demo.stderr
    assert not (tmp_path / "productie.sqlite3").exists() or "admin" not in demo.stdout


# ------------------------------------------------------------------------------------------------ gunicorn


class Gunicorn:
    def __init__(self, proces: subprocess.Popen[str], poort: int, log: Path) -> None:
        self.proces, self.poort, self.log = proces, poort, log

    def get(self, pad: str, bron: str = "127.0.0.1", **koppen: str) -> tuple[int, dict[str, str], str]:
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=20, source_address=(bron, 0))
        try:
            verbinding.request("GET", pad, headers={"Host": HOST, **koppen})
            antwoord = verbinding.getresponse()
            return antwoord.status, {k.lower(): v for k, v in antwoord.getheaders()}, antwoord.read().decode()
        finally:
            verbinding.close()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    """`gunicorn wmoketen.wsgi` with the production settings (the default) and the proxy list of the docs."""
    tmp = tmp_path_factory.mktemp("productie")
    env = productie_omgeving(tmp)
    log = tmp / "gunicorn.log"
    with log.open("w") as uit:
        proces = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "wmoketen.wsgi",
                "--bind", "127.0.0.1:0", "--workers", "1",
                "--forwarded-allow-ips", env["WMOKETEN_VERTROUWDE_PROXIES"],
                "--access-logfile", "-", "--error-logfile", "-",
            ],
            cwd=REPO, env=env, stdout=uit, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    try:
        poort = None
        for _ in range(300):
            gevonden = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
            if gevonden and "Booting worker" in log.read_text():
                poort = int(gevonden.group(1))
                break
            assert proces.poll() is None, log.read_text()
            time.sleep(0.1)
        assert poort is not None, log.read_text()
        server = Gunicorn(proces, poort, log)
        for _ in range(100):  # the worker imports Django; wait until it answers
            try:
                server.get("/.well-known/security.txt", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                time.sleep(0.1)
        yield server
    finally:
        proces.terminate()
        proces.wait(timeout=20)


def test_plain_http_is_redirected_to_https(gunicorn: Gunicorn) -> None:
    status, koppen, _ = gunicorn.get("/aanmelden/")
    assert status == 301 and koppen["location"] == f"https://{HOST}/aanmelden/"


def test_forwarded_proto_is_believed_only_from_the_configured_proxy(gunicorn: Gunicorn) -> None:
    assert gunicorn.get("/aanmelden/", **{"X-Forwarded-Proto": "https"})[0] == 200
    status, koppen, _ = gunicorn.get("/aanmelden/", bron="127.0.0.2", **{"X-Forwarded-Proto": "https"})
    assert status == 301 and koppen["location"].startswith("https://")


def test_security_headers_over_https(gunicorn: Gunicorn) -> None:
    status, koppen, html = gunicorn.get("/aanmelden/", **{"X-Forwarded-Proto": "https"})
    assert status == 200 and "Aanmelden" in html
    assert koppen["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    csp = dict(d.strip().split(" ", 1) for d in koppen["content-security-policy"].split(";") if d.strip())
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert (csp["object-src"], csp["base-uri"], csp["frame-ancestors"]) == ("'none'", "'none'", "'none'")
    assert "unsafe" not in koppen["content-security-policy"]
    assert koppen["x-frame-options"] == "DENY" and koppen["x-content-type-options"] == "nosniff"
    assert koppen["referrer-policy"] == "same-origin" and koppen["cross-origin-opener-policy"] == "same-origin"
    cookie = koppen["set-cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie and "HttpOnly" in cookie


def test_not_found_is_a_dutch_page_that_reveals_nothing_and_logs_no_bsn(gunicorn: Gunicorn) -> None:
    status, _, html = gunicorn.get(f"/clienten/{BSN}/geheim/", **{"X-Forwarded-Proto": "https"})
    assert status == 404 and "Pagina niet gevonden" in html and 'lang="nl"' in html
    for verklapper in ("Traceback", "DEBUG", "urlpatterns", "settings", "wmoketen.urls", "Django"):
        assert verklapper not in html
    time.sleep(0.2)  # the access log line is written after the response
    log = gunicorn.log.read_text()
    assert "/clienten/*********/geheim/" in log and BSN not in log


def test_a_disallowed_host_is_refused_without_details(gunicorn: Gunicorn) -> None:
    verbinding = http.client.HTTPConnection("127.0.0.1", gunicorn.poort, timeout=20)
    verbinding.request("GET", "/aanmelden/", headers={"Host": "aanvaller.example", "X-Forwarded-Proto": "https"})
    antwoord: Any = verbinding.getresponse()
    html = antwoord.read().decode()
    assert antwoord.status == 400 and "Ongeldig verzoek" in html and "ALLOWED_HOSTS" not in html
