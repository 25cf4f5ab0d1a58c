"""The entitlement (aanspraak) per settlement period per funding model, with Dutch explanation lines.

One entry point, `bereken_aanspraken`. The rules per model are in docs/afrekenen.md; in short:

* profiel (and any price per period): the period price per grid period, cut by the region's start/end/
  interruption/switch rules;
* traject: the trajectprijs at the agreed moment (start, completion per IV089) or spread over the periods by days;
* pxq, etmaal, budget: the most that may be claimed per period (volume maxima per IV076/IV077/IV078 x tariff),
  or, when the delivered volume is given, what of it is payable; budget caps the running total;
* taakgericht: nothing per client (lump sum outside iWmo).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta

from wmoketen.core.money import format_euro

from .bedragen import ingediend_bedrag, naar_rato, verdeel
from .feiten import Afrekenregels, Bekostigingsregel, Tariefregel, Toewijzingsfeiten, tarief_op
from .fouten import GeenAanspraak, TariefPastNiet
from .perioden import Afrekenperiode, Periode, aantal_kalendermaanden, iso_weken_tussen, kalendermaanden, zondagen

OUTPUT_EENHEDEN = {"82", "83"}
PERIODEPRIJS_PER = {"kalendermaand": "maand", "cak_4_weken": "4_weken"}


@dataclass(frozen=True)
class Aanspraak:
    """What may be claimed for one settlement period.

    `betaalde_dagen`: the days of the period (inside the assignment) the amount belongs to; maandtoedeling
    spreads the amount over these days. `max_volume`: for volume-based models the most that may be declared.
    """

    periode: Afrekenperiode
    bedrag_cent: int
    betaalde_dagen: Periode | None
    toelichting: tuple[str, ...]
    max_volume: int | None = None
    volume: int | None = None


@dataclass(frozen=True)
class Afrekening:
    model: str
    aanspraken: tuple[Aanspraak, ...]
    toelichting: tuple[str, ...] = ()

    @property
    def totaal_cent(self) -> int:
        return sum(a.bedrag_cent for a in self.aanspraken)

    def per_label(self) -> dict[str, int]:
        return {a.periode.label: a.bedrag_cent for a in self.aanspraken}


def bereken_aanspraken(
    bekostiging: Bekostigingsregel,
    tarieven: Sequence[Tariefregel],
    toewijzing: Toewijzingsfeiten,
    *,
    geleverd: Mapping[str, int] | None = None,
    horizon: date | None = None,
    tot: date | None = None,
) -> Afrekening:
    """The entitlement per settlement period of `bekostiging.afrekenregels.grid` over the assignment.

    `geleverd`: delivered volume per period label (pxq/etmaal/budget), in the assignment's unit.
    `horizon`: last day to settle for an assignment without an end date. Such an assignment does not end at the
    horizon: the grid period holding the horizon is settled as a running period (no end-period rule).
    `tot`: periods that start after this day are left out (the caller needs nothing later; a tariff that is
    missing later does not matter). The settlement rules still see the assignment's own dates.
    """
    regels = bekostiging.afrekenregels or Afrekenregels()
    algemeen: list[str] = []
    if regels.factuur_pas_na_startbericht:
        algemeen.append(
            "Regionale afwijking: declareren pas na een startbericht (strijdig met iWmo OP364; zie controle)."
        )
    model = bekostiging.model
    if model == "taakgericht":
        return Afrekening(model, (), ("Taakgericht: geen afrekening per cliënt; de aanbieder krijgt een lumpsum.",))
    if model == "traject" and tarief_op(tarieven, toewijzing.ingangsdatum).per == "traject":
        return Afrekening(model, tuple(_traject(regels, tarieven, toewijzing, horizon)), tuple(algemeen))
    if model in {"profiel", "traject"}:
        aanspraken = _periodeprijs(regels, tarieven, toewijzing, horizon, tot)
        return Afrekening(model, tuple(aanspraken), tuple(algemeen))
    if model in {"pxq", "etmaal", "budget"}:
        aanspraken = _volume(bekostiging, regels, tarieven, toewijzing, geleverd, horizon, tot)
        return Afrekening(model, tuple(aanspraken), tuple(algemeen))
    raise GeenAanspraak(f"Het bekostigingsmodel {model!r} is onbekend; er is geen aanspraak te berekenen.")


# --- price per period (profiel) ---------------------------------------------------------------------------


def _periodeprijs(
    regels: Afrekenregels,
    tarieven: Sequence[Tariefregel],
    toewijzing: Toewijzingsfeiten,
    horizon: date | None,
    tot: date | None,
) -> list[Aanspraak]:
    looptijd = toewijzing.looptijd(horizon)
    if toewijzing.einddatum is None:  # running on: the horizon's grid period is not an end period
        looptijd = Periode(looptijd.van, max(looptijd.tot, regels.grid.periode_op(looptijd.tot).periode.tot))
    aanspraken = []
    for periode in _tot(regels.grid.perioden(looptijd), tot):
        tarief = tarief_op(tarieven, max(periode.periode.van, looptijd.van))
        prijs = _prijs_per_periode(tarief, regels.periodegrid)
        bedrag, dagen, regels_tekst = _periodebedrag(regels, toewijzing, looptijd, periode, prijs)
        aanspraken.append(Aanspraak(periode, bedrag, dagen, tuple(regels_tekst)))
    return aanspraken


def _prijs_per_periode(tarief: Tariefregel, periodegrid: str) -> int:
    if tarief.per == PERIODEPRIJS_PER[periodegrid]:
        return tarief.bedrag_cent
    if tarief.per == "week" and periodegrid == "cak_4_weken":
        return 4 * tarief.bedrag_cent
    raise TariefPastNiet(
        f"Het contracttarief is per {tarief.per}; dat past niet op de afrekenperioden van de regio ({periodegrid})."
    )


def _periodebedrag(
    regels: Afrekenregels,
    toewijzing: Toewijzingsfeiten,
    looptijd: Periode,
    periode: Afrekenperiode,
    prijs: int,
) -> tuple[int, Periode | None, list[str]]:
    """Apply the start, end, switch and interruption rules to one grid period."""
    p = periode.periode
    binnen = p.overlap(looptijd)
    assert binnen is not None
    tekst = [f"Periode {periode.label} ({p}): prijs per periode {format_euro(prijs)}."]
    start_in_periode = looptijd.van > p.van
    einde_in_periode = looptijd.tot < p.tot

    begin_regel = "volledig"
    if start_in_periode:
        if toewijzing.begin_door_wissel:
            begin_regel = {"oude_aanbieder": "niets", "nieuwe_aanbieder": "volledig"}.get(
                regels.wissel_aanbieder, "pro_rata"
            )
            tekst.append(f"Start na wissel van aanbieder ({regels.wissel_aanbieder}): {_REGELNAAM[begin_regel]}.")
        else:
            begin_regel = regels.eerste_periode
            tekst.append(f"Startperiode (ingang {looptijd.van:%d-%m-%Y}): {_REGELNAAM[begin_regel]}.")
    eind_regel = "volledig"
    if einde_in_periode:
        if toewijzing.einde_door_wissel:
            eind_regel = {"oude_aanbieder": "volledig", "nieuwe_aanbieder": "niets"}.get(
                regels.wissel_aanbieder, "pro_rata"
            )
            tekst.append(f"Einde door wissel van aanbieder ({regels.wissel_aanbieder}): {_REGELNAAM[eind_regel]}.")
        else:
            eind_regel = regels.laatste_periode
            tekst.append(f"Eindperiode (einde {looptijd.tot:%d-%m-%Y}): {_REGELNAAM[eind_regel]}.")
    if "niets" in (begin_regel, eind_regel):
        tekst.append(f"Aanspraak: {format_euro(0)}.")
        return 0, None, tekst

    # Days that are paid: from the period start (or the assignment start if pro rata) to the period end (or the
    # assignment end if pro rata).
    van = looptijd.van if begin_regel == "pro_rata" else p.van
    tot = looptijd.tot if eind_regel == "pro_rata" else p.tot
    betaald = Periode(van, tot)
    dagen = betaald.dagen
    onderbroken = sum(betaald.overlapdagen(o) for o in _samengevoegd(toewijzing.onderbrekingen))
    if onderbroken:
        if regels.onderbreking == "pro_rata":
            dagen -= onderbroken
            tekst.append(f"Onderbreking van {onderbroken} dag(en): naar rato, niet betaald.")
        elif regels.onderbreking == "niets" and onderbroken >= binnen.dagen:
            dagen = 0
            tekst.append("De hele periode onderbroken: niet betaald.")
        else:
            tekst.append(f"Onderbreking van {onderbroken} dag(en): doorbetaald.")
    if dagen == p.dagen:
        bedrag = prijs
        tekst.append(f"Volledige periode: {format_euro(bedrag)}.")
    else:
        bedrag = naar_rato(prijs, dagen, p.dagen)
        tekst.append(f"Naar rato {dagen}/{p.dagen} dagen: {format_euro(bedrag)} (afgerond op centen, half omhoog).")
    # The amount belongs to the days inside the assignment (a ProductPeriode may not leave the toewijzing).
    return bedrag, (binnen if bedrag else None), tekst


def _tot(perioden: list[Afrekenperiode], tot: date | None) -> list[Afrekenperiode]:
    return perioden if tot is None else [p for p in perioden if p.periode.van <= tot]


_REGELNAAM = {"niets": "niets", "volledig": "volledig betaald", "pro_rata": "naar rato van de dagen"}


def _samengevoegd(perioden: Sequence[Periode]) -> list[Periode]:
    """Overlapping interruptions merged, so a day is never counted twice."""
    samen: list[Periode] = []
    for p in sorted(perioden):
        if samen and p.van.toordinal() <= samen[-1].tot.toordinal() + 1:
            samen[-1] = Periode(samen[-1].van, max(samen[-1].tot, p.tot))
        else:
            samen.append(p)
    return samen


# --- traject ------------------------------------------------------------------------------------------------


def _traject(
    regels: Afrekenregels, tarieven: Sequence[Tariefregel], toewijzing: Toewijzingsfeiten, horizon: date | None
) -> list[Aanspraak]:
    prijs = tarief_op(tarieven, toewijzing.ingangsdatum).bedrag_cent
    looptijd = toewijzing.looptijd(horizon)
    grid = regels.grid
    if regels.declaratiemoment == "bij_start":
        periode = grid.periode_op(looptijd.van)
        dagen = periode.periode.overlap(looptijd)
        tekst = (f"Trajectprijs {format_euro(prijs)} bij de start ({looptijd.van:%d-%m-%Y}) in één keer.",)
        return [Aanspraak(periode, prijs, dagen, tekst)]
    if regels.declaratiemoment == "bij_afronding":
        if toewijzing.traject_afgerond_op is None:
            return []
        # IV089: the month in which the result is established, but inside the assignment (a horizon is no end).
        dag = max(toewijzing.traject_afgerond_op, looptijd.van)
        if toewijzing.einddatum is not None:
            dag = min(dag, toewijzing.einddatum)
        periode = grid.periode_op(dag)
        dagen = periode.periode.overlap(looptijd)
        tekst = (
            f"Trajectprijs {format_euro(prijs)} bij afronding: resultaat vastgesteld op "
            f"{toewijzing.traject_afgerond_op:%d-%m-%Y}, gedeclareerd in periode {periode.label} (IV089).",
        )
        return [Aanspraak(periode, prijs, dagen, tekst)]
    if toewijzing.einddatum is None:
        raise GeenAanspraak(
            "Een trajectprijs in termijnen wordt over de looptijd verdeeld; de toewijzing heeft geen einddatum."
        )
    perioden = grid.perioden(looptijd)
    gewichten = [p.periode.overlapdagen(looptijd) for p in perioden]
    delen = verdeel(prijs, gewichten)
    aanspraken = []
    for periode, aantal, deel in zip(perioden, gewichten, delen, strict=True):
        tekst = (
            f"Trajectprijs {format_euro(prijs)} verdeeld naar dagen: {aantal}/{looptijd.dagen} dagen "
            f"= {format_euro(deel)} (restcenten naar de grootste rest).",
        )
        aanspraken.append(Aanspraak(periode, deel, periode.periode.overlap(looptijd), tekst))
    return aanspraken


# --- volume based (pxq, etmaal, budget) ---------------------------------------------------------------------


def max_volume_in_periode(toewijzing: Toewijzingsfeiten, productperiode: Periode) -> int | None:
    """The most that may be declared in a productperiode (IV076/IV077/IV078); None = no per-period limit.

    Per week, inspanning: the (partial) ISO weeks of the productperiode inside the assignment x weekly volume; for
    category 01 (huishoudelijke hulp) a flat 6 x weekly volume. Per week, output: the Sundays in it (plus one week
    if it holds the assignment's last Sunday and the assignment does not end on a Sunday). Per month: the full
    monthly volume, also in a partial first or last month (IV078). Per day: days x daily volume.

    Runs once per prestatie in the intake: the overlap with the assignment is taken on the dates, without building
    periods, except on the rare output-per-week path.
    """
    volume = toewijzing.volume
    if volume is None:
        return None
    van, tot = productperiode.van, productperiode.tot
    begin = toewijzing.ingangsdatum
    eind = toewijzing.einddatum or tot
    if eind < begin:
        Periode(begin, eind)  # raises, as building the assignment period always did
    if begin > van:
        van = begin
    if eind < tot:
        tot = eind
    if van > tot:
        return 0
    frequentie = toewijzing.frequentie
    if frequentie == "2":
        if toewijzing.eenheid in OUTPUT_EENHEDEN:
            return _output_weken(toewijzing, Periode(van, tot)) * volume
        if toewijzing.productcategorie == "01":
            return 6 * volume
        return iso_weken_tussen(van, tot) * volume
    if frequentie == "4":
        return volume
    if frequentie == "1":
        return ((tot - van).days + 1) * volume
    return None  # "6" totaal: only the cumulative limit


def max_volume_totaal(toewijzing: Toewijzingsfeiten, horizon: date | None = None) -> int | None:
    """The most that may be declared over the whole assignment (TR322; IV077 'maximaal volume over de toewijzing')."""
    volume = toewijzing.volume
    if volume is None:
        return None
    begin = toewijzing.ingangsdatum
    eind = toewijzing.einddatum or horizon
    if eind is None or eind < begin:
        toewijzing.looptijd(horizon)  # raises: no end date and no horizon, or an end before the start
    assert eind is not None
    frequentie = toewijzing.frequentie
    if frequentie == "2":
        if toewijzing.eenheid in OUTPUT_EENHEDEN:
            looptijd = Periode(begin, eind)
            return (zondagen(looptijd) + (0 if looptijd.tot.weekday() == 6 else 1)) * volume
        return iso_weken_tussen(begin, eind) * volume
    if frequentie == "4":
        if eind.year == MAXYEAR and eind.month == 12:
            return len(kalendermaanden(Periode(begin, eind))) * volume  # raises past the last year, as it did
        return aantal_kalendermaanden(begin, eind) * volume
    if frequentie == "1":
        return ((eind - begin).days + 1) * volume
    return volume


def _output_weken(toewijzing: Toewijzingsfeiten, binnen: Periode) -> int:
    """IV077 output per week: Sundays in the productperiode, plus the broken last week in the period holding the
    assignment's last Sunday (or its end day when the assignment has no Sunday at all)."""
    weken = zondagen(binnen)
    einde = toewijzing.einddatum
    if einde is None or einde.weekday() == 6:
        return weken
    laatste_zondag = einde - timedelta(days=einde.weekday() + 1)
    anker = laatste_zondag if laatste_zondag >= toewijzing.ingangsdatum else einde
    return weken + (1 if binnen.bevat(anker) else 0)


def _volume(
    bekostiging: Bekostigingsregel,
    regels: Afrekenregels,
    tarieven: Sequence[Tariefregel],
    toewijzing: Toewijzingsfeiten,
    geleverd: Mapping[str, int] | None,
    horizon: date | None,
    tot: date | None,
) -> list[Aanspraak]:
    looptijd = toewijzing.looptijd(horizon)
    budgetten = [b for b in (bekostiging.maximum_budget_cent, toewijzing.budget_cent) if b is not None]
    budget = min(budgetten) if budgetten else None
    perioden = regels.grid.perioden(looptijd)
    totaal_max = max_volume_totaal(toewijzing, horizon)
    if toewijzing.frequentie == "4" and toewijzing.volume is not None:
        # "Per maand" on a 4-week grid means per grid period (MLW: etmalen per 4 weken).
        totaal_max = len(perioden) * toewijzing.volume
    volume_tot_nu, bedrag_tot_nu = 0, 0
    aanspraken = []
    for periode in _tot(perioden, tot):
        binnen = periode.periode.overlap(looptijd)
        assert binnen is not None
        tarief = tarief_op(tarieven, binnen.van)
        max_volume = max_volume_in_periode(toewijzing, binnen)
        if totaal_max is not None:
            rest = totaal_max - volume_tot_nu
            max_volume = rest if max_volume is None else min(max_volume, rest)
        tekst = [f"Periode {periode.label} ({binnen}): tarief {format_euro(tarief.bedrag_cent)} per eenheid."]
        if max_volume is not None:
            tekst.append(f"Maximaal te declareren volume: {max_volume}.")
        if geleverd is not None:
            gevraagd = geleverd.get(periode.label, 0)
            volume = gevraagd if max_volume is None else min(gevraagd, max_volume)
            if volume < gevraagd:
                tekst.append(f"Geleverd {gevraagd}, boven het maximum: {volume} betaalbaar.")
            else:
                tekst.append(f"Geleverd: {volume}.")
        elif max_volume is None:
            tekst.append("Geen volume per periode toegewezen; alleen het budget begrenst.")
            volume = 0
        else:
            volume = max_volume
        bedrag = ingediend_bedrag(
            volume=volume,
            eenheid=toewijzing.eenheid,
            tarief_cent=tarief.bedrag_cent,
            toewijzing_eenheid=toewijzing.eenheid,
        )
        if budget is not None and bedrag_tot_nu + bedrag > budget:
            bedrag = max(0, budget - bedrag_tot_nu)
            tekst.append(f"Begrensd door het budget van {format_euro(budget)}: nog {format_euro(bedrag)}.")
        tekst.append(f"Aanspraak: {format_euro(bedrag)}.")
        volume_tot_nu += volume
        bedrag_tot_nu += bedrag
        aanspraken.append(Aanspraak(periode, bedrag, binnen if bedrag else None, tuple(tekst), max_volume, volume))
    return aanspraken
