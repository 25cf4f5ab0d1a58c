"""Where each message keeps its product lines, what their dates are called, and which rule codes the official
validation uses for them (the 301, 315 and 317 share the rules, some under their own code)."""

from __future__ import annotations

from dataclasses import dataclass

from ..codec import BerichtSoort as S


@dataclass(frozen=True)
class Productregels:
    pad: str  # from the message root to the lines
    ingang: str  # the line's start date element
    eind: str  # the line's end date element
    met_product: bool  # the line may carry a Product (CD041, CD079)
    zonder_code: str | None  # code of "Omvang only with a product code" (CD080 / CD095 / CD096)
    frequentie: str  # code of "Eenheid 14/16/83/84 with Frequentie 2, 4 or 6" (CS338 / CS343)


TOEGEWEZEN = Productregels(
    "m:Client/m:ToegewezenProducten/m:ToegewezenProduct", "Ingangsdatum", "Einddatum", True, "CD080", "CS338"
)
AANGEVRAAGD = Productregels(
    "m:Client/m:AangevraagdeProducten/m:AangevraagdProduct",
    "ToewijzingIngangsdatum",
    "ToewijzingEinddatum",
    True,
    "CD095",
    "CS343",
)
TE_WIJZIGEN = Productregels(
    "m:Client/m:Verzoek/m:TeWijzigenProducten/m:TeWijzigenProduct",
    "GewensteIngangsdatum",
    "Einddatum",
    False,
    None,
    "CS338",
)
NIEUW = Productregels(
    "m:Client/m:Verzoek/m:NieuweProducten/m:NieuwProduct", "GewensteIngangsdatum", "Einddatum", True, "CD096", "CS338"
)

PRODUCT_LINES: dict[S, tuple[Productregels, ...]] = {
    S.WMO301: (TOEGEWEZEN,),
    S.WMO315: (AANGEVRAAGD,),
    S.WMO317: (TE_WIJZIGEN, NIEUW),
}
