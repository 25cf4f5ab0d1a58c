"""Check an incoming (or draft) prestatie against the assignment, tariff and entitlement.

Each finding carries the iWmo rule and, where the standard has one, the retourcode for the 325 answer. A prestatie
with any blocking finding is rejected as a whole (iWmo approves or rejects prestaties, never part of one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from wmoketen.core.money import format_euro

from .afrekening import max_volume_in_periode, max_volume_totaal
from .bedragen import EURO, MINUUT, UUR, ingediend_bedrag, ingediend_bedrag_klopt, minuuttarief
from .feiten import Bekostigingsregel, Tariefregel, Toewijzingsfeiten, tarief_op
from .perioden import Periode, is_een_kalendermaand


@dataclass(frozen=True, slots=True)
class Prestatie:
    """One prestatie of a 323 (debet). `geleverd_volume` is in `eenheid`; for eenheid 83 it is cents."""

    productperiode: Periode
    geleverd_volume: int
    eenheid: str
    ingediend_bedrag_cent: int
    product_tarief_cent: int | None = None
    referentie: str = ""


@dataclass(frozen=True, slots=True)
class Bevinding:
    regel: str
    melding: str
    retourcode: str | None = None
    blokkerend: bool = True


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


def budget_van(bekostiging: Bekostigingsregel, toewijzing: Toewijzingsfeiten) -> int | None:
    """TR369: the smallest of the product's maximum budget and the assignment's Budget (None: no budget)."""
    budget = bekostiging.maximum_budget_cent
    toewijzing_budget = toewijzing.budget_cent
    if budget is None or (toewijzing_budget is not None and toewijzing_budget < budget):
        return toewijzing_budget
    return budget


def eerder_in_maand_cent(eerder: Sequence[Prestatie], van: date) -> int:
    """What was approved earlier in the calendar month of `van` (the month entitlement of TR321)."""
    jaar, maand = van.year, van.month
    som = 0
    for p in eerder:
        eerder_van = p.productperiode.van
        if eerder_van.month == maand and eerder_van.year == jaar:
            som += p.ingediend_bedrag_cent
    return som


def controleer_prestatie(prestatie: Prestatie, context: Controlecontext) -> Controleresultaat:
    """All findings on one prestatie, in a fixed order: period and unit first (any of these ends the check), then
    amount and tariff, volume per period and in total, budget, monthly entitlement, the regional start rule.

    Runs once per prestatie of a 323 (tens of thousands per file), so the common path (one calendar month inside
    the assignment, approved) builds no periods, lists of findings or texts: a finding's text is only made when
    the finding is.
    """
    toewijzing = context.toewijzing
    bekostiging = context.bekostiging
    regels = bekostiging.afrekenregels
    pp = prestatie.productperiode
    van, tot = pp.van, pp.tot
    eenheid, toewijzing_eenheid = prestatie.eenheid, toewijzing.eenheid
    in_minuten = eenheid == MINUUT and toewijzing_eenheid == UUR
    einddatum = toewijzing.einddatum
    if (
        van.month != tot.month
        or van.year != tot.year
        or van < toewijzing.ingangsdatum
        or (einddatum is not None and tot > einddatum)
        or (toewijzing_eenheid and not (eenheid == toewijzing_eenheid or in_minuten))
    ):
        return Controleresultaat(prestatie, _periode_en_eenheid(prestatie, toewijzing))

    bevindingen: list[Bevinding] = []
    volume = prestatie.geleverd_volume
    ingediend = prestatie.ingediend_bedrag_cent
    # TR346/CS339/TR418: amount and tariff
    if eenheid == EURO:
        if ingediend != volume:
            bevindingen.append(_CS339)
    else:
        contract = tarief_op(context.tarieven, van).bedrag_cent
        minuut = minuuttarief(contract) if in_minuten else None
        tarief = prestatie.product_tarief_cent
        if not (tarief == contract or (in_minuten and tarief == minuut)):
            bevindingen.append(_tr418(tarief, contract))
        # TR346: volume x the declared ProductTarief (a tariff other than the contract's is TR418's finding);
        # minutes against hours are priced from the contract's hourly tariff (IV081)
        tarief_cent = contract if in_minuten else tarief or 0
        if not ingediend_bedrag_klopt(
            eenheid=eenheid,
            volume=volume,
            tarief_cent=tarief_cent,
            ingediend_cent=ingediend,
            toewijzing_eenheid=toewijzing_eenheid,
        ):
            verwacht = ingediend_bedrag(
                volume=volume, eenheid=eenheid, tarief_cent=tarief_cent, toewijzing_eenheid=toewijzing_eenheid
            )
            bevindingen.append(_tr346(ingediend, verwacht, in_minuten))
    # TR321/TR322: volume per productperiode and over the assignment, in the assignment's unit
    eerder_goedgekeurd = context.eerder_goedgekeurd
    if toewijzing.volume is not None:
        factor = 60 if in_minuten else 1
        maximum = max_volume_in_periode(toewijzing, pp)
        if maximum is not None and volume > maximum * factor:
            bevindingen.append(_tr321_volume(volume, maximum * factor))
        totaal = max_volume_totaal(toewijzing, tot)
        if totaal is not None:
            eerder = 0
            for p in eerder_goedgekeurd:
                eerder += p.geleverd_volume
            if eerder + volume > totaal * factor:
                bevindingen.append(_tr322(eerder, totaal * factor))
    # TR369: the smallest of the product's and the assignment's budget
    budget = budget_van(bekostiging, toewijzing)
    if budget is not None:
        eerder_bedrag = 0
        for p in eerder_goedgekeurd:
            eerder_bedrag += p.ingediend_bedrag_cent
        if eerder_bedrag + ingediend > budget:
            bevindingen.append(_tr369(eerder_bedrag, ingediend, budget))
    if context.maandaanspraak_cent is not None:
        bevindingen += _maandaanspraak(prestatie, context)
    if regels is not None and regels.factuur_pas_na_startbericht and toewijzing.startbericht_ontvangen is False:
        bevindingen.append(_REGIO_START)
    return Controleresultaat(prestatie, tuple(bevindingen))


def _periode_en_eenheid(prestatie: Prestatie, toewijzing: Toewijzingsfeiten) -> tuple[Bevinding, ...]:
    """CS337, TR307, TR308, TR341: the findings that end the check (at least one applies when this is called)."""
    bevindingen = []
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
    eenheid_past = prestatie.eenheid == toewijzing.eenheid or (
        prestatie.eenheid == MINUUT and toewijzing.eenheid == UUR
    )
    if toewijzing.eenheid and not eenheid_past:
        bevindingen.append(
            Bevinding(
                "TR341", f"Eenheid {prestatie.eenheid} past niet bij de toewijzing ({toewijzing.eenheid}).", "9341"
            )
        )
    return tuple(bevindingen)


_CS339 = Bevinding("CS339", "Bij eenheid euro's is het ingediende bedrag gelijk aan het volume in centen.", "0001")
_REGIO_START = Bevinding(
    "REGIO-START",
    "Regionale afspraak: declareren pas na een startbericht; dat ontbreekt. Let op: iWmo OP364 "
    "verbiedt afkeuren hierop, deze afwijking staat bewust aan.",
)


def _tr418(tarief: int | None, contract: int) -> Bevinding:
    return Bevinding(
        "TR418",
        f"Het tarief {format_euro(tarief)} wijkt af van het contracttarief {format_euro(contract)}.",
        "0611",
    )


def _tr346(ingediend: int, verwacht: int, in_minuten: bool) -> Bevinding:
    uitleg = " (uurtarief x minuten / 60, afgerond op centen; IV081)" if in_minuten else ""
    return Bevinding("TR346", f"Ingediend {format_euro(ingediend)}, verwacht {format_euro(verwacht)}{uitleg}.", "9346")


def _tr321_volume(volume: int, maximum: int) -> Bevinding:
    return Bevinding(
        "TR321", f"Volume {volume} is meer dan het maximum {maximum} voor deze productperiode (IV077).", "9321"
    )


def _tr322(eerder: int, totaal: int) -> Bevinding:
    return Bevinding(
        "TR322",
        f"Samen met eerder goedgekeurd ({eerder}) komt het volume boven het toegewezen totaal {totaal}.",
        "9322",
    )


def _tr369(eerder: int, ingediend: int, budget: int) -> Bevinding:
    return Bevinding(
        "TR369",
        f"Samen met eerder goedgekeurd ({format_euro(eerder)}) past {format_euro(ingediend)} "
        f"niet binnen het budget van {format_euro(budget)}.",
        "9369",
    )


def _maandaanspraak(prestatie: Prestatie, context: Controlecontext) -> list[Bevinding]:
    """TR321 for amount-based products: what is left of the month's entitlement (maandaanspraak_cent is set)."""
    assert context.maandaanspraak_cent is not None
    van = prestatie.productperiode.van
    label = f"{van:%Y-%m}"
    aanspraak = context.maandaanspraak_cent.get(label, 0)
    eerder = eerder_in_maand_cent(context.eerder_goedgekeurd, van)
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
