"""Map catalogue models onto the engine's plain inputs. Reads attributes only: no queries beyond the related
objects passed in, and no import of Django models, so the pure modules stay free of the ORM."""

from __future__ import annotations

from typing import Any

from .feiten import Afrekenregels, Bekostigingsregel, Tariefregel
from .perioden import CakGrid


def afrekenregels_from_model(afrekenregel: Any, *, factuur_pas_na_startbericht: bool = False) -> Afrekenregels:
    """catalogus.Afrekenregel (with its regio: the CAK calendar) -> Afrekenregels. The OP364 deviation is not a
    model field; pass it explicitly."""
    return Afrekenregels(
        periodegrid=str(afrekenregel.periodegrid),
        eerste_periode=str(afrekenregel.eerste_periode),
        laatste_periode=str(afrekenregel.laatste_periode),
        onderbreking=str(afrekenregel.onderbreking),
        wissel_aanbieder=str(afrekenregel.wissel_aanbieder),
        declaratiemoment=str(afrekenregel.declaratiemoment),
        factuur_pas_na_startbericht=factuur_pas_na_startbericht,
        cak_grid=CakGrid(week_53=str(afrekenregel.regio.cak_week_53)),
    )


def bekostigingsregel_from_model(bekostiging: Any) -> Bekostigingsregel:
    """catalogus.Bekostiging (with its afrekenregel) -> Bekostigingsregel."""
    afrekenregel = bekostiging.afrekenregel
    return Bekostigingsregel(
        geldig_van=bekostiging.geldig_van,
        geldig_tot=bekostiging.geldig_tot,
        model=str(bekostiging.model),
        eenheid=str(bekostiging.eenheid or ""),
        frequentie=str(bekostiging.frequentie or ""),
        afrekenregels=afrekenregels_from_model(afrekenregel) if afrekenregel is not None else None,
        maximum_budget_cent=bekostiging.maximum_budget_cent,
    )


def tariefregel_from_model(tarief: Any) -> Tariefregel:
    """catalogus.Tarief or catalogus.CakKostprijs -> Tariefregel."""
    return Tariefregel(
        geldig_van=tarief.geldig_van, geldig_tot=tarief.geldig_tot, bedrag_cent=tarief.bedrag_cent, per=str(tarief.per)
    )
