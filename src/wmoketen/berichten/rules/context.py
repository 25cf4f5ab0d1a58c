"""What level-3 and level-4 rules need to know about earlier messages and external sources.

`ValidationContext` is the interface; `memory.InMemoryContext` implements it for tests; the exchange layer
will implement it on the database (selectors of toewijzingen/declaraties/catalogus). Keys follow the
standard: a toewijzing is identified per gemeente by ToewijzingNummer (TR332); a start or stop by
Bsn + ToewijzingNummer + Begindatum (IV008; a stop also by RedenBeeindiging since 3.2); a verzoek by the
aanbieder's ReferentieAanbieder (TR347: unique per aanbieder within the Wmo; a VOT has one per requested product).
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
    verzonden: bool = True  # sent to the aanbieder in a 301: only then can a VOW be required to list it (TR349, OP095)


@dataclass(frozen=True)
class BekendVerzoek:
    """A verzoek the gemeente received earlier (and did not reject): a VOW, or one AangevraagdProduct of a VOT
    (each has its own ReferentieAanbieder and is answered on its own)."""

    gemeente: str
    aanbieder: str
    bsn: str
    referentie_aanbieder: str
    soort: BerichtSoort  # WMO315 or WMO317
    toegekend: bool = False  # granted: the next 301 carries the reference (TR379)
    toewijzing_nummer: int | None = None  # VOT product: the toewijzing granted on it (a VOW's reference goes on all)


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

    def actuele_toewijzingen(self, *, gemeente: str, aanbieder: str, bsn: str, op: date) -> Sequence[BekendeToewijzing]:
        """The toewijzingen of this client at this aanbieder valid on or after `op`, not deleted (RedenWijziging 13
        or 01 with Einddatum = Ingangsdatum) (TR349, TR350, TR351, TR361)."""
        ...

    def verzoeken_met_referentie(self, *, aanbieder: str, referentie: str) -> Sequence[BekendVerzoek]:
        """Earlier verzoeken of this aanbieder with this ReferentieAanbieder, at any gemeente (TR347, TR355, TR379)."""
        ...

    def verzoekregister_van(self, gemeente: str) -> bool:
        """Whether this system keeps the register of verzoeken received by this gemeente (not so for a gemeente
        with its own iWmo software): TR355 and TR379 can only be checked against a register that is kept."""
        ...

    def verzoek_onderhanden(self, *, gemeente: str, aanbieder: str, bsn: str) -> bool:
        """Whether a verzoek of this aanbieder for this client is still open: not yet answered with a 301 or a 319
        "verzoek afgewezen" (TR374, OP350)."""
        ...

    def eerdere_antwoorden(self, *, gemeente: str, aanbieder: str, referentie: str) -> Sequence[str]:
        """VerzoekAntwoord of each 319 with this ReferentieAanbieder that the aanbieder received (and accepted)
        earlier from this gemeente (TR360)."""
        ...

    def eerder_toegewezen(self, *, gemeente: str, aanbieder: str, referentie: str) -> bool:
        """Whether the aanbieder received (and accepted) a 301 from this gemeente with a ToegewezenProduct carrying
        this ReferentieAanbieder earlier (TR359)."""
        ...
