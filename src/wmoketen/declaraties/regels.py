"""The declaration rules of iWmo 3.2 against earlier messages (level 3) and the contract (level 4).

Each rule is one small function `check_trNNN` registered with `@declaratieregel(code, retourcode=...)`; it returns
a Dutch detail when the rule is broken, else None. The intake (intake.py) runs them in registry order on data
loaded in bulk (intakecontext.py); rules never query the database. Source texts: i-Sociaal-Lab/jaapjunior
packages/api/wmo/bronnen/regels/technische-regels/berichtoverstijgend/TRnnn.md (docs/regels.md lists them).

The money and volume rules (TR307, TR308, TR341, TR418, TR346, TR321, TR322, TR369) come from the settlement
engine's `controleer_prestatie`, computed once per prestatie; the rule functions pick their own finding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from wmoketen.catalogus.constants import Eenheid

from .aanspraak import maandaanspraken
from .controle import Bevinding, Controlecontext, controleer_prestatie
from .controle import Prestatie as EnginePrestatie
from .feiten import Bekostigingsregel, Tariefregel
from .intakecontext import Declaratiecontext, EerderePrestatie, Intakecontext, Toewijzingsgegevens
from .invoer import Declaratie323, Prestatieregel

BRON = "regels/technische-regels/berichtoverstijgend/"


@dataclass
class Berichtstaat:
    """What earlier prestaties of the same 323 did (they count for the later ones, in order)."""

    eerste_met_referentie: dict[str, int] = field(default_factory=dict)  # ReferentieNummer -> first volgnummer
    gecrediteerd: set[str] = field(default_factory=set)
    debet_sleutels: set[tuple[int, str, str, date, date]] = field(default_factory=set)
    goedgekeurd: dict[int, list[EnginePrestatie]] = field(default_factory=dict)
    # The settlement engine's check per volgnummer: the input it judged, and its findings per rule where it had any
    # (an approved prestatie keeps only its input, which the cumulative checks of the later ones need).
    engine: dict[int, EnginePrestatie] = field(default_factory=dict)
    engine_meldingen: dict[int, dict[str, str]] = field(default_factory=dict)
    # the approved prestaties of earlier messages per ToewijzingNummer as engine input, converted once
    eerder_als_engine: dict[int, list[EnginePrestatie]] = field(default_factory=dict)


_GEEN_MELDINGEN: Mapping[str, str] = MappingProxyType({})  # shared by the approved prestaties


class Geval:
    """One prestatie with what the rules may look at.

    A plain class with slots rather than a dataclass: one is made per prestatie (tens of thousands per 323), and
    it keeps the settlement engine's findings once they are computed, for the eight rules that read them.
    `sleutel` identifies the prestatie's product and period (TR323, TR389).
    """

    __slots__ = ("_engine_meldingen", "ctx", "p", "sleutel", "staat", "t")

    def __init__(
        self, p: Prestatieregel, t: Toewijzingsgegevens | None, ctx: Intakecontext, staat: Berichtstaat
    ) -> None:
        self.p = p
        self.t = t
        self.ctx = ctx
        self.staat = staat
        self.sleutel = _sleutel(p)
        self._engine_meldingen: Mapping[str, str] | None = None

    def engine_melding(self, code: str) -> str | None:
        """The settlement engine's blocking finding for `code` on this prestatie (the engine runs once)."""
        meldingen = self._engine_meldingen
        if meldingen is None:
            meldingen = self._engine_meldingen = _engine_meldingen(self)
        return meldingen.get(code)


Check = Callable[[Geval], str | None]
DeclaratieCheck = Callable[[Declaratie323, "Intakecontext | Declaratiecontext"], str | None]


@dataclass(frozen=True)
class Declaratieregel:
    code: str
    retourcode: str
    niveau: int
    uitleg: str
    bron: str
    check: Any = field(compare=False)
    klasse: str = "prestatie"  # or "declaratie" (rejects the whole declaration)
    geldt_voor: str = "beide"  # "debet", "credit" or "beide"
    poort: bool = False  # when broken, later prestatie rules are not evaluated (they would only echo it)


REGELS: list[Declaratieregel] = []


def declaratieregel(
    code: str,
    *,
    retourcode: str,
    uitleg: str,
    niveau: int = 3,
    bron: str | None = None,
    klasse: str = "prestatie",
    geldt_voor: str = "beide",
    poort: bool = False,
) -> Callable[[Any], Any]:
    def register(check: Any) -> Any:
        REGELS.append(
            Declaratieregel(
                code, retourcode, niveau, uitleg, bron or f"{BRON}{code}.md", check, klasse, geldt_voor, poort
            )
        )
        return check

    return register


# --- declaration level ------------------------------------------------------------------------------------


@declaratieregel(
    "TR333",
    retourcode="9333",
    klasse="declaratie",
    uitleg="DeclaratieNummer moet uniek zijn voor de aanbieder binnen het wettelijk domein.",
)
def check_tr333(d: Declaratie323, ctx: Intakecontext | Declaratiecontext) -> str | None:
    if ctx.declaratienummer_gebruikt:
        return f"DeclaratieNummer {d.declaratie_nummer} is al eerder gebruikt."
    return None


@declaratieregel(
    "TR318",
    retourcode="8214",
    klasse="declaratie",
    uitleg="De DeclaratiePeriode moet volgen op de voorgaande DeclaratiePeriode (geen periode vóór of gelijk aan "
    "de laatst gebruikte; een maand zonder zorg mag worden overgeslagen).",
)
def check_tr318(d: Declaratie323, ctx: Intakecontext | Declaratiecontext) -> str | None:
    laatste = ctx.laatste_periode_begin
    if laatste is not None and d.periode_begin <= laatste:
        return f"De vorige declaratie had DeclaratiePeriode {laatste:%m-%Y}; deze heeft {d.periode_begin:%m-%Y}."
    return None


# --- prestatie level: the assignment -----------------------------------------------------------------------


@declaratieregel(
    "TR338",
    retourcode="9338",
    poort=True,
    uitleg="De prestatie is niet te koppelen aan een toegewezen product (ToewijzingNummer) van deze aanbieder voor "
    "deze cliënt.",
)
def check_tr338(g: Geval) -> str | None:
    if g.t is None:
        return f"ToewijzingNummer {g.p.toewijzing_nummer} is bij deze gemeente niet aan deze aanbieder toegewezen."
    if g.t.bsn != g.p.bsn:
        return f"ToewijzingNummer {g.p.toewijzing_nummer} hoort bij een andere cliënt."
    return None


@declaratieregel(
    "TR384",
    retourcode="9384",
    poort=True,
    uitleg="Er mag niet gedeclareerd worden op een verwijderde toewijzing (RedenWijziging 13).",
)
def check_tr384(g: Geval) -> str | None:
    return "De toewijzing is verwijderd." if g.t is not None and g.t.verwijderd else None


@declaratieregel(
    "TR339",
    retourcode="9339",
    uitleg="ProductCategorie moet gelijk zijn aan de ProductCategorie van de toewijzing.",
)
def check_tr339(g: Geval) -> str | None:
    assert g.t is not None
    if g.p.product_categorie != g.t.product_categorie:
        return f"Gedeclareerd {g.p.product_categorie}, toegewezen {g.t.product_categorie}."
    return None


@declaratieregel(
    "TR340",
    retourcode="9340",
    uitleg="ProductCode moet gelijk zijn aan de ProductCode van de toewijzing, als die een code had.",
)
def check_tr340(g: Geval) -> str | None:
    assert g.t is not None
    code = g.t.productcode_in_301
    if code is not None and g.p.product_code != code:
        return f"Gedeclareerd {g.p.product_code}, toegewezen {code}."
    return None


def _engine_meldingen(g: Geval) -> Mapping[str, str]:
    """The settlement engine's blocking finding per rule on this prestatie, checked once per volgnummer."""
    staat, volgnummer = g.staat, g.p.volgnummer
    if volgnummer not in staat.engine:
        resultaat = controleer_prestatie(engine_prestatie(g.p), _controlecontext(g))
        staat.engine[volgnummer] = resultaat.prestatie
        if resultaat.bevindingen:
            staat.engine_meldingen[volgnummer] = _blokkerend_per_regel(resultaat.bevindingen)
    return staat.engine_meldingen.get(volgnummer, _GEEN_MELDINGEN)


def _blokkerend_per_regel(bevindingen: tuple[Bevinding, ...]) -> dict[str, str]:
    """The first blocking finding per rule."""
    meldingen: dict[str, str] = {}
    for b in bevindingen:
        if b.blokkerend:
            meldingen.setdefault(b.regel, b.melding)
    return meldingen


@declaratieregel(
    "TR307",
    retourcode="9307",
    uitleg="De Begindatum van de ProductPeriode ligt vóór de Ingangsdatum van de toewijzing.",
)
def check_tr307(g: Geval) -> str | None:
    return g.engine_melding("TR307")


@declaratieregel(
    "TR308",
    retourcode="9308",
    uitleg="De Einddatum van de ProductPeriode ligt na de Einddatum van de toewijzing.",
)
def check_tr308(g: Geval) -> str | None:
    return g.engine_melding("TR308")


@declaratieregel(
    "TR387",
    retourcode="9387",
    uitleg="De Begindatum van de ProductPeriode is de eerste dag van de maand, tenzij de Ingangsdatum van de "
    "toewijzing later in die maand ligt; dan is het die Ingangsdatum.",
)
def check_tr387(g: Geval) -> str | None:
    assert g.t is not None
    begin = g.p.begindatum
    ingang = g.t.feiten.ingangsdatum
    eerste = begin if begin.day == 1 else begin.replace(day=1)
    verwacht = ingang if ingang.month == begin.month and ingang.year == begin.year and ingang > eerste else eerste
    if begin != verwacht and begin >= ingang:
        return f"Verwacht {verwacht:%d-%m-%Y}, opgegeven {begin:%d-%m-%Y}."
    return None


_EEN_DAG = timedelta(days=1)


def _laatste_dag(dag: date) -> date:
    """The last day of the month of `dag`."""
    if dag.day >= 28 and (dag + _EEN_DAG).day == 1:
        return dag  # the usual Einddatum: no need to compute it
    return (dag.replace(day=28) + timedelta(days=4)).replace(day=1) - _EEN_DAG


@declaratieregel(
    "TR388",
    retourcode="9388",
    uitleg="De Einddatum van de ProductPeriode is de laatste dag van de maand, tenzij de Einddatum van de "
    "toewijzing eerder in die maand ligt; dan is het die Einddatum.",
)
def check_tr388(g: Geval) -> str | None:
    assert g.t is not None
    eind = g.p.einddatum
    einde_toewijzing = g.t.feiten.einddatum
    verwacht = _laatste_dag(eind)
    if einde_toewijzing is not None and einde_toewijzing < verwacht and einde_toewijzing >= eind.replace(day=1):
        verwacht = einde_toewijzing
    if eind != verwacht and (einde_toewijzing is None or eind <= einde_toewijzing):
        return f"Verwacht {verwacht:%d-%m-%Y}, opgegeven {eind:%d-%m-%Y}."
    return None


@declaratieregel(
    "TR314",
    retourcode="8021",
    uitleg="ReferentieNummer moet uniek zijn voor de aanbieder, binnen één bericht en over berichten heen.",
)
def check_tr314(g: Geval) -> str | None:
    ref = g.p.referentie_nummer
    if ref in g.ctx.bekende_referenties:
        return f"ReferentieNummer {ref} is al eerder aangeleverd."
    if g.staat.eerste_met_referentie.get(ref, g.p.volgnummer) != g.p.volgnummer:
        # in message order, not judging order (credits first): the same outcome however the message is split
        return f"ReferentieNummer {ref} komt meer dan eens voor in dit bericht."
    return None


# --- credits and double debets -----------------------------------------------------------------------------


@declaratieregel(
    "TR323",
    retourcode="8017",
    geldt_voor="credit",
    uitleg="Een creditprestatie moet horen bij een eerder verzonden, goedgekeurde debetprestatie "
    "(VorigReferentieNummer = ReferentieNummer van de debet, met dezelfde toewijzing, hetzelfde product en "
    "dezelfde ProductPeriode).",
)
def check_tr323(g: Geval) -> str | None:
    vorig = g.p.vorig_referentie_nummer or ""
    debet = g.ctx.debets.get(vorig)
    if debet is None:
        return f"Er is geen goedgekeurde debetprestatie met ReferentieNummer {vorig}."
    if _sleutel_eerder(debet) != g.sleutel:
        return "ToewijzingNummer, product of ProductPeriode wijkt af van de debetprestatie."
    return None


@declaratieregel(
    "TR390",
    retourcode="9390",
    geldt_voor="credit",
    uitleg="Een prestatie mag maar één keer gecrediteerd worden.",
)
def check_tr390(g: Geval) -> str | None:
    vorig = g.p.vorig_referentie_nummer or ""
    if vorig in g.ctx.gecrediteerd or vorig in g.staat.gecrediteerd:
        return f"Prestatie {vorig} is al gecrediteerd."
    return None


def _sleutel(p: Prestatieregel) -> tuple[int, str, str, date, date]:
    return (p.toewijzing_nummer, p.product_categorie, p.product_code, p.begindatum, p.einddatum)


def _sleutel_eerder(p: EerderePrestatie) -> tuple[int, str, str, date, date]:
    return (p.toewijzing_nummer, p.product_categorie, p.product_code, p.begindatum, p.einddatum)


@declaratieregel(
    "TR389",
    retourcode="9389",
    geldt_voor="debet",
    uitleg="Voor dezelfde ProductPeriode, ProductCategorie, ProductCode en ToewijzingNummer mag geen tweede "
    "debetprestatie komen zolang de eerdere niet gecrediteerd is.",
)
def check_tr389(g: Geval) -> str | None:
    sleutel = g.sleutel
    for eerder in g.ctx.goedgekeurd_per_toewijzing.get(g.p.toewijzing_nummer, ()):
        if _sleutel_eerder(eerder) == sleutel and eerder.referentie_nummer not in g.staat.gecrediteerd:
            return f"Debetprestatie {eerder.referentie_nummer} voor deze periode is nog niet gecrediteerd."
    if sleutel in g.staat.debet_sleutels:
        return "Dit bericht bevat al een debetprestatie voor deze periode."
    return None


# --- money and volume (the settlement engine) --------------------------------------------------------------


@declaratieregel(
    "TR341",
    retourcode="9341",
    geldt_voor="debet",
    uitleg="De Eenheid moet passen bij de toewijzing (minuten zijn toegestaan bij een toewijzing in uren).",
)
def check_tr341(g: Geval) -> str | None:
    return g.engine_melding("TR341")


@declaratieregel(
    "TR418",
    retourcode="0611",
    niveau=4,
    geldt_voor="debet",
    uitleg="Het ProductTarief moet gelijk zijn aan het contracttarief (bij minuten op een uurtarief ook het "
    "uurtarief / 60, IV081).",
)
def check_tr418(g: Geval) -> str | None:
    return g.engine_melding("TR418")


@declaratieregel(
    "TR346",
    retourcode="9346",
    niveau=4,
    geldt_voor="debet",
    bron="regels/technische-regels/externe-bron/TR346; invulinstructies IV079/IV081",
    uitleg="IngediendBedrag moet gelijk zijn aan GeleverdVolume x ProductTarief (minuten op een uurtarief: "
    "uurtarief x minuten / 60, half omhoog op centen).",
)
def check_tr346(g: Geval) -> str | None:
    return g.engine_melding("TR346")


@declaratieregel(
    "TR321",
    retourcode="9321",
    geldt_voor="debet",
    bron=f"{BRON}TR321.md; invulinstructies IV076/IV077/IV078",
    uitleg="Het GeleverdVolume past niet binnen het toegewezen volume voor deze ProductPeriode (per week: ISO-weken "
    "x weekvolume, categorie 01: 6 x weekvolume; of de maandaanspraak volgens de afrekenregel).",
)
def check_tr321(g: Geval) -> str | None:
    return g.engine_melding("TR321")


@declaratieregel(
    "TR322",
    retourcode="9322",
    geldt_voor="debet",
    uitleg="Samen met eerder goedgekeurde prestaties past het volume niet binnen het totaal toegewezen volume.",
)
def check_tr322(g: Geval) -> str | None:
    return g.engine_melding("TR322")


@declaratieregel(
    "TR369",
    retourcode="9369",
    geldt_voor="debet",
    uitleg="Samen met eerder goedgekeurde prestaties past het gedeclareerde bedrag niet binnen het toegewezen budget.",
)
def check_tr369(g: Geval) -> str | None:
    return g.engine_melding("TR369")


# --- engine input -------------------------------------------------------------------------------------------


def engine_prestatie(p: Prestatieregel) -> EnginePrestatie:
    return EnginePrestatie(
        productperiode=p.productperiode,
        geleverd_volume=p.geleverd_volume,
        eenheid=p.eenheid,
        ingediend_bedrag_cent=p.ingediend_bedrag_cent,
        product_tarief_cent=p.product_tarief_cent,
        referentie=p.referentie_nummer,
    )


def _controlecontext(g: Geval) -> Controlecontext:
    t = g.t
    assert t is not None
    bekostiging = t.bekostiging or Bekostigingsregel(geldig_van=date.min, geldig_tot=None, model=t.model)
    tarieven = t.tarieven
    if not tarieven and g.p.eenheid != Eenheid.EUROS:
        # No contract tariff in the catalogue (e.g. an aspecific budget product): TR418 cannot be checked,
        # TR346 is checked against the tariff as declared.
        tarieven = [Tariefregel(date.min, None, g.p.product_tarief_cent or 0)]
    return Controlecontext(
        bekostiging=bekostiging,
        tarieven=tarieven,
        toewijzing=t.feiten,
        eerder_goedgekeurd=_eerder_goedgekeurd(g),
        maandaanspraak_cent=_maandaanspraak(g, bekostiging),
    )


def _eerder_goedgekeurd(g: Geval) -> tuple[EnginePrestatie, ...]:
    """The approved prestaties of this assignment that count for the cumulative checks: those of earlier messages
    that are not credited (also not by a credit earlier in this message), then those approved in this message."""
    nummer = g.p.toewijzing_nummer
    in_dit_bericht = g.staat.goedgekeurd.get(nummer, ())
    ontvangen = g.ctx.goedgekeurd_per_toewijzing.get(nummer)
    if not ontvangen:
        return tuple(in_dit_bericht)
    als_engine = g.staat.eerder_als_engine.get(nummer)
    if als_engine is None:
        als_engine = g.staat.eerder_als_engine[nummer] = [e.als_engine() for e in ontvangen]
    gecrediteerd = g.staat.gecrediteerd
    return (*(e for e in als_engine if e.referentie not in gecrediteerd), *in_dit_bericht)


def _maandaanspraak(g: Geval, bekostiging: Bekostigingsregel) -> dict[str, int] | None:
    """For amount-based products the entitlement per calendar month through the prestatie's month
    (aanspraak.maandaanspraken, as the portal proposes it); cached per assignment and month. An Afrekenfout (no
    tariff in that month, ...) goes up: the prestatie is rejected with its code."""
    t = g.t
    assert t is not None
    sleutel = ("maandaanspraak", t.pk, g.p.einddatum.year, g.p.einddatum.month)
    if sleutel not in g.ctx.cache:
        g.ctx.cache[sleutel] = maandaanspraken(
            model=t.model, bekostiging=bekostiging, tarieven=t.tarieven, feiten=t.feiten, tot=g.p.einddatum
        )
    return g.ctx.cache[sleutel]  # type: ignore[return-value]


def regels_voor(klasse: str) -> list[Declaratieregel]:
    return [r for r in REGELS if r.klasse == klasse]
