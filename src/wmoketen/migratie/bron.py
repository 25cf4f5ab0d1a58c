"""The source of an import: a folder or a zip file with the layout the export writes.

    berichten/...      the archived iWmo messages (any sub folders; every .xml file outside the folders below)
    sjablonen/...      filled templates (CSV or XLSX), one file per template
    totalen.csv|xlsx   the old suite's money per provider per month, for the reconciliation

Files are read one at a time (the archive never sits in memory), each at most 25 MB (OP179) before it is read.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wmoketen.berichten.codec import MAX_BERICHT_BYTES

from .fouten import MigratieFout

KOP_BYTES = 64 * 1024  # the header of any message fits in this many bytes
ANDERE_MAPPEN = ("sjablonen", "tabellen", "brieven", "logboek")


@dataclass(frozen=True)
class Bestand:
    pad: str  # relative, with forward slashes
    grootte: int


class Bron:
    """A folder or zip file; `bestanden()` lists what an import reads, sorted by path."""

    def __init__(self, pad: Path | str) -> None:
        self.pad = Path(pad)
        if not self.pad.exists():
            raise MigratieFout(f"De bron {self.pad} bestaat niet.")
        self._zip: zipfile.ZipFile | None = None
        if self.pad.is_file():
            if not zipfile.is_zipfile(self.pad):
                raise MigratieFout(f"De bron {self.pad} is geen map en geen zip-bestand.")
            self._zip = zipfile.ZipFile(self.pad)

    def bestanden(self) -> list[Bestand]:
        if self._zip is not None:
            gevonden = [Bestand(i.filename, i.file_size) for i in self._zip.infolist() if not i.is_dir()]
        else:
            gevonden = [
                Bestand(p.relative_to(self.pad).as_posix(), p.stat().st_size)
                for p in self.pad.rglob("*")
                if p.is_file()
            ]
        return sorted((b for b in gevonden if not PurePosixPath(b.pad).name.startswith(".")), key=lambda b: b.pad)

    def berichten(self) -> list[Bestand]:
        """Every .xml file outside the folders the export writes for other purposes (a legacy archive may be
        one flat folder of messages)."""
        return [
            b
            for b in self.bestanden()
            if b.pad.lower().endswith(".xml") and not any(_onder(b.pad, m) for m in ANDERE_MAPPEN)
        ]

    def sjablonen(self) -> list[Bestand]:
        return [
            b
            for b in self.bestanden()
            if _onder(b.pad, "sjablonen")
            and _is_tabel(b.pad)
            and not PurePosixPath(b.pad).stem.endswith("-toelichting")
        ]

    def totalen(self) -> Bestand | None:
        return next((b for b in self.bestanden() if b.pad.lower() in {"totalen.csv", "totalen.xlsx"}), None)

    def lees(self, bestand: Bestand, *, max_bytes: int = MAX_BERICHT_BYTES) -> bytes:
        if bestand.grootte > max_bytes:
            raise MigratieFout(f"{bestand.pad} is groter dan {max_bytes // (1024 * 1024)} MB.")
        if self._zip is not None:
            with self._zip.open(bestand.pad) as f:
                return f.read(max_bytes + 1)[: max_bytes + 1]
        return (self.pad / bestand.pad).read_bytes()

    def lees_begin(self, bestand: Bestand) -> bytes:
        if self._zip is not None:
            with self._zip.open(bestand.pad) as f:
                return f.read(KOP_BYTES)
        with (self.pad / bestand.pad).open("rb") as f:
            return f.read(KOP_BYTES)

    def open(self, bestand: Bestand) -> Iterator[bytes]:
        """The content in pieces of 1 MB (for hashing without reading whole)."""
        handvat = self._zip.open(bestand.pad) if self._zip is not None else (self.pad / bestand.pad).open("rb")
        with handvat as f:
            while stuk := f.read(1024 * 1024):
                yield stuk

    def sha256(self, bestand: Bestand) -> str:
        h = hashlib.sha256()
        for stuk in self.open(bestand):
            h.update(stuk)
        return h.hexdigest()


def _onder(pad: str, map_: str) -> bool:
    delen = PurePosixPath(pad).parts
    return len(delen) > 1 and delen[0].lower() == map_


def _is_tabel(pad: str) -> bool:
    return pad.lower().endswith((".csv", ".xlsx"))
