"""Bank accounts of providers, checked with python-stdnum: the IBAN's country format and check digits (ISO 13616,
mod-97) and, when given, the BIC (ISO 9362) of the same country and, for a Dutch IBAN, of the IBAN's bank. The
region file, the admin and the payment batch use this one check: a provider without a valid account is never paid.
"""

from __future__ import annotations

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError


def rekeningfout(*, iban: str, bic: str = "") -> str | None:
    """None when the account can be paid to, else the reason in Dutch."""
    if not iban.strip():
        return "Er is geen IBAN vastgelegd."
    try:
        nummer = stdnum_iban.validate(iban)
    except ValidationError:
        return f"IBAN {iban} is ongeldig: {_ibanfout(iban)}."
    if not bic.strip():
        return None
    try:
        code = stdnum_bic.validate(bic)
    except ValidationError:
        return f"BIC {bic} is ongeldig."
    if code[4:6] != nummer[:2]:
        return f"BIC {code} hoort bij een ander land ({code[4:6]}) dan IBAN {stdnum_iban.format(nummer)}."
    if nummer[:2] == "NL" and code[:4] != nummer[4:8]:
        return f"BIC {code} hoort niet bij de bank van IBAN {stdnum_iban.format(nummer)} (bankcode {nummer[4:8]})."
    return None


def _ibanfout(iban: str) -> str:
    """Why an IBAN fails: its structure for the country (checked with the check digits put right, since stdnum
    checks the digits first), or only its check digits."""
    compact = stdnum_iban.compact(iban)
    try:
        stdnum_iban.validate(compact[:2] + stdnum_iban.calc_check_digits(compact) + compact[4:])
    except ValidationError:
        return f"de opbouw klopt niet voor het land {compact[:2]}"
    return "de controlecijfers kloppen niet (mod-97)"


def iban_compact(iban: str) -> str:
    """The IBAN without spaces, in capitals (as the pain.001 file carries it)."""
    return str(stdnum_iban.compact(iban))
