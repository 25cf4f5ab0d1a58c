"""pydantic's validation errors in Dutch, for the YAML and settings a person writes (the region file and its
`instellingen:` sections, the conversion definitions): one text per kind of error, and the key path as the person
wrote it (`toegang.beoordeling.uitkomsten[2].tot`). Every reader of such a file uses these two functions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

DATUM = "moet een datum zijn in de vorm JJJJ-MM-DD"

MELDINGEN = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekende sleutel (tikfout?)",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "string_type": 'moet tekst zijn; zet codes tussen aanhalingstekens, bijvoorbeeld "0946"',
    "date_type": DATUM,
    "date_from_datetime_parsing": DATUM,
    "date_parsing": DATUM,
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een groep sleutels zijn",
    "model_type": "moet een groep sleutels zijn",
    "too_short": "mag niet leeg zijn",
    "string_too_short": "mag niet leeg zijn",
}


def melding(error: Any) -> str:
    """The Dutch text of one pydantic error (an item of `ValidationError.errors()`)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    invoer = error.get("input")
    veld = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "")
    if kind in {"int_type", "int_from_float"} and isinstance(invoer, float) and veld.endswith("_cent"):
        return f"bedragen staan in hele eurocenten (geheel getal), niet als kommagetal: {invoer!r}"
    if kind in {"enum", "literal_error"}:
        toegestaan = str(ctx.get("expected", "")).replace(" or ", " of ")
        return f"onbekende waarde {invoer!r}; toegestaan: {toegestaan}"
    if kind == "string_pattern_mismatch":
        if veld == "cbs_code":
            return f"{invoer!r} is geen CBS-gemeentecode (precies 4 cijfers)"
        if veld in {"agb_code", "aanbieder"}:
            return f"{invoer!r} is geen AGB-code (precies 8 cijfers)"
        return f"{invoer!r} heeft niet de juiste vorm ({ctx.get('pattern', '')})"
    if kind == "string_too_long":
        return f"is te lang (hoogstens {ctx.get('max_length')} tekens)"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"is te klein (minstens {ctx.get('ge', ctx.get('gt'))})"
    if kind in {"less_than_equal", "less_than"}:
        return f"is te groot (hoogstens {ctx.get('le', ctx.get('lt'))})"
    if kind == "value_error":  # a model's own check (model_validator): its text is already Dutch
        return str(ctx.get("error", error["msg"]))
    return MELDINGEN.get(kind, error["msg"])


def sleutelpad(wortel: str, loc: Sequence[int | str]) -> str:
    """('beoordeling', 'uitkomsten', 1, 'tot') under 'toegang' -> 'toegang.beoordeling.uitkomsten[2].tot' (lists
    count from 1, as a person does; pydantic's internal 'function-...' steps are left out)."""
    uit = wortel
    for deel in loc:
        if isinstance(deel, int):
            uit += f"[{deel + 1}]"
        elif not deel.startswith("function-"):
            uit += f".{deel}" if uit else deel
    return uit
