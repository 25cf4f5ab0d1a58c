"""Shared pytest fixtures; model factories live in tests/factories.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI runs the SQLite and PostgreSQL suites side by side on two cores: hypothesis's 200 ms deadline per example and
# its too-slow health check measure the machine's load, not the code, so neither may fail a test.
settings.register_profile("wmoketen", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("wmoketen")

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


@pytest.fixture(autouse=True)
def _landelijke_gegevens(request: pytest.FixtureRequest) -> None:
    """Data that migrations seed (the national life domains) is gone after a transactional test flushed the
    database; put it back for every test that uses the database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactioneel = marker.kwargs.get("transaction", bool(marker.args and marker.args[0]))
    request.getfixturevalue("transactional_db" if transactioneel else "db")
    from wmoketen.catalogus.services import leefgebieden_vastleggen

    leefgebieden_vastleggen()


@pytest.fixture(autouse=True)
def _force_login_met_tweede_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every account needs a second factor; a test that bypasses the password with force_login bypasses the
    code as well. Tests of the second factor itself sign in through the forms (tests/auth.aanmelden)."""
    from django.test import Client

    from tests.auth import tweede_factor_markeren

    origineel = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        origineel(self, user, backend)
        tweede_factor_markeren(self)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _controlepunten_per_test(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test gets its own (empty) checkpoint file of the Logboek, as each gets its own empty database."""
    if request.node.get_closest_marker("django_db") is None and "settings" not in request.fixturenames:
        return
    settings = request.getfixturevalue("settings")
    settings.WMOKETEN_AUDIT_CONTROLEPUNTEN = tmp_path_factory.mktemp("logboek") / "controlepunten.jsonl"


@pytest.fixture(autouse=True, scope="session")
def _legen_ondanks_logboektriggers() -> None:
    """pytest-django empties the database after a transactional test with TRUNCATE, which the Logboek's triggers
    refuse (audit migration 0003). The test database's superuser flushes with session_replication_role = replica
    for that transaction only; an application role cannot set that (docs/security.md §2)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    origineel = DatabaseOperations.sql_flush

    def sql_flush(self: DatabaseOperations, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        sql = origineel(self, style, tables, **kwargs)
        return ["SET LOCAL session_replication_role = replica", *sql] if sql else sql

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _niets_geblokkeerd(request: pytest.FixtureRequest) -> Iterator[None]:
    """A message the system builds that the official validation would refuse is blocked, not sent; in a test that
    is a failure, unless the test is about blocking (marker `geblokkeerd`)."""
    from wmoketen.berichten.signals import bericht_geblokkeerd

    geblokkeerd: list[Any] = []

    def onthoud(sender: Any, bericht: Any, **kwargs: Any) -> None:
        geblokkeerd.append(bericht)

    bericht_geblokkeerd.connect(onthoud, dispatch_uid="test-niets-geblokkeerd")
    try:
        yield
    finally:
        bericht_geblokkeerd.disconnect(dispatch_uid="test-niets-geblokkeerd")
    if geblokkeerd and request.node.get_closest_marker("geblokkeerd") is None:
        redenen = "; ".join(f"WMO{b.soort}: {', '.join(f['code'] for f in b.bevindingen)}" for b in geblokkeerd)
        pytest.fail(f"Het systeem bouwde een bericht dat de officiële validatie zou weigeren ({redenen}).")


def _chromium() -> str | None:
    return next((p for p in CHROMIUM_CANDIDATES if shutil.which(p)), None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright. Skipped without Chromium, unless
    WMOKETEN_BROWSER_TESTS=verplicht (CI), where a missing browser is a failure."""
    executable = _chromium()
    if executable is None:
        if os.environ.get("WMOKETEN_BROWSER_TESTS") == "verplicht":
            pytest.fail("Chromium ontbreekt (apt-get install chromium) en browsertests zijn verplicht")
        pytest.skip("Chromium niet geïnstalleerd; browsertests overgeslagen")
    # Playwright's sync API runs an event loop in this thread; Django's ORM guard would refuse the test's queries.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page. Every browser test is also a Content-Security-Policy test: a script, style or
    handler the policy refuses shows up as a console error, and the test fails on it."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    geweigerd: list[str] = []
    page.on(
        "console",
        lambda bericht: geweigerd.append(bericht.text) if "Content Security Policy" in bericht.text else None,
    )
    yield page
    context.close()
    assert geweigerd == [], f"de Content-Security-Policy weigerde: {geweigerd}"


@pytest.fixture
def ingelogde_pagina(page: Any, live_server: Any) -> Any:
    """Returns login(username, password) that signs in through the real login form, types a fresh TOTP code on
    the second page (or sets the second factor up with the key shown), and returns the page."""

    def login(username: str, password: str) -> Any:
        from tests.auth import code_voor
        from wmoketen.accounts.models import Gebruiker

        page.goto(f"{live_server.url}/aanmelden/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        if "/aanmelden/code/" in page.url:  # the second factor: set up (key on the page) or typed from the app
            gebruiker = Gebruiker.objects.get(username=username)
            geheim = page.text_content("#totp-geheim") if page.locator("#totp-geheim").count() else None
            page.fill("#id_code", code_voor(gebruiker, geheim))
            page.click("main button[type=submit]")  # the header holds the sign-out button
        return page

    return login
