"""Server-side SVG charts: bar chart, line (trend) chart and box plot with outlier markers. No JavaScript.

Accessible and readable (issue 19 item 4): role="img", a <title> and <desc>, the title also visible on the chart, an
axis label with its unit and a legend under it, group names on two lines instead of cut off, every bar/point/box
with its own <title> (label and value); `datatabel` gives the numbers behind a chart as an HTML table.
Suppressed cells are drawn as no bar but the text "< 5" (class "onderdrukt"), so a chart never shows more than the
table. Built with ElementTree, never from text templates.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .domain import ONDERDRUKT

BREEDTE = 640
MARGE_LINKS = 190
MARGE_RECHTS = 90
RIJHOOGTE = 26
KLEUR = "#1f5f8b"
KLEUR_AFWIJKEND = "#b3261e"

Formatter = Callable[[float], str]


def _getal(w: float) -> str:
    return f"{w:.0f}"


@dataclass(frozen=True)
class Staaf:
    label: str
    waarde: float | None
    onderdrukt: bool = False


@dataclass(frozen=True)
class Box:
    label: str
    p10: float
    p25: float
    mediaan: float
    p75: float
    p90: float
    afwijkend: bool = False
    onderdrukt: bool = False


KOP = 24  # the visible title
VOET = 34  # axis label and legend


def _svg(titel: str, beschrijving: str, hoogte: int, ident: str) -> ET.Element:
    hoogte += KOP + VOET
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {BREEDTE} {hoogte}",
            "width": str(BREEDTE),
            "height": str(hoogte),
            "role": "img",
            "aria-labelledby": f"{ident}-titel {ident}-desc",
            "class": "grafiek",
            "id": ident,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{ident}-titel"}).text = titel
    ET.SubElement(svg, "desc", {"id": f"{ident}-desc"}).text = beschrijving
    _tekst(svg, 4, 16, titel, **{"class": "grafiektitel", "font-size": "14", "font-weight": "600"})
    return svg


def _inhoud(svg: ET.Element) -> ET.Element:
    """The drawing area, below the visible title."""
    return ET.SubElement(svg, "g", {"transform": f"translate(0 {KOP})"})


def _voet(svg: ET.Element, as_label: str, legenda: str) -> None:
    """Axis label (with its unit) and legend at the bottom of the chart."""
    hoogte = float(svg.get("height", "0"))
    _tekst(svg, 4, hoogte - 20, as_label, **{"class": "aslabel", "font-size": "11"})
    _tekst(svg, 4, hoogte - 6, legenda, **{"class": "legenda", "font-size": "11"})


def _label(ouder: ET.Element, x: float, y: float, tekst: str) -> None:
    """A group name right-aligned before its bar: on two lines when long, never cut off."""
    el = _tekst(ouder, x, y, "" if len(tekst) > 28 else tekst, **{"text-anchor": "end"})
    if len(tekst) > 28:
        el.set("font-size", "10")
        knip = tekst.rfind(" ", 0, len(tekst) // 2 + 6)
        knip = knip if knip > 0 else len(tekst) // 2
        for i, deel in enumerate((tekst[:knip].strip(), tekst[knip:].strip())):
            ET.SubElement(el, "tspan", {"x": f"{x:.1f}", "dy": "-5" if i == 0 else "11"}).text = deel


def datatabel(
    titel: str, punten: Sequence[Staaf], fmt: Formatter = _getal, kolommen: tuple[str, str] = ("", "")
) -> str:
    """The numbers behind a chart as an HTML table (for screen readers and for copying), built with ElementTree."""
    tabel = ET.Element("table", {"class": "grafiektabel"})
    ET.SubElement(tabel, "caption").text = f"Cijfers bij de grafiek: {titel}"
    kop = ET.SubElement(ET.SubElement(tabel, "thead"), "tr")
    for k in kolommen:
        ET.SubElement(kop, "th", {"scope": "col"}).text = k
    romp = ET.SubElement(tabel, "tbody")
    for p in punten:
        rij = ET.SubElement(romp, "tr")
        ET.SubElement(rij, "th", {"scope": "row"}).text = p.label
        waarde = ONDERDRUKT if p.onderdrukt else ("–" if p.waarde is None else fmt(p.waarde))
        ET.SubElement(rij, "td", {"class": "bedrag"}).text = waarde
    return ET.tostring(tabel, encoding="unicode", method="html")


def _tekst(ouder: ET.Element, x: float, y: float, tekst: str, **attr: str) -> ET.Element:
    el = ET.SubElement(ouder, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": "12", **attr})
    el.text = tekst
    return el


def _tostring(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode")


def staafdiagram(
    titel: str,
    beschrijving: str,
    staven: Sequence[Staaf],
    fmt: Formatter = _getal,
    ident: str = "staaf",
    eenheid: str = "aantal",
) -> str:
    """Horizontal bars, one per group; a suppressed group gets no bar but '< 5'."""
    hoogte = 20 + RIJHOOGTE * max(len(staven), 1)
    svg = _svg(titel, beschrijving, hoogte, ident)
    _voet(
        svg, f"Horizontale as: {eenheid}", f"Legenda: staaf = {eenheid}; {ONDERDRUKT} = te weinig cliënten om te tonen"
    )
    teken = _inhoud(svg)
    zichtbaar = [s.waarde for s in staven if s.waarde is not None and not s.onderdrukt]
    hoogste = max([abs(w) for w in zichtbaar] + [1e-9])
    schaal = (BREEDTE - MARGE_LINKS - MARGE_RECHTS) / hoogste
    for i, s in enumerate(staven):
        y = 10 + i * RIJHOOGTE
        g = ET.SubElement(teken, "g", {"class": "rij"})
        _label(g, MARGE_LINKS - 6, y + 15, s.label)
        if s.onderdrukt:
            ET.SubElement(g, "title").text = f"{s.label}: {ONDERDRUKT}"
            _tekst(g, MARGE_LINKS + 4, y + 15, ONDERDRUKT, **{"class": "onderdrukt"})
            continue
        if s.waarde is None:
            _tekst(g, MARGE_LINKS + 4, y + 15, "–")
            continue
        breedte = max(abs(s.waarde) * schaal, 1)
        staaf = ET.SubElement(
            g,
            "rect",
            {"class": "staaf", "x": str(MARGE_LINKS), "y": f"{y + 3:.1f}", "width": f"{breedte:.1f}",
             "height": str(RIJHOOGTE - 8), "fill": KLEUR},
        )  # fmt: skip
        ET.SubElement(staaf, "title").text = f"{s.label}: {fmt(s.waarde)}"
        _tekst(g, MARGE_LINKS + breedte + 4, y + 15, fmt(s.waarde), **{"class": "waarde"})
    return _tostring(svg)


def lijndiagram(
    titel: str,
    beschrijving: str,
    punten: Sequence[Staaf],
    fmt: Formatter = _getal,
    ident: str = "lijn",
    eenheid: str = "aantal",
) -> str:
    """A trend line over periods (labels on the x axis); a suppressed point breaks the line and shows '< 5'."""
    hoogte = 220
    buiten = _svg(titel, beschrijving, hoogte, ident)
    _voet(buiten, f"Verticale as: {eenheid}; horizontale as: maand (mm-jj)", f"Legenda: lijn en punten = {eenheid}")
    svg = _inhoud(buiten)
    links, rechts, boven, onder = 60, BREEDTE - 20, 20, hoogte - 40
    waarden = [p.waarde for p in punten if p.waarde is not None and not p.onderdrukt]
    hoogste = max([*waarden, 1e-09])
    ET.SubElement(svg, "line", {"x1": str(links), "y1": str(onder), "x2": str(rechts), "y2": str(onder),
                                "stroke": "#888"})  # fmt: skip
    _tekst(svg, links - 6, boven + 4, fmt(hoogste), **{"text-anchor": "end", "class": "as"})
    _tekst(svg, links - 6, onder, fmt(0), **{"text-anchor": "end", "class": "as"})
    stap = (rechts - links) / max(len(punten) - 1, 1)
    segment: list[str] = []
    segmenten: list[list[str]] = []
    for i, p in enumerate(punten):
        x = links + i * stap
        _tekst(svg, x, hoogte - 22, p.label, **{"text-anchor": "middle", "font-size": "10"})
        if p.onderdrukt or p.waarde is None:
            if segment:
                segmenten.append(segment)
            segment = []
            if p.onderdrukt:
                _tekst(svg, x, onder - 6, ONDERDRUKT, **{"text-anchor": "middle", "class": "onderdrukt"})
            continue
        y = onder - (p.waarde / hoogste) * (onder - boven)
        segment.append(f"{x:.1f},{y:.1f}")
        punt = ET.SubElement(svg, "circle", {"class": "punt", "cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "3",
                                             "fill": KLEUR})  # fmt: skip
        ET.SubElement(punt, "title").text = f"{p.label}: {fmt(p.waarde)}"
    if segment:
        segmenten.append(segment)
    for s in segmenten:
        if len(s) > 1:
            ET.SubElement(svg, "polyline", {"class": "lijn", "points": " ".join(s), "fill": "none",
                                            "stroke": KLEUR, "stroke-width": "2"})  # fmt: skip
    return _tostring(buiten)


def boxplotdiagram(
    titel: str,
    beschrijving: str,
    boxen: Sequence[Box],
    fmt: Formatter = _getal,
    ident: str = "boxplot",
    eenheid: str = "euro per cliënt",
) -> str:
    """One horizontal box per group: box p25-p75 with the median, whiskers p10-p90 (never one client's value).
    A group marked `afwijkend` (a Tukey outlier among the groups) is drawn red with an outlier dot on its median."""
    hoogte = 40 + RIJHOOGTE * max(len(boxen), 1)
    buiten = _svg(titel, beschrijving, hoogte, ident)
    _voet(
        buiten,
        f"Horizontale as: {eenheid}",
        "Legenda: doos = 25e-75e percentiel, streep = mediaan, lijn = 10e-90e percentiel, rood met stip = afwijkend",
    )
    svg = _inhoud(buiten)
    zichtbaar = [b for b in boxen if not b.onderdrukt]
    laagste = min([b.p10 for b in zichtbaar] + [0.0])
    hoogste = max([b.p90 for b in zichtbaar] + [1e-9])
    breedte = BREEDTE - MARGE_LINKS - MARGE_RECHTS

    def x(w: float) -> float:
        return MARGE_LINKS + (w - laagste) / (hoogste - laagste or 1) * breedte

    _tekst(svg, MARGE_LINKS, hoogte - 8, fmt(laagste), **{"class": "as"})
    _tekst(svg, MARGE_LINKS + breedte, hoogte - 8, fmt(hoogste), **{"text-anchor": "end", "class": "as"})
    for i, b in enumerate(boxen):
        y = 10 + i * RIJHOOGTE
        midden = y + RIJHOOGTE / 2
        klasse = "box afwijkend" if b.afwijkend else "box"
        g = ET.SubElement(svg, "g", {"class": klasse})
        _label(g, MARGE_LINKS - 6, midden + 4, b.label)
        if b.onderdrukt:
            ET.SubElement(g, "title").text = f"{b.label}: {ONDERDRUKT}"
            _tekst(g, MARGE_LINKS + 4, midden + 4, ONDERDRUKT, **{"class": "onderdrukt"})
            continue
        kleur = KLEUR_AFWIJKEND if b.afwijkend else KLEUR
        ET.SubElement(g, "title").text = (
            f"{b.label}: mediaan {fmt(b.mediaan)}, 25e-75e percentiel {fmt(b.p25)} - {fmt(b.p75)}, "
            f"10e-90e percentiel {fmt(b.p10)} - {fmt(b.p90)}" + (" (afwijkend)" if b.afwijkend else "")
        )
        ET.SubElement(g, "line", {"class": "snor", "x1": f"{x(b.p10):.1f}", "x2": f"{x(b.p90):.1f}",
                                  "y1": f"{midden:.1f}", "y2": f"{midden:.1f}", "stroke": kleur})  # fmt: skip
        ET.SubElement(g, "rect", {"class": "doos", "x": f"{x(b.p25):.1f}", "y": f"{y + 4:.1f}",
                                  "width": f"{max(x(b.p75) - x(b.p25), 1):.1f}", "height": str(RIJHOOGTE - 8),
                                  "fill": "#fff", "stroke": kleur})  # fmt: skip
        ET.SubElement(g, "line", {"class": "mediaan", "x1": f"{x(b.mediaan):.1f}", "x2": f"{x(b.mediaan):.1f}",
                                  "y1": f"{y + 4:.1f}", "y2": f"{y + RIJHOOGTE - 4:.1f}", "stroke": kleur,
                                  "stroke-width": "2"})  # fmt: skip
        if b.afwijkend:
            ET.SubElement(g, "circle", {"class": "uitschieter", "cx": f"{x(b.mediaan):.1f}", "cy": f"{midden:.1f}",
                                        "r": "5", "fill": KLEUR_AFWIJKEND})  # fmt: skip
        _tekst(g, BREEDTE - MARGE_RECHTS + 6, midden + 4, fmt(b.mediaan), **{"class": "waarde"})
    return _tostring(buiten)
