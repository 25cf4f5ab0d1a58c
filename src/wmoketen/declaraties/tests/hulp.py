"""Draft lines through the engine's check one after the other, as the intake judges them in one 323: each
approved line counts for the cumulative checks of the next (the intake's own loop is intake.beoordeel_prestaties)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from wmoketen.declaraties.controle import Controlecontext, Controleresultaat, Prestatie, controleer_prestatie


@dataclass(frozen=True)
class NaElkaar:
    regels: tuple[Controleresultaat, ...]

    @property
    def goed_te_keuren_cent(self) -> int:
        return sum(r.goedgekeurd_bedrag_cent for r in self.regels)


def na_elkaar(concepten: Sequence[Prestatie], context: Controlecontext) -> NaElkaar:
    goedgekeurd = list(context.eerder_goedgekeurd)
    uitkomsten = []
    for prestatie in concepten:
        resultaat = controleer_prestatie(prestatie, replace(context, eerder_goedgekeurd=tuple(goedgekeurd)))
        if resultaat.goedgekeurd:
            goedgekeurd.append(prestatie)
        uitkomsten.append(resultaat)
    return NaElkaar(tuple(uitkomsten))
