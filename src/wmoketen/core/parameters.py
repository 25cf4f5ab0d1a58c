"""Query parameters read strictly (issue 13 item 8).

A parameter that cannot be read (`jaar=abc`, a page number that is no number, a date that does not exist, a value
outside its list) is a bad request: 400 with the Dutch 400 page saying which parameter, never a silent default
(the user would see another year than the one asked for and not know it). An absent or empty parameter takes the
default. The message names the parameter, never the value (it may be hostile or a BSN).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import BadRequest

# more digits than any id or year we read: refused before int() (which would accept 4,300 digits)
_MAX_CIJFERS = 10
MAX_ID = 2**31 - 1  # a PostgreSQL integer column


class OngeldigeParameter(BadRequest):
    """A query parameter that cannot be read; the message is Dutch and shown on the 400 page."""


def _tekst(params: Mapping[str, Any], naam: str) -> str:
    waarde = params.get(naam)
    return waarde.strip() if isinstance(waarde, str) else ""


def getal(
    params: Mapping[str, Any], naam: str, *, standaard: int | None = None, minimum: int = 0, maximum: int = MAX_ID
) -> int | None:
    """A whole number between `minimum` and `maximum` (an id, a page, a year), or `standaard` when absent."""
    tekst = _tekst(params, naam)
    if not tekst:
        return standaard
    if len(tekst) > _MAX_CIJFERS or not (tekst.isascii() and tekst.isdigit()) or not minimum <= int(tekst) <= maximum:
        raise OngeldigeParameter(
            f"De parameter ‘{naam}’ in het adres moet een geheel getal van {minimum} tot en met {maximum} zijn."
        )
    return int(tekst)


def jaar(params: Mapping[str, Any], naam: str = "jaar", *, standaard: int) -> int:
    tekst = _tekst(params, naam)
    if tekst and not (len(tekst) == 4 and tekst.isascii() and tekst.isdigit() and 1900 <= int(tekst) <= 2999):
        raise OngeldigeParameter(f"De parameter ‘{naam}’ in het adres moet een jaartal zijn, bijvoorbeeld 2026.")
    return int(tekst) if tekst else standaard


def pagina(params: Mapping[str, Any], naam: str = "pagina") -> int:
    """A page number (1 and up); a number beyond the last page shows the last page (Paginator.get_page)."""
    return getal(params, naam, standaard=1, minimum=1, maximum=1_000_000) or 1


def datum(params: Mapping[str, Any], naam: str, *, standaard: date) -> date:
    """A date as the date inputs send it (jjjj-mm-dd)."""
    tekst = _tekst(params, naam)
    if not tekst:
        return standaard
    try:
        if len(tekst) != 10:
            raise ValueError(tekst)
        return date.fromisoformat(tekst)
    except ValueError:
        raise OngeldigeParameter(
            f"De parameter ‘{naam}’ in het adres moet een bestaande datum zijn (jjjj-mm-dd)."
        ) from None


def keuze(params: Mapping[str, Any], naam: str, toegestaan: Collection[str], *, standaard: str = "") -> str:
    """One value of a fixed list (a status, a sort order, a filter)."""
    tekst = _tekst(params, naam)
    if not tekst:
        return standaard
    if tekst not in toegestaan:
        raise OngeldigeParameter(f"De parameter ‘{naam}’ in het adres heeft een waarde die niet in de lijst staat.")
    return tekst
