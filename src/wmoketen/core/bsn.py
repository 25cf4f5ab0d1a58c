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
