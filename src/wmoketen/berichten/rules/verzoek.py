"""Level-2 rules of the verzoeken 315 (VOT), 317 (VOW) and the antwoordbericht 319."""

from __future__ import annotations

from collections.abc import Iterator

from ..codec import BerichtSoort as S
from .base import BerichtView, Hit, Niveau, rule
from .context import ValidationContext

BRON_CD = "regels/condities-constraints (CD/CS per data-element)"


@rule(
    "CD043",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="BeschikkingIngangsdatum moet gevuld zijn als BeschikkingNummer gevuld is, en anders leeg.",
    bron=BRON_CD,
)
def check_cd043(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath(
        "m:Client/m:AangevraagdeProducten/m:AangevraagdProduct"
        "[boolean(m:BeschikkingNummer) != boolean(m:BeschikkingIngangsdatum)]"
    )


@rule(
    "TR383",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO315,),
    uitleg="ReferentieAanbieder moet uniek zijn binnen het bericht.",
    bron="regels/technische-regels/xslt/TR383.md",
)
def check_tr383(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    seen: set[str] = set()
    for element in view.all("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct/m:ReferentieAanbieder"):
        if element.text in seen:
            yield element
        seen.add(element.text or "")


@rule(
    "TR352",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg="Een verzoek om wijziging bevat minstens één OngewijzigdProduct of TeWijzigenProduct.",
    bron="regels/technische-regels/xslt/TR352.md",
)
def check_tr352(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Client/m:Verzoek[not(m:OngewijzigdeProducten) and not(m:TeWijzigenProducten)]")


@rule(
    "TR353",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO317,),
    uitleg="Een verzoek om wijziging bevat minstens één TeWijzigenProduct of NieuwProduct.",
    bron="regels/technische-regels/xslt/TR353.md",
)
def check_tr353(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Client/m:Verzoek[not(m:TeWijzigenProducten) and not(m:NieuweProducten)]")


@rule(
    "CD085",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO319,),
    uitleg="RedenAfwijzingVerzoek is verplicht als VerzoekAntwoord 1 (verzoek afgewezen) is.",
    bron=BRON_CD,
)
def check_cd085(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Antwoord[m:VerzoekAntwoord = '1' and not(m:RedenAfwijzingVerzoek)]/m:VerzoekAntwoord")


@rule(
    "CD086",
    retourcode="0001",
    niveau=Niveau.BERICHT,
    soorten=(S.WMO319,),
    uitleg="RedenAfwijzingVerzoek moet leeg zijn als VerzoekAntwoord 2 (aanvraag in onderzoek) is.",
    bron=BRON_CD,
)
def check_cd086(view: BerichtView, context: ValidationContext | None) -> Iterator[Hit]:
    yield from view.xpath("m:Antwoord[m:VerzoekAntwoord = '2']/m:RedenAfwijzingVerzoek")
