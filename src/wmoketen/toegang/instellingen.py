"""The region's access settings: `instellingen: toegang:` in a region file, stored in Regio.instellingen["toegang"].

Validated here with pydantic; errors are Dutch. A region without a section gets the defaults of domain.py
(score mapping), the profile model and the legal deadlines only; a region with a section must name at least its
resultatenmatrix (and names its work agreements' deadlines under `termijnen`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError, model_validator

from wmoketen.catalogus.constants import LEEFGEBIEDEN
from wmoketen.core.invoerfouten import melding, sleutelpad

from .constants import TermijnCode
from .domain import STANDAARD_PUNTEN, STANDAARD_UITKOMSTEN, Termijn, Uitkomstband, regionale_termijn, termijnen_met

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
CategorieWaarde = Literal["1", "2", "3"]
IntensiteitWaarde = Literal["basis", "aanvullend", "intensief"]
LEEFGEBIED_CODES = tuple(code for code, _ in LEEFGEBIEDEN)
IndicatiemodelWaarde = Literal["profiel", "normenkader", "ontwikkelprofiel", "traject"]


class _Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BandRegel(_Strikt):
    van: StrictInt
    tot: StrictInt
    categorie: CategorieWaarde
    intensiteit: IntensiteitWaarde

    @model_validator(mode="after")
    def _van_tot(self) -> BandRegel:
        if self.tot < self.van:
            raise ValueError(f"'tot' ({self.tot}) ligt vóór 'van' ({self.van})")
        return self


class Beoordeling(_Strikt):
    punten: dict[str, StrictInt] = Field(default_factory=lambda: dict(STANDAARD_PUNTEN))
    uitkomsten: list[BandRegel] = Field(min_length=1)

    @model_validator(mode="after")
    def _dekkend(self) -> Beoordeling:
        if set(self.punten) != set(STANDAARD_PUNTEN):
            raise ValueError("'punten' noemt elke score A, B, C, D en E")
        laagst, hoogst = 5 * min(self.punten.values()), 5 * max(self.punten.values())
        gedekt: list[int] = []
        for band in self.uitkomsten:
            gedekt.extend(range(band.van, band.tot + 1))
        dubbel = sorted({p for p in gedekt if gedekt.count(p) > 1})
        if dubbel:
            raise ValueError(f"uitkomsten overlappen bij {dubbel[0]} punten")
        ontbrekend = [p for p in range(laagst, hoogst + 1) if p not in gedekt]
        if ontbrekend:
            raise ValueError(f"uitkomsten dekken {ontbrekend[0]} punten niet (bereik {laagst} t/m {hoogst})")
        return self

    def banden(self) -> tuple[Uitkomstband, ...]:
        return tuple(Uitkomstband(b.van, b.tot, b.categorie, b.intensiteit) for b in self.uitkomsten)


class ResultaatRegel(_Strikt):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    leefgebied: str
    omschrijving: Tekst

    @model_validator(mode="after")
    def _leefgebied(self) -> ResultaatRegel:
        if self.leefgebied not in LEEFGEBIED_CODES:
            raise ValueError(f"onbekend leefgebied {self.leefgebied!r}; toegestaan: {', '.join(LEEFGEBIED_CODES)}")
        return self


class NormRegel(_Strikt):
    regio_productcode: Tekst
    intensiteit: IntensiteitWaarde
    volume: Annotated[StrictInt, Field(ge=1)]


class TermijnRegel(_Strikt):
    """A deadline of the region's own work agreements: how long, and on which basis (shown with the deadline)."""

    aantal: Annotated[StrictInt, Field(ge=1, le=52)]
    eenheid: Literal["werkdagen", "weken"]
    basis: Tekst
    bron: Tekst


RegionaleTermijnCode = Literal["huisbezoek", "deel2", "akkoord"]


class PostcodegebiedRegel(_Strikt):
    """4-digit postcodes `van` through `tot` lie in this municipality (used to check an address)."""

    cbs_code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    van: Annotated[StrictInt, Field(ge=1000, le=9999)]
    tot: Annotated[StrictInt, Field(ge=1000, le=9999)]


def _standaard_matrix() -> list[ResultaatRegel]:
    return [
        ResultaatRegel(code=f"{i + 1:02d}", leefgebied=code, omschrijving=f"Verbeteren of behouden: {naam}")
        for i, (code, naam) in enumerate(LEEFGEBIEDEN)
    ]


class ToegangInstellingen(_Strikt):
    indicatiemodel: IndicatiemodelWaarde = "profiel"
    beoordeling: Beoordeling | None = None
    resultatenmatrix: list[ResultaatRegel] = Field(min_length=1)
    normenkader: list[NormRegel] = Field(default_factory=list)
    # Four eyes: a beschikking whose yearly cost (plan products x catalogue tariff) is at least this amount needs a
    # second consultant's approval before it takes effect. None: the global WMOKETEN_VIER_OGEN_VANAF_CENT.
    vier_ogen_vanaf_cent: Annotated[StrictInt, Field(ge=0)] | None = None
    # A pgb is this percentage of the yearly cost in kind (the verordening of the municipality sets it).
    pgb_percentage: Annotated[StrictInt, Field(ge=1, le=100)] = 100
    # PC4 ranges per municipality, where the region has them: a postcode in another municipality is refused.
    postcodegebieden: list[PostcodegebiedRegel] = Field(default_factory=list)
    # A move to another municipality of the region: the new municipality takes the provision over ("overnemen":
    # same product, provider and extent, a new assignment from the moving day) or it ends ("beeindigen").
    verhuizing_binnen_regio: Literal["overnemen", "beeindigen"] = "beeindigen"
    # Deadlines of the region's own work agreements (huisbezoek, deel2, akkoord); the legal ones (onderzoek,
    # beschikking, totaal: Wmo 2015) hold everywhere and are not set here. None named: the legal ones only.
    termijnen: dict[RegionaleTermijnCode, TermijnRegel] = Field(default_factory=dict)
    toelichting: str = ""

    @model_validator(mode="after")
    def _samenhang(self) -> ToegangInstellingen:
        codes = [r.code for r in self.resultatenmatrix]
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        if dubbel:
            raise ValueError(f"resultaatcode {dubbel[0]!r} staat meer dan eens in de resultatenmatrix")
        if self.indicatiemodel == "normenkader" and not self.normenkader:
            raise ValueError("bij indicatiemodel 'normenkader' hoort een normenkader")
        return self

    def banden(self) -> tuple[Uitkomstband, ...]:
        return self.beoordeling.banden() if self.beoordeling else STANDAARD_UITKOMSTEN

    def alle_termijnen(self) -> dict[TermijnCode, Termijn]:
        """The legal deadlines plus this region's own, in process order (toegang.domain.termijnen_met)."""
        return termijnen_met(
            {
                TermijnCode(code): regionale_termijn(
                    TermijnCode(code), aantal=r.aantal, eenheid=r.eenheid, basis=r.basis, bron=r.bron
                )
                for code, r in self.termijnen.items()
            }
        )

    def punten(self) -> dict[str, int]:
        return dict(self.beoordeling.punten) if self.beoordeling else dict(STANDAARD_PUNTEN)

    def resultaat(self, code: str) -> ResultaatRegel | None:
        return next((r for r in self.resultatenmatrix if r.code == code), None)

    def norm(self, regio_productcode: str, intensiteit: str) -> int | None:
        return next(
            (
                n.volume
                for n in self.normenkader
                if n.regio_productcode == regio_productcode and n.intensiteit == intensiteit
            ),
            None,
        )


# Without a section, a region gets the default mapping and a generic matrix: one result per life domain.
STANDAARD_INSTELLINGEN = ToegangInstellingen(resultatenmatrix=_standaard_matrix())


class InstellingenFout(ValueError):
    def __init__(self, fouten: list[str]) -> None:
        self.fouten = fouten
        super().__init__("\n".join(fouten))


def instellingen_lezen(data: object) -> ToegangInstellingen:
    """Validate a region's toegang section; raise InstellingenFout with Dutch messages naming the key path."""
    if data is None or data == {}:
        return STANDAARD_INSTELLINGEN
    try:
        return ToegangInstellingen.model_validate(data)
    except ValidationError as exc:
        raise InstellingenFout([f"{sleutelpad('toegang', e['loc'])}: {melding(e)}" for e in exc.errors()]) from exc


def instellingen_van_regio(instellingen: dict[str, Any] | None) -> ToegangInstellingen:
    return instellingen_lezen((instellingen or {}).get("toegang"))


def termijnen_van_regio(instellingen: dict[str, Any] | None) -> dict[TermijnCode, Termijn]:
    """The access deadlines of a region (Regio.instellingen): the legal ones plus the region's own work agreements.
    A stored section that no longer validates gives the legal ones only (never a page error)."""
    try:
        return instellingen_van_regio(instellingen).alle_termijnen()
    except InstellingenFout:
        return termijnen_met({})
