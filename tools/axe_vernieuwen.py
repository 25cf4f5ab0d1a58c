#!/usr/bin/env python3
"""Refresh the vendored axe-core (tests/vendor/axe-core/) that the browser tests inject into every page.

    python3.11 tools/axe_vernieuwen.py [VERSION]

Development time only: needs npm (`npm pack` downloads the package from the npm registry into a temporary folder);
the tests themselves need no Node. Copies axe.min.js with its licences (MPL-2.0) and writes the version to
VERSION. Without VERSION the latest published version is taken. Review the diff and run the browser tests before
committing: a new axe version may find new violations.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOEL = ROOT / "tests" / "vendor" / "axe-core"
BESTANDEN = ("axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt")


def main(argv: list[str]) -> int:
    pakket = f"axe-core@{argv[1]}" if len(argv) > 1 else "axe-core"
    with tempfile.TemporaryDirectory() as tmp:
        uit = subprocess.run(
            ["npm", "pack", pakket, "--json"], cwd=tmp, check=True, capture_output=True, text=True
        ).stdout
        tgz = Path(tmp) / json.loads(uit)[0]["filename"]
        with tarfile.open(tgz) as archief:
            archief.extractall(tmp, filter="data")
        bron = Path(tmp) / "package"
        versie = json.loads((bron / "package.json").read_text())["version"]
        DOEL.mkdir(parents=True, exist_ok=True)
        for naam in BESTANDEN:
            shutil.copy(bron / naam, DOEL / naam)
        (DOEL / "VERSION").write_text(f"{versie}\n")
    print(f"axe-core {versie} in {DOEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
