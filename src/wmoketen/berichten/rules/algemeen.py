"""Level-2 rules that apply to every heen-bericht."""

from __future__ import annotations

from collections.abc import Iterator

from stdnum.nl import bsn as stdnum_bsn

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext
from .prestatiescan import prestatie_scan

HEEN = (S.WMO301, S.WMO305, S.WMO307, S.WMO315, S.WMO317, S.WMO319, S.WMO323)


@rule(
    "CS002",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301, S.WMO305, S.WMO307, S.WMO315, S.WMO317, S.WMO323),
    uitleg="Bsn voldoet niet aan de elfproef.",
    bron="regels/condities-constraints (CS002); elfproef.md",
)
def check_cs002(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    if view.soort is S.WMO323:  # thousands of clients: checked in the single pass over them
        yield from prestatie_scan(view).hits["CS002"]
        return
    for element in view.xpath("//m:Bsn"):
        if not stdnum_bsn.is_valid(element.text or ""):
            yield element
