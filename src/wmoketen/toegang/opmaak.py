"""The one letter engine (reportlab): an A4 letter with the municipality's letterhead (logo, name, department,
addresses and contact from the region's `instellingen: brieven:`), the client's address, date, reference and
subject, the body, the signature and, for a decision, the objection clause. Every letter of wmoketen (receipts,
decisions, bezwaar, ending a provision) is made here; `pdf.py` and `briefteksten.py` only write the body."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wmoketen.clienten.models import Client

from .huisstijl import Huisstijl

MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip

_stijlen = getSampleStyleSheet()
TEKST = ParagraphStyle("tekst", parent=_stijlen["Normal"], fontName="Helvetica", fontSize=10, leading=14)
KLEIN = ParagraphStyle("klein", parent=TEKST, fontSize=8.5, leading=11, textColor=colors.HexColor("#5b6770"))
KOP = ParagraphStyle("kop", parent=TEKST, fontName="Helvetica-Bold", fontSize=14, leading=18,
                     textColor=colors.HexColor("#154273"))  # fmt: skip
TUSSENKOP = ParagraphStyle("tussenkop", parent=TEKST, fontName="Helvetica-Bold", fontSize=11, leading=15,
                           spaceBefore=8, textColor=colors.HexColor("#154273"))  # fmt: skip


def lange_datum(d: date | None) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}" if d else "–"


def p(tekst: str, stijl: ParagraphStyle = TEKST) -> Paragraph:
    return Paragraph(escape(tekst).replace("\n", "<br/>"), stijl)


def tabel(rijen: list[list[str]], breedtes: list[float], kop: bool = True) -> Table:
    t = Table([[p(c, KLEIN if kop and i == 0 else TEKST) for c in rij] for i, rij in enumerate(rijen)],
              colWidths=breedtes, repeatRows=1 if kop else 0)  # fmt: skip
    stijl = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8e3"))]
    if kop:
        stijl.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    t.setStyle(TableStyle(stijl))
    return t


def naam_van(gebruiker: object | None, standaard: str = "de consulent") -> str:
    """A user's full name for a signature, else the username, else `standaard`."""
    if gebruiker is None:
        return standaard
    volledig = getattr(gebruiker, "get_full_name", lambda: "")()
    return volledig or getattr(gebruiker, "username", standaard)


def adresregels(client: Client) -> str:
    straat = f"{client.straat} {client.huisnummer or ''}{client.huisnummer_toevoeging}".strip()
    postcode = f"{client.postcode[:4]} {client.postcode[4:]}" if len(client.postcode) == 6 else client.postcode
    return f"{client.naam}\n{straat}\n{postcode}  {client.plaats.upper()}"


def aanhef(client: Client) -> str:
    return f"Geachte heer/mevrouw {' '.join(x for x in (client.voorvoegsel, client.achternaam) if x)},"


@dataclass(frozen=True)
class Briefinhoud:
    """What a letter says; the engine adds the letterhead, address, signature and objection clause."""

    onderwerp: str
    kenmerk: str
    datum: date
    verhaal: Sequence[Flowable]
    besluit: bool = False  # a decision (Awb art. 1:3): the letter ends with how to object
    bijlagen: Sequence[Flowable] = field(default_factory=tuple)
    afschrift_aan: str = ""  # e.g. the legal representative


def bezwaarclausule(gemeentenaam: str) -> list[Flowable]:
    """Awb art. 6:7 and 6:8: six weeks from the day after the decision was sent; art. 6:5: what the objection
    must contain."""
    return [
        p("Bent u het niet eens met dit besluit?", TUSSENKOP),
        p(
            "Dan kunt u bezwaar maken. Dat doet u binnen zes weken na de dag waarop deze brief is verzonden "
            "(artikel 6:7 en 6:8 Algemene wet bestuursrecht). Stuur uw bezwaarschrift aan het college van "
            f"burgemeester en wethouders van de gemeente {gemeentenaam}. Zet in uw brief uw naam en adres, de datum, "
            "het kenmerk van deze brief, waarom u het niet eens bent met het besluit, en uw handtekening "
            "(artikel 6:5 Algemene wet bestuursrecht). Bel ons gerust eerst: vaak lossen we een onduidelijkheid "
            "samen op."
        ),
    ]


def _logo(huisstijl: Huisstijl) -> Flowable | None:
    """The logo scaled into a 40 x 20 mm box; a missing or unreadable file raises (the letter is not made)."""
    pad = huisstijl.logo_pad()
    if pad is None:
        return None
    beeld = Image(str(pad))
    schaal = min(40 * mm / beeld.imageWidth, 20 * mm / beeld.imageHeight)
    beeld.drawWidth, beeld.drawHeight = beeld.imageWidth * schaal, beeld.imageHeight * schaal
    beeld.hAlign = "LEFT"
    return beeld


def briefhoofd(huisstijl: Huisstijl, client: Client, inhoud: Briefinhoud) -> list[Flowable]:
    kleur = colors.HexColor(huisstijl.kleur)
    naam = ParagraphStyle("gemeente", parent=KOP, textColor=kleur)
    kop: list[Flowable] = []
    logo = _logo(huisstijl)
    if logo is not None:
        kop += [logo, Spacer(1, 2 * mm)]
    kop += [p(huisstijl.naam, naam), p(huisstijl.afdeling, KLEIN)]
    return [
        *kop,
        Spacer(1, 12 * mm),
        p(adresregels(client)),
        Spacer(1, 10 * mm),
        tabel(
            [["Datum", lange_datum(inhoud.datum)], ["Kenmerk", inhoud.kenmerk], ["Onderwerp", inhoud.onderwerp]],
            [30 * mm, 130 * mm],
            kop=False,
        ),
        Spacer(1, 8 * mm),
    ]


def ondertekening(huisstijl: Huisstijl, gemeentenaam: str, consulent: str) -> list[Flowable]:
    """The municipality's signatory from the letterhead, else the consultant who took the step."""
    naam, functie = (
        (huisstijl.ondertekening.naam, huisstijl.ondertekening.functie)
        if huisstijl.ondertekening
        else (consulent, "consulent Wmo")
    )
    return [
        Spacer(1, 6 * mm),
        p(
            f"Met vriendelijke groet,\nnamens het college van burgemeester en wethouders van {gemeentenaam},\n\n"
            f"{naam}\n{functie}"
        ),
    ]


def voettekst(huisstijl: Huisstijl) -> list[Flowable]:
    regels = huisstijl.contactregels + (["demogegevens"] if huisstijl.demowaarde else [])
    if not regels:
        return []
    return [Spacer(1, 8 * mm), p(" · ".join(regels), KLEIN)]


def brief_pdf(
    *,
    huisstijl: Huisstijl,
    client: Client,
    gemeentenaam: str,
    consulent: str,
    inhoud: Briefinhoud,
    invariant: bool = False,
) -> bytes:
    """Render one letter. Raises whatever reportlab raises on bad input (a missing logo, a layout that cannot fit):
    `brieven.brief_maken` turns that into a refusal that leaves the decision unsent."""
    verhaal: list[Flowable] = [
        *briefhoofd(huisstijl, client, inhoud),
        p(aanhef(client)),
        Spacer(1, 3 * mm),
        *inhoud.verhaal,
    ]
    if inhoud.besluit:
        verhaal += bezwaarclausule(gemeentenaam)
    verhaal += ondertekening(huisstijl, gemeentenaam, consulent)
    if inhoud.afschrift_aan:
        verhaal += [Spacer(1, 4 * mm), p(f"Afschrift aan: {inhoud.afschrift_aan}", KLEIN)]
    verhaal += voettekst(huisstijl)
    verhaal += list(inhoud.bijlagen)
    return document(verhaal, f"{inhoud.onderwerp} {client.naam}", invariant)


def document(verhaal: list[Flowable], titel: str, invariant: bool) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=titel,
        author="wmoketen",
        invariant=1 if invariant else 0,
        pageCompression=0 if invariant else 1,
    )
    doc.build(verhaal)
    return buffer.getvalue()
