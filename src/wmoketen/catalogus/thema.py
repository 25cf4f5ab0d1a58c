"""A region's own look (issue 19 item 1): token overrides of the NL Design System theme, as region data.

The region file points to a file of design tokens in the regions folder (like the letterhead's logo):

    instellingen:
      weergave:
        thema: themas/limburg-noord.css

The file holds CSS custom properties only, one per line (`--basis-color-accent-1-bg-default: #0b5394;`), the names
of the NL Design System tokens (`--basis-*`, `--utrecht-*`, ...; docs/weergave.md). Anything else (selectors, at-rules,
`url(...)`, `expression`, braces, comments spanning lines) is refused: the file can change colours, fonts and sizes
but can never load anything or style outside the tokens. A region without a theme gets the example theme of the NL
Design System (the default tokens)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from wmoketen.core.fouten import Domeinfout

TOKEN = re.compile(r"^(--[a-z][a-z0-9-]{1,120})\s*:\s*([^;{}<>\\@]{1,200});$")
# A value is a colour, a length, a number, a font list or a var(): no url(), no image-set(), no expression().
VERBODEN_WAARDE = re.compile(r"url\s*\(|image-set|image\s*\(|expression|javascript:|/\*|\*/", re.IGNORECASE)
COMMENTAAR = re.compile(r"^/\*.*\*/$")
MAX_REGELS = 500


class ThemaFout(Domeinfout):
    """The theme file of a region cannot be used (named with the line)."""


@dataclass(frozen=True)
class Thema:
    tokens: tuple[tuple[str, str], ...]

    @property
    def css(self) -> str:
        """The overrides on the page's root (after the example theme, with higher specificity)."""
        regels = "".join(f"  {naam}: {waarde};\n" for naam, waarde in self.tokens)
        return f":root.voorbeeld-theme {{\n{regels}}}\n"

    @property
    def versie(self) -> str:
        return hashlib.sha256(self.css.encode()).hexdigest()[:12]


def thema_lezen(tekst: str, *, bron: str = "thema") -> Thema:
    """Parse a theme file; ThemaFout names each line that is not a single token declaration."""
    tokens: list[tuple[str, str]] = []
    fouten: list[str] = []
    regels = tekst.splitlines()
    if len(regels) > MAX_REGELS:
        raise ThemaFout(f"{bron}: meer dan {MAX_REGELS} regels")
    for nr, regel in enumerate(regels, start=1):
        regel = regel.strip()
        if not regel or (COMMENTAAR.match(regel) and regel.count("*/") == 1):
            continue
        m = TOKEN.match(regel)
        if m is None or VERBODEN_WAARDE.search(m.group(2)):
            fouten.append(f"{bron}, regel {nr}: geen token ('--naam: waarde;' zonder url(), accolades of @)")
            continue
        tokens.append((m.group(1), m.group(2).strip()))
    if fouten:
        raise ThemaFout("; ".join(fouten))
    return Thema(tuple(tokens))


def themapad(instellingen: dict[str, object] | None) -> Path | None:
    """The theme file a region's settings point to, inside the regions folder; None without a theme."""
    weergave = (instellingen or {}).get("weergave")
    pad = weergave.get("thema") if isinstance(weergave, dict) else None
    if not pad:
        return None
    if not isinstance(pad, str) or ".." in Path(pad).parts or Path(pad).is_absolute() or not pad.endswith(".css"):
        raise ThemaFout("instellingen.weergave.thema: een .css-bestand in de map met regiobestanden (geen '..')")
    return Path(settings.WMOKETEN_REGIO_MAP) / pad


@lru_cache(maxsize=32)
def _gelezen(pad: Path, gewijzigd: float) -> Thema:
    return thema_lezen(pad.read_text(encoding="utf-8"), bron=pad.name)


def thema_van(instellingen: dict[str, object] | None) -> Thema | None:
    """The region's theme, read once per version of the file; None when the region has none."""
    pad = themapad(instellingen)
    if pad is None:
        return None
    try:
        gewijzigd = pad.stat().st_mtime
    except FileNotFoundError as exc:
        raise ThemaFout(f"instellingen.weergave.thema: {pad.name} bestaat niet") from exc
    return _gelezen(pad, gewijzigd)
