"""A Limburg-Noord 2022 fixture for conversion tests: the shipped region file and p x q assignments."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tests.factories import ClientFactory
from wmoketen.berichten.models import Bericht
from wmoketen.catalogus.models import Gemeente, Product
from wmoketen.contracten.models import Aanbieder
from wmoketen.contracten.services import regio_laden
from wmoketen.toewijzingen.models import Toewijzing, Toewijzingsbericht, ToewijzingVersie
from wmoketen.toewijzingen.services import toewijzing_aanmaken

ROOT = Path(__file__).resolve().parents[4]
LN_REGIO = ROOT / "regions" / "limburg-noord-2022.yaml"
LN_CONVERSIE = ROOT / "conversies" / "limburg-noord-2022.yaml"
DFM_REGIO = ROOT / "regions" / "de-fryske-marren-2022.yaml"
DFM_CONVERSIE = ROOT / "conversies" / "de-fryske-marren-2022.yaml"

# (gemeente, agb, product, ingangsdatum, einddatum, volume per week) -> expected action. The catalogue funds the
# p x q products from 01-01-2022 (the start of the regional contract), so the running indications start then.
LN_TOEWIJZINGEN = [
    ("0983", "99020003", "HH", date(2022, 1, 1), date(2023, 5, 31), 3),  # omzetten per 01-04-2022
    ("0983", "99020001", "BGI", date(2022, 1, 1), date(2023, 2, 28), 4),  # inkorten tot 31-12-2022
    ("0983", "99020003", "HH", date(2022, 1, 1), date(2022, 3, 15), 2),  # ongemoeid (eindigt vóór 01-04)
    ("0984", "99020001", "BGI", date(2022, 1, 1), date(2022, 6, 30), 2),  # ongemoeid
    ("0984", "99020004", "BGG", date(2022, 1, 10), date(2024, 9, 30), 2),  # inkorten
    ("0984", "99020003", "HH", date(2022, 2, 1), date(2022, 10, 31), 2),  # omzetten
]


def ln_fixture(clienten: int = 1) -> list[Toewijzing]:
    """Load the region; for each of `clienten` rounds one client per row of LN_TOEWIJZINGEN."""
    regio_laden(pad=LN_REGIO)
    out = []
    for _ in range(clienten):
        for cbs, agb, code, van, tot, volume in LN_TOEWIJZINGEN:
            client = ClientFactory(gemeente=Gemeente.objects.get(cbs_code=cbs))
            out.append(
                toewijzing_aanmaken(
                    client=client,
                    aanbieder=Aanbieder.objects.get(agb_code=agb),
                    product=Product.objects.get(regio__code="limburg-noord-2022", productcode=code),
                    ingangsdatum=van,
                    einddatum=tot,
                    volume=volume,
                )
            )
    return out


def toestand() -> dict[str, Any]:
    """The state a conversion produces, without ids or timestamps."""
    return {
        "toewijzingen": sorted(
            (
                t.toewijzing_nummer,
                t.client.bsn,
                t.aanbieder.agb_code,
                t.product.productcode,
                t.ingangsdatum,
                t.einddatum,
                t.volume,
                t.eenheid,
                t.frequentie,
                t.reden_wijziging,
                t.vorige.toewijzing_nummer if t.vorige else None,
            )
            for t in Toewijzing.objects.select_related("client", "aanbieder", "product", "vorige")
        ),
        "versies": sorted(
            (v.toewijzing.toewijzing_nummer, v.ingangsdatum, v.einddatum, v.volume, v.reden_wijziging)
            for v in ToewijzingVersie.objects.select_related("toewijzing")
        ),
        "301": sorted(
            (b.client.bsn, b.aanbieder.agb_code, tuple(b.toewijzing_nummers))
            for b in Toewijzingsbericht.objects.select_related("client", "aanbieder")
        ),
        "berichten": sorted(
            (b.soort, b.partij, b.agb_code, b.client.bsn if b.client else "") for b in Bericht.objects.all()
        ),
    }
