"""'What will be approved': run draft prestaties through the same checks as incoming ones, before sending."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .controle import Bevinding, Controlecontext, Prestatie, controleer_prestatie


@dataclass(frozen=True)
class Voorcalculatieregel:
    index: int
    prestatie: Prestatie
    goedgekeurd: bool
    bedrag_cent: int
    redenen: tuple[Bevinding, ...]


@dataclass(frozen=True)
class Voorcalculatie:
    regels: tuple[Voorcalculatieregel, ...]

    @property
    def goed_te_keuren_cent(self) -> int:
        return sum(r.bedrag_cent for r in self.regels)

    @property
    def afgewezen(self) -> tuple[Voorcalculatieregel, ...]:
        return tuple(r for r in self.regels if not r.goedgekeurd)


def voorcalculeer(concepten: Sequence[Prestatie], context: Controlecontext) -> Voorcalculatie:
    """Check draft lines in the given order; each approved line counts for the cumulative checks of the next,
    exactly as the municipality will process them in one 323."""
    goedgekeurd = list(context.eerder_goedgekeurd)
    regels = []
    for index, prestatie in enumerate(concepten):
        resultaat = controleer_prestatie(prestatie, replace(context, eerder_goedgekeurd=tuple(goedgekeurd)))
        if resultaat.goedgekeurd:
            goedgekeurd.append(prestatie)
        regels.append(
            Voorcalculatieregel(
                index, prestatie, resultaat.goedgekeurd, resultaat.goedgekeurd_bedrag_cent, resultaat.bevindingen
            )
        )
    return Voorcalculatie(tuple(regels))
