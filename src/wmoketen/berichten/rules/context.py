"""What level-3 and level-4 rules need to know about earlier messages and external sources.

`ValidationContext` is the interface; `memory.InMemoryContext` implements it for tests; the exchange layer
will implement it on the database (selectors of toewijzingen/declaraties/catalogus). Keys follow the
standard: a toewijzing is identified per gemeente by ToewijzingNummer (TR332); a start or stop by
Bsn + ToewijzingNummer + Begindatum (IV008; a stop also by RedenBeeindiging since 3.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ..codec import BerichtSoort


@dataclass(frozen=True)
class BekendeToewijzing:
    """The current version of a ToegewezenProduct as sent in an earlier 301."""

    gemeente: str
    aanbieder: str
    bsn: str
    toewijzing_nummer: int
    product_categorie: str | None
    product_code: str | None
    ingangsdatum: date
    einddatum: date | None = None
    reden_wijziging: str | None = None


@dataclass(frozen=True)
class BekendeStart:
    """A StartProduct received earlier and not deleted (StatusAanlevering 3 removes it)."""

    bsn: str
    toewijzing_nummer: int | None
    begindatum: date
    product_categorie: str | None = None
    product_code: str | None = None


@dataclass(frozen=True)
class BekendeStop:
    """A StopProduct received earlier and not deleted."""

    bsn: str
    toewijzing_nummer: int | None
    begindatum: date
    reden_beeindiging: str
    einddatum: date


class ValidationContext(Protocol):
    def vandaag(self) -> date:
        """The system date (TR135)."""
        ...

    def bericht_identificatie_gebruikt(self, *, soort: BerichtSoort, afzender: str, identificatie: str) -> bool:
        """Whether this sender already used this BerichtIdentificatie for this message kind (TR056)."""
        ...

    def toewijzing(self, *, gemeente: str, toewijzing_nummer: int) -> BekendeToewijzing | None:
        """The current toewijzing with this number at this gemeente (TR019, TR332)."""
        ...

    def starts(self, *, gemeente: str, aanbieder: str, bsn: str) -> Sequence[BekendeStart]:
        """Starts of this aanbieder for this client at this gemeente (TR063, TR071, TR074, TR326, TR382)."""
        ...

    def stops(self, *, gemeente: str, aanbieder: str, bsn: str) -> Sequence[BekendeStop]:
        """Stops of this aanbieder for this client at this gemeente (TR063, TR071, TR074, TR413-TR415)."""
        ...

    def gemeentecode_geldig(self, gemeente: str, *, op: date) -> bool:
        """Whether the code is in the CBS municipality list valid on that date (TR378, S300)."""
        ...

    def productcode_bij_categorie(self, categorie: str, code: str, *, op: date) -> bool:
        """Whether the product code belongs to the category in the agreed product code list (TR381, S329)."""
        ...

    def uurtarief(self, *, aanbieder: str, gemeente: str, product_code: str, op: date) -> int | None:
        """The contract tariff per hour in eurocent when hours are declared in minutes (TR346, IV081)."""
        ...
