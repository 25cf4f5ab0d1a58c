#!/usr/bin/env python3
"""Audit the locked runtime dependencies for known vulnerabilities (pip-audit), for .ci/run.

Exit 1 when any locked dependency has a known vulnerability. When the advisory service cannot be reached (every
package comes back "could not be audited", as on a machine that only sees a package mirror), say so loudly and
exit 0: an audit that did not run must never look like a clean one, but it must not block a build either.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        eisen = Path(tmp) / "requirements.txt"
        subprocess.run(
            [BIN / "uv", "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "-q", "-o", eisen],
            cwd=ROOT,
            check=True,
        )
        result = subprocess.run(
            [BIN / "pip-audit", "-r", eisen, "--format", "json", "--progress-spinner", "off"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    try:
        rapport = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("afhankelijkheden-audit: NIET UITGEVOERD (pip-audit gaf geen rapport):", result.stderr.strip()[-500:])
        return 0
    code, tekst = beoordeel(rapport)
    print(tekst)
    return code


def beoordeel(rapport: dict) -> tuple[int, str]:
    """(exit code, Dutch report) for a pip-audit JSON report."""
    pakketten = rapport.get("dependencies", [])
    gecontroleerd = [p for p in pakketten if "skip_reason" not in p]
    kwetsbaar = [(p["name"], p["version"], v["id"]) for p in gecontroleerd for v in p.get("vulns", [])]
    if kwetsbaar:
        regels = [f"  {naam} {versie}: {kenmerk}" for naam, versie, kenmerk in kwetsbaar]
        return 1, "\n".join(["afhankelijkheden-audit: BEKENDE KWETSBAARHEDEN", *regels])
    if not gecontroleerd:
        return 0, (
            f"afhankelijkheden-audit: NIET UITGEVOERD - de kwetsbaarhedendatabase is vanaf deze machine niet "
            f"bereikbaar ({len(pakketten)} pakketten overgeslagen). Draai `python tools/dependency_audit.py` "
            "waar pypi.org of osv.dev wel bereikbaar is."
        )
    return 0, f"afhankelijkheden-audit: {len(gecontroleerd)} pakketten gecontroleerd, geen bekende kwetsbaarheden."


if __name__ == "__main__":
    sys.exit(main())
