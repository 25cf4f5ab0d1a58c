"""The pages on the NL Design System (issue 19 item 1): the vendored Utrecht components and example tokens, the
components in the base template and shared tags, and a region's own theme (catalogus/thema.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.messages import constants as niveau
from django.template import Context, Template
from django.test import Client as HttpClient
from django.test import RequestFactory

from tests.auth import WACHTWOORD, login_met_tweede_factor
from tests.factories import GebruikerFactory, RegioFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.thema import ThemaFout, thema_lezen, thema_van

ROOT = Path(__file__).resolve().parents[4]
NLDS = ROOT / "src" / "wmoketen" / "web" / "static" / "nlds"
REGIOS = ROOT / "regions"


def test_the_vendored_packages_are_recorded_with_version_and_licence() -> None:
    versies = json.loads((NLDS / "VERSIONS.json").read_text())
    assert set(versies) == {"@utrecht/component-library-css", "@nl-design-system-unstable/voorbeeld-design-tokens"}
    for pakket in versies.values():
        assert pakket["license"] == "EUPL-1.2"
        for bestand in pakket["files"].split(", "):
            assert (NLDS / bestand).stat().st_size > 0, bestand
    assert ".utrecht-alert--error" in (NLDS / "utrecht-componenten.css").read_text()
    assert ".voorbeeld-theme" in (NLDS / "voorbeeld-thema.css").read_text()


def test_the_home_made_css_uses_only_tokens_for_colours() -> None:
    """wmoketen.css lays out; every colour in it is a token, so a region's theme reaches it as well."""
    css = re.sub(
        r"(?s)/\*.*?\*/", "", (ROOT / "src" / "wmoketen" / "web" / "static" / "web" / "wmoketen.css").read_text()
    )
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(|(?<![\w-])(?:white|black|red|blue)(?![\w-])", css) == []


@pytest.mark.parametrize(
    ("niveau_", "modifier", "woord", "rol"),
    [
        (niveau.ERROR, "error", "Fout", "alert"),
        (niveau.WARNING, "warning", "Let op", "alert"),
        (niveau.SUCCESS, "ok", "Gelukt", "status"),
        (niveau.INFO, "info", "Ter informatie", "status"),
    ],
)
def test_alerts_differ_by_kind_in_the_system_modifier_word_and_role(
    niveau_: int, modifier: str, woord: str, rol: str
) -> None:
    from django.contrib.messages.storage.base import Message

    m = Message(niveau_, "De <tekst>")
    html = Template("{% load wmoketen %}{% alert m.level_tag m %}").render(Context({"m": m}))
    assert f'class="utrecht-alert utrecht-alert--{modifier} melding ' in html
    assert f'role="{rol}"' in html
    assert f'<strong class="melding-soort">{woord}:</strong> De &lt;tekst&gt;' in html


def test_navlink_marks_the_current_section() -> None:
    request = RequestFactory().get("/toegang/dossier/4/")
    t = Template("{% load wmoketen %}{% navlink 'toegang:werklijst' 'Werklijst' %}{% navlink 'regios' 'Regio' %}")
    html = t.render(Context({"request": request}))
    link = '<a class="utrecht-link utrecht-link--html-a utrecht-nav-list__link" href='
    assert f'{link}"/toegang/" aria-current="page">Werklijst</a>' in html
    assert f'{link}"/regios/">Regio</a>' in html


@pytest.mark.django_db
def test_a_page_is_built_from_the_system_components() -> None:
    http = login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=Rol.CONSULENT))
    html = http.get("/regios/").content.decode()
    for deel in (
        'href="/static/nlds/voorbeeld-thema.css"',
        'href="/static/nlds/utrecht-componenten.css"',
        '<html lang="nl" class="utrecht-root voorbeeld-theme">',
        'class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud"',
        'class="utrecht-page-header',
        '<nav class="utrecht-nav-bar" aria-label="Hoofdmenu">',
        'href="/regios/" aria-current="page">Regio',
        '<main id="inhoud" class="utrecht-page-body__content utrecht-html"',
        'class="utrecht-page-footer"',
    ):
        assert deel in html, deel
    assert "/thema/" not in html  # no region theme for a user without a region


# --- a region's own theme -------------------------------------------------------------------------------------


def test_a_theme_file_holds_tokens_only() -> None:
    thema = thema_lezen("/* kleuren */\n--basis-color-accent-1-color-default: #0b5a4a;\n\n--utrecht-x-y: 2px;\n")
    assert thema.tokens == (("--basis-color-accent-1-color-default", "#0b5a4a"), ("--utrecht-x-y", "2px"))
    assert (
        thema.css
        == ":root.voorbeeld-theme {\n  --basis-color-accent-1-color-default: #0b5a4a;\n  --utrecht-x-y: 2px;\n}\n"
    )


@pytest.mark.parametrize(
    "regel",
    [
        "body { color: red; }",
        "--a-b: url(https://voorbeeld.example/x.png);",
        "--a-b: red; } body { display: none",
        "@import url(x.css);",
        "--a-b: </style><script>",
        "--a-b: image-set('x.png' 1x);",
        "--a-b: red",  # no semicolon
        "color: red;",  # not a custom property
    ],
)
def test_a_theme_file_refuses_anything_but_a_token(regel: str) -> None:
    with pytest.raises(ThemaFout, match="regel 2"):
        thema_lezen(f"--basis-ok: 1px;\n{regel}\n")


def test_the_theme_path_stays_inside_the_regions_folder() -> None:
    for pad in ("../geheim.css", "/etc/x.css", "themas/x.txt"):
        with pytest.raises(ThemaFout):
            thema_van({"weergave": {"thema": pad}})
    assert thema_van({}) is None and thema_van({"weergave": {}}) is None


def test_every_shipped_region_theme_is_valid() -> None:
    gevonden = 0
    for bestand in sorted(REGIOS.glob("*.yaml")):
        instellingen = yaml.safe_load(bestand.read_text()).get("instellingen") or {}
        if "weergave" in instellingen:
            thema = thema_van(instellingen)
            assert thema is not None and thema.tokens, bestand.name
            gevonden += 1
    assert gevonden >= 1


@pytest.mark.django_db
def test_a_user_of_a_region_with_a_theme_gets_its_stylesheet() -> None:
    regio = RegioFactory(code="ln", instellingen={"weergave": {"thema": "themas/limburg-noord.css"}})
    zonder = RegioFactory(code="zonder")
    http = login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=Rol.CONSULENT, regio=regio))
    html = http.get("/regios/").content.decode()
    versie = thema_van(regio.instellingen).versie  # type: ignore[union-attr]
    assert f'<link rel="stylesheet" href="/thema/ln.css?v={versie}">' in html
    assert html.index("/thema/ln.css") > html.index("/static/nlds/voorbeeld-thema.css")

    css = HttpClient().get("/thema/ln.css")
    assert css.status_code == 200 and css["Content-Type"] == "text/css; charset=utf-8"
    assert css.content.decode().startswith(":root.voorbeeld-theme {\n  --basis-color-accent-1-color-document:")
    assert HttpClient().get(f"/thema/{zonder.code}.css").status_code == 404
    assert HttpClient().get("/thema/bestaat-niet.css").status_code == 404

    andere = login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=Rol.CONSULENT, regio=zonder))
    assert "/thema/" not in andere.get("/regios/").content.decode()


@pytest.mark.django_db
def test_a_broken_theme_file_leaves_the_default_look(tmp_path: Path, settings: object) -> None:
    settings.WMOKETEN_REGIO_MAP = tmp_path  # type: ignore[attr-defined]
    (tmp_path / "kapot.css").write_text("body { display: none; }\n")
    regio = RegioFactory(instellingen={"weergave": {"thema": "kapot.css"}})
    http = login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=Rol.CONSULENT, regio=regio))
    antwoord = http.get("/regios/")
    assert antwoord.status_code == 200 and "/thema/" not in antwoord.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_header_on_one_row_at_1280px_and_the_region_theme_applied(ingelogde_pagina: Any, live_server: Any) -> None:
    """The role with the most menu items (functioneel beheer of a region, long name): the header and the menu each
    stay on one row on a 1280 px screen, nothing scrolls sideways; the region's theme colours the menu links."""
    regio = RegioFactory(code="ln", instellingen={"weergave": {"thema": "themas/limburg-noord.css"}})
    gebruiker = GebruikerFactory(
        rol=Rol.FUNCTIONEEL_BEHEER, regio=regio, first_name="Anne-Marije", last_name="van der Vaart-Hoogendoorn"
    )
    page = ingelogde_pagina(gebruiker.username, WACHTWOORD)
    page.goto(f"{live_server.url}/regios/")
    page.wait_for_selector("nav.utrecht-nav-bar")
    rijen = page.evaluate(
        """() => {
          const eenRij = sel => { const r = [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect());
                                  return Math.max(...r.map(x => x.top)) < Math.min(...r.map(x => x.bottom)); };
          return {menu: eenRij('.utrecht-nav-list__item'), kop: eenRij('.kop-inhoud > *, .kop .wie > *'),
                  items: document.querySelectorAll('.utrecht-nav-list__item').length,
                  breed: document.documentElement.scrollWidth,
                  kleur: getComputedStyle(document.querySelector('.utrecht-nav-list__link')).color};
        }"""
    )
    assert rijen["items"] >= 11
    assert rijen["menu"] and rijen["kop"], rijen
    assert rijen["breed"] <= 1280, rijen
    assert rijen["kleur"] == "rgb(11, 90, 74)", rijen  # --basis-color-action-2-color-default of the theme
