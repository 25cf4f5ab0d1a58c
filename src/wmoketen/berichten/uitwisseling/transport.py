"""Pluggable transports. A transport moves raw message bytes between parties; it knows nothing of iWmo.

`BestandsTransport` works like a knooppunt delivering files: one folder per party (CBS or AGB code), with
`in/` (delivered to the party) and `uit/` (a copy of what the party sent). Files are written to a temporary
name first and then renamed, so a reader never sees half a file. Processed files move to `in/verwerkt/`,
refused ones to `in/geweigerd/` with a `.fout.txt` that says why.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from ..codec.safexml import check_size

PARTIJ = re.compile(r"^\d{4}$|^\d{8}$")


@dataclass(frozen=True)
class Aflevering:
    """One file waiting in a party's inbox."""

    partij: str
    naam: str
    pad: Path
    kenmerk: str = ""  # identifies this delivery of the file (name, time, size): a file delivered again differs


class Transport(Protocol):
    def afleveren(self, *, afzender: str, ontvanger: str, bestandsnaam: str, inhoud: bytes) -> None:
        """Put a copy in the sender's outbox and deliver the message to the receiver's inbox."""
        ...

    def partijen(self) -> list[str]:
        """Parties with an inbox."""
        ...

    def postvak_in(self, partij: str) -> list[Aflevering]:
        """Waiting deliveries, oldest first."""
        ...

    def aflevering(self, partij: str, naam: str) -> Aflevering | None:
        """The waiting delivery with this name, or None when it is no longer in the inbox."""
        ...

    def lees(self, aflevering: Aflevering) -> bytes:
        """The bytes of a delivery; raises UnsafeXmlError when it is larger than 25 MB (before reading)."""
        ...

    def verwerkt(self, aflevering: Aflevering) -> None: ...

    def geweigerd(self, aflevering: Aflevering, reden: str) -> None: ...


def _schrijf_atomair(pad: Path, inhoud: bytes) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = pad.with_name(f".{pad.name}.tmp")
    tijdelijk.write_bytes(inhoud)
    os.replace(tijdelijk, pad)


def _partij_map(root: Path, partij: str) -> Path:
    if not PARTIJ.match(partij):
        raise ValueError(f"Ongeldige partijcode {partij!r}: verwacht 4 (CBS) of 8 (AGB) cijfers.")
    return root / partij


def _aflevering(partij: str, pad: Path, stat: os.stat_result) -> Aflevering:
    return Aflevering(partij, pad.name, pad, f"{pad.name}:{stat.st_mtime_ns}:{stat.st_size}")


class BestandsTransport:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def afleveren(self, *, afzender: str, ontvanger: str, bestandsnaam: str, inhoud: bytes) -> None:
        _schrijf_atomair(_partij_map(self.root, afzender) / "uit" / bestandsnaam, inhoud)
        _schrijf_atomair(_partij_map(self.root, ontvanger) / "in" / bestandsnaam, inhoud)

    def partijen(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and PARTIJ.match(p.name))

    def postvak_in(self, partij: str) -> list[Aflevering]:
        inbox = _partij_map(self.root, partij) / "in"
        if not inbox.is_dir():
            return []
        gevonden = []
        for p in inbox.iterdir():
            if p.name.startswith("."):
                continue
            with contextlib.suppress(FileNotFoundError):  # moved by a parallel worker while we looked
                if p.is_file():
                    gevonden.append((p.stat(), p))
        gevonden.sort(key=lambda sp: (sp[0].st_mtime_ns, sp[1].name))
        return [_aflevering(partij, p, stat) for stat, p in gevonden]

    def aflevering(self, partij: str, naam: str) -> Aflevering | None:
        if "/" in naam or naam.startswith("."):
            return None
        pad = _partij_map(self.root, partij) / "in" / naam
        try:
            stat = pad.stat()
        except FileNotFoundError:
            return None
        return _aflevering(partij, pad, stat) if pad.is_file() else None

    def lees(self, aflevering: Aflevering) -> bytes:
        check_size(aflevering.pad.stat().st_size)
        return aflevering.pad.read_bytes()

    def verwerkt(self, aflevering: Aflevering) -> None:
        self._verplaats(aflevering, "verwerkt")

    def geweigerd(self, aflevering: Aflevering, reden: str) -> None:
        doel = self._verplaats(aflevering, "geweigerd")
        _schrijf_atomair(doel.with_name(doel.name + ".fout.txt"), (reden + "\n").encode())

    def _verplaats(self, aflevering: Aflevering, map_naam: str) -> Path:
        doel = aflevering.pad.parent / map_naam / aflevering.naam
        doel.parent.mkdir(parents=True, exist_ok=True)
        # a parallel worker may have moved the same file already (its database work was deduplicated)
        with contextlib.suppress(FileNotFoundError):
            os.replace(aflevering.pad, doel)
        return doel


def standaard_map() -> Path:
    return Path(settings.WMOKETEN_UITWISSELING_MAP)


@lru_cache(maxsize=8)
def _transport(naam: str, root: str) -> Transport:
    cls = import_string(naam)
    result: Transport = cls(root)
    return result


def transport() -> Transport:
    """The configured transport: setting WMOKETEN_TRANSPORT (dotted path of a class taking the root folder),
    default the file drop in WMOKETEN_UITWISSELING_MAP (default var/uitwisseling)."""
    naam = settings.WMOKETEN_TRANSPORT
    return _transport(naam, str(standaard_map()))
