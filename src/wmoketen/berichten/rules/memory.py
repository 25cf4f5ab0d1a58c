"""An in-memory `ValidationContext` for tests and for the database-free CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..codec import BerichtSoort
from .context import BekendeStart, BekendeStop, BekendeToewijzing


@dataclass
class InMemoryContext:
    today: date
    identificaties: set[tuple[BerichtSoort, str, str]] = field(default_factory=set)
    toewijzingen: list[BekendeToewijzing] = field(default_factory=list)
    start_producten: dict[tuple[str, str, str], list[BekendeStart]] = field(default_factory=dict)
    stop_producten: dict[tuple[str, str, str], list[BekendeStop]] = field(default_factory=dict)
    gemeentecodes: set[str] = field(default_factory=set)
    productcodes: dict[str, set[str]] = field(default_factory=dict)  # categorie -> codes
    uurtarieven: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (aanbieder, gemeente, code)

    def vandaag(self) -> date:
        return self.today

    def bericht_identificatie_gebruikt(self, *, soort: BerichtSoort, afzender: str, identificatie: str) -> bool:
        return (soort, afzender, identificatie) in self.identificaties

    def toewijzing(self, *, gemeente: str, toewijzing_nummer: int) -> BekendeToewijzing | None:
        for toewijzing in self.toewijzingen:
            if toewijzing.gemeente == gemeente and toewijzing.toewijzing_nummer == toewijzing_nummer:
                return toewijzing
        return None

    def starts(self, *, gemeente: str, aanbieder: str, bsn: str) -> Sequence[BekendeStart]:
        return self.start_producten.get((gemeente, aanbieder, bsn), [])

    def stops(self, *, gemeente: str, aanbieder: str, bsn: str) -> Sequence[BekendeStop]:
        return self.stop_producten.get((gemeente, aanbieder, bsn), [])

    def gemeentecode_geldig(self, gemeente: str, *, op: date) -> bool:
        return gemeente in self.gemeentecodes

    def productcode_bij_categorie(self, categorie: str, code: str, *, op: date) -> bool:
        return code in self.productcodes.get(categorie, set())

    def uurtarief(self, *, aanbieder: str, gemeente: str, product_code: str, op: date) -> int | None:
        return self.uurtarieven.get((aanbieder, gemeente, product_code))
