"""Where an export is written: a folder or a zip file, each file streamed and its SHA-256 kept for the manifest.

The result appears whole or not at all: it is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


class _Hasher(io.RawIOBase):
    """A binary writer that passes the bytes on and counts and hashes them."""

    def __init__(self, doel: IO[bytes]) -> None:
        self.doel = doel
        self.sha = hashlib.sha256()
        self.grootte = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.doel.write(view)
        self.sha.update(view)
        self.grootte += len(view)
        return len(view)


class Uitvoer:
    def __init__(self, pad: Path) -> None:
        self.pad = pad
        self.tijdelijk = pad.with_name(pad.name + ".deel")
        self.bestanden: dict[str, dict[str, object]] = {}
        self.zip: zipfile.ZipFile | None = None
        if self.tijdelijk.exists():
            _weg(self.tijdelijk)
        if pad.suffix.lower() == ".zip":
            pad.parent.mkdir(parents=True, exist_ok=True)
            self.zip = zipfile.ZipFile(self.tijdelijk, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        else:
            self.tijdelijk.mkdir(parents=True)

    @contextmanager
    def binair(self, naam: str) -> Iterator[IO[bytes]]:
        assert naam not in self.bestanden, f"{naam} staat al in de export"
        if self.zip is not None:
            ruw: IO[bytes] = self.zip.open(naam, "w", force_zip64=True)
        else:
            doel = self.tijdelijk / naam
            doel.parent.mkdir(parents=True, exist_ok=True)
            ruw = doel.open("wb")
        hasher = _Hasher(ruw)
        with ruw:
            yield hasher  # type: ignore[misc]
        self.bestanden[naam] = {"sha256": hasher.sha.hexdigest(), "bytes": hasher.grootte}

    @contextmanager
    def tekst(self, naam: str) -> Iterator[IO[str]]:
        with self.binair(naam) as ruw:
            tekst = io.TextIOWrapper(ruw, encoding="utf-8", newline="")
            yield tekst
            tekst.flush()
            tekst.detach()

    def schrijf(self, naam: str, data: bytes) -> None:
        with self.binair(naam) as f:
            f.write(data)

    def bestaat(self, naam: str) -> bool:
        return naam in self.bestanden

    def sluiten(self) -> Path:
        if self.zip is not None:
            self.zip.close()
        if self.pad.exists():
            _weg(self.pad)
        os.replace(self.tijdelijk, self.pad)
        return self.pad

    def afbreken(self) -> None:
        if self.zip is not None:
            self.zip.close()
        _weg(self.tijdelijk)


def _weg(pad: Path) -> None:
    if pad.is_dir():
        shutil.rmtree(pad)
    elif pad.exists():
        pad.unlink()
