"""The account meeting report as a PDF (reportlab): the same tables, trends and benchmark as the page."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wmoketen.core.money import format_euro

from .domain import ONDERDRUKT, afronden_cent, is_onderdrukt
from .selectors import Rapport
from .tabel import Tabel

STIJL = TableStyle(
    [
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _tabel(t: Tabel) -> Table:
    data = [[k.titel for k in t.kolommen]] + [[t.cel(r, k) for k in t.kolommen] for r in t.rijen]
    if not t.rijen:
        data.append(["Geen gegevens in deze periode."] + [""] * (len(t.kolommen) - 1))
    tabel = Table(data, repeatRows=1)
    tabel.setStyle(STIJL)
    return tabel


def rapport_pdf(r: Rapport) -> bytes:
    uit = io.BytesIO()
    doc = SimpleDocTemplate(
        uit, pagesize=landscape(A4), leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm,
        bottomMargin=1.5 * cm, title=f"Accountgesprek {r.aanbieder.naam}", author="wmoketen",
    )  # fmt: skip
    s = getSampleStyleSheet()
    delen: list = [
        Paragraph(f"Accountgesprek {r.aanbieder.naam}", s["Title"]),
        Paragraph(
            f"Periode {r.filter.van:%d-%m-%Y} t/m {r.filter.tot:%d-%m-%Y}. Cellen over minder dan 5 "
            f'cliënten tonen "{ONDERDRUKT}".',
            s["Normal"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph("Toegekend per maand", s["Heading2"]),
    ]
    trend = [["Maand", "Toegekend", "Cliënten"]] + [
        [f"{m:%m-%Y}", ONDERDRUKT if is_onderdrukt(n) else format_euro(som), ONDERDRUKT if is_onderdrukt(n) else n]
        for m, som, n in r.kosten_per_maand
    ]
    t = Table(trend, repeatRows=1)
    t.setStyle(STIJL)
    delen.append(t)
    for o in r.onderdelen:
        delen += [Paragraph(o.tabel.titel, s["Heading2"]), Paragraph(o.definitie.definitie, s["Italic"]),
                  _tabel(o.tabel)]  # fmt: skip
    for b in r.benchmarks:
        delen.append(Paragraph(f"Benchmark kosten per cliënt: {b.segment.code} {b.segment.naam}", s["Heading2"]))
        data = [["Aanbieder", "Cliënten", "Mediaan", "Gemiddeld", "Afwijkend"]] + [
            [v.naam, ONDERDRUKT if v.onderdrukt else v.n,
             ONDERDRUKT if v.mediaan is None else format_euro(afronden_cent(v.mediaan)),
             ONDERDRUKT if v.gemiddelde is None else format_euro(afronden_cent(v.gemiddelde)), v.afwijkend]
            for v in b.rijen
        ]  # fmt: skip
        bt = Table(data, repeatRows=1)
        bt.setStyle(STIJL)
        delen.append(bt)
    doc.build(delen)
    return uit.getvalue()
