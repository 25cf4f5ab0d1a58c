"""Test helpers for signing in. Every account needs a second factor (TOTP, each code once):

- `http.force_login(user)` counts as a proven second factor in tests (conftest patches it), like
  `login_met_tweede_factor`, which stays for existing callers;
- `aanmelden(http, user)` goes through the real forms: password, then a fresh code (`code_voor`);
- browser tests use the `ingelogde_pagina` fixture, which types the code too.
"""

from __future__ import annotations

from django.test import Client as HttpClient
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.services import TWEEDE_FACTOR_SLEUTEL
from wmoketen.accounts.tweefactor import volgende_code

WACHTWOORD = "geheim-wachtwoord-1"  # GebruikerFactory's password


def tweede_factor_markeren(http: HttpClient) -> HttpClient:
    sessie = http.session
    sessie[TWEEDE_FACTOR_SLEUTEL] = timezone.now().isoformat()
    sessie.save()
    return http


def login_met_tweede_factor(http: HttpClient, gebruiker: object) -> HttpClient:
    """force_login plus a proven second factor."""
    http.force_login(gebruiker)  # type: ignore[arg-type]
    return tweede_factor_markeren(http)


def code_voor(gebruiker: Gebruiker, geheim: str | None = None) -> str:
    """A code the server will accept now: from a time step this account has not used yet."""
    gebruiker.refresh_from_db(fields=["totp_geheim", "totp_laatste_stap"])
    code = volgende_code(geheim or gebruiker.totp_geheim, na_stap=gebruiker.totp_laatste_stap)
    assert code is not None, "every code of this 90-second window was used already"
    return code


def aanmelden(http: HttpClient, gebruiker: Gebruiker, wachtwoord: str = WACHTWOORD, volgende: str = "/") -> object:
    """Sign in through the real forms: password, then the second factor. Returns the last response."""
    http.post(f"/aanmelden/?next={volgende}", {"username": gebruiker.username, "password": wachtwoord})
    return http.post("/aanmelden/code/", {"code": code_voor(gebruiker), "next": volgende})


def koppeling_kop(*, aanbieder: object = None, gemeente: object = None, naam: str = "testsysteem") -> dict[str, str]:
    """The Authorization header of a new systeemkoppeling for one party (upload endpoint)."""
    from wmoketen.accounts.services import koppeling_aanmaken

    _, token = koppeling_aanmaken(naam=naam, door=None, aanbieder=aanbieder, gemeente=gemeente)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
