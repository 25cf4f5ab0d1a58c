"""Level-2 rules on product lines (301 ToegewezenProduct, 315 AangevraagdProduct, 317 TeWijzigen/Nieuw)
and on the client data of the 301."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext
from .producten import PRODUCT_LINES, WITH_PRODUCT

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
LINES = tuple(PRODUCT_LINES)


def _lines(view: BerichtView) -> Iterator[tuple[etree._Element, str]]:
    for path, einddatum in PRODUCT_LINES.get(view.soort, []):
        for line in view.all(path):
            yield line, einddatum


@rule(
    "CS338",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Bij Eenheid 14 (etmaal), 16 (dagdeel), 83 (euro) of 84 (stuks) moet Frequentie 2, 4 of 6 zijn; "
    "per dag (1) is niet toegestaan.",
    bron=BRON_CD,
)
def check_cs338(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        omvang = view.all("m:Omvang", line)
        for element in omvang:
            if view.text(element, "b:Eenheid") in {"14", "16", "83", "84"} and view.text(
                element, "b:Frequentie"
            ) not in {"2", "4", "6"}:
                yield view.all("b:Frequentie", element)[0]


@rule(
    "CD075",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Einddatum is verplicht als Budget gevuld is.",
    bron=BRON_CD,
)
def check_cd075(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, einddatum in _lines(view):
        budget = view.all("m:Budget", line)
        if budget and not view.all(f"m:{einddatum}", line):
            yield budget[0]


@rule(
    "CD076",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Einddatum is verplicht als Frequentie 2 (per week) is.",
    bron=BRON_CD,
)
def check_cd076(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, einddatum in _lines(view):
        frequentie = view.all("m:Omvang/b:Frequentie", line)
        if frequentie and frequentie[0].text == "2" and not view.all(f"m:{einddatum}", line):
            yield frequentie[0]


@rule(
    "CD078",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Omvang en Budget sluiten elkaar uit: Omvang moet leeg zijn als Budget gevuld is.",
    bron=BRON_CD,
)
def check_cd078(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        if view.all("m:Budget", line):
            yield from view.all("m:Omvang", line)


@rule(
    "CD041",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=WITH_PRODUCT,
    uitleg="Omvang is verplicht als Product/Code gevuld is.",
    bron=BRON_CD,
)
def check_cd041(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        code = view.all("m:Product/b:Code", line)
        if code and not view.all("m:Omvang", line):
            yield code[0]


@rule(
    "CD080",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=WITH_PRODUCT,
    uitleg="Omvang moet leeg zijn als Product/Code leeg is (aspecifieke of generieke toewijzing).",
    bron=BRON_CD,
)
def check_cd080(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        if not view.all("m:Product/b:Code", line):
            yield from view.all("m:Omvang", line)


@rule(
    "CD079",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=WITH_PRODUCT,
    uitleg="Product is verplicht als Budget leeg is.",
    bron=BRON_CD,
)
def check_cd079(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        if not view.all("m:Product", line) and not view.all("m:Budget", line):
            yield line


@rule(
    "CS335",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="RedenWijziging 13 (verwijderd) mag alleen als Einddatum gelijk is aan Ingangsdatum.",
    bron=BRON_CD,
)
def check_cs335(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        reden = view.all("m:RedenWijziging", line)
        if reden and reden[0].text == "13" and view.text(line, "m:Einddatum") != view.text(line, "m:Ingangsdatum"):
            yield reden[0]


@rule(
    "CS336",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="RedenWijziging 01 (administratieve correctie, vervallen) mag niet meer gebruikt worden; gebruik 13 of 14.",
    bron=BRON_CD + "; codelijsten/WMO002",
)
def check_cs336(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:RedenWijziging[. = '01']")


@rule(
    "CD007",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Taal is verplicht als Communicatie/Vorm 1 (tolk taal) is, en anders leeg.",
    bron=BRON_CD,
)
def check_cd007(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for communicatie in view.all("m:Client/m:Communicatie"):
        if (view.text(communicatie, "b:Vorm") == "1") != bool(view.all("b:Taal", communicatie)):
            yield communicatie


@rule(
    "CD009",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Periode mag alleen gevuld zijn bij Contact/Soort 04 (tijdelijk verblijfadres).",
    bron=BRON_CD,
)
def check_cd009(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("//m:Contact[m:Soort != '04']/m:Periode")


@rule(
    "CS318",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="NaamGebruik 6 (niet-natuurlijk persoon) is niet toegestaan voor een cliënt.",
    bron=BRON_CD,
)
def check_cs318(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Client/m:Naam/b:NaamGebruik[. = '6']")


@rule(
    "TR061",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="De cliënt moet minstens één Contact met Soort 01, 02 of 03 hebben.",
    bron="regels/technische-regels/xslt/TR061.md",
)
def check_tr061(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    soorten = view.xpath("m:Client/m:Contactgegevens/m:Contact/m:Soort/text()")
    if not {"01", "02", "03"} & set(soorten):
        yield from view.all("m:Client/m:Contactgegevens")


@rule(
    "TR006",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Een Contact moet een Telefoon en/of een Adres met Huis en Postcode hebben.",
    bron="regels/technische-regels/xslt/TR006.md",
)
def check_tr006(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath(
        "m:Client/m:Contactgegevens/m:Contact[not(m:Telefoon) and not(m:Adres/b:Huis and m:Adres/b:Postcode)]"
    )
