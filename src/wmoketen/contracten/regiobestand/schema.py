"""The shape of a region file (regions/*.yaml). Strict: unknown keys, floats for money and unquoted codes are
refused, so a typo never loads silently. Cross-references are checked in `checks.py`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from wmoketen.catalogus.constants import (
    CakWeek53,
    Declaratiemoment,
    EerstePeriode,
    LaatstePeriode,
    Onderbreking,
    Periodegrid,
    PlafondRegel,
    ProductCategorie,
    WisselAanbieder,
)
from wmoketen.contracten.constants import Procedure, SoortOvereenkomst

# Every length equals the column it lands in (tested), so an over-long value is refused here, in Dutch, with its
# line, and never reaches the database.
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
Naam100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Code30 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
Code50 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Slug = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


Kort10 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10)]
Kort20 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
Kort40 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Kort50 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)]
Kort60 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)]
Kort100 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Kort300 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
CbsCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
AgbCode = Annotated[str, StringConstraints(pattern=r"^\d{8}$")]
ProductCode = Annotated[str, StringConstraints(min_length=1, max_length=5)]
Eurocent = Annotated[StrictInt, Field(ge=0, le=10**13)]  # up to 100 billion euros; fits any bigint column
Maanden = Annotated[StrictInt, Field(ge=1, le=120)]

EenheidNaam = Literal["minuut", "uur", "dagdeel", "etmaal", "stuks", "euro"]
FrequentieNaam = Literal["per_dag", "per_week", "per_maand", "totaal"]
ModelNaam = Literal["pxq", "etmaal", "traject", "profiel", "budget", "taakgericht"]
TariefPerNaam = Literal["eenheid", "week", "maand", "4_weken", "jaar", "traject"]
# Enum fields take their plain value from YAML (strict mode would demand an enum instance).
PeriodegridKeuze = Annotated[Periodegrid, Field(strict=False)]
CakWeek53Keuze = Annotated[CakWeek53, Field(strict=False)]
EerstePeriodeKeuze = Annotated[EerstePeriode, Field(strict=False)]
LaatstePeriodeKeuze = Annotated[LaatstePeriode, Field(strict=False)]
OnderbrekingKeuze = Annotated[Onderbreking, Field(strict=False)]
WisselAanbiederKeuze = Annotated[WisselAanbieder, Field(strict=False)]
DeclaratiemomentKeuze = Annotated[Declaratiemoment, Field(strict=False)]
PlafondRegelKeuze = Annotated[PlafondRegel, Field(strict=False)]
ProductCategorieKeuze = Annotated[ProductCategorie, Field(strict=False)]
SoortOvereenkomstKeuze = Annotated[SoortOvereenkomst, Field(strict=False)]
ProcedureKeuze = Annotated[Procedure, Field(strict=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Geldigheid(Strict):
    geldig_van: date
    geldig_tot: date | None = None


class RegioKop(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,49}$")]
    naam: Tekst
    omschrijving: str = ""
    bron: str = ""
    geldig_van: date
    geldig_tot: date | None = None
    een_perceel_tegelijk: StrictBool = False
    indicatietermijnen_maanden: list[Maanden] = Field(default_factory=list)
    max_indicatie_stabiel_maanden: Maanden = 60
    max_indicatie_verandering_maanden: Maanden = 24
    cak_week_53: CakWeek53Keuze = CakWeek53.PERIODE_13


class GemeenteRegel(Strict):
    cbs_code: CbsCode
    naam: Naam100


class GrondslagRegel(Strict):
    code: Slug
    naam: Naam100


class ProfielRegel(Strict):
    code: Code30
    naam: Tekst
    categorie: Kort40
    intensiteit: Kort40
    aard: Kort60 = ""


class AfrekenregelRegel(Strict):
    code: Slug
    naam: Tekst
    periodegrid: PeriodegridKeuze = Periodegrid.KALENDERMAAND
    eerste_periode: EerstePeriodeKeuze = EerstePeriode.PRO_RATA
    laatste_periode: LaatstePeriodeKeuze = LaatstePeriode.PRO_RATA
    onderbreking: OnderbrekingKeuze = Onderbreking.PRO_RATA
    wissel_aanbieder: WisselAanbiederKeuze = WisselAanbieder.PRO_RATA
    declaratiemoment: DeclaratiemomentKeuze = Declaratiemoment.PER_PERIODE
    toelichting: str = ""


class BekostigingRegel(Geldigheid):
    model: ModelNaam
    eenheid: EenheidNaam | None = None
    frequentie: FrequentieNaam | None = None
    afrekenregel: Slug | None = None
    maximum_budget_cent: Eurocent | None = None
    toelichting: str = ""


class TariefRegel(Geldigheid):
    bedrag_cent: Eurocent
    per: TariefPerNaam = "eenheid"
    demowaarde: StrictBool = False
    bron: Kort300 = ""


class CakKostprijsRegel(Geldigheid):
    bedrag_cent: Eurocent
    per: TariefPerNaam = "4_weken"
    demowaarde: StrictBool = False


class ProductRegel(Strict):
    productcode: ProductCode
    categorie: ProductCategorieKeuze
    naam: Tekst
    omschrijving: str = ""
    regio_productcode: Kort20 = ""
    cak_code: Kort10 = ""
    profiel: Code30 | None = None
    grondslagen: list[Slug] = Field(default_factory=list)
    bekostiging: list[BekostigingRegel] = Field(min_length=1)
    tarieven: list[TariefRegel] = Field(default_factory=list)
    cak_kostprijs: list[CakKostprijsRegel] = Field(default_factory=list)


class PerceelRegel(Strict):
    code: Code
    naam: Tekst
    omschrijving: str = ""
    uitgezonderd_enkel_perceel: StrictBool = False
    producten: list[ProductRegel] = Field(default_factory=list)


class Instrumenten(Strict):
    toegang: str = ""
    bekostiging: str = ""
    leveranciersmanagement: str = ""
    contractduur: Kort100 = ""


class SegmentRegel(Strict):
    code: Code
    naam: Tekst
    omschrijving: str = ""
    instrumenten: Instrumenten = Instrumenten()
    max_indicatie_maanden: Maanden | None = None
    plafondregel: PlafondRegelKeuze | None = None
    percelen: list[PerceelRegel] = Field(min_length=1)


class AanbiederRegel(Strict):
    agb_code: AgbCode
    naam: Tekst
    iban: Annotated[str, StringConstraints(strip_whitespace=True, max_length=34)] = ""
    bic: Annotated[str, StringConstraints(strip_whitespace=True, max_length=11)] = ""
    demo: StrictBool = False


class OvereenkomstRegel(Strict):
    kenmerk: Code50
    aanbieder: AgbCode
    soort: SoortOvereenkomstKeuze
    procedure: ProcedureKeuze
    ingangsdatum: date
    einddatum: date | None = None
    verlengingsopties: Kort50 = ""
    percelen: list[Annotated[str, StringConstraints(pattern=r"^[^/]+/[^/]+$")]] = Field(min_length=1)
    producten: list[ProductCode] = Field(default_factory=list)


class BudgetplafondRegel(Strict):
    aanbieder: AgbCode
    segment: Code
    jaar: Annotated[StrictInt, Field(ge=2000, le=2100)]
    bedrag_cent: Eurocent
    demowaarde: StrictBool = False


class Regiobestand(Strict):
    versie: Code50
    regio: RegioKop
    gemeenten: list[GemeenteRegel] = Field(min_length=1)
    grondslagen: list[GrondslagRegel] = Field(default_factory=list)
    profielen: list[ProfielRegel] = Field(default_factory=list)
    afrekenregels: list[AfrekenregelRegel] = Field(default_factory=list)
    segmenten: list[SegmentRegel] = Field(min_length=1)
    aanbieders: list[AanbiederRegel] = Field(default_factory=list)
    overeenkomsten: list[OvereenkomstRegel] = Field(default_factory=list)
    budgetplafonds: list[BudgetplafondRegel] = Field(default_factory=list)
    instellingen: dict[str, Any] = Field(default_factory=dict)
