"""The message list as `core.lijsten.Lijst`: the page and its export read the same selection (issue 19 item 5)."""

from __future__ import annotations

from wmoketen.contracten import weergave
from wmoketen.core.lijsten import Kolom, Lijst
from wmoketen.declaraties.constants import retourcodes_tekst

from . import selectors
from .models import Bericht


def _partijen(berichten: list[Bericht]) -> None:
    """The parties of a chunk by name, in two queries (not two per message)."""
    namen = weergave.partijnamen({c for b in berichten for c in (b.van, b.aan) if c})
    for b in berichten:
        b.van_naam = weergave.partij(b.van, namen)  # type: ignore[attr-defined]
        b.aan_naam = weergave.partij(b.aan, namen)  # type: ignore[attr-defined]


BERICHTEN: Lijst[Bericht] = Lijst(
    naam="berichten",
    titel="Berichten",
    url="berichten:lijst",
    lezen=selectors.berichten_selectie,
    sorteringen=selectors.BERICHT_SORTERINGEN,
    voorbereiden=_partijen,
    kolommen=[
        Kolom("Bericht", lambda b: f"WMO{b.soort} {b.soort_naam}"),
        Kolom("Richting", lambda b: b.get_richting_display()),
        Kolom("Van", lambda b: b.van_naam),  # type: ignore[attr-defined]
        Kolom("Aan", lambda b: b.aan_naam),  # type: ignore[attr-defined]
        Kolom("BerichtIdentificatie", lambda b: b.identificatie),
        Kolom("IdentificatieRetour", lambda b: b.identificatie_retour),
        Kolom("Dagtekening", lambda b: f"{b.dagtekening:%d-%m-%Y}"),
        Kolom("Status", lambda b: b.get_status_display()),
        Kolom("Retourcodes", lambda b: retourcodes_tekst(b.retour_codes)),
    ],
)
