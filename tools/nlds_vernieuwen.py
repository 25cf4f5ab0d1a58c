#!/usr/bin/env python3
"""Refresh the vendored NL Design System CSS (src/wmoketen/web/static/nlds/) that every page is built on.

    python3.11 tools/nlds_vernieuwen.py [COMPONENTS_VERSION [THEME_VERSION]]

Development time only: needs npm (`npm pack` downloads each package from the npm registry into a temporary folder);
running, testing and the demo need no Node. Copies

- the CSS of the Utrecht component library, `@utrecht/component-library-css` (EUPL-1.2): `index.css` (the
  components by class, `utrecht-button`, `utrecht-alert`, ...) and `html.css` (the same look for plain HTML elements
  inside `.utrecht-html`);
- the design tokens of the NL Design System example theme, `@nl-design-system-unstable/voorbeeld-design-tokens`
  (EUPL-1.2): `theme.css` (the tokens under `.voorbeeld-theme`).

with each package's licence, and writes the versions to VERSIONS.json. Without versions the latest published ones
are taken. A package whose licence is not EUPL-1.2 is refused: Gemeente Utrecht's own tokens
(`@utrecht/design-tokens`) are proprietary (their LICENSE.md: "The open source license does NOT apply") and may not
be copied into this repository. Review the diff and run the browser tests (axe) before committing: new tokens can
change contrast.
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
DOEL = ROOT / "src" / "wmoketen" / "web" / "static" / "nlds"
LICENTIE = "EUPL-1.2"
# package -> {file in the package: file in DOEL}
PAKKETTEN = {
    "@utrecht/component-library-css": {
        "dist/index.css": "utrecht-componenten.css",
        "dist/html.css": "utrecht-html.css",
        "LICENSE.md": "LICENSE-utrecht-component-library-css.md",
    },
    "@nl-design-system-unstable/voorbeeld-design-tokens": {
        "dist/theme.css": "voorbeeld-thema.css",
        "LICENSE.md": "LICENSE-voorbeeld-design-tokens.md",
    },
}


def _pak_uit(pakket: str, tmp: Path) -> tuple[Path, dict[str, str]]:
    uit = subprocess.run(["npm", "pack", pakket, "--json"], cwd=tmp, check=True, capture_output=True, text=True).stdout
    tgz = tmp / json.loads(uit)[0]["filename"]
    map_ = tmp / tgz.stem
    with tarfile.open(tgz) as archief:
        archief.extractall(map_, filter="data")
    bron = map_ / "package"
    return bron, json.loads((bron / "package.json").read_text())


def main(argv: list[str]) -> int:
    versies = argv[1:]
    vastgelegd: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmpnaam:
        tmp = Path(tmpnaam)
        for i, (naam, bestanden) in enumerate(PAKKETTEN.items()):
            pakket = f"{naam}@{versies[i]}" if len(versies) > i else naam
            bron, meta = _pak_uit(pakket, tmp)
            if meta.get("license") != LICENTIE:
                print(f"{naam} {meta['version']} heeft licentie {meta.get('license')!r}, niet {LICENTIE}: geweigerd")
                return 1
            DOEL.mkdir(parents=True, exist_ok=True)
            for van, naar in bestanden.items():
                shutil.copy(bron / van, DOEL / naar)
            vastgelegd[naam] = {
                "version": meta["version"],
                "license": meta["license"],
                "files": ", ".join(bestanden.values()),
                "source": f"https://www.npmjs.com/package/{naam}/v/{meta['version']}",
            }
    (DOEL / "VERSIONS.json").write_text(json.dumps(vastgelegd, indent=2, ensure_ascii=False) + "\n")
    for naam, v in vastgelegd.items():
        print(f"{naam} {v['version']} ({v['license']}) in {DOEL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
