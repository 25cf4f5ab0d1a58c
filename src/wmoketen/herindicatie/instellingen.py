"""The region's evaluation and re-indication settings: `instellingen: herindicatie:` in a region file, stored in
Regio.instellingen["herindicatie"]. Validated here with pydantic; errors are Dutch and name the key path.

Defaults (a region without a section): an interim evaluation every 6 months; a trajectory shorter than 6 months
gets only an end evaluation; from 24 months the term is split into parts of about 12 months; an end evaluation
at every closure; the expiry signal 10 working days before the latest melding date.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, model_validator

from wmoketen.core.invoerfouten import melding, sleutelpad

from .domain import Evaluatieregels

Maanden = Annotated[StrictInt, Field(ge=1, le=120)]


class _Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Evaluatie(_Strikt):
    interval_maanden: Maanden = 6
    kort_traject_maanden: Maanden = 6
    lang_traject_vanaf_maanden: Maanden = 24
    interval_lang_maanden: Maanden = 12
    eind_evaluatie: StrictBool = True

    @model_validator(mode="after")
    def _samenhang(self) -> Evaluatie:
        if self.interval_lang_maanden < self.interval_maanden:
            raise ValueError("interval_lang_maanden is korter dan interval_maanden")
        if self.lang_traject_vanaf_maanden < self.kort_traject_maanden:
            raise ValueError("lang_traject_vanaf_maanden ligt onder kort_traject_maanden")
        return self


class HerindicatieInstellingen(_Strikt):
    evaluatie: Evaluatie = Field(default_factory=Evaluatie)
    signaal_marge_werkdagen: Annotated[StrictInt, Field(ge=0, le=60)] = 10
    capaciteit_per_consulent_per_week: Annotated[StrictInt, Field(ge=1, le=100)] = 8
    toelichting: str = ""

    def evaluatieregels(self) -> Evaluatieregels:
        e = self.evaluatie
        return Evaluatieregels(
            interval_maanden=e.interval_maanden,
            kort_traject_maanden=e.kort_traject_maanden,
            lang_traject_vanaf_maanden=e.lang_traject_vanaf_maanden,
            interval_lang_maanden=e.interval_lang_maanden,
            eind_evaluatie=e.eind_evaluatie,
        )


STANDAARD_INSTELLINGEN = HerindicatieInstellingen()


class InstellingenFout(ValueError):
    def __init__(self, fouten: list[str]) -> None:
        self.fouten = fouten
        super().__init__("\n".join(fouten))


def instellingen_lezen(data: object) -> HerindicatieInstellingen:
    """Validate a region's herindicatie section; raise InstellingenFout with Dutch messages naming the key path."""
    if data is None or data == {}:
        return STANDAARD_INSTELLINGEN
    try:
        return HerindicatieInstellingen.model_validate(data)
    except ValidationError as exc:
        raise InstellingenFout([f"{sleutelpad('herindicatie', e['loc'])}: {melding(e)}" for e in exc.errors()]) from exc


def instellingen_van_regio(instellingen: dict[str, Any] | None) -> HerindicatieInstellingen:
    return instellingen_lezen((instellingen or {}).get("herindicatie"))
