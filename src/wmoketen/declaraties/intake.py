"""Judge a received 323: declaration-level rules first (an error there rejects it all, IV087/TR342), then every
prestatie, approved or rejected whole. Credits are judged before debets (within a part of the message, which
always holds all prestaties of a client), so a correction (credit plus new debet in one 323) works; approved
prestaties count for the cumulative checks of the later ones, in message order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .fouten import Afrekenfout
from .intakecontext import Declaratiecontext, Intakecontext
from .invoer import Declaratie323, Prestatieregel
from .regels import Berichtstaat, Declaratieregel, Geval, engine_prestatie, regels_voor

VOORAF_GEMELD = "Gemeld door de berichtcontrole."


@dataclass(frozen=True, slots=True)
class Regelbevinding:
    regel: str
    retourcode: str
    melding: str

    def als_dict(self) -> dict[str, str]:
        return {"regel": self.regel, "retourcode": self.retourcode, "melding": self.melding}


@dataclass(frozen=True, slots=True)
class Prestatieoordeel:
    prestatie: Prestatieregel
    bevindingen: tuple[Regelbevinding, ...]
    toewijzing_id: int | None
    client_id: int | None

    @property
    def goedgekeurd(self) -> bool:
        return not self.bevindingen

    @property
    def retourcodes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.retourcode for b in self.bevindingen))

    @property
    def toegekend_cent(self) -> int:
        return self.prestatie.getekend_cent if self.goedgekeurd else 0


@dataclass(frozen=True)
class Beoordeling:
    invoer: Declaratie323
    declaratie_bevindingen: tuple[Regelbevinding, ...]
    prestaties: tuple[Prestatieoordeel, ...]  # in message order

    @property
    def als_geheel_afgewezen(self) -> bool:
        return bool(self.declaratie_bevindingen)

    @property
    def totaal_toegekend_cent(self) -> int:
        if self.als_geheel_afgewezen:
            return 0
        return sum(p.toegekend_cent for p in self.prestaties)

    @property
    def alles_goedgekeurd(self) -> bool:
        return not self.als_geheel_afgewezen and all(p.goedgekeurd for p in self.prestaties)


def beoordeel_declaratie(ctx: Intakecontext | Declaratiecontext) -> tuple[Regelbevinding, ...]:
    """The declaration-level rules (TR333, TR318): one finding rejects the whole declaration (IV087/TR342)."""
    bevindingen = []
    for r in regels_voor("declaratie"):
        melding = r.check(ctx.invoer, ctx)
        if melding:
            bevindingen.append(Regelbevinding(r.code, r.retourcode, f"{r.uitleg} {melding}"))
    return tuple(bevindingen)


def niet_beoordeeld(ctx: Intakecontext, prestaties: Sequence[Prestatieregel]) -> list[Prestatieoordeel]:
    """IV087/TR342: after a declaration-level error the prestaties are not judged; they count as not sent."""
    return [Prestatieoordeel(p, (), None, ctx.client_ids.get(p.bsn)) for p in prestaties]


def beoordeel_prestaties(ctx: Intakecontext, prestaties: Sequence[Prestatieregel]) -> list[Prestatieoordeel]:
    """Judge prestaties in message order; `ctx` holds what was approved before them (also by earlier parts of
    the same message, see intakecontext.laad_deelcontext)."""
    staat = Berichtstaat()
    for p in reversed(prestaties):
        staat.eerste_met_referentie[p.referentie_nummer] = p.volgnummer
    prestatieregels = regels_voor("prestatie")
    debetregels = [r for r in prestatieregels if r.geldt_voor != "credit"]
    creditregels = [r for r in prestatieregels if r.geldt_voor != "debet"]
    credits: list[Prestatieregel] = []
    debets: list[Prestatieregel] = []
    for p in prestaties:
        (credits if p.is_credit else debets).append(p)
    per_volgnummer: dict[int, Prestatieoordeel] = {}
    for soort, regels in ((credits, creditregels), (debets, debetregels)):
        for p in soort:
            t = ctx.toewijzingen.get(p.toewijzing_nummer)
            geval = Geval(p, t, ctx, staat)
            bevindingen = _bevindingen(geval, regels)
            if not bevindingen:
                _tel_mee(geval)
            per_volgnummer[p.volgnummer] = Prestatieoordeel(
                p, tuple(bevindingen), t.pk if t is not None else None, ctx.client_ids.get(p.bsn)
            )
    return [per_volgnummer[p.volgnummer] for p in prestaties]


def _bevindingen(geval: Geval, regels: list[Declaratieregel]) -> list[Regelbevinding]:
    """The findings of the message layer and of the rules, in registry order; a broken gate ends the check, and so
    does an Afrekenfout (no tariff on the day, ...): the prestatie is rejected with that cause's rule and code."""
    vooraf = geval.p.vooraf
    bevindingen = [Regelbevinding(regel, code, VOORAF_GEMELD) for regel, code in vooraf] if vooraf else []
    for r in regels:
        try:
            melding = r.check(geval)
        except Afrekenfout as fout:  # the claim cannot be determined: this prestatie is rejected, not the message
            bevindingen.append(Regelbevinding(fout.regel, fout.retourcode, str(fout)))
            break
        if melding:
            bevindingen.append(Regelbevinding(r.code, r.retourcode, f"{r.uitleg} {melding}"))
            if r.poort:
                break
    return bevindingen


def _tel_mee(geval: Geval) -> None:
    """An approved prestatie counts for the ones judged after it."""
    p, staat = geval.p, geval.staat
    if p.is_credit:
        staat.gecrediteerd.add(p.vorig_referentie_nummer or "")
        return
    staat.debet_sleutels.add(geval.sleutel)
    als_engine = staat.engine.get(p.volgnummer)
    if als_engine is None:  # not reached: an approved debet passed the engine's rules
        als_engine = engine_prestatie(p)
    staat.goedgekeurd.setdefault(p.toewijzing_nummer, []).append(als_engine)


def beoordeel(ctx: Intakecontext) -> Beoordeling:
    """A whole 323 at once (the portal's preview); the exchange judges a long message part by part."""
    declaratie_bevindingen = beoordeel_declaratie(ctx)
    prestaties = ctx.invoer.prestaties
    if declaratie_bevindingen:
        return Beoordeling(ctx.invoer, declaratie_bevindingen, tuple(niet_beoordeeld(ctx, prestaties)))
    return Beoordeling(ctx.invoer, (), tuple(beoordeel_prestaties(ctx, prestaties)))
