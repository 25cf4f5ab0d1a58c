"""What may be claimed for an assignment in a calendar month: one computation for the portal's proposal, its
pre-calculation ("wat wordt goedgekeurd") and the intake.

* `maandaanspraken`: for an amount-based product (profiel, traject with a price per period) the entitlement per
  calendar month under the region's settlement rules (afrekening + maandtoedeling). The intake's TR321 for these
  products compares a prestatie with it (regels._controlecontext).
* `maandclaim`: the line a provider may declare for one month given what was approved before: the month
  entitlement, or for volume products the IV076/IV077/IV078 maximum of the period, capped by what is left of the
  total volume (TR322) and of the budget (TR369), in the assignment's own unit, with the amount of TR346
  (`bedragen.ingediend_bedrag`). The intake checks exactly these limits (controle.controleer_prestatie), so an
  unchanged proposal is approved in full (property test over the demo data: tests/test_voorstel_eigenschap.py).

A claim that cannot be determined (no tariff on the day, a tariff that does not fit the grid) raises an
`Afrekenfout`: the proposal leaves the line out and says why; the intake rejects the prestatie with its code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wmoketen.core.money import format_euro

from .afrekening import bereken_aanspraken, max_volume_in_periode, max_volume_totaal
from .bedragen import EURO, ingediend_bedrag
from .controle import Prestatie, budget_van, eerder_in_maand_cent
from .feiten import Bekostigingsregel, Tariefregel, Toewijzingsfeiten, tarief_op
from .maandtoedeling import naar_kalendermaanden
from .perioden import Periode, aantal_kalendermaanden

BEDRAGMODELLEN = frozenset({"profiel", "traject"})


def is_bedragproduct(model: str, tarieven: Sequence[Tariefregel], eenheid: str) -> bool:
    """An amount-based product: its claim per month is an amount from the settlement rules (eenheid 83). An
    assignment with another unit (hours, etmalen, ...) is declared in that unit (TR341)."""
    return model in BEDRAGMODELLEN and bool(tarieven) and eenheid in {"", EURO}


def maandaanspraken(
    *,
    model: str,
    bekostiging: Bekostigingsregel,
    tarieven: Sequence[Tariefregel],
    feiten: Toewijzingsfeiten,
    tot: date,
) -> dict[str, int] | None:
    """The entitlement in eurocent per calendar month label ('2018-02') up to the month of `tot`, for an
    amount-based product; None for any other. The settlement rules see the assignment's own dates (an assignment
    without an end date runs on; no end-period rule at `tot`)."""
    if not is_bedragproduct(model, tarieven, feiten.eenheid):
        return None
    horizon = max(tot, feiten.einddatum or tot)
    afrekening = bereken_aanspraken(bekostiging, tarieven, feiten, horizon=horizon, tot=tot)
    maanden = naar_kalendermaanden(afrekening.aanspraken, feiten.looptijd(horizon))
    return {m.label: m.bedrag_cent for m in maanden}


@dataclass(frozen=True)
class Maandclaim:
    """The most that may be declared for one assignment in one month, as one prestatie."""

    productperiode: Periode
    geleverd_volume: int
    eenheid: str
    product_tarief_cent: int | None
    ingediend_bedrag_cent: int
    toelichting: str


def maandclaim(
    *,
    model: str,
    bekostiging: Bekostigingsregel | None,
    tarieven: Sequence[Tariefregel],
    feiten: Toewijzingsfeiten,
    maand: Periode,
    eerder: Sequence[Prestatie],
) -> Maandclaim | None:
    """The line for `maand` (a calendar month), given `eerder`: the approved, uncredited prestaties of this
    assignment. None when nothing may be claimed: the month lies outside the assignment, there is no funding or
    no unit, the month was declared already (TR389), or nothing is left. Raises an Afrekenfout when the claim
    cannot be determined."""
    if bekostiging is None:
        return None
    binnen = maand.overlap(Periode(feiten.ingangsdatum, feiten.einddatum or maand.tot))
    if binnen is None or any(p.productperiode == binnen for p in eerder):
        return None
    if is_bedragproduct(model, tarieven, feiten.eenheid):
        return _bedragclaim(model, bekostiging, tarieven, feiten, binnen, eerder)
    return _volumeclaim(bekostiging, tarieven, feiten, binnen, eerder)


def _bedragclaim(
    model: str,
    bekostiging: Bekostigingsregel,
    tarieven: Sequence[Tariefregel],
    feiten: Toewijzingsfeiten,
    pp: Periode,
    eerder: Sequence[Prestatie],
) -> Maandclaim | None:
    aanspraken = maandaanspraken(model=model, bekostiging=bekostiging, tarieven=tarieven, feiten=feiten, tot=pp.tot)
    assert aanspraken is not None
    bedrag = aanspraken.get(f"{pp.van:%Y-%m}", 0) - eerder_in_maand_cent(eerder, pp.van)
    rest = _rest(bekostiging, feiten, pp, eerder)
    if rest is not None:
        bedrag = min(bedrag, rest[0])
    if bedrag <= 0:
        return None
    tekst = f"Aanspraak volgens de afrekenregel van de regio: {format_euro(bedrag)} (eenheid euro's)."
    return Maandclaim(pp, bedrag, EURO, None, bedrag, tekst)


def _volumeclaim(
    bekostiging: Bekostigingsregel,
    tarieven: Sequence[Tariefregel],
    feiten: Toewijzingsfeiten,
    pp: Periode,
    eerder: Sequence[Prestatie],
) -> Maandclaim | None:
    eenheid = feiten.eenheid or bekostiging.eenheid
    if not eenheid or (eenheid != EURO and not tarieven):
        return None
    tarief = None if eenheid == EURO else tarief_op(tarieven, pp.van).bedrag_cent
    rest = _rest(bekostiging, feiten, pp, eerder, tarief)
    if rest is None:
        return None
    volume, tekst = rest
    if volume <= 0:
        return None
    bedrag = ingediend_bedrag(volume=volume, eenheid=eenheid, tarief_cent=tarief, toewijzing_eenheid=feiten.eenheid)
    return Maandclaim(pp, volume, eenheid, tarief, bedrag, tekst)


def _rest(
    bekostiging: Bekostigingsregel,
    feiten: Toewijzingsfeiten,
    pp: Periode,
    eerder: Sequence[Prestatie],
    tarief: int | None = None,
) -> tuple[int, str] | None:
    """The most that may be declared in `pp` in the assignment's unit (for eenheid 83 or an amount-based claim:
    in cents), and why; None when neither a volume nor a budget limits it. With the same limits and the same sums
    over `eerder` as the intake's checks (controle.controleer_prestatie: TR321, TR322, TR369)."""
    kandidaten: list[tuple[int, str]] = []
    if feiten.volume is not None:
        per_periode = max_volume_in_periode(feiten, pp)
        if per_periode is not None:
            kandidaten.append((per_periode, f"Maximaal {per_periode} in deze periode volgens de toewijzing."))
        totaal = max_volume_totaal(feiten, pp.tot)
        if totaal is not None:
            rest = totaal - sum(p.geleverd_volume for p in eerder)
            kandidaten.append((rest, f"Nog {rest} van het toegewezen totaal {totaal}."))
    budget = budget_van(bekostiging, feiten)
    if budget is not None:
        over = budget - sum(p.ingediend_bedrag_cent for p in eerder)
        if tarief is None or feiten.eenheid == EURO:
            kandidaten.append((over, f"Nog {format_euro(over)} van het budget {format_euro(budget)}."))
        elif tarief > 0:
            kandidaten.append((over // tarief, f"Nog {format_euro(over)} van het budget {format_euro(budget)}."))
            if feiten.volume is None:  # only a budget: spread what is left over the months still to come
                maanden = aantal_kalendermaanden(pp.van, feiten.einddatum or pp.tot)
                deel = max(1, over // maanden // tarief)
                kandidaten.append((deel, f"Het budget verdeeld over de {maanden} resterende maand(en): {deel}."))
    if not kandidaten:
        return None
    return min(kandidaten, key=lambda k: k[0])
