"""Refusals of the settlement engine: what may be claimed cannot be determined from the catalogue and the assignment.

Each carries the rule and the retourcode (WJ001) with which the intake rejects a prestatie it cannot judge for this
reason: that one prestatie is rejected, the rest of the 323 is judged and answered (docs/declaraties.md).
"""

from __future__ import annotations

from wmoketen.core.fouten import Domeinfout


class Afrekenfout(Domeinfout):
    """What may be claimed cannot be determined; `regel` and `retourcode` say how a prestatie is rejected."""

    regel = "TR418"
    retourcode = "0611"


class GeenTarief(Afrekenfout):
    """No contract tariff on that day (TR418: the declared tariff cannot equal a contract tariff that is not there),
    for instance a p x q product after its tariff ended."""


class TariefPastNiet(Afrekenfout):
    """The catalogue's tariff is per a period that does not fit the region's settlement grid (TR418)."""


class GeenAanspraak(Afrekenfout):
    """The entitlement of the period cannot be determined from the assignment (for instance a traject paid in
    instalments without an end date): nothing may be claimed, so the volume exceeds it (TR321)."""

    regel = "TR321"
    retourcode = "9321"
