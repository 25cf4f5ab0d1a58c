"""BSN checks. The 11-proef comes from python-stdnum (stdnum.nl.bsn), not hand-rolled."""

from __future__ import annotations

from stdnum import exceptions as stdnum_exceptions
from stdnum.nl import bsn as stdnum_bsn

# BSNs starting with 9999 are never issued to persons; RvIG uses them for tests. Demo data stays inside.
TEST_RANGE_PREFIX = "9999"


class BsnFout(ValueError):
    pass


def normaliseer_bsn(value: str) -> str:
    """Return the 9-digit BSN or raise BsnFout with a Dutch message."""
    digits = stdnum_bsn.compact(value) if value else ""
    if len(value.replace(" ", "").replace(".", "")) != 9:
        raise BsnFout("Een BSN heeft 9 cijfers.")
    if not digits.isdigit():
        raise BsnFout("Een BSN bestaat alleen uit cijfers.")
    try:
        return str(stdnum_bsn.validate(value))
    except stdnum_exceptions.InvalidLength as exc:
        raise BsnFout("Een BSN heeft 9 cijfers.") from exc
    except stdnum_exceptions.InvalidFormat as exc:
        raise BsnFout("Een BSN bestaat alleen uit cijfers.") from exc
    except stdnum_exceptions.InvalidChecksum as exc:
        raise BsnFout("Dit BSN voldoet niet aan de elfproef.") from exc


def voldoet_aan_elfproef(value: str) -> bool:
    """`stdnum.nl.bsn.is_valid`, with the same answer for every input, but quicker for what a message holds.

    A 323 carries tens of thousands of BSNs, nearly all exactly nine ASCII digits. For those stdnum's
    normalisation (separators, Unicode dashes, leading zeros) changes nothing, so its own checksum decides
    directly ("000000000" is the one such string it rejects as a number). Anything else goes through stdnum
    whole. An lru_cache would not help: each BSN occurs once in a message."""
    if len(value) == 9 and value.isascii() and value.isdigit():
        return value != "000000000" and stdnum_bsn.checksum(value) == 0
    return bool(stdnum_bsn.is_valid(value))


def is_test_bsn(value: str) -> bool:
    return value.startswith(TEST_RANGE_PREFIX) and stdnum_bsn.is_valid(value)


def test_bsns(aantal: int, start: int = 999_900_000) -> list[str]:
    """The first `aantal` numbers from the test range that pass the 11-proef (for demo data and tests)."""
    found: list[str] = []
    candidate = start
    while len(found) < aantal:
        text = f"{candidate:09d}"
        if not text.startswith(TEST_RANGE_PREFIX):
            raise ValueError("de testreeks van BSN's is op")
        if stdnum_bsn.is_valid(text):
            found.append(text)
        candidate += 1
    return found


test_bsns.__test__ = False  # type: ignore[attr-defined]  # a helper, not a pytest test
