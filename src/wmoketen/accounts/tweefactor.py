"""Time-based one-time passwords (RFC 6238) through pyotp: 6 digits, 30-second steps, one step of clock drift."""

from __future__ import annotations

import pyotp

UITGEVER = "wmoketen"


def nieuw_geheim() -> str:
    return pyotp.random_base32()


def provisioning_uri(geheim: str, gebruikersnaam: str) -> str:
    """The otpauth:// address an authenticator app reads (as QR code or typed in)."""
    return pyotp.TOTP(geheim).provisioning_uri(name=gebruikersnaam, issuer_name=UITGEVER)


def code_klopt(geheim: str, code: str) -> bool:
    code = code.strip().replace(" ", "")
    return bool(geheim) and code.isdigit() and len(code) == 6 and pyotp.TOTP(geheim).verify(code, valid_window=1)


def huidige_code(geheim: str) -> str:
    return pyotp.TOTP(geheim).now()
