"""Plain inputs of the settlement engine. Adapters (adapters.py) map the Django models onto these.

Codes are the catalogue's values (catalogus.constants): Bekostigingsmodel 'pxq'/'profiel'/..., Eenheid '01'/'04'/...,
Frequentie '1'/'2'/'4'/'6', TariefPer 'eenheid'/'4_weken'/... Plain strings are fine: TextChoices compare equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from wmoketen.core.geldigheid import geldig_op, rij_geldig_op

from .fouten import GeenTarief
from .perioden import CakGrid, Grid, Kalendermaandgrid, Periode


@dataclass(frozen=True)
class Afrekenregels:
    """How a settlement period is paid (catalogus.Afrekenregel).

    `factuur_pas_na_startbericht` is a regional deviation that conflicts with iWmo OP364 (payment may not
    depend on start/stop messages). The standard wins: default off; see docs/afrekenen.md.
    """

    periodegrid: str = "kalendermaand"
    eerste_periode: str = "pro_rata"
    laatste_periode: str = "pro_rata"
    onderbreking: str = "pro_rata"
    wissel_aanbieder: str = "pro_rata"
    declaratiemoment: str = "per_periode"
    factuur_pas_na_startbericht: bool = False
    cak_grid: CakGrid = field(default_factory=CakGrid)

    @property
    def grid(self) -> Grid:
        return self.cak_grid if self.periodegrid == "cak_4_weken" else Kalendermaandgrid()


MLW_2018 = Afrekenregels(
    periodegrid="cak_4_weken",
    eerste_periode="niets",
    laatste_periode="volledig",
    onderbreking="volledig",
    wissel_aanbieder="oude_aanbieder",
    declaratiemoment="per_periode",
)
"""The 2018 Midden-Limburg West rule: start period nothing, end period in full, interruption in full, the old
provider keeps the period of a switch (regions/midden-limburg-west-2018.yaml, afrekenregel cak-periode)."""


@dataclass(frozen=True)
class Bekostigingsregel:
    """How a product is funded in a period (catalogus.Bekostiging)."""

    geldig_van: date
    geldig_tot: date | None
    model: str
    eenheid: str = ""
    frequentie: str = ""
    afrekenregels: Afrekenregels | None = None
    maximum_budget_cent: int | None = None


@dataclass(frozen=True)
class Tariefregel:
    """A price in a period (catalogus.Tarief), integer eurocents; `per` is a TariefPer value."""

    geldig_van: date
    geldig_tot: date | None
    bedrag_cent: int
    per: str = "eenheid"

    def geldig_op(self, dag: date) -> bool:
        return geldig_op(self.geldig_van, self.geldig_tot, dag)


def tarief_op(tarieven: Sequence[Tariefregel], dag: date) -> Tariefregel:
    """The first tariff valid on `dag` (`core.geldigheid.rij_geldig_op`); GeenTarief when there is none."""
    tarief = rij_geldig_op(tarieven, dag)
    if tarief is None:
        raise GeenTarief(_geen_tarief_tekst(tarieven, dag))
    return tarief


def _geen_tarief_tekst(tarieven: Sequence[Tariefregel], dag: date) -> str:
    tekst = f"Er is geen contracttarief geldig op {dag:%d-%m-%Y}"
    eerder = [t.geldig_tot for t in tarieven if t.geldig_tot is not None and t.geldig_tot < dag]
    later = [t.geldig_van for t in tarieven if t.geldig_van > dag]
    if eerder:
        tekst += f" (het tarief liep tot en met {max(eerder):%d-%m-%Y})"
    elif later:
        tekst += f" (het tarief geldt vanaf {min(later):%d-%m-%Y})"
    return tekst + "."


@dataclass(frozen=True)
class Toewijzingsfeiten:
    """What the settlement needs to know about one assigned product (toewijzingen.ToegewezenProduct).

    `onderbrekingen`: periods in which care was interrupted (admission, holiday) while the assignment ran.
    `begin_door_wissel` / `einde_door_wissel`: the assignment starts or ends because the client switched provider.
    `traject_afgerond_op`: the day the result of a traject was established (IV089), if it was.
    `startbericht_ontvangen`: only read when the regional OP364 deviation is switched on.
    """

    ingangsdatum: date
    einddatum: date | None
    volume: int | None = None
    eenheid: str = ""
    frequentie: str = ""
    budget_cent: int | None = None
    productcategorie: str = ""
    onderbrekingen: tuple[Periode, ...] = ()
    begin_door_wissel: bool = False
    einde_door_wissel: bool = False
    traject_afgerond_op: date | None = None
    startbericht_ontvangen: bool | None = None

    def looptijd(self, horizon: date | None = None) -> Periode:
        """The assignment as a period; an open end is cut at `horizon` (required then)."""
        eind = self.einddatum or horizon
        if eind is None:
            raise ValueError("een toewijzing zonder einddatum vraagt een peildatum (horizon)")
        return Periode(self.ingangsdatum, eind)
