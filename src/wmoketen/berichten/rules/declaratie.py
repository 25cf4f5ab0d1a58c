"""Level-2 rules of the 323 declaratie.

A 323 can hold tens of thousands of prestaties, so one lean pass (`prestatie_scan`, cached on the view) finds
the offending elements for every prestatie rule, and each rule only reports its own list. The rules that need
earlier messages (TR307/308/314/321/322/323/333/338-341/369/384/389/390/418) belong to the declarations work and
plug into the same registry as level 3.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext
from .prestatiescan import CS100_GRENS, prestatie_scan

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
PRESTATIE = "m:Declaratie/m:Clienten/m:Client/m:Prestaties/m:Prestatie"


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
    som = prestatie_scan(view).totaal
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
    yield from prestatie_scan(view).hits["CD087"]


@rule(
    "CS339",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Bij Eenheid 83 (euro's) moet IngediendBedrag gelijk zijn aan GeleverdVolume.",
    bron=BRON_CD,
)
def check_cs339(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["CS339"]


@rule(
    "CS325",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Een bedrag van 0 heeft altijd DebetCredit D.",
    bron=BRON_CD,
)
def check_cs325(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["CS325"]
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
    yield from prestatie_scan(view).hits["CS337"]


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
    yield from prestatie_scan(view).hits["CS100"]


@rule(
    "CD060",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="VorigReferentieNummer is verplicht bij een creditprestatie en moet leeg zijn bij debet.",
    bron=BRON_CD,
)
def check_cd060(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["CD060"]
