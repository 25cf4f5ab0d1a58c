"""The letterhead of each municipality: name, department, addresses, contact, signatory, colour and logo, as region
data in the region file (`instellingen: brieven: gemeenten:`). Validated here (pydantic, Dutch messages); a
municipality without an entry gets a plain letterhead with its own name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from wmoketen.core.invoerfouten import melding, sleutelpad

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Kleur = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
LOGO_SOORTEN = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 500_000


class Ondertekening(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    naam: Tekst
    functie: Tekst


class Huisstijl(BaseModel):
    """One municipality's letterhead."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cbs_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    naam: Tekst  # "Gemeente Weert"
    afdeling: Tekst = "Team Wmo"
    bezoekadres: str = ""
    postadres: str = ""
    telefoon: str = ""
    email: str = ""
    website: str = ""
    ondertekening: Ondertekening | None = None
    kleur: Kleur = "#154273"
    logo: str = ""  # path relative to the regions folder (WMOKETEN_REGIO_MAP), PNG or JPEG
    demowaarde: bool = False

    @field_validator("logo")
    @classmethod
    def _logo(cls, waarde: str) -> str:
        if waarde and not waarde.lower().endswith(LOGO_SOORTEN):
            raise ValueError("een logo is een PNG- of JPEG-bestand")
        if ".." in Path(waarde).parts or Path(waarde).is_absolute():
            raise ValueError("een logo staat in de map met regiobestanden (geen '..' of absoluut pad)")
        return waarde

    def logo_pad(self) -> Path | None:
        return Path(settings.WMOKETEN_REGIO_MAP) / self.logo if self.logo else None

    @property
    def contactregels(self) -> list[str]:
        return [r for r in (self.bezoekadres, self.postadres, self.telefoon, self.email, self.website) if r]


class Brieveninstellingen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    gemeenten: list[Huisstijl] = Field(default_factory=list)


class HuisstijlFout(ValueError):
    def __init__(self, fouten: list[str]) -> None:
        self.fouten = fouten
        super().__init__("\n".join(fouten))


def brieveninstellingen_lezen(data: object) -> Brieveninstellingen:
    """Validate `instellingen: brieven:`; HuisstijlFout names the key path in Dutch."""
    if not data:
        return Brieveninstellingen()
    try:
        inst = Brieveninstellingen.model_validate(data)
    except ValidationError as exc:
        raise HuisstijlFout([f"{sleutelpad('brieven', e['loc'])}: {melding(e)}" for e in exc.errors()]) from exc
    codes = [g.cbs_code for g in inst.gemeenten]
    dubbel = sorted({c for c in codes if codes.count(c) > 1})
    if dubbel:
        raise HuisstijlFout([f"brieven.gemeenten: gemeente {dubbel[0]} staat er meer dan eens in"])
    return inst


def huisstijl_van(*, instellingen: dict[str, Any] | None, cbs_code: str, gemeentenaam: str) -> Huisstijl:
    """The letterhead for a municipality from its region's settings, or a plain one with its name."""
    for h in brieveninstellingen_lezen((instellingen or {}).get("brieven")).gemeenten:
        if h.cbs_code == cbs_code:
            return h
    return Huisstijl(cbs_code=cbs_code, naam=f"Gemeente {gemeentenaam}")


def huisstijl_voor(melding: Any) -> Huisstijl:
    """The letterhead of the client's municipality, from the settings of the melding's region."""
    gemeente = melding.client.gemeente
    return huisstijl_van(
        instellingen=melding.regio.instellingen, cbs_code=gemeente.cbs_code, gemeentenaam=gemeente.naam
    )
