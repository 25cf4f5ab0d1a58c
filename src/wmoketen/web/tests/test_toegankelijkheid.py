"""Accessibility (issue 19 item 2, WCAG 2.1 AA): axe-core, the accessibility engine, runs in headless Chromium on
every page of the demo that each role reaches by following links, and finds no serious or critical violation.

axe-core is vendored (tests/vendor/axe-core, MPL-2.0, refreshed with tools/axe_vernieuwen.py). It runs under the
real Content-Security-Policy, as a user's browser gets it: the test's browser answers one URL of the site itself
(AXE_URL, through Playwright's request routing; the application does not serve it) with the vendored file, and axe is
added as <script src> of that URL, which script-src 'self' allows like the site's own scripts. No bypass, no nonce,
no inline script: whatever the policy refuses (a style or script of axe's or ours) is reported by the browser and
fails the test like any other browser test (conftest `page`). axe runs with preload off: to read style sheets for
its one CSS rule (css-orientation-lock, WCAG 1.3.4) it re-adds @import-ed sheets (the admin's forms.css) as an inline
<style>, which the policy rightly refuses; that rule is checked here on our own CSS instead
(test_no_stylesheet_locks_the_orientation). The pages to visit come from the same crawl as the
test of names and units (tests/kruipen.py), one page per kind of page and role."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from tests.auth import code_voor, login_met_tweede_factor
from tests.kruipen import kruipen
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.demo import DEMO_WACHTWOORD
from wmoketen.accounts.models import Gebruiker

ROOT = Path(__file__).resolve().parents[4]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
KLEIN = ROOT / "src" / "wmoketen" / "contracten" / "tests" / "regiobestanden" / "klein.yaml"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ERNSTIG = {"serious", "critical"}
AXE_URL = "/__axe-core__/axe.min.js"  # answered by the test's browser (axe_toestaan), never by the application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def axe_toestaan(page: Any, basis: str) -> None:
    """The browser answers AXE_URL on this site with the vendored axe-core (a file of the site as far as the
    Content-Security-Policy can tell)."""
    page.route(
        f"{basis}{AXE_URL}",
        lambda route: route.fulfill(path=str(AXE), content_type="text/javascript; charset=utf-8"),
    )


def axe_bevindingen(page: Any) -> list[dict[str, Any]]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page as it is now. axe is added as a
    script file of the site (axe_toestaan), under the page's own Content-Security-Policy."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        basis = page.evaluate("location.origin")
        if not getattr(page, "_axe_toegestaan", False):  # a caller that did not route AXE_URL itself
            axe_toestaan(page, basis)
            page._axe_toegestaan = True
        page.add_script_tag(url=f"{basis}{AXE_URL}")
    resultaat = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false})",
        WCAG_21_AA,
    )
    return [v for v in resultaat["violations"] if v["impact"] in ERNSTIG]


def test_no_stylesheet_locks_the_orientation() -> None:
    """WCAG 1.3.4 (what axe's css-orientation-lock checks, off here with preload): no style sheet of ours or of the
    vendored NL Design System turns or fixes the page by screen orientation."""
    bladen = [p for p in (ROOT / "src" / "wmoketen").rglob("static/**/*.css")]
    assert len(bladen) >= 4
    assert [p.name for p in bladen if "orientation" in p.read_text()] == []


def _beschrijf(wie: str, url: str, v: dict[str, Any]) -> str:
    doelen = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
    return f"{wie} {url}: {v['id']} ({v['impact']}) {v['help']} — {len(v['nodes'])}x, o.a. {doelen}"


def test_axe_finds_nothing_serious_on_a_page_built_to_fail(page: Any, live_server: Any) -> None:
    """The check itself works, under the real policy: an image without text and a field without a label are found
    (the `page` fixture fails the test on anything the policy refuses, axe's own work included)."""
    axe_toestaan(page, live_server.url)
    page.goto(f"{live_server.url}/aanmelden/")
    page.evaluate(
        "() => { const f = document.createElement('input'); document.querySelector('main').append(f);"
        " const i = document.createElement('img'); i.src = '/x.png'; document.querySelector('main').append(i); }"
    )
    ids = {v["id"] for v in axe_bevindingen(page)}
    assert {"image-alt", "label"} <= ids


def _aanmelden(page: Any, basis: str, gebruiker: Gebruiker) -> None:
    """Through the real forms: password, then a fresh code of the demo's second factor."""
    page.context.clear_cookies()
    page.goto(f"{basis}/aanmelden/")
    page.fill("#id_username", gebruiker.username)
    page.fill("#id_password", DEMO_WACHTWOORD)
    page.click("button[type=submit]")
    page.fill("#id_code", code_voor(gebruiker))
    page.click("main button[type=submit]")
    assert "/aanmelden/" not in page.url, gebruiker.username


def test_every_page_of_the_demo_passes_axe_for_every_role(
    browser: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path / "uitwisseling"
    regios = tmp_path / "regios"
    regios.mkdir()
    shutil.copy(KLEIN, regios / "klein.yaml")
    call_command("demo", regions=str(regios), stdout=io.StringIO())
    per_soort = int(os.environ.get("WMOKETEN_AXE_PER_SOORT", "1"))

    gebruikers = [Gebruiker.objects.filter(rol=rol, is_superuser=False).order_by("username").first() for rol in Rol]
    assert all(gebruikers)
    bevindingen: list[str] = []
    bezocht = 0
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    geweigerd: list[str] = []
    page.on("console", lambda b: geweigerd.append(b.text) if "Content Security Policy" in b.text else None)
    axe_toestaan(page, live_server.url)
    page.goto(f"{live_server.url}/aanmelden/")
    bevindingen += [_beschrijf("anoniem", "/aanmelden/", v) for v in axe_bevindingen(page)]
    for gebruiker in gebruikers:
        assert gebruiker is not None
        urls = [
            p.url
            for p in kruipen(login_met_tweede_factor(HttpClient(), gebruiker), per_soort=per_soort)
            if p.soort == "html"
        ]
        _aanmelden(page, live_server.url, gebruiker)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            bevindingen += [_beschrijf(gebruiker.username, url, v) for v in axe_bevindingen(page)]
            bezocht += 1
    context.close()
    assert bezocht > 50
    assert bevindingen == [], "\n".join(bevindingen)
    assert geweigerd == [], f"de Content-Security-Policy weigerde: {geweigerd}"
