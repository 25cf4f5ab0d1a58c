"""What a provider over its budget ceiling may and may not do: `instellingen: plafond:` in a region file, stored in
Regio.instellingen["plafond"]. Validated here with pydantic (at load: a wrong section refuses the file); errors are
Dutch and name the key path.

It applies to the segments whose `plafondregel` is `geen_nieuwe_clienten` ("Bij het bereiken van een plafond wijst
de regio geen nieuwe cliënten meer toe", docs/regios.md, Limburg-Noord 2022). The defaults (a region without a
section) are that reading of the agreement:

- `nieuwe_clienten: weigeren`: a toewijzing for a new client of the provider in that segment is refused while the
  ceiling of the year of its start is reached (`toestaan`: only the signal on the ceiling page);
- `grens_procent: 100`: reached at 100 % of the ceiling;
- `verbruik: goedgekeurd_en_in_behandeling`: what counts is approved plus pending (declarations not yet answered),
  the consumption the ceiling page signals (`goedgekeurd`: approved only);
- `bestaande_client: aanbieder`: a client is not new when an assignment of this provider (any segment) runs on the
  day before the new start or later, e.g. an extension, a re-indication, a conversion or a change of volume
  (`segment`: only an assignment of this provider in the same segment counts).

What stays allowed over the ceiling: the running care, its declarations (this rule holds no payment) and a follow-up
for a client the provider already supports.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from wmoketen.core.invoerfouten import melding


class PlafondInstellingen(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    nieuwe_clienten: Literal["weigeren", "toestaan"] = "weigeren"
    grens_procent: Annotated[StrictInt, Field(ge=1, le=1000)] = 100
    verbruik: Literal["goedgekeurd_en_in_behandeling", "goedgekeurd"] = "goedgekeurd_en_in_behandeling"
    bestaande_client: Literal["aanbieder", "segment"] = "aanbieder"
    bron: str = ""


STANDAARD_PLAFONDINSTELLINGEN = PlafondInstellingen()


class PlafondinstellingenFout(ValueError):
    def __init__(self, fouten: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.fouten = fouten
        super().__init__("\n".join(f"plafond.{'.'.join(map(str, pad))}: {m}" for pad, m in fouten))


def plafondinstellingen_lezen(data: object) -> PlafondInstellingen:
    """Validate a region's plafond section; raise PlafondinstellingenFout with (key path, Dutch message) pairs."""
    if data is None or data == {}:
        return STANDAARD_PLAFONDINSTELLINGEN
    try:
        return PlafondInstellingen.model_validate(data)
    except ValidationError as exc:
        raise PlafondinstellingenFout([(tuple(e["loc"]), melding(e)) for e in exc.errors()]) from exc


def plafondinstellingen_van_regio(instellingen: dict[str, Any] | None) -> PlafondInstellingen:
    """The stored section of a region (validated when the file was loaded)."""
    return plafondinstellingen_lezen((instellingen or {}).get("plafond"))
