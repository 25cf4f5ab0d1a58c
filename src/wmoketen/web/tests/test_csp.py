"""No inline script, style or event handler in any template of ours: the Content-Security-Policy forbids them
(browser tests fail on any violation, conftest.page); this catches them before a browser ever renders one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client as HttpClient

SRC = Path(__file__).resolve().parents[2]
VERBODEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "inline style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_templates_have_no_inline_script_or_style() -> None:
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) > 40
    gevonden = [
        f"{pad.relative_to(SRC)}: {soort}"
        for pad in templates
        for soort, patroon in VERBODEN.items()
        if patroon.search(pad.read_text())
    ]
    assert gevonden == []


@pytest.mark.django_db
def test_every_page_gets_the_policy_and_a_nonce_only_when_used() -> None:
    response = HttpClient().get("/aanmelden/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp + ";" and "nonce-" not in csp and "unsafe-inline" not in csp
