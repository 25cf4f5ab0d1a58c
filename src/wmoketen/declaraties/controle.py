"""Check an incoming (or draft) prestatie against the assignment, tariff and entitlement.

Each finding carries the iWmo rule and, where the standard has one, the retourcode for the 325 answer. A prestatie
with any blocking finding is rejected as a whole (iWmo approves or rejects prestaties, never part of one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from wmoketen.core.money import format_euro

from .afrekening import max_volume_in_periode, max_volume_totaal
from .bedragen import minuten_bedrag, minuuttarief
from .feiten import Afrekenregels, Bekostigingsregel, Tariefregel, Toewijzingsfeiten, tarief_op
from .perioden import Periode, is_een_kalendermaand


@dataclass(frozen=True)
class Prestatie:
    """One prestatie of a 323 (debet). `geleverd_volume` is in `eenheid`; for eenheid 83 it is cents."""

    productperiode: Periode
    geleverd_volume: int
    eenheid: str
    ingediend_bedrag_cent: int
    product_tarief_cent: int | None = None
    referentie: str = ""


@dataclass(frozen=True)
class Bevinding:
    regel: str
    melding: str
    retourcode: str | None = None
    blokkerend: bool = True


@dataclass(frozen=True)
class Controleresultaat:
    prestatie: Prestatie
    bevindingen: tuple[Bevinding, ...]

    @property
    def goedgekeurd(self) -> bool:
        return not any(b.blokkerend for b in self.bevindingen)

    @property
    def goedgekeurd_bedrag_cent(self) -> int:
        return self.prestatie.ingediend_bedrag_cent if self.goedgekeurd else 0

    @property
    def retourcodes(self) -> tuple[str, ...]:
        return tuple(b.retourcode for b in self.bevindingen if b.blokkerend and b.retourcode)


@dataclass(frozen=True)
class Controlecontext:
    """Everything a check needs besides the prestatie itself.

    `eerder_goedgekeurd`: prestaties of this assignment already approved (for the cumulative and budget checks).
    `maandaanspraak_cent`: for amount-based products (profiel/traject), the entitlement per month label
    ('2018-02') from maandtoedeling; a prestatie may not exceed what is left of it.
    """

    bekostiging: Bekostigingsregel
    tarieven: Sequence[Tariefregel]
    toewijzing: Toewijzingsfeiten
    eerder_goedgekeurd: Sequence[Prestatie] = ()
    maandaanspraak_cent: Mapping[str, int] | None = field(default=None)


def volume_in_eenheid_toewijzing(prestatie: Prestatie, toewijzing: Toewijzingsfeiten) -> tuple[int, int]:
    """(volume, factor): volume expressed so it compares with the assignment: minutes vs hours -> (minutes, 60)."""
    if prestatie.eenheid == "01" and toewijzing.eenheid == "04":
        return prestatie.geleverd_volume, 60
    return prestatie.geleverd_volume, 1


def verwacht_bedrag(prestatie: Prestatie, tarief_cent: int, toewijzing_eenheid: str) -> int:
    """TR346/CS339/IV081: the amount a prestatie must carry."""
    if prestatie.eenheid == "83":
        return prestatie.geleverd_volume
    if prestatie.eenheid == "01" and toewijzing_eenheid == "04":
        return minuten_bedrag(tarief_cent, prestatie.geleverd_volume)
    return prestatie.geleverd_volume * tarief_cent


def controleer_prestatie(prestatie: Prestatie, context: Controlecontext) -> Controleresultaat:
    toewijzing = context.toewijzing
    regels = context.bekostiging.afrekenregels or Afrekenregels()
    bevindingen: list[Bevinding] = []
    pp = prestatie.productperiode

    if not is_een_kalendermaand(pp):
        bevindingen.append(Bevinding("CS337", f"De productperiode {pp} valt niet binnen één kalendermaand.", "0001"))
    if pp.van < toewijzing.ingangsdatum:
        bevindingen.append(
            Bevinding(
                "TR307", f"De productperiode begint voor de ingangsdatum {toewijzing.ingangsdatum:%d-%m-%Y}.", "9307"
            )
        )
    if toewijzing.einddatum is not None and pp.tot > toewijzing.einddatum:
        bevindingen.append(
            Bevinding("TR308", f"De productperiode eindigt na de einddatum {toewijzing.einddatum:%d-%m-%Y}.", "9308")
        )
    eenheid_past = prestatie.eenheid == toewijzing.eenheid or (prestatie.eenheid == "01" and toewijzing.eenheid == "04")
    if toewijzing.eenheid and not eenheid_past:
        bevindingen.append(
            Bevinding(
                "TR341", f"Eenheid {prestatie.eenheid} past niet bij de toewijzing ({toewijzing.eenheid}).", "9341"
            )
        )
    if bevindingen:
        return Controleresultaat(prestatie, tuple(bevindingen))

    bevindingen += _bedrag_en_tarief(prestatie, context)
    bevindingen += _volume(prestatie, context)
    bevindingen += _budget(prestatie, context)
    bevindingen += _maandaanspraak(prestatie, context)
    if regels.factuur_pas_na_startbericht and toewijzing.startbericht_ontvangen is False:
        bevindingen.append(
            Bevinding(
                "REGIO-START",
                "Regionale afspraak: declareren pas na een startbericht; dat ontbreekt. Let op: iWmo OP364 "
                "verbiedt afkeuren hierop, deze afwijking staat bewust aan.",
            )
        )
    return Controleresultaat(prestatie, tuple(bevindingen))


def _bedrag_en_tarief(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    bevindingen = []
    if prestatie.eenheid == "83":
        if prestatie.ingediend_bedrag_cent != prestatie.geleverd_volume:
            bevindingen.append(
                Bevinding(
                    "CS339", "Bij eenheid euro's is het ingediende bedrag gelijk aan het volume in centen.", "0001"
                )
            )
        return bevindingen
    contract = tarief_op(context.tarieven, prestatie.productperiode.van).bedrag_cent
    in_minuten = prestatie.eenheid == "01" and context.toewijzing.eenheid == "04"
    toegestaan = {contract, minuuttarief(contract)} if in_minuten else {contract}
    if prestatie.product_tarief_cent not in toegestaan:
        bevindingen.append(
            Bevinding(
                "TR418",
                f"Het tarief {format_euro(prestatie.product_tarief_cent)} wijkt af van het contracttarief "
                f"{format_euro(contract)}.",
                "0611",
            )
        )
    verwacht = verwacht_bedrag(prestatie, contract, context.toewijzing.eenheid)
    if prestatie.ingediend_bedrag_cent != verwacht:
        uitleg = " (uurtarief x minuten / 60, afgerond op centen; IV081)" if in_minuten else ""
        bevindingen.append(
            Bevinding(
                "TR346",
                f"Ingediend {format_euro(prestatie.ingediend_bedrag_cent)}, verwacht {format_euro(verwacht)}{uitleg}.",
                "9346",
            )
        )
    return bevindingen


def _volume(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    toewijzing = context.toewijzing
    if toewijzing.volume is None:
        return []
    volume, factor = volume_in_eenheid_toewijzing(prestatie, toewijzing)
    bevindingen = []
    maximum = max_volume_in_periode(toewijzing, prestatie.productperiode)
    if maximum is not None and volume > maximum * factor:
        bevindingen.append(
            Bevinding(
                "TR321",
                f"Volume {volume} is meer dan het maximum {maximum * factor} voor deze productperiode (IV077).",
                "9321",
            )
        )
    totaal = max_volume_totaal(toewijzing, prestatie.productperiode.tot)
    if totaal is not None:
        eerder = sum(volume_in_eenheid_toewijzing(p, toewijzing)[0] for p in context.eerder_goedgekeurd)
        if eerder + volume > totaal * factor:
            bevindingen.append(
                Bevinding(
                    "TR322",
                    f"Samen met eerder goedgekeurd ({eerder}) komt het volume boven het toegewezen totaal "
                    f"{totaal * factor}.",
                    "9322",
                )
            )
    return bevindingen


def _budget(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    budgetten = [b for b in (context.bekostiging.maximum_budget_cent, context.toewijzing.budget_cent) if b is not None]
    if not budgetten:
        return []
    budget = min(budgetten)
    eerder = sum(p.ingediend_bedrag_cent for p in context.eerder_goedgekeurd)
    if eerder + prestatie.ingediend_bedrag_cent > budget:
        return [
            Bevinding(
                "TR369",
                f"Samen met eerder goedgekeurd ({format_euro(eerder)}) past "
                f"{format_euro(prestatie.ingediend_bedrag_cent)} "
                f"niet binnen het budget van {format_euro(budget)}.",
                "9369",
            )
        ]
    return []


def _maandaanspraak(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    if context.maandaanspraak_cent is None:
        return []
    label = f"{prestatie.productperiode.van:%Y-%m}"
    aanspraak = context.maandaanspraak_cent.get(label, 0)
    eerder = sum(
        p.ingediend_bedrag_cent for p in context.eerder_goedgekeurd if f"{p.productperiode.van:%Y-%m}" == label
    )
    if eerder + prestatie.ingediend_bedrag_cent > aanspraak:
        return [
            Bevinding(
                "TR321",
                f"Voor {label} is de aanspraak volgens de afrekenregel {format_euro(aanspraak)}; "
                f"eerder goedgekeurd {format_euro(eerder)}, nu {format_euro(prestatie.ingediend_bedrag_cent)}.",
                "9321",
            )
        ]
    return []
