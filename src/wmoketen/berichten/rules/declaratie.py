"""Level-2 rules of the 323 declaratie and the 325 declaratie-antwoord.

A 323 can hold tens of thousands of prestaties, so one lean pass (`prestatie_scan`, cached on the view) finds
the offending elements for every prestatie rule, and each rule only reports its own list. The 325 is ours to build
and smaller; its rules read the tree. The rules that need earlier messages or the contract (TR307/308/314/318/321/
322/323/333/338-341/346/369/384/389/390/418) are in declaraties/regels.py and run in the intake.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, datumgetal, rule, waarde
from .context import ValidationContext
from .prestatiescan import CS100_GRENS, prestatie_scan

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
BRON_XSLT = "regels/technische-regels/xslt/"
PRESTATIE_325 = "m:DeclaratieAntwoord/m:Clienten/m:Client/m:Prestaties/m:Prestatie"
TOTALEN = (
    "m:Declaratie/m:TotaalIngediendBedrag | m:DeclaratieAntwoord/m:TotaalIngediendBedrag"
    " | m:DeclaratieAntwoord/m:TotaalToegekendBedrag"
)


def _periode(view: BerichtView) -> tuple[str, str]:
    return (
        (view.text(view.root, "m:Declaratie/m:DeclaratiePeriode/b:Begindatum") or "").strip(),
        (view.text(view.root, "m:Declaratie/m:DeclaratiePeriode/b:Einddatum") or "").strip(),
    )


@rule(
    "TR358",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="TotaalIngediendBedrag moet gelijk zijn aan de som van IngediendBedrag van alle prestaties "
    "(debet min credit).",
    bron=BRON_XSLT + "TR358.md",
)
def check_tr358(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    som = prestatie_scan(view).totaal
    totaal = view.first("m:Declaratie/m:TotaalIngediendBedrag")
    assert totaal is not None
    credit = view.text(totaal, "b:DebetCredit") == "C"
    # compared as the official validation does: the amount written out, so '05000' is not '5000'
    if waarde(view.first("b:TotaalBedrag", totaal)) != str(-som if credit else som):
        yield totaal, f"Som van de prestaties {som} eurocent (debet min credit)."


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
    soorten=(S.WMO323, S.WMO325),
    uitleg="Een bedrag van 0 heeft altijd DebetCredit D.",
    bron=BRON_CD,
)
def check_cs325(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    if view.soort is S.WMO323:
        yield from prestatie_scan(view).hits["CS325"]
    else:
        yield from view.xpath(f"{PRESTATIE_325}/m:IngediendBedrag[b:Bedrag = 0 and b:DebetCredit = 'C']")
    yield from view.xpath(f"({TOTALEN})[b:TotaalBedrag = 0 and (b:DebetCredit = 'C' or b:DebetCredit = 'c')]")


@rule(
    "CS337",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="ProductPeriode moet binnen één kalendermaand liggen (Einddatum in dezelfde maand en hetzelfde jaar "
    "als Begindatum).",
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
    begin_tekst, eind_tekst = _periode(view)
    begin, eind = date.fromisoformat(begin_tekst), date.fromisoformat(eind_tekst)
    laatste_dag = (begin.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if begin.day != 1 or eind != laatste_dag:
        yield view.first("m:Declaratie/m:DeclaratiePeriode")  # type: ignore[misc]


@rule(
    "CS100",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="DeclaratiePeriode en ProductPeriode mogen niet voor 1 januari 2021 beginnen (vanaf dan de 323).",
    bron=BRON_CD,
)
def check_cs100(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    if _periode(view)[0] < CS100_GRENS:
        yield view.first("m:Declaratie/m:DeclaratiePeriode")  # type: ignore[misc]
    yield from prestatie_scan(view).hits["CS100"]


@rule(
    "CD060",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323, S.WMO325),
    uitleg="VorigReferentieNummer is verplicht bij een creditprestatie en moet leeg zijn bij debet.",
    bron=BRON_CD,
)
def check_cd060(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    if view.soort is S.WMO323:
        yield from prestatie_scan(view).hits["CD060"]
        return
    for prestatie in view.all(PRESTATIE_325):
        credit = view.text(prestatie, "m:IngediendBedrag/b:DebetCredit") == "C"
        if credit != (view.first("m:ProductReferentie/b:VorigReferentieNummer", prestatie) is not None):
            yield view.first("m:ProductReferentie", prestatie)  # type: ignore[misc]


@rule(
    "TR137",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323, S.WMO325),
    uitleg="De Einddatum van een periode mag niet vóór de Begindatum liggen en niet later zijn dan de Dagtekening "
    "van het bericht: een maand wordt pas gedeclareerd als hij voorbij is.",
    bron=BRON_XSLT + "TR137.md",
)
def check_tr137(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    dagtekening = datumgetal(view.dagtekening) or 0
    if view.soort is S.WMO323:
        perioden = view.all("m:Declaratie/m:DeclaratiePeriode")
    else:
        perioden = view.all(f"{PRESTATIE_325}/m:ProductPeriode")
    for periode in perioden:
        begin, eind = datumgetal(view.first("b:Begindatum", periode)), datumgetal(view.first("b:Einddatum", periode))
        if (begin or 0) > (eind or 0) or (eind or 0) > dagtekening:
            yield periode
    if view.soort is S.WMO323:
        yield from prestatie_scan(view).hits["TR137"]


@rule(
    "TR319",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="De ProductPeriode moet binnen de huidige of een voorgaande DeclaratiePeriode vallen (niet na de "
    "Einddatum van de DeclaratiePeriode).",
    bron="regels/technische-regels/berichtoverstijgend/TR319.md",
)
def check_tr319(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["TR319"]


@rule(
    "TR335",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Een prestatie mag niet meer dan vijf jaar (60 maanden) vóór de DeclaratieDagtekening zijn geëindigd.",
    bron=BRON_XSLT + "TR335.md",
)
def check_tr335(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["TR335"]


@rule(
    "TR315",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Een VorigReferentieNummer mag maar één keer in het bericht voorkomen (een prestatie wordt één keer "
    "gecrediteerd).",
    bron=BRON_XSLT + "TR315.md",
)
def check_tr315(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["TR315"]


@rule(
    "TR316",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Een prestatie en de creditering ervan staan niet in hetzelfde bericht: een ReferentieNummer mag niet "
    "ook als VorigReferentieNummer in het bericht voorkomen.",
    bron=BRON_XSLT + "TR316.md",
)
def check_tr316(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["TR316"]


@rule(
    "TR416",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO323,),
    uitleg="Een cliënt mag in één bericht maar één debetprestatie hebben voor dezelfde ProductPeriode, "
    "ProductCategorie, ProductCode en ToewijzingNummer.",
    bron=BRON_XSLT + "TR416.md",
)
def check_tr416(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from prestatie_scan(view).hits["TR416"]


def _met_teken(view: BerichtView, pad: str) -> int:
    bedrag = view.first(pad)
    assert bedrag is not None
    waarde_ = int(view.text(bedrag, "b:TotaalBedrag") or 0)
    return -waarde_ if view.text(bedrag, "b:DebetCredit") == "C" else waarde_


@rule(
    "TR342",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO325,),
    uitleg="TotaalIngediendBedrag min TotaalToegekendBedrag moet gelijk zijn aan de som van de (afgewezen) "
    "prestaties in het antwoord; wordt de hele declaratie afgewezen, dan is TotaalToegekendBedrag 0.",
    bron=BRON_XSLT + "TR342.md",
)
def check_tr342(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    antwoord = view.first("m:DeclaratieAntwoord")
    if antwoord is None:
        return
    toegekend = _met_teken(view, "m:DeclaratieAntwoord/m:TotaalToegekendBedrag")
    codes = {c.text for c in view.all("m:RetourCodes/m:RetourCode", antwoord)}
    if codes <= {"0200", "8001"}:
        som = 0
        for bedrag in view.all(f"{PRESTATIE_325.removeprefix('m:DeclaratieAntwoord/')}/m:IngediendBedrag", antwoord):
            som += (-1 if view.text(bedrag, "b:DebetCredit") == "C" else 1) * int(view.text(bedrag, "b:Bedrag") or 0)
        ingediend = _met_teken(view, "m:DeclaratieAntwoord/m:TotaalIngediendBedrag")
        if som != ingediend - toegekend:
            yield antwoord, f"Ingediend {ingediend}, toegekend {toegekend}, som van de prestaties {som} (eurocent)."
    elif toegekend != 0:
        yield view.first("m:TotaalToegekendBedrag", antwoord), "De declaratie is als geheel afgewezen."  # type: ignore[misc]
