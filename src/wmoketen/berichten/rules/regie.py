"""Level-2 rules of the regieberichten 305 (start) and 307 (stop)."""

from __future__ import annotations

from collections.abc import Iterator

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext


@rule(
    "CS058",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO305, S.WMO307),
    uitleg="StatusAanlevering moet 1 (eerste aanlevering) of 3 (verwijderen) zijn.",
    bron="regels/condities-constraints (CS058); regels/bedrijfsregels/OP033x2.md",
)
def check_cs058(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("//m:StatusAanlevering[. != '1' and . != '3']")


@rule(
    "TR018",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO307,),
    uitleg="Einddatum moet gelijk aan of later dan Begindatum zijn.",
    bron="regels/technische-regels/xslt/TR018.md",
)
def check_tr018(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for stop in view.all("m:Client/m:StopProducten/m:StopProduct"):
        if (view.text(stop, "m:Einddatum") or "") < (view.text(stop, "m:Begindatum") or ""):
            yield view.all("m:Einddatum", stop)[0]
