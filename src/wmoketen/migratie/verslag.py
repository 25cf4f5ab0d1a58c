"""What an import counts while it works: outcomes per kind, per municipality and per provider, money per provider
per month, and every refusal with its place. Counters are small (bounded by kinds, municipalities, providers and
months); refusals can be many, so they go out per batch (`Afwijzingen`)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from .models import Afwijzing, Migratie

GELD = ("gedeclareerd", "goedgekeurd", "betaald")


@dataclass(frozen=True)
class Regel:
    pad: str
    reden: str
    regel: int | None = None
    plek: str = ""


class Verslag:
    """Counters of one import; `als_json()` is what the Migratie keeps (and a resumed run starts from)."""

    def __init__(self, bewaard: dict[str, Any] | None = None) -> None:
        bewaard = bewaard or {}
        self.uitkomsten: dict[str, Counter[str]] = defaultdict(Counter)
        self.soorten: Counter[str] = Counter()
        self.per_gemeente: dict[str, Counter[str]] = defaultdict(Counter)
        self.per_aanbieder: dict[str, Counter[str]] = defaultdict(Counter)
        self.geld: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        self.waarschuwingen: list[str] = list(bewaard.get("waarschuwingen", []))
        self.verschillen_325: list[dict[str, Any]] = list(bewaard.get("verschillen_325", []))
        for soort, tellers in bewaard.get("uitkomsten", {}).items():
            self.uitkomsten[soort].update(tellers)
        self.soorten.update(bewaard.get("soorten", {}))
        for cbs, tellers in bewaard.get("per_gemeente", {}).items():
            self.per_gemeente[cbs].update(tellers)
        for agb, tellers in bewaard.get("per_aanbieder", {}).items():
            self.per_aanbieder[agb].update(tellers)
        for agb, maanden in bewaard.get("geld", {}).items():
            for maand, bedragen in maanden.items():
                self.geld[agb][maand].update(bedragen)

    def uitkomst(self, soort: str, uitkomst: str) -> None:
        self.uitkomsten[soort][uitkomst] += 1

    def tel(self, wat: str, n: int = 1, *, gemeente: str = "", aanbieder: str = "") -> None:
        if not n:
            return
        self.soorten[wat] += n
        if gemeente:
            self.per_gemeente[gemeente][wat] += n
        if aanbieder:
            self.per_aanbieder[aanbieder][wat] += n

    def bedrag(self, aanbieder: str, maand: str, soort: str, cent: int) -> None:
        self.geld[aanbieder][maand][soort] += cent

    def waarschuwing(self, tekst: str) -> None:
        if len(self.waarschuwingen) < 1000:
            self.waarschuwingen.append(tekst)

    def als_json(self) -> dict[str, Any]:
        return {
            "uitkomsten": {k: dict(v) for k, v in sorted(self.uitkomsten.items())},
            "soorten": dict(sorted(self.soorten.items())),
            "per_gemeente": {k: dict(sorted(v.items())) for k, v in sorted(self.per_gemeente.items())},
            "per_aanbieder": {k: dict(sorted(v.items())) for k, v in sorted(self.per_aanbieder.items())},
            "geld": {
                agb: {m: {s: b.get(s, 0) for s in GELD} for m, b in sorted(maanden.items())}
                for agb, maanden in sorted(self.geld.items())
            },
            "waarschuwingen": self.waarschuwingen,
            "verschillen_325": self.verschillen_325,
        }


class Afwijzingen:
    """Refusals of a batch. The real run stores them with the batch (same transaction); a dry run, whose work is
    rolled back, writes them to a temporary file and stores them afterwards."""

    def __init__(self, migratie: Migratie, *, later: bool) -> None:
        self.migratie = migratie
        self.regels: list[Regel] = []
        self.volgnummer = migratie.afwijzingen.count()
        # closed in na_terugdraaien, where the dry run that opened it always ends
        self.bestand: IO[str] | None = None
        if later:
            self.bestand = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115

    def voeg_toe(self, regel: Regel) -> None:
        self.regels.append(regel)

    def __len__(self) -> int:
        return self.volgnummer + len(self.regels)

    def batch_klaar(self) -> None:
        if self.bestand is not None:
            schrijver = csv.writer(self.bestand)
            for r in self.regels:
                schrijver.writerow([r.pad, r.regel or "", r.plek, r.reden])
            self.volgnummer += len(self.regels)
        else:
            self._opslaan(iter(self.regels))
        self.regels = []

    def _opslaan(self, regels: Iterator[Regel]) -> None:
        batch: list[Afwijzing] = []
        for r in regels:
            self.volgnummer += 1
            batch.append(
                Afwijzing(
                    migratie=self.migratie,
                    volgnummer=self.volgnummer,
                    pad=r.pad[:500],
                    regel=r.regel,
                    plek=r.plek[:200],
                    reden=r.reden,
                )
            )
            if len(batch) >= 2000:
                Afwijzing.objects.bulk_create(batch)
                batch = []
        Afwijzing.objects.bulk_create(batch)

    def na_terugdraaien(self) -> None:
        """A dry run: store what the file holds, now that the rolled-back work is gone."""
        if self.bestand is None:
            return
        self.bestand.seek(0)
        self.volgnummer = self.migratie.afwijzingen.count()
        self._opslaan(
            Regel(pad, reden, int(regel) if regel else None, plek)
            for pad, regel, plek, reden in csv.reader(self.bestand)
        )
        self.bestand.close()


def afwijzingen_csv(migratie: Migratie) -> Iterator[str]:
    """Every refusal as CSV lines (streamed for a download of any size)."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";")
    schrijver.writerow(["volgnummer", "bestand", "regel", "plek", "reden"])
    yield buffer.getvalue()
    for a in migratie.afwijzingen.order_by("volgnummer").iterator(chunk_size=2000):
        buffer.seek(0)
        buffer.truncate()
        schrijver.writerow([a.volgnummer, a.pad, a.regel or "", a.plek, a.reden])
        yield buffer.getvalue()
