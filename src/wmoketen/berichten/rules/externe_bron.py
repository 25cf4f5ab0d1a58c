"""Level-4 rules: checks against an external source (system date, CBS list, product list, contract)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from wmoketen.declaraties.bedragen import ingediend_bedrag_klopt

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext

HEEN = (S.WMO301, S.WMO305, S.WMO307, S.WMO315, S.WMO317, S.WMO319, S.WMO323)
GEMEENTE_IS_AFZENDER = {S.WMO301, S.WMO319}


def _dagtekening(view: BerichtView) -> date:
    return date.fromisoformat(view.xpath("string(m:Header/m:BerichtIdentificatie/b:Dagtekening)"))


@rule(
    "TR135",
    retourcode="8848",
    niveau=Niveau.EXTERNE_BRON,
    soorten=HEEN,
    uitleg="Dagtekening ligt in de toekomst.",
    bron="regels/technische-regels/externe-bron/TR135",
)
def check_tr135(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    vandaag = context.vandaag().isoformat()
    for element in view.xpath("m:Header/m:BerichtIdentificatie/b:Dagtekening | //m:DeclaratieDagtekening"):
        if (element.text or "") > vandaag:
            yield element


@rule(
    "TR378",
    retourcode="S300",
    niveau=Niveau.EXTERNE_BRON,
    soorten=HEEN,
    uitleg="De gemeentecode komt niet voor in de CBS-lijst van gemeentecodes.",
    bron="regels/technische-regels/externe-bron/TR378",
)
def check_tr378(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    tag = "m:Afzender" if view.soort in GEMEENTE_IS_AFZENDER else "m:Ontvanger"
    (element,) = view.all(f"m:Header/{tag}")
    if not context.gemeentecode_geldig(element.text or "", op=_dagtekening(view)):
        yield element


@rule(
    "TR381",
    retourcode="S329",
    niveau=Niveau.EXTERNE_BRON,
    soorten=(S.WMO301, S.WMO305, S.WMO307, S.WMO315, S.WMO317, S.WMO323),
    uitleg="ProductCode hoort niet bij de ProductCategorie volgens de afgesproken productcodelijst.",
    bron="regels/technische-regels/externe-bron/TR381",
)
def check_tr381(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    assert context is not None
    op = _dagtekening(view)
    for code in view.xpath("//m:Product/b:Code"):
        categorie = view.text(code.getparent(), "b:Categorie") or ""
        if not context.productcode_bij_categorie(categorie, code.text or "", op=op):
            yield code
    for code in view.xpath("//m:Prestatie/m:ProductCode"):
        categorie = view.text(code.getparent(), "m:ProductCategorie") or ""
        if not context.productcode_bij_categorie(categorie, code.text or "", op=op):
            yield code


@rule(
    "TR346",
    retourcode="9346",
    niveau=Niveau.EXTERNE_BRON,
    soorten=(S.WMO323,),
    uitleg="IngediendBedrag is niet gelijk aan GeleverdVolume maal ProductTarief (minuten op een uurtarief: "
    "uurtarief x minuten / 60, half omhoog op centen, IV079/IV081).",
    bron="regels/technische-regels/externe-bron/TR346; invulinstructies IV079/IV081",
    alleen_bericht=True,
)
def check_tr346(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    """TR346 on the message alone (`wmoketen validate`): the assignment and the contract are unknown, so a line in
    minutes is right when some hourly tariff that rounds to its ProductTarief gives its amount. A received 323 is
    judged by the declarations app (`declaraties.controle`, with the contract's tariff); both call the one check,
    `declaraties.bedragen.ingediend_bedrag_klopt`. The plain product is compared in libxml2 first."""
    prestaties = view.xpath(
        "m:Declaratie/m:Clienten/m:Client/m:Prestaties/m:Prestatie"
        "[m:Eenheid != '83' and m:IngediendBedrag/b:Bedrag != m:GeleverdVolume * m:ProductTarief]"
    )
    for prestatie in prestaties:
        volume = int(view.text(prestatie, "m:GeleverdVolume") or 0)
        tarief = int(view.text(prestatie, "m:ProductTarief") or 0)
        bedrag = int(view.text(prestatie, "m:IngediendBedrag/b:Bedrag") or 0)
        eenheid = view.text(prestatie, "m:Eenheid") or ""
        if not ingediend_bedrag_klopt(
            eenheid=eenheid, volume=volume, tarief_cent=tarief, ingediend_cent=bedrag, toewijzing_eenheid=None
        ):
            yield view.first("m:IngediendBedrag", prestatie), f"Verwacht {volume * tarief}, opgegeven {bedrag}."  # type: ignore[misc]
