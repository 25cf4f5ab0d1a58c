"""Money is integer eurocents everywhere; these helpers only format and parse at the edges."""

from __future__ import annotations

import re

_PARSE = re.compile(r"^\s*(?:€\s*)?(-)?\s*(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?\s*$")


def format_euro(cents: int | None) -> str:
    """12345678 -> '€ 123.456,78' (Dutch notation)."""
    if cents is None:
        return "–"
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"bedragen zijn gehele eurocenten, geen {type(cents).__name__}")
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"€ {sign}{grouped},{rest:02d}"


def parse_euro(text: str) -> int:
    """'€ 1.234,5' -> 123450. Refuses anything that is not an exact Dutch amount."""
    match = _PARSE.match(text)
    if not match:
        raise ValueError(f"'{text}' is geen bedrag in euro's (bijvoorbeeld 1.234,56)")
    sign, euros, cents = match.groups()
    value = int(euros.replace(".", "")) * 100 + int((cents or "0").ljust(2, "0"))
    return -value if sign else value
