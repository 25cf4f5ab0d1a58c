"""Pure rules of evaluation, re-indication and conversion (no database). Every function takes the dates it
needs, "today" included, so tests pass dates instead of freezing time.

* `evaluatiemomenten`: the evaluation schedule of one assignment from the region's rules;
* `signaal`: when to warn that an indication expires (the latest melding that still completes the legal
  8 weeks before the end date, minus a margin in working days);
* `conversie_actie`: what a conversion does with one assignment (end and re-issue, shorten, leave);
* `herbeoordelingen_spreiden`: re-assessments spread over weeks within a capacity per consultant per week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from wmoketen.core.werkdagen import is_werkdag
from wmoketen.toegang.constants import TermijnCode
from wmoketen.toegang.domain import TERMIJNEN, indicatie_einddatum, maanden_erbij

# ------------------------------------------------------------------------------------------------ evaluaties


class EvaluatieSoort(StrEnum):
    TUSSEN = "tussen"
    EIND = "eind"


@dataclass(frozen=True)
class Evaluatieregels:
    """The region's evaluation rules (see instellingen.py for the file format and the defaults).

    `interval_maanden`: the normal rhythm (MLW: every half year). `kort_traject_maanden`: a trajectory shorter
    than this gets only an end evaluation. `lang_traject_vanaf_maanden` / `interval_lang_maanden`: a trajectory
    of at least this length is evaluated at the longer interval, aligned with the indication term (the term is
    divided into equal parts of about that interval, so the last interim evaluation is not squeezed against the
    end). `eind_evaluatie`: an end evaluation at every closure.
    """

    interval_maanden: int = 6
    kort_traject_maanden: int = 6
    lang_traject_vanaf_maanden: int = 24
    interval_lang_maanden: int = 12
    eind_evaluatie: bool = True


STANDAARD_EVALUATIEREGELS = Evaluatieregels()


@dataclass(frozen=True, order=True)
class Evaluatiemoment:
    datum: date
    soort: EvaluatieSoort


def looptijd_maanden(ingangsdatum: date, einddatum: date) -> int:
    """Whole months from the start up to the day after the end (1-3 .. 28-2 = 12)."""
    maanden = 0
    while indicatie_einddatum(ingangsdatum, maanden + 1) <= einddatum:
        maanden += 1
    return maanden


def evaluatiemomenten(
    *,
    ingangsdatum: date,
    einddatum: date | None,
    regels: Evaluatieregels = STANDAARD_EVALUATIEREGELS,
    horizon: date | None = None,
) -> list[Evaluatiemoment]:
    """The evaluations of one assignment, in date order.

    * shorter than `kort_traject_maanden`: only the end evaluation (on the last day);
    * otherwise an interim evaluation every `interval_maanden` months after the start, strictly before the end;
    * at least `lang_traject_vanaf_maanden`: the term is split into n = round(term / interval_lang_maanden)
      equal parts (in whole months) and an interim evaluation falls at each inner boundary;
    * an end evaluation on the last day (also after an early closure: pass the new einddatum).
    An open-ended assignment gets interim evaluations up to `horizon` and no end evaluation yet.
    """
    if einddatum is None:
        if horizon is None:
            raise ValueError("een toewijzing zonder einddatum vraagt een horizon")
        stappen = _tussenmomenten(ingangsdatum, horizon + timedelta(days=1), regels.interval_maanden)
        return [Evaluatiemoment(d, EvaluatieSoort.TUSSEN) for d in stappen if d <= horizon]
    momenten: list[Evaluatiemoment] = []
    maanden = looptijd_maanden(ingangsdatum, einddatum)
    if maanden >= regels.kort_traject_maanden:
        if maanden >= regels.lang_traject_vanaf_maanden:
            delen = max(1, round(maanden / regels.interval_lang_maanden))
            grenzen = [maanden_erbij(ingangsdatum, maanden * i // delen) for i in range(1, delen)]
            momenten += [Evaluatiemoment(d, EvaluatieSoort.TUSSEN) for d in grenzen if d < einddatum]
        else:
            momenten += [
                Evaluatiemoment(d, EvaluatieSoort.TUSSEN)
                for d in _tussenmomenten(ingangsdatum, einddatum, regels.interval_maanden)
            ]
    if regels.eind_evaluatie:
        momenten.append(Evaluatiemoment(einddatum, EvaluatieSoort.EIND))
    return sorted(momenten)


def _tussenmomenten(ingangsdatum: date, voor: date, interval: int) -> list[date]:
    out = []
    stap = 1
    while (dag := maanden_erbij(ingangsdatum, interval * stap)) < voor:
        out.append(dag)
        stap += 1
    return out


# ------------------------------------------------------------------------------------- aflopende indicaties


def werkdagen_voor(dag: date, aantal: int) -> date:
    """The date `aantal` working days before `dag` (dag not counted); 0: the last working day on or before it."""
    if aantal < 0:
        raise ValueError("aantal werkdagen kan niet negatief zijn")
    if aantal == 0:
        while not is_werkdag(dag):
            dag -= timedelta(days=1)
        return dag
    rest = aantal
    while rest:
        dag -= timedelta(days=1)
        if is_werkdag(dag):
            rest -= 1
    return dag


def laatste_melddatum(einddatum: date) -> date:
    """The latest melding date whose legal maximum (beschikking within 8 weeks, moved to the next working day
    when it ends on a weekend or holiday) still falls on or before the end date of the running indication."""
    totaal = TERMIJNEN[TermijnCode.TOTAAL]
    dag = einddatum - timedelta(weeks=totaal.aantal)
    while totaal.uiterlijk(dag) > einddatum:
        dag -= timedelta(days=1)
    return dag


@dataclass(frozen=True)
class Signaal:
    einddatum: date
    laatste_melddatum: date
    signaaldatum: date

    def actief(self, vandaag: date) -> bool:
        return self.signaaldatum <= vandaag <= self.einddatum


def signaal(einddatum: date, *, marge_werkdagen: int) -> Signaal:
    """Signal date = the latest melding date minus `marge_werkdagen` working days (0: that date itself, or the
    last working day before it)."""
    laatste = laatste_melddatum(einddatum)
    return Signaal(einddatum, laatste, werkdagen_voor(laatste, marge_werkdagen))


# ----------------------------------------------------------------------------------------------- conversie


class Wijze(StrEnum):
    ADMINISTRATIEF = "administratief"  # end the old one the day before `datum`, issue the new product from it
    UITDIENEN = "uitdienen"  # the old one runs to its own end, at the latest `uiterlijk`; no new one here


class Actie(StrEnum):
    OMZETTEN = "omzetten"  # ended with reason 10 and a new assignment in the new model
    INKORTEN = "inkorten"  # ended early (reason 10) at the cut-off; the successor comes from a re-indication
    ONGEMOEID = "ongemoeid"  # left as it is (ends before the conversion date or the cut-off anyway)
    HANDMATIG = "handmatig"  # cannot be converted automatically (e.g. it starts after the cut-off)


@dataclass(frozen=True)
class Conversieactie:
    actie: Actie
    oude_einddatum: date | None  # the old assignment's end after the conversion
    nieuwe_ingangsdatum: date | None = None
    nieuwe_einddatum: date | None = None
    reden: str = ""


def conversie_actie(
    *,
    ingangsdatum: date,
    einddatum: date | None,
    wijze: Wijze,
    datum: date | None = None,
    uiterlijk: date | None = None,
    nieuwe_einddatum: date | None = None,
) -> Conversieactie:
    """What a conversion does with one assignment (dates only; the services do the writing).

    administratief: an assignment still running on `datum` ends on the day before (reason 10) and a new one runs
    from `datum` to the old end date, or to `nieuwe_einddatum` when the old one had none.
    uitdienen: an assignment running past `uiterlijk` gets einddatum = `uiterlijk` (reason 10); one that ends by
    then is left alone. Either way the old model is not payable after min(own end, uiterlijk).
    """
    if wijze == Wijze.ADMINISTRATIEF:
        if datum is None:
            raise ValueError("administratief omzetten vraagt een datum")
        if einddatum is not None and einddatum < datum:
            return Conversieactie(Actie.ONGEMOEID, einddatum, reden="eindigt vóór de omzetdatum")
        if ingangsdatum >= datum:
            return Conversieactie(
                Actie.HANDMATIG, einddatum, reden="begint op of na de omzetdatum; omzetten kan alleen handmatig"
            )
        eind_nieuw = einddatum if einddatum is not None else nieuwe_einddatum
        return Conversieactie(Actie.OMZETTEN, datum - timedelta(days=1), datum, eind_nieuw)
    if uiterlijk is None:
        raise ValueError("uitdienen vraagt een uiterste datum")
    if einddatum is not None and einddatum <= uiterlijk:
        return Conversieactie(Actie.ONGEMOEID, einddatum, reden="eindigt uiterlijk op de uiterste datum")
    if ingangsdatum > uiterlijk:
        return Conversieactie(Actie.HANDMATIG, einddatum, reden="begint na de uiterste datum")
    return Conversieactie(Actie.INKORTEN, uiterlijk)


# ------------------------------------------------------------------------------------------ herbeoordelingen


def maandag(dag: date) -> date:
    return dag - timedelta(days=dag.weekday())


def werkdagen_in_week(week: date) -> int:
    return sum(1 for i in range(5) if is_werkdag(week + timedelta(days=i)))


@dataclass(frozen=True)
class TeBeoordelen:
    sleutel: int  # e.g. client id
    uiterlijk: date  # the re-assessment should be done by this date (e.g. the signal date)


@dataclass(frozen=True)
class Ingepland:
    sleutel: int
    week: date  # Monday of the week
    consulent: int


@dataclass(frozen=True)
class Spreiding:
    ingepland: tuple[Ingepland, ...]
    niet_ingepland: tuple[int, ...]
    capaciteit: dict[date, int]  # capacity per week (all consultants together)

    def per_week(self) -> dict[date, int]:
        tel: dict[date, int] = dict.fromkeys(self.capaciteit, 0)
        for i in self.ingepland:
            tel[i.week] = tel.get(i.week, 0) + 1
        return tel


def herbeoordelingen_spreiden(
    *,
    te_beoordelen: Sequence[TeBeoordelen],
    consulenten: Sequence[int],
    van: date,
    tot: date,
    capaciteit_per_week: int,
) -> Spreiding:
    """Spread re-assessments over the weeks from `van` to `tot`, earliest deadline first.

    Capacity per consultant per week is scaled by the working days of that week (a week with Easter Monday has
    4/5 of it, rounded down). The load is spread evenly: each week takes at most ceil(remaining / remaining
    weeks) clients, never more than the capacity, and a client is never planned in a week after its
    `uiterlijk` week when an earlier week still has room (earliest deadline first). Consultants take turns
    within a week, each up to their own capacity. Clients that do not fit are returned as `niet_ingepland`.
    """
    weken: list[date] = []
    week = maandag(van)
    while week <= tot:
        weken.append(week)
        week += timedelta(weeks=1)
    capaciteit_consulent = {w: capaciteit_per_week * werkdagen_in_week(w) // 5 for w in weken}
    capaciteit = {w: capaciteit_consulent[w] * len(consulenten) for w in weken}
    wachtrij = sorted(te_beoordelen, key=lambda t: (t.uiterlijk, t.sleutel))
    ingepland: list[Ingepland] = []
    beurt = 0  # consultants take turns across weeks
    for index, week in enumerate(weken):
        if not wachtrij or not consulenten:
            break
        resterende_weken = len(weken) - index
        gelijk = -(-len(wachtrij) // resterende_weken)
        # clients due by the end of this week must go now, if there is room
        dringend = sum(1 for t in wachtrij if t.uiterlijk <= week + timedelta(days=6))
        aantal = min(capaciteit[week], max(gelijk, dringend))
        bezet = dict.fromkeys(consulenten, 0)
        volgorde = list(consulenten)
        for item in wachtrij[:aantal]:
            for _ in range(len(volgorde)):
                c = volgorde[beurt % len(volgorde)]
                beurt += 1
                if bezet[c] < capaciteit_consulent[week]:
                    bezet[c] += 1
                    ingepland.append(Ingepland(item.sleutel, week, c))
                    break
        wachtrij = wachtrij[aantal:]
    return Spreiding(tuple(ingepland), tuple(t.sleutel for t in wachtrij), capaciteit)
