"""An in-memory `ValidationContext` for tests and for the database-free CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from wmoketen.toewijzingen.domain import is_verwijderd

from ..codec import BerichtSoort
from .context import BekendeStart, BekendeStop, BekendeToewijzing, BekendVerzoek


@dataclass
class InMemoryContext:
    today: date
    identificaties: set[tuple[BerichtSoort, str, str]] = field(default_factory=set)
    toewijzingen: list[BekendeToewijzing] = field(default_factory=list)
    start_producten: dict[tuple[str, str, str], list[BekendeStart]] = field(default_factory=dict)
    stop_producten: dict[tuple[str, str, str], list[BekendeStop]] = field(default_factory=dict)
    gemeentecodes: set[str] = field(default_factory=set)
    productcodes: dict[str, set[str]] = field(default_factory=dict)  # categorie -> codes
    verzoeken: list[BekendVerzoek] = field(default_factory=list)
    onderhanden: set[tuple[str, str, str]] = field(default_factory=set)  # (gemeente, aanbieder, bsn)
    antwoorden: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # (gemeente, aanbieder, ref)
    toegewezen_referenties: set[tuple[str, str, str]] = field(default_factory=set)  # (gemeente, aanbieder, ref)
    externe_gemeenten: set[str] = field(default_factory=set)  # with their own software: no register here

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

    def actuele_toewijzingen(self, *, gemeente: str, aanbieder: str, bsn: str, op: date) -> Sequence[BekendeToewijzing]:
        return [
            t
            for t in self.toewijzingen
            if (t.gemeente, t.aanbieder, t.bsn) == (gemeente, aanbieder, bsn)
            and (t.einddatum is None or t.einddatum >= op)
            and not is_verwijderd(
                reden_wijziging=t.reden_wijziging or "", ingangsdatum=t.ingangsdatum, einddatum=t.einddatum
            )
        ]

    def verzoeken_met_referentie(self, *, aanbieder: str, referentie: str) -> Sequence[BekendVerzoek]:
        return [v for v in self.verzoeken if (v.aanbieder, v.referentie_aanbieder) == (aanbieder, referentie)]

    def verzoekregister_van(self, gemeente: str) -> bool:
        return gemeente not in self.externe_gemeenten

    def verzoek_onderhanden(self, *, gemeente: str, aanbieder: str, bsn: str) -> bool:
        return (gemeente, aanbieder, bsn) in self.onderhanden

    def eerdere_antwoorden(self, *, gemeente: str, aanbieder: str, referentie: str) -> Sequence[str]:
        return self.antwoorden.get((gemeente, aanbieder, referentie), [])

    def eerder_toegewezen(self, *, gemeente: str, aanbieder: str, referentie: str) -> bool:
        return (gemeente, aanbieder, referentie) in self.toegewezen_referenties
