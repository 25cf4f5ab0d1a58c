"""The ValidationContext on the database: levels 3 and 4 against stored messages, assignments, starts and stops,
verzoeken, the catalogue (product codes, tariffs) and the CBS municipality list."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet

from wmoketen import catalogus
from wmoketen.catalogus.models import Gemeente, Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.constants import VerzoekSoort, VerzoekStatus
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.selectors import (
    actuele_toewijzingen,
    starts_van,
    stops_van,
    toewijzing_op_nummer,
    verzoek_onderhanden,
    verzoeken_met_referentie,
    verzonden_toewijzing_nummers,
)
from wmoketen.toewijzingen.services import vorm_van

from ..codec import BerichtSoort
from ..constants import Richting, Status
from ..models import Bericht
from ..rules import BekendeStart, BekendeStop, BekendeToewijzing, BekendVerzoek

CBS_CSV = Path(catalogus.__file__).resolve().parent / "data" / "cbs_gemeenten.csv"


@lru_cache(maxsize=1)
def cbs_codes() -> frozenset[str]:
    with CBS_CSV.open(encoding="utf-8") as handle:
        return frozenset(row["cbs_code"] for row in csv.DictReader(handle))


def _bekend(t: Toewijzing, *, gemeente: str, aanbieder: str, bsn: str, verzonden: bool = True) -> BekendeToewijzing:
    met_code = vorm_van(t.product, t.ingangsdatum).met_productcode
    return BekendeToewijzing(
        gemeente=gemeente,
        aanbieder=aanbieder,
        bsn=bsn,
        toewijzing_nummer=t.toewijzing_nummer,
        product_categorie=t.product.categorie,
        product_code=t.product.productcode if met_code else None,
        ingangsdatum=t.ingangsdatum,
        einddatum=t.einddatum,
        reden_wijziging=t.reden_wijziging or None,
        verzonden=verzonden,
    )


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
        return _bekend(t, gemeente=gemeente, aanbieder=t.aanbieder.agb_code, bsn=t.client.bsn)

    def actuele_toewijzingen(self, *, gemeente: str, aanbieder: str, bsn: str, op: date) -> Sequence[BekendeToewijzing]:
        """`actuele_toewijzingen` of the client (by BSN, at this municipality) at the provider, each marked with
        whether the provider got it in a 301 already (TR349 asks only for those, OP095)."""
        client = Client.objects.filter(bsn=bsn, gemeente__cbs_code=gemeente).first()
        partij = Aanbieder.objects.filter(agb_code=aanbieder).first()
        if client is None or partij is None:
            return []
        verzonden = verzonden_toewijzing_nummers(client=client, aanbieder=partij)
        return [
            _bekend(t, gemeente=gemeente, aanbieder=aanbieder, bsn=bsn, verzonden=t.toewijzing_nummer in verzonden)
            for t in actuele_toewijzingen(client=client, aanbieder=partij, op=op)
        ]

    def verzoeken_met_referentie(self, *, aanbieder: str, referentie: str) -> Sequence[BekendVerzoek]:
        """The municipalities' register of received verzoeken (`toewijzingen.Verzoek`; a rejected 315/317 is not
        registered, so its reference counts as unused, OP286)."""
        return [
            BekendVerzoek(
                gemeente=verzoek.gemeente_code,
                aanbieder=aanbieder,
                bsn=verzoek.client.bsn,
                referentie_aanbieder=referentie,
                soort=BerichtSoort.WMO317 if verzoek.soort == VerzoekSoort.VOW else BerichtSoort.WMO315,
                toegekend=(regel or verzoek).status == VerzoekStatus.TOEGEKEND,
                toewijzing_nummer=regel.resultaat.toewijzing_nummer if regel and regel.resultaat else None,
            )
            for verzoek, regel in verzoeken_met_referentie(agb_code=aanbieder, referentie=referentie)
        ]

    def verzoekregister_van(self, gemeente: str) -> bool:
        return gemeente not in settings.WMOKETEN_EXTERNE_PARTIJEN

    def verzoek_onderhanden(self, *, gemeente: str, aanbieder: str, bsn: str) -> bool:
        return verzoek_onderhanden(client_bsn=bsn, agb_code=aanbieder, gemeente_code=gemeente)

    def _ontvangen(self, *, soort: str, gemeente: str, aanbieder: str) -> QuerySet[Bericht]:
        """Messages of this municipality that the provider received earlier and accepted (a rejected message
        counts as not sent, OP286); the message being checked is not among them."""
        qs = Bericht.objects.filter(
            partij=aanbieder, richting=Richting.IN, soort=soort, afzender=gemeente, status=Status.GOEDGEKEURD
        )
        if self.ontvangen_bericht_id is not None:
            qs = qs.exclude(pk=self.ontvangen_bericht_id)
        return qs

    def eerdere_antwoorden(self, *, gemeente: str, aanbieder: str, referentie: str) -> Sequence[str]:
        """From the stored summary of each 319 (its one line is the Antwoord), looked up in the database."""
        antwoorden = self._ontvangen(soort="319", gemeente=gemeente, aanbieder=aanbieder).filter(
            samenvatting__regels__0__velden__ReferentieAanbieder=referentie
        )
        return [
            samenvatting["regels"][0]["velden"].get("VerzoekAntwoord", "")
            for samenvatting in antwoorden.values_list("samenvatting", flat=True)
        ]

    def eerder_toegewezen(self, *, gemeente: str, aanbieder: str, referentie: str) -> bool:
        """The 301s the provider received for the clients of the verzoeken with this reference (a 319 names no
        client), read from their stored summaries (one line per ToegewezenProduct)."""
        clienten = {
            verzoek.client_id
            for verzoek, _ in verzoeken_met_referentie(agb_code=aanbieder, referentie=referentie)
            if verzoek.gemeente_code == gemeente
        }
        if not clienten:
            return False
        berichten = self._ontvangen(soort="301", gemeente=gemeente, aanbieder=aanbieder).filter(client_id__in=clienten)
        return any(
            regel.get("klasse") == "ToegewezenProduct" and regel["velden"].get("ReferentieAanbieder") == referentie
            for samenvatting in berichten.values_list("samenvatting", flat=True)
            for regel in samenvatting.get("regels", [])
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
