"""A client for the Haal Centraal BRP Personen Bevragen API (v2, `POST /personen`, operation
RaadpleegMetBurgerservicenummer; OpenAPI: github.com/BRP-API/Haal-Centraal-BRP-bevragen, specificatie/resolved/
openapi.yaml). Configured per municipality (setting WMOKETEN_BRP, from the environment WMOKETEN_BRP_KOPPELINGEN);
without a configuration the consultant enters the data by hand, as before.

The BSN goes in the JSON body of a POST, never in a URL (the reason the API is a POST). Only the fields wmoketen
needs are asked for (`fields`, data minimisation). Every query is written to the Logboek by the caller."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from wmoketen.core.fouten import Domeinfout

from .models import Geslacht

VELDEN = [
    "burgerservicenummer",
    "naam",
    "geboorte.datum",
    "geslacht",
    "verblijfplaats",
    "gemeenteVanInschrijving",
    "overlijden",
]
GESLACHT = {"M": Geslacht.MANNELIJK, "V": Geslacht.VROUWELIJK, "O": Geslacht.ONBEKEND}
MAX_ANTWOORD_BYTES = 1_000_000


class BrpFout(Domeinfout):
    """The BRP could not answer (not configured, unreachable, refused); the text is Dutch."""


@dataclass(frozen=True)
class BrpKoppeling:
    url: str  # base URL, e.g. https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp
    api_key: str = ""  # sent as X-API-KEY (the API gateway of the municipality or RvIG)
    certificaat: str = ""  # PKIoverheid client certificate (PEM) for mutual TLS, when the gateway demands it
    sleutel: str = ""
    ca: str = ""  # CA bundle for the server (default: the system's)
    timeout: float = 10.0


def koppeling_voor(cbs_code: str) -> BrpKoppeling | None:
    """The municipality's own configuration, else the shared one ("*"), else None (manual entry)."""
    alle: dict[str, dict[str, Any]] = getattr(settings, "WMOKETEN_BRP", {}) or {}
    gegevens = alle.get(cbs_code) or alle.get("*")
    return BrpKoppeling(**gegevens) if gegevens else None


@dataclass(frozen=True)
class BrpPersoon:
    bsn: str
    voornamen: str = ""
    voorletters: str = ""
    voorvoegsel: str = ""
    achternaam: str = ""
    geboortedatum: date | None = None
    geslacht: str = Geslacht.ONBEKEND
    straat: str = ""
    huisnummer: int | None = None
    huisnummer_toevoeging: str = ""
    postcode: str = ""
    plaats: str = ""
    gemeente_code: str = ""
    gemeente_naam: str = ""
    overleden_op: date | None = None
    geheim: bool = False

    def als_clientgegevens(self) -> dict[str, Any]:
        """The fields of `clienten.Client` this person fills (gemeente as CBS code)."""
        return {
            "voornamen": self.voornamen,
            "voorletters": self.voorletters,
            "voorvoegsel": self.voorvoegsel,
            "achternaam": self.achternaam,
            "geboortedatum": self.geboortedatum,
            "geslacht": self.geslacht,
            "straat": self.straat,
            "huisnummer": self.huisnummer,
            "huisnummer_toevoeging": self.huisnummer_toevoeging,
            "postcode": self.postcode,
            "plaats": self.plaats,
        }


def _datum(waarde: Any) -> date | None:
    """AbstractDatum: only a full date (type "Datum") is a date; JaarDatum, JaarMaandDatum, DatumOnbekend are not."""
    if isinstance(waarde, dict) and waarde.get("type") == "Datum" and waarde.get("datum"):
        return date.fromisoformat(waarde["datum"])
    return None


def persoon_lezen(p: dict[str, Any]) -> BrpPersoon:
    naam = p.get("naam") or {}
    verblijf = p.get("verblijfplaats") or {}
    adres = verblijf.get("verblijfadres") or {} if verblijf.get("type") == "Adres" else {}
    toevoeging = f"{adres.get('huisletter', '')}{adres.get('huisnummertoevoeging', '')}"
    gemeente = p.get("gemeenteVanInschrijving") or {}
    return BrpPersoon(
        bsn=str(p.get("burgerservicenummer", "")),
        voornamen=naam.get("voornamen", ""),
        voorletters=naam.get("voorletters", ""),
        voorvoegsel=naam.get("voorvoegsel", ""),
        achternaam=naam.get("geslachtsnaam", ""),
        geboortedatum=_datum((p.get("geboorte") or {}).get("datum")),
        geslacht=GESLACHT.get(((p.get("geslacht") or {}).get("code") or "").upper(), Geslacht.ONBEKEND),
        straat=adres.get("korteStraatnaam") or adres.get("officieleStraatnaam", ""),
        huisnummer=adres.get("huisnummer"),
        huisnummer_toevoeging=toevoeging[:10],
        postcode=(adres.get("postcode") or "").replace(" ", "").upper(),
        plaats=adres.get("woonplaats", ""),
        gemeente_code=str(gemeente.get("code", "")).zfill(4) if gemeente.get("code") else "",
        gemeente_naam=gemeente.get("omschrijving", ""),
        overleden_op=_datum((p.get("overlijden") or {}).get("datum")),
        geheim=bool(p.get("geheimhoudingPersoonsgegevens")),
    )


def _context(k: BrpKoppeling) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=k.ca or None)
    if k.certificaat:
        context.load_cert_chain(k.certificaat, k.sleutel or None)
    return context


def persoon_ophalen(*, bsn: str, koppeling: BrpKoppeling) -> BrpPersoon | None:
    """The person with this BSN, or None when the BRP does not know it (an empty `personen`)."""
    lichaam = json.dumps(
        {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [bsn], "fields": VELDEN}
    ).encode()
    verzoek = urllib.request.Request(
        koppeling.url.rstrip("/") + "/personen",
        data=lichaam,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json; charset=utf-8",
            **({"X-API-KEY": koppeling.api_key} if koppeling.api_key else {}),
        },
    )
    context = _context(koppeling) if koppeling.url.startswith("https") else None
    try:
        with urllib.request.urlopen(verzoek, timeout=koppeling.timeout, context=context) as antwoord:
            ruw = antwoord.read(MAX_ANTWOORD_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise BrpFout(f"De BRP weigerde de vraag ({exc.code}: {_probleem(exc)}).") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise BrpFout("De BRP is nu niet bereikbaar; vul de gegevens met de hand in of probeer het later.") from exc
    if len(ruw) > MAX_ANTWOORD_BYTES:
        raise BrpFout("Het antwoord van de BRP is onverwacht groot en is niet gelezen.")
    try:
        data = json.loads(ruw)
    except json.JSONDecodeError as exc:
        raise BrpFout("Het antwoord van de BRP is geen geldige JSON.") from exc
    if data.get("type") != "RaadpleegMetBurgerservicenummer" or not isinstance(data.get("personen"), list):
        raise BrpFout("Het antwoord van de BRP heeft niet de vorm van de specificatie.")
    personen = [persoon_lezen(p) for p in data["personen"] if isinstance(p, dict)]
    return next((p for p in personen if p.bsn == bsn), None)


def _probleem(exc: urllib.error.HTTPError) -> str:
    """The `title` of an RFC 7807 problem+json answer, else the HTTP reason."""
    try:
        return str(json.loads(exc.read(10_000)).get("title") or exc.reason)
    except (json.JSONDecodeError, ValueError, OSError):
        return str(exc.reason)


@dataclass(frozen=True)
class Verschil:
    veld: str
    hier: str
    brp: str


VERGELIJK = ("voorletters", "voorvoegsel", "achternaam", "geboortedatum", "straat", "huisnummer",
             "huisnummer_toevoeging", "postcode", "plaats")  # fmt: skip


def verschillen(gegevens: dict[str, Any], persoon: BrpPersoon) -> list[Verschil]:
    """Where recorded data differ from the BRP (name, address, date of birth; case and spaces ignored)."""
    brp = persoon.als_clientgegevens()

    def gelijk(a: Any, b: Any) -> bool:
        return str(a or "").replace(" ", "").lower() == str(b or "").replace(" ", "").lower()

    return [
        Verschil(v, str(gegevens.get(v) or ""), str(brp.get(v) or ""))
        for v in VERGELIJK
        if brp.get(v) not in (None, "") and not gelijk(gegevens.get(v), brp.get(v))
    ]
