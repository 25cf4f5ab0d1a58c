"""Level-2 rules on product lines (301 ToegewezenProduct, 315 AangevraagdProduct, 317 TeWijzigenProduct and
NieuwProduct) and on the contacts of the 301's client and relations."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from wmoketen.catalogus.constants import Eenheid

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, datumgetal, gevuld, rule, waarde
from .context import ValidationContext
from .producten import PRODUCT_LINES, Productregels

NIET_PER_DAG = frozenset({Eenheid.ETMAAL, Eenheid.DAGDEEL, Eenheid.EUROS, Eenheid.STUKS_INSPANNING})  # CS338/CS343

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
BRON_XSLT = "regels/technische-regels/xslt/"
LINES = tuple(PRODUCT_LINES)
HULPMIDDELEN = frozenset({"11", "12", "13", "14"})  # may overlap (TR302, TR386, TR410)
LAATSTE_DAG_2020 = 20201231  # CD080/CD095/CD096 and CS338/CS343 apply to lines running into 2021 or later
CONTACT = "m:Client/m:Contactgegevens/m:Contact | m:Client/m:Relaties/m:Relatie/m:Contact"


def _lines(view: BerichtView, wie: object = None) -> Iterator[tuple[etree._Element, Productregels]]:
    """The product lines of the message with their description; `wie` filters on a predicate of the description."""
    for regels in PRODUCT_LINES.get(view.soort, ()):
        if wie is None or wie(regels):  # type: ignore[operator]
            for line in view.all(regels.pad):
                yield line, regels


def _na_2020(view: BerichtView, line: etree._Element, regels: Productregels) -> bool:
    """No end date, or one after 31-12-2020 (the official validation's condition for the rules new in 3.x)."""
    eind = view.first(f"m:{regels.eind}", line)
    return eind is None or (datumgetal(eind) or 0) > LAATSTE_DAG_2020


@rule(
    "CD041",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Omvang is verplicht als Product/Code gevuld is.",
    bron=BRON_CD,
)
def check_cd041(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view, lambda r: r.met_product):
        if gevuld(view.first("m:Product/b:Code", line)) and view.first("m:Omvang", line) is None:
            yield line


@rule(
    "CD075",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Einddatum is verplicht als Budget gevuld is.",
    bron=BRON_CD,
)
def check_cd075(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, regels in _lines(view):
        budget = view.first("m:Budget", line)
        if gevuld(budget) and not gevuld(view.first(f"m:{regels.eind}", line)):
            yield budget  # type: ignore[misc]


@rule(
    "CD076",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Einddatum is verplicht als Frequentie 2 (per week) is.",
    bron=BRON_CD,
)
def check_cd076(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, regels in _lines(view):
        frequentie = view.first("m:Omvang/b:Frequentie", line)
        if waarde(frequentie) == "2" and not gevuld(view.first(f"m:{regels.eind}", line)):
            yield frequentie  # type: ignore[misc]


@rule(
    "CD077",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Budget en Omvang sluiten elkaar uit: Omvang moet leeg zijn als Budget gevuld is.",
    bron=BRON_CD,
)
def check_cd077(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        budget = view.first("m:Budget", line)
        if gevuld(budget) and view.first("m:Omvang", line) is not None:
            yield budget  # type: ignore[misc]


@rule(
    "CD078",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Omvang en Budget sluiten elkaar uit: Budget moet leeg zijn als Omvang gevuld is.",
    bron=BRON_CD,
)
def check_cd078(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view):
        omvang = view.first("m:Omvang", line)
        if omvang is not None and view.first("m:Budget", line) is not None:
            yield omvang


@rule(
    "CD079",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="Product is verplicht als Budget leeg is.",
    bron=BRON_CD,
)
def check_cd079(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, _ in _lines(view, lambda r: r.met_product):
        if not gevuld(view.first("m:Budget", line)) and view.first("m:Product", line) is None:
            yield line


def _omvang_zonder_code(view: BerichtView, code: str) -> Iterator[Hit]:
    for line, regels in _lines(view, lambda r: r.zonder_code == code):
        omvang = view.first("m:Omvang", line)
        if omvang is not None and _na_2020(view, line, regels) and not gevuld(view.first("m:Product/b:Code", line)):
            yield omvang


UITLEG_ZONDER_CODE = (
    "Omvang moet leeg zijn als Product/Code leeg is (aspecifieke of generieke toewijzing) en de {eind} na "
    "31-12-2020 ligt of leeg is."
)


@rule(
    "CD080",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg=UITLEG_ZONDER_CODE.format(eind="Einddatum"),
    bron=BRON_CD,
)
def check_cd080(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _omvang_zonder_code(view, "CD080")


@rule(
    "CD095",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg=UITLEG_ZONDER_CODE.format(eind="ToewijzingEinddatum"),
    bron=BRON_CD,
)
def check_cd095(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _omvang_zonder_code(view, "CD095")


@rule(
    "CD096",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg=UITLEG_ZONDER_CODE.format(eind="Einddatum van het NieuwProduct"),
    bron=BRON_CD,
)
def check_cd096(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _omvang_zonder_code(view, "CD096")


def _frequentie_bij_eenheid(view: BerichtView, code: str) -> Iterator[Hit]:
    for line, regels in _lines(view, lambda r: r.frequentie == code):
        if not _na_2020(view, line, regels):
            continue
        for omvang in view.all("m:Omvang", line):
            if waarde(view.first("b:Eenheid", omvang)) in NIET_PER_DAG and waarde(
                view.first("b:Frequentie", omvang)
            ) not in {"2", "4", "6"}:
                yield view.first("b:Eenheid", omvang)  # type: ignore[misc]


UITLEG_FREQUENTIE = (
    "Bij Eenheid 14 (etmaal), 16 (dagdeel), 83 (euro) of 84 (stuks) moet Frequentie 2, 4 of 6 zijn (per dag, 1, "
    "is niet toegestaan) als de {eind} na 31-12-2020 ligt of leeg is."
)


@rule(
    "CS338",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301, S.WMO317),
    uitleg=UITLEG_FREQUENTIE.format(eind="Einddatum"),
    bron=BRON_CD,
)
def check_cs338(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _frequentie_bij_eenheid(view, "CS338")


@rule(
    "CS343",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg=UITLEG_FREQUENTIE.format(eind="ToewijzingEinddatum"),
    bron=BRON_CD,
)
def check_cs343(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _frequentie_bij_eenheid(view, "CS343")


@rule(
    "CS003",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=LINES,
    uitleg="De einddatum moet gelijk aan of later zijn dan de begindatum (of ingangsdatum) van de periode.",
    bron=BRON_CD,
)
def check_cs003(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line, regels in _lines(view):
        eind = view.first(f"m:{regels.eind}", line)
        if eind is not None and _voor((view.first(f"m:{regels.ingang}", line)), eind):
            yield eind
    if view.soort is S.WMO301:
        for periode in view.xpath(f"({CONTACT})/m:Periode[b:Einddatum]"):
            eind = view.first("b:Einddatum", periode)
            if _voor(view.first("b:Begindatum", periode), eind):  # type: ignore[arg-type]
                yield eind  # type: ignore[misc]


def _voor(begin: etree._Element | None, eind: etree._Element) -> bool:
    """The official 'checkafter': wrong when the begin date is missing or later than the end date."""
    return begin is None or (datumgetal(begin) or 0) > (datumgetal(eind) or 0)


@rule(
    "CS335",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="RedenWijziging 13 (verwijderd) mag alleen als Einddatum gelijk is aan Ingangsdatum.",
    bron=BRON_CD,
)
def check_cs335(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for line in view.xpath(f"{PRODUCT_LINES[S.WMO301][0].pad}[m:RedenWijziging = '13']"):
        eind = view.text(line, "m:Einddatum")
        if eind is not None and eind != view.text(line, "m:Ingangsdatum"):
            yield view.first("m:RedenWijziging", line)  # type: ignore[misc]


@rule(
    "CS336",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="RedenWijziging 01 (administratieve correctie, vervallen) mag niet meer gebruikt worden; gebruik 13 of 14.",
    bron=BRON_CD + "; codelijsten/WMO002",
)
def check_cs336(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for reden in view.all(f"{PRODUCT_LINES[S.WMO301][0].pad}/m:RedenWijziging"):
        if waarde(reden) == "01":
            yield reden


# --- overlapping lines of the same product (TR302, TR386, TR410) ---


def _zelfde_product(view: BerichtView, a: etree._Element, b: etree._Element) -> bool:
    """The official comparison: same category and code; or same category when one has no code; or one of them
    names no product at all (then it can be anything)."""
    code_a, code_b = view.text(a, "m:Product/b:Code"), view.text(b, "m:Product/b:Code")
    cat_a, cat_b = view.text(a, "m:Product/b:Categorie"), view.text(b, "m:Product/b:Categorie")
    if (code_a is None and cat_a is None) or (code_b is None and cat_b is None):
        return True
    zelfde_categorie = cat_a is not None and cat_a == cat_b
    if code_a is None or code_b is None:
        return zelfde_categorie
    return zelfde_categorie and code_a == code_b


def _overlapt(view: BerichtView, a: etree._Element, b: etree._Element, regels: Productregels) -> bool:
    """Closed periods; a missing end date runs on for ever."""
    begin_a, eind_a = datumgetal(view.first(f"m:{regels.ingang}", a)), datumgetal(view.first(f"m:{regels.eind}", a))
    begin_b, eind_b = datumgetal(view.first(f"m:{regels.ingang}", b)), datumgetal(view.first(f"m:{regels.eind}", b))
    return (eind_a is None or begin_b is None or eind_a >= begin_b) and (
        eind_b is None or begin_a is None or eind_b >= begin_a
    )


def _stapeling(view: BerichtView, regels: Productregels, mee: object = None) -> Iterator[Hit]:
    """Each line that overlaps an earlier line of the same product (hulpmiddelen excepted); `mee` leaves lines out."""
    eerder: list[etree._Element] = []
    for line in view.all(regels.pad):
        if mee is not None and not mee(line):  # type: ignore[operator]
            continue
        if waarde(view.first("m:Product/b:Categorie", line)) not in HULPMIDDELEN and any(
            waarde(view.first("m:Product/b:Categorie", ander)) not in HULPMIDDELEN
            and _zelfde_product(view, line, ander)
            and _overlapt(view, line, ander, regels)
            for ander in eerder
        ):
            yield line
        eerder.append(line)


def _niet_verwijderd(view: BerichtView) -> object:
    """TR302 leaves out a line removed with RedenWijziging 01 or 13 (Einddatum = Ingangsdatum)."""

    def mee(line: etree._Element) -> bool:
        eind = view.text(line, "m:Einddatum")
        return not (
            view.text(line, "m:RedenWijziging") in {"01", "13"}
            and eind
            and eind.strip()
            and (view.text(line, "m:Ingangsdatum") or "").replace("-", "") == eind.replace("-", "")
        )

    return mee


@rule(
    "TR302",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Een product mag alleen vaker in een toewijzingsbericht voorkomen als de perioden elkaar niet overlappen, "
    "of bij hulpmiddelen (categorie 11 tot en met 14).",
    bron=BRON_XSLT + "TR302.md",
)
def check_tr302(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _stapeling(view, PRODUCT_LINES[S.WMO301][0], _niet_verwijderd(view))


@rule(
    "TR386",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="Een product mag alleen vaker in een verzoek om toewijzing voorkomen als de perioden elkaar niet "
    "overlappen, of bij hulpmiddelen (categorie 11 tot en met 14).",
    bron=BRON_XSLT + "TR386.md",
)
def check_tr386(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _stapeling(view, PRODUCT_LINES[S.WMO315][0])


@rule(
    "TR410",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg="Een product mag alleen vaker als NieuwProduct voorkomen als de perioden elkaar niet overlappen, of bij "
    "hulpmiddelen (categorie 11 tot en met 14).",
    bron=BRON_XSLT + "TR410.md",
)
def check_tr410(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from _stapeling(view, PRODUCT_LINES[S.WMO317][1])


# --- the 301's client: contacts ---


@rule(
    "CD009",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Periode mag alleen gevuld zijn bij Contact/Soort 04 (tijdelijk verblijfadres).",
    bron=BRON_CD,
)
def check_cd009(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for contact in view.xpath(CONTACT):
        periode = view.first("m:Periode", contact)
        if periode is not None and waarde(view.first("m:Soort", contact)) != "04":
            yield periode


@rule(
    "CD034",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Bij Contact/Soort 01 (BRP-adres) of 03 (verblijfadres) is een Postcode verplicht.",
    bron=BRON_CD,
)
def check_cd034(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for contact in view.xpath(CONTACT):
        if waarde(view.first("m:Soort", contact)) in {"01", "03"} and not gevuld(
            view.first("m:Adres/b:Postcode", contact)
        ):
            yield contact


@rule(
    "TR006",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="Een Contact moet een Telefoon en/of een Adres met Huis en Postcode hebben.",
    bron=BRON_XSLT + "TR006.md",
)
def check_tr006(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for contact in view.xpath(CONTACT):
        if view.first("m:Telefoon", contact) is None and (
            view.first("m:Adres/b:Huis", contact) is None or view.first("m:Adres/b:Postcode", contact) is None
        ):
            yield contact


@rule(
    "TR061",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO301,),
    uitleg="De cliënt moet minstens één Contact met Soort 01, 02 of 03 hebben.",
    bron=BRON_XSLT + "TR061.md",
)
def check_tr061(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for gegevens in view.all("m:Client/m:Contactgegevens"):
        if not {"01", "02", "03"} & {c.text for c in view.all("m:Contact/m:Soort", gegevens)}:
            yield gegevens
