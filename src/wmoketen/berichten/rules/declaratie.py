"""Level-2 rules of the 323 declaratie.

A 323 can hold tens of thousands of prestaties, so the prestaties are read in one pass into rows (cached
on the view) and each rule is a cheap loop over those rows. The rules that need earlier messages
(TR307/308/314/321/322/323/333/338-341/369/384/389/390/418) belong to the declarations work and plug into the
same registry as level 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from lxml import etree

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
PRESTATIE = "m:Declaratie/m:Clienten/m:Client/m:Prestaties/m:Prestatie"
CS100_GRENS = "2021-01-01"


@dataclass(frozen=True, slots=True)
class PrestatieRow:
    referentie: etree._Element
    periode: etree._Element
    eenheid: etree._Element
    ingediend: etree._Element
    begindatum: str
    einddatum: str
    volume: int
    tarief: int | None
    bedrag: int
    debet_credit: str
    vorig_referentie: bool


def prestatie_rows(view: BerichtView) -> list[PrestatieRow]:
    """One pass over all prestaties; children are in XSD order, so positions are safe after level 1."""
    rows: list[PrestatieRow] | None = view.cache.get("prestaties")
    if rows is None:
        m = view.namespaces["m"]
        tarief_tag = f"{{{m}}}ProductTarief"
        rows = []
        for prestatie in view.all(PRESTATIE):
            children = list(prestatie)
            referentie, periode, eenheid, ingediend = children[0], children[4], children[6], children[-1]
            tarief = children[7].text if children[7].tag == tarief_tag else None
            rows.append(
                PrestatieRow(
                    referentie=referentie,
                    periode=periode,
                    eenheid=eenheid,
                    ingediend=ingediend,
                    begindatum=periode[0].text or "",
                    einddatum=periode[1].text or "",
                    volume=int(children[5].text or 0),
                    tarief=int(tarief) if tarief is not None else None,
                    bedrag=int(ingediend[0].text or 0),
                    debet_credit=ingediend[1].text or "",
                    vorig_referentie=len(referentie) > 1,
                )
            )
        view.cache["prestaties"] = rows
    return rows


@rule(
    "TR358",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="TotaalIngediendBedrag moet gelijk zijn aan de som van IngediendBedrag van alle prestaties "
    "(debet min credit).",
    bron="regels/technische-regels/xslt/TR358.md",
)
def check_tr358(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    som = sum(-row.bedrag if row.debet_credit == "C" else row.bedrag for row in prestatie_rows(view))
    (totaal,) = view.all("m:Declaratie/m:TotaalIngediendBedrag")
    teken = -1 if view.text(totaal, "b:DebetCredit") == "C" else 1
    opgegeven = teken * int(view.text(totaal, "b:TotaalBedrag") or 0)
    if opgegeven != som:
        yield totaal, f"Opgegeven {opgegeven}, som van de prestaties {som} (eurocent)."


@rule(
    "CD087",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="ProductTarief moet leeg zijn bij Eenheid 83 (euro's) en anders gevuld.",
    bron=BRON_CD,
)
def check_cd087(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for row in prestatie_rows(view):
        if (row.eenheid.text == "83") == (row.tarief is not None):
            yield row.eenheid


@rule(
    "CS339",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Bij Eenheid 83 (euro's) moet IngediendBedrag gelijk zijn aan GeleverdVolume.",
    bron=BRON_CD,
)
def check_cs339(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for row in prestatie_rows(view):
        if row.eenheid.text == "83" and row.bedrag != row.volume:
            yield row.ingediend


@rule(
    "CS325",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Een bedrag van 0 heeft altijd DebetCredit D.",
    bron=BRON_CD,
)
def check_cs325(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for row in prestatie_rows(view):
        if row.bedrag == 0 and row.debet_credit == "C":
            yield row.ingediend
    yield from view.xpath("m:Declaratie/m:TotaalIngediendBedrag[b:TotaalBedrag = 0 and b:DebetCredit = 'C']")


@rule(
    "CS337",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="ProductPeriode moet binnen één kalendermaand liggen (en Einddatum niet voor Begindatum).",
    bron=BRON_CD + "; regels/bedrijfsregels/OP367.md",
)
def check_cs337(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for row in prestatie_rows(view):  # ISO dates compare as text
        if row.begindatum[:7] != row.einddatum[:7] or row.einddatum < row.begindatum:
            yield row.periode


@rule(
    "CS340",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="DeclaratiePeriode moet precies één kalendermaand zijn (eerste tot en met laatste dag).",
    bron=BRON_CD + "; regels/bedrijfsregels/OP280.md",
)
def check_cs340(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    (periode,) = view.all("m:Declaratie/m:DeclaratiePeriode")
    begin = date.fromisoformat(view.text(periode, "b:Begindatum") or "")
    eind = date.fromisoformat(view.text(periode, "b:Einddatum") or "")
    laatste_dag = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if begin.day != 1 or eind != laatste_dag:
        yield periode


@rule(
    "CS100",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="DeclaratiePeriode en ProductPeriode mogen niet voor 1 januari 2021 beginnen (vanaf dan de 323).",
    bron=BRON_CD,
)
def check_cs100(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    (periode,) = view.all("m:Declaratie/m:DeclaratiePeriode")
    if (view.text(periode, "b:Begindatum") or "") < CS100_GRENS:
        yield periode
    for row in prestatie_rows(view):
        if row.begindatum < CS100_GRENS:
            yield row.periode


@rule(
    "CD060",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="VorigReferentieNummer is verplicht bij een creditprestatie en moet leeg zijn bij debet.",
    bron=BRON_CD,
)
def check_cd060(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for row in prestatie_rows(view):
        if (row.debet_credit == "C") != row.vorig_referentie:
            yield row.referentie
