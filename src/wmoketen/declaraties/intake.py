"""Judge a received 323: declaration-level rules first (an error there rejects it all, IV087/TR342), then every
prestatie, approved or rejected whole. Credits are judged before debets, so a correction (credit plus new debet
in one 323) works; approved prestaties count for the cumulative checks of the later ones, in message order."""

from __future__ import annotations

from dataclasses import dataclass

from .intakecontext import Intakecontext
from .invoer import Declaratie323, Prestatieregel
from .regels import Berichtstaat, Geval, engine_prestatie, regels_voor


@dataclass(frozen=True)
class Regelbevinding:
    regel: str
    retourcode: str
    melding: str

    def als_dict(self) -> dict[str, str]:
        return {"regel": self.regel, "retourcode": self.retourcode, "melding": self.melding}


@dataclass(frozen=True)
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


def beoordeel(ctx: Intakecontext) -> Beoordeling:
    invoer = ctx.invoer
    declaratie_bevindingen = []
    for r in regels_voor("declaratie"):
        melding = r.check(invoer, ctx)
        if melding:
            declaratie_bevindingen.append(Regelbevinding(r.code, r.retourcode, f"{r.uitleg} {melding}"))
    if declaratie_bevindingen:
        # IV087/TR342: the prestaties are not judged; the declaration counts as not sent.
        oordelen = tuple(Prestatieoordeel(p, (), None, ctx.client_ids.get(p.bsn)) for p in invoer.prestaties)
        return Beoordeling(invoer, tuple(declaratie_bevindingen), oordelen)
    staat = Berichtstaat()
    prestatieregels = regels_voor("prestatie")
    per_volgnummer: dict[int, Prestatieoordeel] = {}
    volgorde = [p for p in invoer.prestaties if p.is_credit] + [p for p in invoer.prestaties if not p.is_credit]
    for p in volgorde:
        t = ctx.toewijzingen.get(p.toewijzing_nummer)
        geval = Geval(p, t, ctx, staat)
        bevindingen = [Regelbevinding(regel, code, "Gemeld door de berichtcontrole.") for regel, code in p.vooraf]
        for r in prestatieregels:
            if (r.geldt_voor == "debet" and p.is_credit) or (r.geldt_voor == "credit" and not p.is_credit):
                continue
            melding = r.check(geval)
            if melding:
                bevindingen.append(Regelbevinding(r.code, r.retourcode, f"{r.uitleg} {melding}"))
                if r.poort:
                    break
        staat.referenties.add(p.referentie_nummer)
        goed = not bevindingen
        if goed and p.is_credit:
            staat.gecrediteerd.add(p.vorig_referentie_nummer or "")
        elif goed:
            staat.debet_sleutels.add(
                (p.toewijzing_nummer, p.product_categorie, p.product_code, p.begindatum, p.einddatum)
            )
            staat.goedgekeurd.setdefault(p.toewijzing_nummer, []).append(engine_prestatie(p))
        client_id = ctx.client_ids.get(p.bsn)
        per_volgnummer[p.volgnummer] = Prestatieoordeel(
            p, tuple(bevindingen), t.pk if t is not None else None, client_id
        )
    return Beoordeling(invoer, (), tuple(per_volgnummer[p.volgnummer] for p in invoer.prestaties))
