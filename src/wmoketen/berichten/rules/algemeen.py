"""Level-2 rules that are not tied to one message kind: BSN, names, birth dates, addresses, dates against the
Dagtekening (TR134) and duplicate lines (TR101).

The official validation finds the elements of most of these by name in any message, so they also run on the retour
messages (a 302 carries the client and addresses of its 301).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from lxml import etree

from wmoketen.core.bsn import voldoet_aan_elfproef

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, datumgetal, gevuld, rule, waarde
from .context import ValidationContext
from .prestatiescan import prestatie_scan

ALLE = tuple(S)
# The kinds whose schema has the element a rule looks for (test_schemas checks the others have none): a rule that
# searches by name is not run on a 20 MB 323 that cannot contain it.
MET_BSN = tuple(s for s in S if s not in {S.WMO319, S.WMO320})
MET_GEBOORTEDATUM = (S.WMO301, S.WMO302, S.WMO305, S.WMO306, S.WMO307, S.WMO308, S.WMO315, S.WMO316)
MET_VOLLEDIGE_NAAM = (S.WMO301, S.WMO302)  # NaamGebruik, Partnernaam; also Communicatie and Adres
BRON_CD = "regels/condities-constraints (CD/CS per data-element)"
BRON_XSLT = "regels/technische-regels/xslt/"
GEBOORTEDATUM = "//m:Geboortedatum"
ADRES = "//b:LandCode/.. | //b:Postcode/.."


@rule(
    "CS002",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_BSN,
    uitleg="Bsn voldoet niet aan de elfproef.",
    bron="regels/condities-constraints (CS002); elfproef.md",
)
def check_cs002(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    if view.soort is S.WMO323:  # thousands of clients: checked in the single pass over them
        yield from prestatie_scan(view).hits["CS002"]
        return
    for element in view.xpath("//m:Bsn"):
        if not voldoet_aan_elfproef(element.text or ""):
            yield element


@rule(
    "CS050",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_VOLLEDIGE_NAAM,
    uitleg="NaamGebruik moet 1, 2, 3 of 4 zijn als er een Partnernaam is, en anders 1 (eigen naam).",
    bron=BRON_CD,
)
def check_cs050(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for naam_gebruik in view.xpath("//b:NaamGebruik"):
        toegestaan = (
            {"1", "2", "3", "4"} if view.first("b:Partnernaam", naam_gebruik.getparent()) is not None else {"1"}
        )
        if waarde(naam_gebruik) not in toegestaan:
            yield naam_gebruik


@rule(
    "CS139",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_GEBOORTEDATUM,
    uitleg="Datum en DatumGebruik spreken elkaar tegen: bij 1 (dag onbekend) is de dag 01, bij 2 (dag en maand "
    "onbekend) is het 01-01, bij 3 (geheel onbekend) is de datum 1900-01-01.",
    bron=BRON_CD,
)
def check_cs139(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for gebruik in view.xpath("//*[b:Datum]/b:DatumGebruik"):
        datum = view.text(gebruik.getparent(), "b:Datum") or ""
        maand_dag = datum.partition("-")[2]
        if (
            (gebruik.text == "3" and datum != "1900-01-01")
            or (gebruik.text == "2" and maand_dag != "01-01")
            or (gebruik.text == "1" and maand_dag.partition("-")[2] != "01")
        ):
            yield gebruik


@rule(
    "TR002",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_GEBOORTEDATUM,
    uitleg="Geboortedatum mag niet meer dan 120 jaar vóór de Dagtekening liggen, tenzij de geboortedatum onbekend "
    "is (DatumGebruik 3 met 1900-01-01).",
    bron=BRON_XSLT + "TR002.md",
)
def check_tr002(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    dagtekening = datumgetal(view.dagtekening) or 0
    for datum in view.xpath(f"{GEBOORTEDATUM}/b:Datum"):
        if view.text(datum.getparent(), "b:DatumGebruik") == "3" and datum.text == "1900-01-01":
            continue
        geboren = datumgetal(datum)
        if geboren is not None and geboren + 120_0000 < dagtekening:
            yield datum


# --- addresses (basisschema CDT_Adres in every message that carries one) ---


@rule(
    "CD005",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_VOLLEDIGE_NAAM,
    uitleg="Postcode en LandCode horen samen: is de een gevuld, dan ook de ander.",
    bron=BRON_CD,
)
def check_cd005(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for adres in view.xpath(ADRES):
        postcode, land = view.first("b:Postcode", adres), view.first("b:LandCode", adres)
        if gevuld(postcode) != gevuld(land):
            yield postcode if gevuld(postcode) else land  # type: ignore[misc]


@rule(
    "CD025",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_VOLLEDIGE_NAAM,
    uitleg="Een adres in Nederland (LandCode NL) heeft een Huisnummer.",
    bron=BRON_CD,
)
def check_cd025(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for land in view.xpath("//b:LandCode"):
        if waarde(land) == "NL" and not gevuld(view.first("b:Huis/b:Huisnummer", land.getparent())):
            yield land


def is_nederlandse_postcode(tekst: str) -> bool:
    """CS089: four digits, the first not 0, then two letters; nothing else (no space)."""
    return (
        len(tekst) == 6
        and tekst[0] in "123456789"
        and tekst[1:4].isascii()
        and tekst[1:4].isdigit()
        and tekst[4:].isascii()
        and tekst[4:].isalpha()
    )


@rule(
    "CS089",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_VOLLEDIGE_NAAM,
    uitleg="Bij LandCode NL moet de Postcode een Nederlandse postcode zijn: vier cijfers (niet beginnend met 0) en "
    "twee letters, zonder spatie.",
    bron=BRON_CD,
)
def check_cs089(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for land in view.xpath("//b:LandCode"):
        if waarde(land) == "NL":
            postcode = view.first("b:Postcode", land.getparent())
            if postcode is None or not is_nederlandse_postcode(postcode.text or ""):
                yield land if postcode is None else postcode


@rule(
    "CD007",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=MET_VOLLEDIGE_NAAM,
    uitleg="Taal is verplicht als Communicatie/Vorm 1 (tolk taal) is, en anders leeg.",
    bron=BRON_CD,
)
def check_cd007(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for communicatie in view.xpath("//*[b:Taal or b:Vorm]"):
        if gevuld(view.first("b:Taal", communicatie)) != (waarde(view.first("b:Vorm", communicatie)) == "1"):
            yield communicatie


# --- dates against the Dagtekening ---

TR134_DATUMS: dict[S, tuple[str, ...]] = {
    S.WMO301: (
        "m:Client/m:Geboortedatum/b:Datum",
        "m:Client/m:Relaties/m:Relatie/m:Geboortedatum/b:Datum",
        "m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:Toewijzingsdatum",
    ),
    S.WMO305: ("m:Client/m:Geboortedatum/b:Datum", "m:Client/m:StartProducten/m:StartProduct/m:Begindatum"),
    S.WMO307: ("m:Client/m:Geboortedatum/b:Datum", "m:Client/m:StopProducten/m:StopProduct/m:Einddatum"),
    S.WMO315: ("m:Client/m:Geboortedatum/b:Datum",),
    S.WMO323: ("m:Declaratie/m:DeclaratiePeriode/b:Begindatum",),  # the prestaties: in the single pass
    S.WMO325: ("m:DeclaratieAntwoord/m:Clienten/m:Client/m:Prestaties/m:Prestatie/m:ProductPeriode/b:Begindatum",),
}


@rule(
    "TR134",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=tuple(TR134_DATUMS),
    uitleg="De datum mag niet later zijn dan de Dagtekening van het bericht.",
    bron=BRON_XSLT + "TR134.md",
)
def check_tr134(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    dagtekening = datumgetal(view.dagtekening) or 0
    for pad in TR134_DATUMS[view.soort]:
        for datum in view.all(pad):
            if (datumgetal(datum) or 0) > dagtekening:
                yield datum
    if view.soort is S.WMO323:
        yield from prestatie_scan(view).hits["TR134"]


# --- duplicate lines: one key per kind of line, compared among siblings ---

TR101_SLEUTELS: dict[S, tuple[tuple[str, tuple[str, ...]], ...]] = {
    S.WMO301: (
        ("m:Client/m:Contactgegevens/m:Contact", ("m:Soort",)),
        ("m:Client/m:Relaties/m:Relatie", ("m:Nummer",)),
        ("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", ("m:ToewijzingNummer",)),
    ),
    S.WMO305: (
        (
            "m:Client/m:StartProducten/m:StartProduct",
            ("m:Begindatum", "m:Product/b:Categorie", "m:Product/b:Code", "m:ToewijzingNummer"),
        ),
    ),
    S.WMO307: (
        (
            "m:Client/m:StopProducten/m:StopProduct",
            (
                "m:Begindatum",
                "m:Einddatum",
                "m:Product/b:Categorie",
                "m:Product/b:Code",
                "m:RedenBeeindiging",
                "m:ToewijzingNummer",
            ),
        ),
    ),
    S.WMO315: (("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct", ("m:ReferentieAanbieder",)),),
    S.WMO317: (
        ("m:Client/m:Verzoek/m:OngewijzigdeProducten/m:OngewijzigdProduct", ("m:ToewijzingNummer",)),
        ("m:Client/m:Verzoek/m:TeWijzigenProducten/m:TeWijzigenProduct", ("m:ToewijzingNummer",)),
        (
            "m:Client/m:Verzoek/m:NieuweProducten/m:NieuwProduct",
            ("m:GewensteIngangsdatum", "m:Product/b:Categorie", "m:Product/b:Code"),
        ),
    ),
    S.WMO323: (),  # clients and prestaties: in the single pass
    S.WMO325: (
        ("m:DeclaratieAntwoord/m:Clienten/m:Client", ("m:Bsn",)),
        (
            "m:DeclaratieAntwoord/m:Clienten/m:Client/m:Prestaties/m:Prestatie",
            ("m:ProductReferentie/b:ReferentieNummer", "m:ProductReferentie/b:VorigReferentieNummer"),
        ),
    ),
}


def dubbele_regels(
    view: BerichtView, elementen: list[etree._Element], sleutel: tuple[str, ...]
) -> Iterator[etree._Element]:
    """The last line of every group of siblings with the same key (an absent field counts as a value of its own)."""
    groepen: dict[tuple[object, ...], list[etree._Element]] = defaultdict(list)
    for element in elementen:
        groepen[(element.getparent(), *(view.text(element, pad) for pad in sleutel))].append(element)
    for groep in groepen.values():
        if len(groep) > 1:
            yield groep[-1]


@rule(
    "TR101",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=tuple(TR101_SLEUTELS),
    uitleg="Dubbele regels zijn binnen een bericht niet toegestaan (dezelfde sleutel komt vaker voor).",
    bron=BRON_XSLT + "TR101.md",
)
def check_tr101(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    for pad, sleutel in TR101_SLEUTELS[view.soort]:
        yield from dubbele_regels(view, view.all(pad), sleutel)
    if view.soort is S.WMO323:
        yield from prestatie_scan(view).hits["TR101"]
