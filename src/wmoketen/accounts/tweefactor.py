"""Time-based one-time passwords (RFC 6238) through pyotp: 6 digits, 30-second steps, one step of clock drift.

A code is accepted for one time step only once: `geldige_stap` returns the step the code belongs to, and the
caller stores it (Gebruiker.totp_laatste_stap) so that the same code, or an older one, is refused afterwards."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
from django.utils import timezone

UITGEVER = "wmoketen"
STAP_SECONDEN = 30
DRIFT = 1  # steps before and after now that still count (the phone's clock may be 30 seconds off)


def nieuw_geheim() -> str:
    return pyotp.random_base32()


def provisioning_uri(geheim: str, gebruikersnaam: str) -> str:
    """The otpauth:// address an authenticator app reads (as QR code or typed in)."""
    return pyotp.TOTP(geheim, interval=STAP_SECONDEN).provisioning_uri(name=gebruikersnaam, issuer_name=UITGEVER)


def stap_van(moment: datetime) -> int:
    return int(moment.timestamp()) // STAP_SECONDEN


def geldige_stap(geheim: str, code: str, *, na_stap: int | None, nu: datetime | None = None) -> int | None:
    """The time step within the drift window whose code this is and that comes after `na_stap`, or None."""
    code = code.strip().replace(" ", "")
    if not geheim or not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(geheim, interval=STAP_SECONDEN)
    huidige = stap_van(nu or timezone.now())
    for stap in range(huidige - DRIFT, huidige + DRIFT + 1):
        if (na_stap is None or stap > na_stap) and hmac.compare_digest(totp.generate_otp(stap), code):
            return stap
    return None


def code_voor_stap(geheim: str, stap: int) -> str:
    return pyotp.TOTP(geheim, interval=STAP_SECONDEN).generate_otp(stap)


def volgende_code(geheim: str, *, na_stap: int | None, nu: datetime | None = None) -> str | None:
    """The code that would be accepted now (the demo's `wmoketen demo code`, tests), or None when every step in
    the window has been used."""
    huidige = stap_van(nu or timezone.now())
    stap = max(huidige, (na_stap if na_stap is not None else huidige - 1) + 1)
    return code_voor_stap(geheim, stap) if stap <= huidige + DRIFT else None
