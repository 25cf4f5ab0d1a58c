"""Hostile query parameters on every list page never give a 500 (issue 13 item 8).

The attack: `/declaraties/cak/?gemeente=<text>`, an overflowing `jaar`, `berichten?soort=%00` answered 500 (on
PostgreSQL a NUL in a string literal or an integer out of range is an error of the database, SQLite just finds
nothing). Here the parameters are not a hand list: every pattern of the URL configuration without path
arguments (a list or overview page; the admin is Django's own) is requested as every role, and every key the
page reads from the query string (recorded by instrumenting QueryDict while it renders) is then sent with hostile
values. Each answer must be a page (200/302), a refusal (403/404) or a 400 with the Dutch page, never a 500.
Run on PostgreSQL too (`.ci/run` does): that is where the database errors were."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import GebruikerFactory
from tests.test_bereik_wereld import Wereld, wereld_bouwen
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker

pytestmark = pytest.mark.django_db

VIJANDIG = (
    "<script>alert(1)</script>",
    "abc",
    "-1",
    "9" * 40,  # beyond any integer column
    "-99999999999999999999",
    "1e309",
    "NaN",
    "\x00",  # NUL: PostgreSQL refuses it in any string
    "a\x00b",
    "2024-13-45",
    "' OR 1=1 --",
    "ü" * 500,
    " ",
)
# pages without a list or overview to fuzz: signing in and out, security.txt (static), POST-only actions
OVERGESLAGEN = {"login", "logout", "beheer_aanmelden", "beheer_afmelden", "security_txt", "tweede_factor"}


def lijstpaginas() -> Iterator[tuple[str, str]]:
    """(name, path) of every URL pattern without path arguments, outside the admin."""

    def walk(patronen: list[Any], ns: str, prefix: str) -> Iterator[tuple[str, str]]:
        for p in patronen:
            if isinstance(p, URLResolver):
                if getattr(p, "app_name", None) == "admin":
                    continue
                nieuw = f"{ns}{p.namespace}:" if p.namespace else ns
                yield from walk(p.url_patterns, nieuw, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "<" not in route and (p.name or "") not in OVERGESLAGEN:
                    yield (f"{ns}{p.name}" if p.name else route, "/" + route.lstrip("^").rstrip("$"))

    yield from walk(get_resolver().url_patterns, "", "")


class _Gelezen:
    """Records every key a view reads from a QueryDict (request.GET, and a form or selector it is handed to)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sleutels: set[str] = set()
        for methode in ("get", "getlist", "__getitem__", "__contains__"):
            origineel = getattr(QueryDict, methode)

            def lezen(qd: QueryDict, sleutel: Any, *args: Any, _o: Any = origineel, **kw: Any) -> Any:
                if isinstance(sleutel, str):
                    self.sleutels.add(sleutel)
                return _o(qd, sleutel, *args, **kw)

            monkeypatch.setattr(QueryDict, methode, lezen)


def _gebruikers(w: Wereld) -> dict[str, Gebruiker]:
    t = w.t
    return {
        "consulent": t.consulent,
        "backoffice": GebruikerFactory(rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[w.weert]),
        "contractmanager": GebruikerFactory(rol=Rol.CONTRACTMANAGER, regio=t.regio, gemeenten=[w.weert]),
        "monitoring": GebruikerFactory(rol=Rol.MONITORING, regio=t.regio, gemeenten=[w.weert, w.leudal]),
        "beheer": GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=t.regio, gemeenten=[w.weert]),
        "aanbieder": t.aanbieder_gebruiker,
    }


def test_every_query_parameter_of_every_list_page_survives_hostile_values(monkeypatch: pytest.MonkeyPatch) -> None:
    w = wereld_bouwen()
    paginas = list(lijstpaginas())
    assert {"berichten:lijst", "declaraties:plafonds", "toegang:werklijst", "monitoring:dashboard"} <= {
        n for n, _ in paginas
    }
    gelezen = _Gelezen(monkeypatch)
    te_fuzzen: list[tuple[str, str, str, HttpClient]] = []
    for rol, gebruiker in _gebruikers(w).items():
        http = HttpClient(raise_request_exception=False)
        http.force_login(gebruiker)
        for naam, pad in paginas:
            gelezen.sleutels.clear()
            antwoord = http.get(pad)
            assert antwoord.status_code != 500, f"{naam} als {rol}: 500 zonder parameters"
            if antwoord.status_code == 200:  # each (page, key) once, as the first role that reads it
                gezien = {(n, s) for n, _, s, _ in te_fuzzen}
                te_fuzzen += [(naam, pad, s, http) for s in sorted(gelezen.sleutels) if (naam, s) not in gezien]
    monkeypatch.undo()
    sleutels = {(n, s) for n, _, s, _ in te_fuzzen}
    # the discovery found the parameters of the attack (and would find a new one the same way)
    assert {("berichten:lijst", "soort"), ("declaraties:plafonds", "jaar"), ("monitoring:dashboard", "gemeente")} <= (
        sleutels
    )

    fouten = []
    for naam, pad, sleutel, http in te_fuzzen:
        for waarde in VIJANDIG:
            antwoord = http.get(pad, {sleutel: waarde})
            if antwoord.status_code not in (200, 302, 400, 403, 404):
                fouten.append(f"{naam}?{sleutel}={waarde[:20]!r}: {antwoord.status_code}")
            elif antwoord.status_code == 400 and "Ongeldig verzoek" not in antwoord.content.decode():
                fouten.append(f"{naam}?{sleutel}={waarde[:20]!r}: 400 zonder Nederlandse uitleg")
            elif "\x00" in waarde and antwoord.status_code != 400:  # refused before any database sees it
                fouten.append(f"{naam}?{sleutel}={waarde[:20]!r}: {antwoord.status_code}, geen 400")
    assert not fouten, "\n".join(fouten)


# A parameter that cannot be read was silently replaced by a default (`jaar=abc` showed this year's ceilings as if
# asked for): now a 400 whose Dutch message names the parameter (core.parameters), and a readable value still works.
ONLEESBAAR = [
    ("declaraties:plafonds", "contractmanager", "jaar", "abc", "2025"),
    ("declaraties:plafonds", "contractmanager", "jaar", "9" * 40, "2025"),
    ("declaraties:lijst", "backoffice", "gemeente", "weert", "1"),
    ("declaraties:lijst", "backoffice", "aanbieder", "-1", "1"),
    ("declaraties:lijst", "backoffice", "status", "bestaat-niet", "ontvangen"),
    ("declaraties:lijst", "backoffice", "sorteer", "pk; drop", "uiterlijk"),
    ("declaraties:lijst", "backoffice", "pagina", "²", "2"),
    ("berichten:lijst", "beheer", "soort", "999", "301"),
    ("berichten:lijst", "beheer", "richting", "zijwaarts", "in"),
    ("berichten:lijst", "beheer", "status", "zoekgeraakt", "verzonden"),
    ("monitoring:dashboard", "monitoring", "van", "2024-13-45", "2024-01-01"),
    ("monitoring:dashboard", "monitoring", "gemeente", "abc", "1"),
    ("monitoring:dashboard", "monitoring", "per", "maanstand", "gemeente"),
    ("toegang:werklijst", "consulent", "filter", "overmorgen", "te_laat"),
]


def test_an_unreadable_query_parameter_is_a_400_naming_it_not_a_silent_default() -> None:
    w = wereld_bouwen()
    gebruikers = _gebruikers(w)
    fouten = []
    for naam, rol, sleutel, onleesbaar, leesbaar in ONLEESBAAR:
        http = HttpClient(raise_request_exception=False)
        http.force_login(gebruikers[rol])
        pad = reverse(naam)
        antwoord = http.get(pad, {sleutel: onleesbaar})
        html = antwoord.content.decode()
        if antwoord.status_code != 400 or "Ongeldig verzoek" not in html or f"‘{sleutel}’" not in html:
            fouten.append(f"{naam}?{sleutel}={onleesbaar[:20]!r}: {antwoord.status_code}")
        if len(onleesbaar) >= 6 and onleesbaar in html:  # a short value ("-1") may be in any page's markup
            fouten.append(f"{naam}?{sleutel}: de waarde staat op de foutpagina")
        if (goed := http.get(pad, {sleutel: leesbaar}).status_code) != 200:
            fouten.append(f"{naam}?{sleutel}={leesbaar!r}: {goed}, geen 200")
    assert not fouten, "\n".join(fouten)


def test_the_parameter_readers_refuse_what_they_cannot_read() -> None:
    from datetime import date

    from wmoketen.core import parameters

    assert parameters.jaar({"jaar": "2025"}, standaard=2000) == 2025
    assert parameters.jaar({}, standaard=2000) == parameters.jaar({"jaar": " "}, standaard=2000) == 2000
    assert parameters.pagina({"pagina": "3"}) == 3 and parameters.pagina({}) == 1
    assert parameters.getal({"id": "7"}, "id") == 7 and parameters.getal({}, "id") is None
    assert parameters.datum({"van": "2024-02-29"}, "van", standaard=date(2000, 1, 1)) == date(2024, 2, 29)
    assert parameters.keuze({"s": "b"}, "s", ["a", "b"]) == "b"
    for lezen in (
        lambda: parameters.jaar({"jaar": "abc"}, standaard=2000),
        lambda: parameters.jaar({"jaar": "99999"}, standaard=2000),
        lambda: parameters.pagina({"pagina": "0"}),
        lambda: parameters.getal({"id": "9" * 5000}, "id"),
        lambda: parameters.getal({"id": str(2**31)}, "id"),
        lambda: parameters.getal({"id": "١"}, "id"),  # an Arabic-Indic digit: isdigit() but not ours
        lambda: parameters.datum({"van": "2023-02-29"}, "van", standaard=date(2000, 1, 1)),
        lambda: parameters.datum({"van": "20240101"}, "van", standaard=date(2000, 1, 1)),
        lambda: parameters.keuze({"s": "c"}, "s", ["a", "b"]),
    ):
        with pytest.raises(parameters.OngeldigeParameter):
            lezen()
