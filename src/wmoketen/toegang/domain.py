"""Pure rules of access (toegang), without the database: deadlines, the assessment instrument, the indication
term, the one-lot rule. Every function takes "today" or the relevant dates as arguments, so tests freeze time by
passing dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from wmoketen.core.fouten import Domeinfout
from wmoketen.core.werkdagen import eerstvolgende_werkdag, werkdagen_na, werkdagen_tussen

from .constants import Categorie, Criterium, Intensiteit, Perspectief, Score, TermijnCode, TermijnStatus

# --------------------------------------------------------------------------------------------------- deadlines

WMO_2015 = "https://wetten.overheid.nl/BWBR0035362"


@dataclass(frozen=True)
class Termijn:
    """A deadline as data: what must happen, how long, counted from what, and on which basis."""

    code: TermijnCode
    label: str
    aantal: int
    eenheid: Literal["werkdagen", "weken"]
    vanaf: str
    basis: str
    bron: str

    @property
    def duur(self) -> str:
        return f"{self.aantal} {'werkdagen' if self.eenheid == 'werkdagen' else 'weken'}"

    def uiterlijk(self, start: date) -> date:
        """The last day. A term in weeks that ends on a weekend or public holiday moves to the next working day
        (Algemene termijnenwet art. 1)."""
        if self.eenheid == "werkdagen":
            return werkdagen_na(start, self.aantal)
        return eerstvolgende_werkdag(start + timedelta(weeks=self.aantal))


WETTELIJKE_TERMIJNEN: dict[TermijnCode, Termijn] = {
    t.code: t
    for t in (
        Termijn(
            TermijnCode.ONDERZOEK,
            "Onderzoek afgerond (onderzoeksverslag)",
            6,
            "weken",
            "de melding",
            "Wmo 2015 art. 2.3.2 lid 1: onderzoek binnen zes weken na ontvangst van de melding",
            WMO_2015,
        ),
        Termijn(
            TermijnCode.BESCHIKKING,
            "Beschikking op de aanvraag",
            2,
            "weken",
            "de aanvraag (het ondertekende onderzoeksverslag)",
            "Wmo 2015 art. 2.3.5 lid 1: beschikking binnen twee weken na ontvangst van de aanvraag",
            WMO_2015,
        ),
        Termijn(
            TermijnCode.TOTAAL,
            "Beschikking uiterlijk 8 weken na de melding",
            8,
            "weken",
            "de melding",
            "Wmo 2015 art. 2.3.2 lid 1 en 2.3.5 lid 1: onderzoek (6 weken) plus besluit (2 weken) nooit meer dan "
            "8 weken na de melding",
            WMO_2015,
        ),
    )
}
"""The legal deadlines (Wmo 2015): they hold in every region; a region file cannot change them."""

TERMIJNEN = WETTELIJKE_TERMIJNEN  # the legal ones: what every region has (monitoring, letters, re-indication)

REGIONALE_TERMIJNEN: dict[TermijnCode, tuple[str, str]] = {
    TermijnCode.HUISBEZOEK: ("Afspraak voor het gesprek bij de cliënt thuis", "de melding"),
    TermijnCode.DEEL2: (
        "Ondersteuningsplan deel 2 ingevuld en ondertekend door de aanbieder",
        "het versturen van deel 1 naar de aanbieder",
    ),
    TermijnCode.AKKOORD: ("Akkoord van de gemeente op het ondersteuningsplan", "de melding"),
}
"""Deadlines of a region's own work agreements (e.g. the Werkafspraken toegang MLW): only where the region file
names them (`instellingen: toegang: termijnen:`); a region without them has the legal deadlines only. What each
counts from is fixed here; the length and the basis come from the region file (issue 14 item 7)."""

_VOLGORDE = (
    TermijnCode.HUISBEZOEK,
    TermijnCode.ONDERZOEK,
    TermijnCode.DEEL2,
    TermijnCode.AKKOORD,
    TermijnCode.BESCHIKKING,
    TermijnCode.TOTAAL,
)


def termijn_label(code: str) -> str:
    """What a deadline is about, for any code (legal or a region's own)."""
    c = TermijnCode(code)
    return WETTELIJKE_TERMIJNEN[c].label if c in WETTELIJKE_TERMIJNEN else REGIONALE_TERMIJNEN[c][0]


def regionale_termijn(
    code: TermijnCode, *, aantal: int, eenheid: Literal["werkdagen", "weken"], basis: str, bron: str
) -> Termijn:
    label, vanaf = REGIONALE_TERMIJNEN[code]
    return Termijn(code, label, aantal, eenheid, vanaf, basis, bron)


def termijnen_met(regionaal: Mapping[TermijnCode, Termijn]) -> dict[TermijnCode, Termijn]:
    """The legal deadlines plus a region's own, in process order."""
    alle = {**regionaal, **WETTELIJKE_TERMIJNEN}
    return {code: alle[code] for code in _VOLGORDE if code in alle}


@dataclass(frozen=True)
class Dossierfeiten:
    """The dates of one melding's process that the deadlines depend on (None: not happened yet)."""

    melddatum: date
    huisbezoek_afspraak_op: date | None = None
    verslag_op: date | None = None
    plan_verzonden_op: date | None = None
    deel2_ingediend_op: date | None = None
    aanvraag_op: date | None = None
    beschikking_op: date | None = None
    afgesloten_op: date | None = None  # refused, not processed, withdrawn or closed: no deadline runs on


@dataclass(frozen=True)
class Termijnstand:
    termijn: Termijn
    start: date
    uiterlijk: date
    afgerond_op: date | None
    status: TermijnStatus

    @property
    def is_open(self) -> bool:
        return self.afgerond_op is None

    @property
    def is_te_laat(self) -> bool:
        return self.status in {TermijnStatus.TE_LAAT, TermijnStatus.TE_LAAT_AFGEROND}


def einde_week(vandaag: date) -> date:
    return vandaag + timedelta(days=6 - vandaag.weekday())


def termijnstatus(uiterlijk: date, vandaag: date, afgerond_op: date | None = None) -> TermijnStatus:
    if afgerond_op is not None:
        return TermijnStatus.OP_TIJD_AFGEROND if afgerond_op <= uiterlijk else TermijnStatus.TE_LAAT_AFGEROND
    if uiterlijk < vandaag:
        return TermijnStatus.TE_LAAT
    if uiterlijk == vandaag:
        return TermijnStatus.VANDAAG
    if uiterlijk <= einde_week(vandaag):
        return TermijnStatus.DEZE_WEEK
    return TermijnStatus.LATER


def termijnen_berekenen(
    feiten: Dossierfeiten, vandaag: date, termijnen: Mapping[TermijnCode, Termijn] = WETTELIJKE_TERMIJNEN
) -> list[Termijnstand]:
    """Every deadline of the region (`termijnen`: legal ones plus its own, ToegangInstellingen.termijnen) that
    has started, with its due date and status on `vandaag`, in process order. Without a region: the legal ones."""
    f = feiten
    gestart: list[tuple[TermijnCode, date, date | None]] = [
        (TermijnCode.HUISBEZOEK, f.melddatum, f.huisbezoek_afspraak_op),
        (TermijnCode.ONDERZOEK, f.melddatum, f.verslag_op),
    ]
    if f.plan_verzonden_op is not None:
        gestart.append((TermijnCode.DEEL2, f.plan_verzonden_op, f.deel2_ingediend_op))
    gestart.append((TermijnCode.AKKOORD, f.melddatum, f.aanvraag_op))
    if f.aanvraag_op is not None:
        gestart.append((TermijnCode.BESCHIKKING, f.aanvraag_op, f.beschikking_op))
    gestart.append((TermijnCode.TOTAAL, f.melddatum, f.beschikking_op))
    standen = []
    for code, start, afgerond in gestart:
        if code not in termijnen:
            continue  # a work agreement this region does not have
        afgerond = afgerond or f.afgesloten_op
        termijn = termijnen[code]
        uiterlijk = termijn.uiterlijk(start)
        standen.append(Termijnstand(termijn, start, uiterlijk, afgerond, termijnstatus(uiterlijk, vandaag, afgerond)))
    return standen


def eerstvolgende_termijn(standen: Iterable[Termijnstand]) -> Termijnstand | None:
    """The open deadline that falls first (ties: process order)."""
    open_ = [s for s in standen if s.is_open]
    return min(open_, key=lambda s: s.uiterlijk) if open_ else None


def beschikking_uiterlijk(*, melddatum: date, aanvraag_op: date) -> date:
    """The beschikking is due two weeks after the aanvraag, and never later than eight weeks after the melding."""
    return min(
        TERMIJNEN[TermijnCode.BESCHIKKING].uiterlijk(aanvraag_op),
        TERMIJNEN[TermijnCode.TOTAAL].uiterlijk(melddatum),
    )


def werkdagen_over(uiterlijk: date, vandaag: date) -> int:
    """Working days left until the due date (negative: working days overdue)."""
    if uiterlijk >= vandaag:
        return werkdagen_tussen(vandaag, uiterlijk)
    return -werkdagen_tussen(uiterlijk, vandaag)


# ------------------------------------------------------------------------------------------- bezwaar (Awb)

AWB = "https://wetten.overheid.nl/BWBR0005537"
BEZWAARTERMIJN = timedelta(weeks=6)  # Awb art. 6:7
NAZENDTERMIJN_POST = timedelta(weeks=1)  # Awb art. 6:9 lid 2
BESLISTERMIJN = timedelta(weeks=6)  # Awb art. 7:10 lid 1
BESLISTERMIJN_COMMISSIE = timedelta(weeks=12)  # Awb art. 7:10 lid 1, with a committee as in art. 7:13
VERDAGING = timedelta(weeks=6)  # Awb art. 7:10 lid 3


@dataclass(frozen=True)
class Bezwaartermijnen:
    """The terms of one objection, each with its article (docs/toegang.md: checked against the Awb)."""

    indienen_uiterlijk: date  # last day to object (6:7, 6:8 lid 1; Algemene termijnenwet art. 1)
    tijdig: bool  # received in time, or posted in time and received within a week after (6:9)
    beslissen_uiterlijk: date  # 7:10 lid 1 (6 or 12 weeks), moved by 7:10 lid 3 and 4
    verdagen_uiterlijk: date  # the furthest lid 3 allows: the original term plus six weeks


def bezwaartermijn_einde(verzonden_op: date) -> date:
    """The term starts the day after the decision was made known (6:8 lid 1) and lasts six weeks (6:7): the last
    day is six weeks after sending, moved to the next working day when it falls on a weekend or holiday
    (Algemene termijnenwet art. 1)."""
    return eerstvolgende_werkdag(verzonden_op + BEZWAARTERMIJN)


def bezwaar_tijdig(*, verzonden_op: date, ontvangen_op: date, ter_post_op: date | None = None) -> bool:
    einde = bezwaartermijn_einde(verzonden_op)
    if ontvangen_op <= einde:
        return True
    return ter_post_op is not None and ter_post_op <= einde and ontvangen_op <= einde + NAZENDTERMIJN_POST


def bezwaartermijnen(
    *,
    verzonden_op: date,
    ontvangen_op: date,
    ter_post_op: date | None = None,
    adviescommissie: bool = False,
    verdaagd_tot: date | None = None,
    uitgesteld_tot: date | None = None,
) -> Bezwaartermijnen:
    """7:10 lid 1 counts from the day after the objection term ended; an objection received after that term
    (late but excusable, 6:11) is counted from the day after its receipt, so the committee still has its weeks."""
    einde = bezwaartermijn_einde(verzonden_op)
    start = max(einde, ontvangen_op)
    wettelijk = eerstvolgende_werkdag(start + (BESLISTERMIJN_COMMISSIE if adviescommissie else BESLISTERMIJN))
    beslissen = max(d for d in (wettelijk, verdaagd_tot, uitgesteld_tot) if d is not None)
    return Bezwaartermijnen(
        indienen_uiterlijk=einde,
        tijdig=bezwaar_tijdig(verzonden_op=verzonden_op, ontvangen_op=ontvangen_op, ter_post_op=ter_post_op),
        beslissen_uiterlijk=beslissen,
        verdagen_uiterlijk=wettelijk + VERDAGING,
    )


# ------------------------------------------------------------------------------------ beoordelingsinstrument

CRITERIA: tuple[Criterium, ...] = tuple(Criterium)

# Default points per score: A = no concern (1 point) .. E = very serious concern (5 points).
STANDAARD_PUNTEN: dict[str, int] = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}


@dataclass(frozen=True)
class Uitkomstband:
    """Total points from `van` up to and including `tot` give this category and intensity."""

    van: int
    tot: int
    categorie: str
    intensiteit: str


# Default score -> outcome mapping (documented in docs/toegang.md), used when a region configures none.
# Five criteria scored 1..5 give 5..25 points, divided into the seven cells of the MLW profile grid.
STANDAARD_UITKOMSTEN: tuple[Uitkomstband, ...] = (
    Uitkomstband(5, 7, Categorie.EEN, Intensiteit.BASIS),
    Uitkomstband(8, 10, Categorie.EEN, Intensiteit.AANVULLEND),
    Uitkomstband(11, 13, Categorie.TWEE, Intensiteit.BASIS),
    Uitkomstband(14, 16, Categorie.TWEE, Intensiteit.AANVULLEND),
    Uitkomstband(17, 19, Categorie.TWEE, Intensiteit.INTENSIEF),
    Uitkomstband(20, 22, Categorie.DRIE, Intensiteit.AANVULLEND),
    Uitkomstband(23, 25, Categorie.DRIE, Intensiteit.INTENSIEF),
)


class BeoordelingFout(Domeinfout):
    pass


@dataclass(frozen=True)
class Uitkomst:
    punten: int
    categorie: str
    intensiteit: str

    @property
    def tekst(self) -> str:
        return f"categorie {self.categorie}, {Intensiteit(self.intensiteit).label.lower()}"


def beoordeling_uitkomst(
    scores: Mapping[str, str],
    *,
    punten: Mapping[str, int] | None = None,
    banden: Iterable[Uitkomstband] | None = None,
) -> Uitkomst:
    """The outcome of the beoordelingsinstrument: the five scores (A..E) summed to points, then looked up in the
    region's bands (or the default)."""
    punten = punten or STANDAARD_PUNTEN
    ontbrekend = [c.label for c in CRITERIA if c.value not in scores or not scores[c.value]]
    if ontbrekend:
        raise BeoordelingFout("Geen score voor: " + "; ".join(ontbrekend) + ".")
    onbekend = [s for s in scores.values() if s not in Score.values]
    if onbekend:
        raise BeoordelingFout(f"Een score is A, B, C, D of E, niet {onbekend[0]!r}.")
    totaal = sum(punten[scores[c.value]] for c in CRITERIA)
    for band in banden if banden is not None else STANDAARD_UITKOMSTEN:
        if band.van <= totaal <= band.tot:
            return Uitkomst(totaal, str(band.categorie), str(band.intensiteit))
    raise BeoordelingFout(f"De regio-instelling kent geen uitkomst bij {totaal} punten.")


def oordeel_controleren(
    uitkomst: Uitkomst, *, oordeel_categorie: str, oordeel_intensiteit: str, motivatie: str
) -> list[str]:
    """The regisseur may differ from the instrument's outcome, but only with a motivation."""
    afwijkend = oordeel_categorie != uitkomst.categorie or oordeel_intensiteit != uitkomst.intensiteit
    if afwijkend and not motivatie.strip():
        return [
            f"Uw oordeel wijkt af van de uitkomst van het beoordelingsinstrument ({uitkomst.tekst}); "
            "motiveer de afwijking."
        ]
    return []


def producten_controleren(
    *, oordeel_categorie: str, oordeel_intensiteit: str, profielen: Iterable[tuple[str, str, str]], motivatie: str
) -> list[str]:
    """A product whose profile (category x intensity) differs from the judgement needs a motivation, like a
    judgement that differs from the instrument. `profielen`: (productcode, categorie, intensiteit) of products
    with a profile of the same grid (categories 1-3, intensities basis/aanvullend/intensief); others say nothing."""
    afwijkend = [
        f"{code} (categorie {cat}, {ints})"
        for code, cat, ints in profielen
        if cat in Categorie.values
        and ints in Intensiteit.values
        and (cat, ints) != (oordeel_categorie, oordeel_intensiteit)
    ]
    if afwijkend and not motivatie.strip():
        return [
            f"Het profiel van {', '.join(afwijkend)} past niet bij het oordeel (categorie {oordeel_categorie}, "
            f"{oordeel_intensiteit}); motiveer de keuze voor dit product."
        ]
    return []


# ------------------------------------------------------------------------------------------ indication term


def indicatietermijn_controleren(
    *,
    maanden: int,
    perspectief: str,
    max_stabiel_maanden: int = 60,
    max_verandering_maanden: int = 24,
    segment_max_maanden: int | None = None,
    segment_naam: str = "",
) -> list[str]:
    """At most 5 years when the situation is stable, at most 2 years when growth, development or decline is
    expected (the region may set both lower), and never longer than the segment allows."""
    fouten: list[str] = []
    if maanden < 1:
        return ["De indicatietermijn is minstens 1 maand."]
    if perspectief == Perspectief.STABIEL:
        if maanden > max_stabiel_maanden:
            fouten.append(
                f"Bij een stabiele situatie is de indicatietermijn hoogstens {_maanden_tekst(max_stabiel_maanden)}."
            )
    elif maanden > max_verandering_maanden:
        fouten.append(
            "Als groei, ontwikkeling of achteruitgang wordt verwacht, is de indicatietermijn hoogstens "
            f"{_maanden_tekst(max_verandering_maanden)}."
        )
    if segment_max_maanden is not None and maanden > segment_max_maanden:
        fouten.append(
            f"In segment {segment_naam} is de indicatietermijn hoogstens {_maanden_tekst(segment_max_maanden)}."
        )
    return fouten


def _maanden_tekst(maanden: int) -> str:
    if maanden % 12 == 0:
        jaren = maanden // 12
        return f"{maanden} maanden ({jaren} jaar)"
    return f"{maanden} maanden"


def maanden_erbij(dag: date, maanden: int) -> date:
    jaar, maand0 = divmod(dag.month - 1 + maanden, 12)
    jaar += dag.year
    laatste = calendar.monthrange(jaar, maand0 + 1)[1]
    return date(jaar, maand0 + 1, min(dag.day, laatste))


def indicatie_einddatum(ingangsdatum: date, maanden: int) -> date:
    """Last day of an indication of `maanden` months: 1-3-2025 for 12 months ends 28-2-2026."""
    return maanden_erbij(ingangsdatum, maanden) - timedelta(days=1)


# ------------------------------------------------------------------------------------------------ catalogue


# ------------------------------------------------------------------------------------------------- one lot


class EenPerceelFout(Domeinfout):
    pass


@dataclass(frozen=True)
class LopendeToewijzing:
    id: int
    perceel_id: int
    uitgezonderd: bool
    ingangsdatum: date
    einddatum: date | None


def percelen_controleren(percelen: Iterable[tuple[int, bool]], *, een_perceel_tegelijk: bool) -> list[str]:
    """A plan may hold products of one lot only (excepted lots such as KDV aside) where the region says so."""
    if not een_perceel_tegelijk:
        return []
    gewoon = {perceel_id for perceel_id, uitgezonderd in percelen if not uitgezonderd}
    if len(gewoon) > 1:
        return [
            "In deze regio heeft een cliënt maar in één perceel tegelijk ondersteuning (kortdurend verblijf "
            "uitgezonderd); kies producten uit één perceel."
        ]
    return []


def te_beeindigen(
    *,
    lopend: Iterable[LopendeToewijzing],
    nieuwe_percelen: Iterable[tuple[int, bool]],
    ingangsdatum: date,
    een_perceel_tegelijk: bool,
) -> list[tuple[int, date]]:
    """Which running assignments end, and on which day, when a new indication starts on `ingangsdatum`.

    Where the region has the one-lot rule, a running assignment in another lot that is not excepted ends the day
    before the new one starts. A new indication in excepted lots only (KDV) ends nothing."""
    if not een_perceel_tegelijk:
        return []
    nieuw = {perceel_id for perceel_id, uitgezonderd in nieuwe_percelen if not uitgezonderd}
    if not nieuw:
        return []
    einde = ingangsdatum - timedelta(days=1)
    out: list[tuple[int, date]] = []
    for t in lopend:
        if t.uitgezonderd or t.perceel_id in nieuw:
            continue
        if t.einddatum is not None and t.einddatum <= einde:
            continue  # ends before the new one starts anyway
        if t.ingangsdatum > einde:
            raise EenPerceelFout(
                f"Toewijzing {t.id} in een ander perceel begint op {t.ingangsdatum:%d-%m-%Y}, niet vóór de nieuwe "
                f"ingangsdatum {ingangsdatum:%d-%m-%Y}; beëindig of verwijder die eerst."
            )
        out.append((t.id, einde))
    return out
