"""core.invoerfouten: pydantic's errors in Dutch with the key path as a person writes it."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from wmoketen.core.invoerfouten import melding, sleutelpad


class Regel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    soort: Literal["a", "b"]
    bedrag_cent: StrictInt
    aantal: Annotated[StrictInt, Field(ge=1, le=5)] = 1


class Bestand(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    regels: list[Regel]


def fouten(data: object) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        Bestand.model_validate(data)
    return [f"{sleutelpad('x', e['loc'])}: {melding(e)}" for e in exc.value.errors()]


def test_meldingen_in_het_nederlands_met_het_pad_vanaf_1() -> None:
    assert fouten({"regels": [{"soort": "a", "bedrag_cent": 1}, {"soort": "c", "bedrag_cent": 1.5, "aantal": 9}]}) == [
        "x.regels[2].soort: onbekende waarde 'c'; toegestaan: 'a' of 'b'",
        "x.regels[2].bedrag_cent: bedragen staan in hele eurocenten (geheel getal), niet als kommagetal: 1.5",
        "x.regels[2].aantal: is te groot (hoogstens 5)",
    ]
    assert fouten({"regels": [{"bedrag_cent": 1, "extra": 0}]}) == [
        "x.regels[1].soort: verplicht veld ontbreekt",
        "x.regels[1].extra: onbekende sleutel (tikfout?)",
    ]


def test_sleutelpad_zonder_wortel_en_zonder_interne_stappen() -> None:
    assert sleutelpad("", ("a", 0, "function-after[x]", "b")) == "a[1].b"
