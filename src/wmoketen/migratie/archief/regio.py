"""What an import checks the archive against: the region's municipalities, the known providers and the catalogue.

All of it is loaded once per import (a region has tens of products and providers, not thousands). A product is
looked up in the regions the municipality takes part in, preferring the region whose period holds the
assignment's start date, then the region of the import: an archive that spans a change of procurement (MLW 2018
and ML 2024) finds each assignment's product in its own catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from wmoketen.berichten.codec.model import wmo301
from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Gemeente, Product, Regio
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.clienten.services import Clientgegevens
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.bsn import voldoet_aan_elfproef
from wmoketen.core.geldigheid import geldig_op
from wmoketen.toewijzingen.domain import Vorm
from wmoketen.toewijzingen.overname import Versie
from wmoketen.toewijzingen.services import vorm_van

from .kop import NietImporteerbaar

Productkeuze = Callable[[int], str | None]  # ToewijzingNummer -> ProductCode from the template, if given


class Regiocontext:
    def __init__(self, regio: Regio) -> None:
        self.regio = regio
        self.gemeenten = {g.cbs_code: g for g in regio.gemeenten.all()}
        self.aanbieders = {a.agb_code: a for a in Aanbieder.objects.all()}
        regios = list(Regio.objects.filter(gemeenten__in=self.gemeenten.values()).distinct())
        self.regios_per_gemeente: dict[str, list[Regio]] = defaultdict(list)
        for r in regios:
            for g in r.gemeenten.all():
                self.regios_per_gemeente[g.cbs_code].append(r)
        self.producten: dict[tuple[int, str, str], Product] = {}
        self.per_categorie: dict[tuple[int, str], list[Product]] = defaultdict(list)
        producten = Product.objects.filter(regio__in=regios).select_related("regio")
        for p in producten.prefetch_related("bekostigingen", "tarieven"):
            self.producten[(p.regio_id, p.categorie, p.productcode)] = p
            self.per_categorie[(p.regio_id, p.categorie)].append(p)

    def gemeente(self, cbs: str) -> Gemeente:
        gemeente = self.gemeenten.get(cbs)
        if gemeente is None:
            raise NietImporteerbaar(f"Gemeente {cbs} hoort niet bij regio {self.regio.naam}.")
        return gemeente

    def aanbieder(self, agb: str) -> Aanbieder:
        aanbieder = self.aanbieders.get(agb)
        if aanbieder is None:
            raise NietImporteerbaar(
                f"Aanbieder met AGB-code {agb} is niet bekend; laad eerst het regiobestand met deze aanbieder."
            )
        return aanbieder

    def _regios(self, cbs: str, op: date) -> list[Regio]:
        def voorkeur(r: Regio) -> tuple[int, int, date]:
            geldig = geldig_op(r.geldig_van, r.geldig_tot, op)
            return (0 if geldig else 1, 0 if r.pk == self.regio.pk else 1, date.max - (r.geldig_van - date.min))

        return sorted(self.regios_per_gemeente.get(cbs, [self.regio]), key=voorkeur)

    def product(self, *, cbs: str, categorie: str, code: str | None, op: date, nummer: int | None = None,
                keuze: Productkeuze | None = None) -> Product:  # fmt: skip
        """The catalogue product of a ToegewezenProduct (category only: the product without code of that
        category, or the one the template toewijzingsproducten names)."""
        if not code and keuze is not None and nummer is not None:
            code = keuze(nummer)
        regios = self._regios(cbs, op)
        if code:
            for r in regios:
                product = self.producten.get((r.pk, categorie, code))
                if product is not None:
                    return self._bruikbaar(product, op)
            raise NietImporteerbaar(
                f"ProductCode {code} (categorie {categorie}) staat niet in de catalogus van "
                f"{' of '.join(r.naam for r in regios)}."
            )
        for r in regios:
            zonder_code = [
                p for p in self.per_categorie.get((r.pk, categorie), []) if not vorm_van(p, op).met_productcode
            ]
            if len(zonder_code) == 1:
                return self._bruikbaar(zonder_code[0], op)
            if len(zonder_code) > 1:
                codes = ", ".join(sorted(p.productcode for p in zonder_code))
                raise NietImporteerbaar(
                    f"Toewijzing {nummer}: alleen categorie {categorie}, en de catalogus van {r.naam} heeft daarin "
                    f"meer producten zonder productcode ({codes}); geef het product op in het sjabloon "
                    "toewijzingsproducten."
                )
        raise NietImporteerbaar(
            f"Toewijzing {nummer}: categorie {categorie} zonder productcode past bij geen product van de catalogus."
        )

    @staticmethod
    def _bruikbaar(product: Product, op: date) -> Product:
        """A product the catalogue funds on the assignment's start (as toewijzing_aanmaken asks) and that has an
        assignment per client."""
        if product_op_datum(product=product, dag=op).bekostiging is None:
            raise NietImporteerbaar(
                f"Product {product.productcode} heeft op {op:%d-%m-%Y} geen bekostiging in de catalogus van "
                f"{product.regio.naam}; laad het regiobestand van die periode."
            )
        if vorm_van(product, op).vorm == Vorm.GEEN_301:
            raise NietImporteerbaar(
                f"Product {product.productcode} is taakgericht bekostigd: daarvoor bestaat geen toewijzing per cliënt."
            )
        return product


def clientgegevens(client: wmo301.Client, gemeente: Gemeente) -> Clientgegevens:
    """The identity a 301 carries (a 301 holds no first names and may shorten the street: what it lacks, the
    template clienten adds)."""
    if not voldoet_aan_elfproef(client.bsn):
        raise NietImporteerbaar(f"BSN {client.bsn} voldoet niet aan de elfproef.")
    naam = client.naam
    contact = next((c for c in client.contactgegevens if c.adres is not None and c.soort == "01"), None) or next(
        (c for c in client.contactgegevens if c.adres is not None), None
    )
    adres = contact.adres if contact is not None else None
    huis = adres.huis if adres is not None else None
    telefoon = contact.telefoon.telefoon01.telefoonnummer if contact is not None and contact.telefoon else ""
    return Clientgegevens(
        bsn=client.bsn,
        gemeente_id=gemeente.pk,
        geboortedatum=client.geboortedatum.datum,
        geslacht=client.geslacht,
        voorletters=naam.voorletters or "",
        voornamen=naam.voornamen or "",
        voorvoegsel=naam.geslachtsnaam.voorvoegsel or "",
        achternaam=naam.geslachtsnaam.achternaam,
        straat=(adres.straatnaam or "") if adres else "",
        huisnummer=huis.huisnummer if huis else None,
        huisnummer_toevoeging=(huis.huisnummer_toevoeging or "") if huis else "",
        postcode=(adres.postcode or "") if adres else "",
        plaats=(adres.plaatsnaam or "") if adres else "",
        telefoon=telefoon,
    )


def versies(
    producten: tuple[wmo301.ToegewezenProduct, ...],
    *,
    ctx: Regiocontext,
    cbs: str,
    versie_iwmo: str,
    keuze: Productkeuze | None,
) -> list[Versie]:
    """The ToegewezenProducten of a 301 as versions; a product that does not fit the catalogue refuses it."""
    uit: list[Versie] = []
    for tp in producten:
        if tp.product is None:
            raise NietImporteerbaar(f"Toewijzing {tp.toewijzing_nummer}: geen product.")
        product = ctx.product(
            cbs=cbs,
            categorie=tp.product.categorie,
            code=tp.product.code,
            op=tp.ingangsdatum,
            nummer=tp.toewijzing_nummer,
            keuze=keuze,
        )
        omvang = tp.omvang
        eenheid = omvang.eenheid if omvang else ""
        if versie_iwmo.startswith("2.") and eenheid == Eenheid.STUKS_OUTPUT:
            # 2.x had one 'Stuks' (82); 3.2 splits it into output (82) and inspanning (84): the catalogue decides
            eenheid = vorm_van(product, tp.ingangsdatum).eenheid or eenheid
        uit.append(
            Versie(
                toewijzing_nummer=tp.toewijzing_nummer,
                product_id=product.pk,
                product_code=product.productcode,
                product_categorie=product.categorie,
                toewijzingsdatum=tp.toewijzingsdatum,
                toewijzingstijd=tp.toewijzingstijd,
                ingangsdatum=tp.ingangsdatum,
                einddatum=tp.einddatum,
                reden_wijziging=tp.reden_wijziging or "",
                volume=omvang.volume if omvang else None,
                eenheid=eenheid,
                frequentie=omvang.frequentie if omvang else "",
                budget_cent=tp.budget,
                referentie_aanbieder=tp.referentie_aanbieder or "",
            )
        )
    return uit
