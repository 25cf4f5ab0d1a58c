"""The ValidationContext on the database: levels 3 and 4 against stored messages, assignments, starts and stops,
the catalogue (product codes, tariffs) and the CBS municipality list."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from wmoketen import catalogus
from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Gemeente, Product
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.toewijzingen.selectors import starts_van, stops_van, toewijzing_op_nummer
from wmoketen.toewijzingen.services import vorm_van

from ..codec import BerichtSoort
from ..constants import Richting
from ..models import Bericht
from ..rules import BekendeStart, BekendeStop, BekendeToewijzing

CBS_CSV = Path(catalogus.__file__).resolve().parent / "data" / "cbs_gemeenten.csv"


@lru_cache(maxsize=1)
def cbs_codes() -> frozenset[str]:
    with CBS_CSV.open(encoding="utf-8") as handle:
        return frozenset(row["cbs_code"] for row in csv.DictReader(handle))


@dataclass
class DatabaseContext:
    today: date
    ontvangen_bericht_id: int | None = None  # the stored message being checked (a 323 is stored first)
    _productcodes: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)

    def vandaag(self) -> date:
        return self.today

    def bericht_identificatie_gebruikt(self, *, soort: BerichtSoort, afzender: str, identificatie: str) -> bool:
        eerder = Bericht.objects.filter(
            richting=Richting.IN, soort=soort.value, afzender=afzender, identificatie=identificatie
        )
        if self.ontvangen_bericht_id is not None:
            eerder = eerder.exclude(pk=self.ontvangen_bericht_id)
        return eerder.exists()

    def toewijzing(self, *, gemeente: str, toewijzing_nummer: int) -> BekendeToewijzing | None:
        t = toewijzing_op_nummer(gemeente=gemeente, toewijzing_nummer=toewijzing_nummer)
        if t is None:
            return None
        met_code = vorm_van(t.product, t.ingangsdatum).met_productcode
        return BekendeToewijzing(
            gemeente=gemeente,
            aanbieder=t.aanbieder.agb_code,
            bsn=t.client.bsn,
            toewijzing_nummer=t.toewijzing_nummer,
            product_categorie=t.product.categorie,
            product_code=t.product.productcode if met_code else None,
            ingangsdatum=t.ingangsdatum,
            einddatum=t.einddatum,
            reden_wijziging=t.reden_wijziging or None,
        )

    def starts(self, *, gemeente: str, aanbieder: str, bsn: str) -> Sequence[BekendeStart]:
        return [
            BekendeStart(
                bsn=bsn,
                toewijzing_nummer=s.toewijzing_nummer,
                begindatum=s.begindatum,
                product_categorie=s.product_categorie or None,
                product_code=s.product_code or None,
            )
            for s in starts_van(gemeente=gemeente, agb_code=aanbieder, bsn=bsn)
        ]

    def stops(self, *, gemeente: str, aanbieder: str, bsn: str) -> Sequence[BekendeStop]:
        return [
            BekendeStop(
                bsn=bsn,
                toewijzing_nummer=s.start.toewijzing_nummer,
                begindatum=s.start.begindatum,
                reden_beeindiging=s.reden_beeindiging,
                einddatum=s.einddatum,
            )
            for s in stops_van(gemeente=gemeente, agb_code=aanbieder, bsn=bsn)
        ]

    def gemeentecode_geldig(self, gemeente: str, *, op: date) -> bool:
        """The catalogue's municipalities plus the CBS list shipped with the catalogue (S300)."""
        return gemeente in cbs_codes() or Gemeente.objects.filter(cbs_code=gemeente).exists()

    def productcode_bij_categorie(self, categorie: str, code: str, *, op: date) -> bool:
        """The agreed product code list is the catalogue: some region buys this code in this category (S329).
        Cached per message: a 323 repeats the same few codes on every prestatie."""
        sleutel = (categorie, code)
        if sleutel not in self._productcodes:
            self._productcodes[sleutel] = Product.objects.filter(productcode=code, categorie=categorie).exists()
        return self._productcodes[sleutel]

    def uurtarief(self, *, aanbieder: str, gemeente: str, product_code: str, op: date) -> int | None:
        """The contract tariff per hour of this product in a region of this municipality that contracts the
        provider (TR346 with minutes, IV081)."""
        producten = Product.objects.filter(
            productcode=product_code,
            regio__gemeenten__cbs_code=gemeente,
            regio__overeenkomsten__aanbieder__agb_code=aanbieder,
        ).distinct()
        for product in producten:
            gevonden = product_op_datum(product=product, dag=op)
            if gevonden.tarief and gevonden.bekostiging and gevonden.bekostiging.eenheid == Eenheid.UUR:
                return gevonden.tarief.bedrag_cent
        return None
