"""Where each heen-bericht keeps its product lines, and which element holds their Einddatum."""

from __future__ import annotations

from ..codec import BerichtSoort

# message kind -> [(path to product lines, name of the end date element)]
PRODUCT_LINES: dict[BerichtSoort, list[tuple[str, str]]] = {
    BerichtSoort.WMO301: [("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", "Einddatum")],
    BerichtSoort.WMO315: [("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct", "ToewijzingEinddatum")],
    BerichtSoort.WMO317: [
        ("m:Client/m:Verzoek/m:TeWijzigenProducten/m:TeWijzigenProduct", "Einddatum"),
        ("m:Client/m:Verzoek/m:NieuweProducten/m:NieuwProduct", "Einddatum"),
    ],
}
WITH_PRODUCT = (BerichtSoort.WMO301, BerichtSoort.WMO315)  # the 317 lines have Product only when new
