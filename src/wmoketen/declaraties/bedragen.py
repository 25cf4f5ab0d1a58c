"""Integer eurocent arithmetic with one documented rounding rule: half up on cents (docs/afrekenen.md).

Money is never a float. Wherever a division happens it goes through `deel_half_op` (a single amount) or
`verdeel` (an amount split over parts so that the parts add up exactly to the whole).
"""

from __future__ import annotations

from collections.abc import Sequence

from wmoketen.catalogus.constants import Eenheid

MINUUT, UUR, EURO = Eenheid.MINUUT.value, Eenheid.UUR.value, Eenheid.EUROS.value  # plain str: runs per prestatie


def deel_half_op(teller: int, noemer: int) -> int:
    """teller / noemer rounded to the nearest integer, halves away from zero ("half up" on cents)."""
    if noemer <= 0:
        raise ValueError("noemer moet positief zijn")
    if teller < 0:
        return -deel_half_op(-teller, noemer)
    return (2 * teller + noemer) // (2 * noemer)


def naar_rato(bedrag_cent: int, deel: int, geheel: int) -> int:
    """bedrag x deel / geheel, half up (pro rata by days, minutes, ...)."""
    return deel_half_op(bedrag_cent * deel, geheel)


def verdeel(bedrag_cent: int, gewichten: Sequence[int]) -> list[int]:
    """Split an amount over parts proportionally to integer weights; the parts sum exactly to the amount.

    Largest-remainder method: every part first gets the rounded-down share; the cents left over go one by one
    to the parts with the largest remainder, ties to the earliest part. Parts with weight 0 get 0.
    """
    if bedrag_cent < 0:
        return [-deel for deel in verdeel(-bedrag_cent, gewichten)]
    totaal = sum(gewichten)
    if any(g < 0 for g in gewichten):
        raise ValueError("gewichten mogen niet negatief zijn")
    if totaal == 0:
        if bedrag_cent:
            raise ValueError("een bedrag kan niet over gewicht 0 verdeeld worden")
        return [0] * len(gewichten)
    delen = [bedrag_cent * g // totaal for g in gewichten]
    resten = [bedrag_cent * g % totaal for g in gewichten]
    over = bedrag_cent - sum(delen)
    volgorde = sorted(range(len(gewichten)), key=lambda i: (-resten[i], i))
    for i in volgorde[:over]:
        delen[i] += 1
    return delen


def minuten_bedrag(uurtarief_cent: int, minuten: int) -> int:
    """IV081: minutes declared against an hour tariff: (hourly tariff x minutes) / 60, rounded half up to cents.

    deel_half_op(uurtarief_cent * minuten, 60) written out (it runs per prestatie in minutes)."""
    teller = uurtarief_cent * minuten
    if teller < 0:
        return -((2 * -teller + 60) // 120)
    return (2 * teller + 60) // 120


def ingediend_bedrag(*, volume: int, eenheid: str, tarief_cent: int | None, toewijzing_eenheid: str) -> int:
    """The IngediendBedrag a prestatie must carry (TR346, CS339, IV081): eenheid 83 (euro's) the volume in cents;
    minutes against an assignment in hours the hourly tariff x minutes / 60 half up; otherwise volume x tariff.
    The one computation: the intake checks it, the portal's proposal, corrections and the demo fill it in."""
    if eenheid == EURO:
        return volume
    if eenheid == MINUUT and toewijzing_eenheid == UUR:
        return minuten_bedrag(tarief_cent or 0, volume)
    return volume * (tarief_cent or 0)


def minuuttarief(uurtarief_cent: int) -> int:
    """IV081: the ProductTarief shown on a prestatie in minutes: hourly tariff / 60 rounded half up to cents."""
    if uurtarief_cent < 0:
        return -((2 * -uurtarief_cent + 60) // 120)
    return (2 * uurtarief_cent + 60) // 120


def uurtarieven_bij_minuuttarief(minuuttarief_cent: int) -> range:
    """Every hourly tariff whose per-minute tariff (IV081: / 60, rounded half up) is `minuuttarief_cent`."""
    return range(max(60 * minuuttarief_cent - 30, 0), 60 * minuuttarief_cent + 30)


def ingediend_bedrag_klopt(
    *, eenheid: str, volume: int, tarief_cent: int, ingediend_cent: int, toewijzing_eenheid: str | None
) -> bool:
    """TR346 with IV079/IV081: IngediendBedrag = GeleverdVolume x ProductTarief (`ingediend_bedrag`). The one check,
    for the intake (which knows the assignment) and for `wmoketen validate` (which knows the message only).

    `tarief_cent` is the ProductTarief the amount is computed from: the declared one, or for minutes against an
    assignment in hours the hourly tariff (the intake passes the contract's; IV081: the ProductTarief then only shows
    it / 60 rounded). `toewijzing_eenheid` None: the assignment is unknown, so a minutes line (Eenheid 01) is also
    right when some hourly tariff that rounds to its ProductTarief gives its amount. Euros (83) are CS339's."""
    if eenheid == EURO:
        return True
    if toewijzing_eenheid is not None:
        return ingediend_cent == ingediend_bedrag(
            volume=volume, eenheid=eenheid, tarief_cent=tarief_cent, toewijzing_eenheid=toewijzing_eenheid
        )
    if ingediend_cent == volume * tarief_cent:
        return True
    return eenheid == MINUUT and any(
        ingediend_cent == ingediend_bedrag(volume=volume, eenheid=eenheid, tarief_cent=uur, toewijzing_eenheid=UUR)
        for uur in uurtarieven_bij_minuuttarief(tarief_cent)
    )
