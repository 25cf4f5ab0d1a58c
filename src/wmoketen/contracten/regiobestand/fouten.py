"""Findings about a region file, each naming the file, the line and the key path, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

Pad = tuple[str | int, ...]


@dataclass(frozen=True)
class Fout:
    pad: Pad
    melding: str
    regel: int | None = None

    def pad_tekst(self) -> str:
        out = ""
        for part in self.pad:
            out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(bestand)"

    def tekst(self, bestand: Path | str) -> str:
        plaats = f"{bestand}:{self.regel}" if self.regel else str(bestand)
        return f"{plaats}: {self.pad_tekst()}: {self.melding}"


class RegiobestandFout(Exception):
    """The file was refused as a whole; nothing was loaded."""

    def __init__(self, bestand: Path | str, fouten: list[Fout]) -> None:
        self.bestand = bestand
        self.fouten = fouten
        super().__init__(self.rapport())

    def rapport(self) -> str:
        kop = f"Regiobestand {self.bestand} geweigerd ({len(self.fouten)} fout(en)); er is niets geladen."
        return "\n".join([kop, *(f"  - {f.tekst(self.bestand)}" for f in self.fouten)])
