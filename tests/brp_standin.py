"""A local stand-in for the Haal Centraal BRP Personen Bevragen API v2 (`POST /personen`), answering the way its
OpenAPI specification says (BRP-API/Haal-Centraal-BRP-bevragen, specificatie/resolved/openapi.yaml): request
validation with RFC 7807 problem+json and `invalidParams` (400), the API key (401), the `fields` filter, and
`RaadpleegMetBurgerservicenummer` returning `personen` (empty for an unknown BSN). Started by the tests themselves
(fixture `brp`), on a free port of 127.0.0.1; records every request it received."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

API_KEY = "test-sleutel"
BSN = re.compile(r"^[0-9]{9}$")
FIELD = re.compile(r"^[a-zA-Z0-9\._]{1,200}$")
BEKENDE_VELDEN = {
    "aNummer", "adressering", "burgerservicenummer", "datumEersteInschrijvingGBA", "datumInschrijvingInGemeente",
    "europeesKiesrecht", "geboorte", "gemeenteVanInschrijving", "geslacht", "gezag", "immigratie",
    "indicatieCurateleRegister", "kinderen", "leeftijd", "naam", "nationaliteiten", "ouders", "overlijden",
    "partners", "uitsluitingKiesrecht", "verblijfplaats", "verblijfstitel",
}  # fmt: skip


def persoon(bsn: str, **over: Any) -> dict[str, Any]:
    """A person as the API returns it (every field; the server applies `fields`)."""
    p: dict[str, Any] = {
        "burgerservicenummer": bsn,
        "naam": {
            "voornamen": "Maria Johanna",
            "voorletters": "M.J.",
            "geslachtsnaam": "Peeters",
            "volledigeNaam": "Maria Johanna Peeters",
        },
        "geboorte": {
            "datum": {"type": "Datum", "datum": "1942-05-17", "langFormaat": "17 mei 1942"},
            "plaats": {"code": "0988", "omschrijving": "Weert"},
        },
        "geslacht": {"code": "V", "omschrijving": "vrouw"},
        "gemeenteVanInschrijving": {"code": "0988", "omschrijving": "Weert"},
        "verblijfplaats": {
            "type": "Adres",
            "verblijfadres": {
                "officieleStraatnaam": "Wilhelminasingel",
                "korteStraatnaam": "Wilhelminasingel",
                "huisnummer": 14,
                "huisletter": "a",
                "postcode": "6001 GS",
                "woonplaats": "Weert",
            },
            "datumVan": {"type": "Datum", "datum": "2010-03-01", "langFormaat": "1 maart 2010"},
        },
        "leeftijd": 83,
    }
    p.update(over)
    return p


def _filter(p: dict[str, Any], velden: list[str]) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for pad in velden:
        kop, _, rest = pad.partition(".")
        if kop not in p:
            continue
        if rest and isinstance(p[kop], dict) and rest in p[kop]:
            uit.setdefault(kop, {})[rest] = p[kop][rest]
        elif not rest:
            uit[kop] = p[kop]
    return uit


@dataclass
class Standin:
    url: str
    personen: dict[str, dict[str, Any]] = field(default_factory=dict)
    verzoeken: list[dict[str, Any]] = field(default_factory=list)
    storing: bool = False  # answer 503, as the spec's "Bronservice BRP is tijdelijk niet beschikbaar"


def _handler(standin: Standin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output clean
            return

        def _antwoord(self, status: int, lichaam: dict[str, Any], soort: str = "application/json") -> None:
            data = json.dumps(lichaam).encode()
            self.send_response(status)
            self.send_header("Content-Type", f"{soort}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _probleem(self, status: int, titel: str, code: str, ongeldig: list[dict[str, str]] | None = None) -> None:
            lichaam = {"type": "https://datatracker.ietf.org/doc/html/rfc7231", "title": titel, "status": status,
                       "instance": "/haalcentraal/api/brp/personen", "code": code}  # fmt: skip
            if ongeldig:
                lichaam["invalidParams"] = ongeldig  # type: ignore[assignment]
            self._antwoord(status, lichaam, "application/problem+json")

        def do_POST(self) -> None:
            lengte = int(self.headers.get("Content-Length", "0"))
            ruw = self.rfile.read(lengte)
            if not self.path.split("?")[0].rstrip("/").endswith("/personen"):
                self._probleem(404, "Opgevraagde resource bestaat niet.", "notFound")
                return
            if self.headers.get("X-API-KEY") != API_KEY:
                self._probleem(401, "Niet correct geauthenticeerd.", "authentication")
                return
            if standin.storing:
                self._probleem(503, "Bronservice BRP is tijdelijk niet beschikbaar.", "notAvailable")
                return
            try:
                vraag = json.loads(ruw)
            except json.JSONDecodeError:
                self._probleem(400, "Ten minste één parameter moet worden opgegeven.", "paramsRequired")
                return
            standin.verzoeken.append(vraag)
            ongeldig = []
            if vraag.get("type") != "RaadpleegMetBurgerservicenummer":
                ongeldig.append({"name": "type", "code": "value", "reason": "Waarde is niet geldig."})
            bsns = vraag.get("burgerservicenummer")
            if (
                not isinstance(bsns, list)
                or not 1 <= len(bsns) <= 20
                or not all(isinstance(b, str) and BSN.match(b) for b in bsns)
            ):
                ongeldig.append({"name": "burgerservicenummer", "code": "array", "reason": "Parameter is niet geldig."})
            velden = vraag.get("fields")
            if not isinstance(velden, list) or not 1 <= len(velden) <= 130:
                ongeldig.append({"name": "fields", "code": "array", "reason": "Parameter is verplicht."})
            else:
                for i, v in enumerate(velden):
                    if not isinstance(v, str) or not FIELD.match(v) or v.split(".")[0] not in BEKENDE_VELDEN:
                        reden = "Parameter bevat een niet bestaande veldnaam."
                        ongeldig.append({"name": f"fields[{i}]", "code": "field", "reason": reden})
            if ongeldig:
                self._probleem(400, "Een of meerdere parameters zijn niet correct.", "paramsValidation", ongeldig)
                return
            personen = [_filter(standin.personen[b], velden) for b in bsns if b in standin.personen]
            self._antwoord(200, {"type": "RaadpleegMetBurgerservicenummer", "personen": personen})

    return Handler


@pytest.fixture
def brp(settings: Any) -> Iterator[Standin]:
    """The stand-in, running, and configured for every municipality ("*")."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    standin = Standin(url=f"http://127.0.0.1:{server.server_address[1]}/haalcentraal/api/brp")
    server.RequestHandlerClass = _handler(standin)
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    settings.WMOKETEN_BRP = {"*": {"url": standin.url, "api_key": API_KEY, "timeout": 5}}
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
