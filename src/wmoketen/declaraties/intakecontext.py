"""Everything the declaration rules need for one 323, loaded in a handful of queries (by ToewijzingNummer set),
then checked in memory. No rule queries the database itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max

from wmoketen.catalogus.models import Bekostiging, Gemeente, Tarief
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.domain import Vorm, is_verwijderd, toewijzingsvorm
from wmoketen.toewijzingen.models import Toewijzing

from .adapters import bekostigingsregel_from_model, tariefregel_from_model
from .constants import DebetCredit, DeclaratieStatus, PrestatieStatus
from .controle import Prestatie as EnginePrestatie
from .feiten import Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from .invoer import Declaratie323
from .models import Declaratie, Prestatie
from .perioden import Periode


@dataclass
class Toewijzingsgegevens:
    """One assigned product as the rules see it."""

    pk: int
    client_id: int
    bsn: str
    aanbieder_id: int
    product_categorie: str
    productcode_in_301: str | None  # None: aspecifiek/generiek, any code within the category
    verwijderd: bool  # RedenWijziging 13 with Einddatum = Ingangsdatum (TR384)
    model: str
    feiten: Toewijzingsfeiten
    bekostiging: Bekostigingsregel | None
    tarieven: list[Tariefregel]


@dataclass(frozen=True, slots=True)
class EerderePrestatie:
    """An approved prestatie received earlier."""

    referentie_nummer: str
    vorig_referentie_nummer: str
    toewijzing_nummer: int
    product_categorie: str
    product_code: str
    begindatum: date
    einddatum: date
    geleverd_volume: int
    eenheid: str
    product_tarief_cent: int | None
    ingediend_bedrag_cent: int
    debet_credit: str

    def als_engine(self) -> EnginePrestatie:
        return EnginePrestatie(
            productperiode=Periode(self.begindatum, self.einddatum),
            geleverd_volume=self.geleverd_volume,
            eenheid=self.eenheid,
            ingediend_bedrag_cent=self.ingediend_bedrag_cent,
            product_tarief_cent=self.product_tarief_cent,
            referentie=self.referentie_nummer,
        )


@dataclass
class Intakecontext:
    invoer: Declaratie323
    aanbieder: Aanbieder | None
    gemeente: Gemeente | None
    toewijzingen: dict[int, Toewijzingsgegevens]
    client_ids: dict[str, int]  # bsn -> client id, for clients this provider has an assignment for
    bekende_referenties: set[str]  # ReferentieNummers this provider delivered before (TR314)
    debets: dict[str, EerderePrestatie]  # approved debets by ReferentieNummer (TR323)
    gecrediteerd: set[str]  # ReferentieNummers of debets that have an approved credit (TR390, TR389)
    goedgekeurd_per_toewijzing: dict[int, list[EerderePrestatie]]  # approved, uncredited debets
    laatste_periode_begin: date | None  # the last DeclaratiePeriode used at this municipality (TR318)
    declaratienummer_gebruikt: bool  # TR333
    cache: dict[object, object] = field(default_factory=dict)


def _eerdere(row: dict[str, object]) -> EerderePrestatie:
    return EerderePrestatie(**{k: row[k] for k in EerderePrestatie.__slots__})  # type: ignore[arg-type]


def laad_intakecontext(invoer: Declaratie323) -> Intakecontext:
    aanbieder = Aanbieder.objects.filter(agb_code=invoer.aanbieder).first()
    gemeente = Gemeente.objects.filter(cbs_code=invoer.gemeente).first()
    nummers = {p.toewijzing_nummer for p in invoer.prestaties}
    toewijzingen: dict[int, Toewijzingsgegevens] = {}
    client_ids: dict[str, int] = {}
    if aanbieder is not None and gemeente is not None:
        toewijzingen = _toewijzingen(nummers, gemeente, aanbieder)
        client_ids = {t.bsn: t.client_id for t in toewijzingen.values()}
    referenties = {p.referentie_nummer for p in invoer.prestaties}
    vorige = {p.vorig_referentie_nummer for p in invoer.prestaties if p.vorig_referentie_nummer}
    bekende: set[str] = set()
    debets: dict[str, EerderePrestatie] = {}
    gecrediteerd: set[str] = set()
    per_toewijzing: dict[int, list[EerderePrestatie]] = defaultdict(list)
    laatste: date | None = None
    gebruikt = False
    if aanbieder is not None:
        geldig = Prestatie.objects.filter(aanbieder=aanbieder).exclude(declaratie__status=DeclaratieStatus.AFGEWEZEN)
        bekende = set(geldig.filter(referentie_nummer__in=referenties).values_list("referentie_nummer", flat=True))
        velden = list(EerderePrestatie.__slots__)
        goedgekeurd = geldig.filter(status=PrestatieStatus.GOEDGEKEURD)
        rijen = list(goedgekeurd.filter(toewijzing_nummer__in=nummers).values(*velden) if nummers else [])
        rijen += list(goedgekeurd.filter(referentie_nummer__in=vorige).values(*velden)) if vorige else []
        for row in rijen:
            e = _eerdere(row)
            if e.debet_credit == DebetCredit.CREDIT:
                gecrediteerd.add(e.vorig_referentie_nummer)
            else:
                debets[e.referentie_nummer] = e
        for e in debets.values():
            if e.referentie_nummer not in gecrediteerd and e.toewijzing_nummer in nummers:
                per_toewijzing[e.toewijzing_nummer].append(e)
        eerder = Declaratie.objects.filter(aanbieder=aanbieder).exclude(status=DeclaratieStatus.AFGEWEZEN)
        if gemeente is not None:
            laatste = eerder.filter(gemeente=gemeente).aggregate(m=Max("periode_begin"))["m"]
        gebruikt = eerder.filter(declaratie_nummer=invoer.declaratie_nummer).exists()
    return Intakecontext(
        invoer=invoer,
        aanbieder=aanbieder,
        gemeente=gemeente,
        toewijzingen=toewijzingen,
        client_ids=client_ids,
        bekende_referenties=bekende,
        debets=debets,
        gecrediteerd=gecrediteerd,
        goedgekeurd_per_toewijzing=dict(per_toewijzing),
        laatste_periode_begin=laatste,
        declaratienummer_gebruikt=gebruikt,
    )


_TOEWIJZING_VELDEN = (
    "pk",
    "toewijzing_nummer",
    "client_id",
    "client__bsn",
    "aanbieder_id",
    "product_id",
    "product__categorie",
    "product__productcode",
    "reden_wijziging",
    "ingangsdatum",
    "einddatum",
    "volume",
    "eenheid",
    "frequentie",
    "budget_cent",
)


def _toewijzingen(nummers: set[int], gemeente: Gemeente, aanbieder: Aanbieder) -> dict[int, Toewijzingsgegevens]:
    """The assignments by ToewijzingNummer in three flat queries (assignments, then the funding and tariffs of
    their few products); the funding rule per product and start date is built once."""
    rijen = list(
        Toewijzing.objects.filter(
            toewijzing_nummer__in=nummers, client__gemeente=gemeente, aanbieder=aanbieder
        ).values_list(*_TOEWIJZING_VELDEN)
    )
    producten = {r[5] for r in rijen}
    bekostigingen: dict[int, list[Bekostiging]] = defaultdict(list)
    tarieven: dict[int, list[Tariefregel]] = defaultdict(list)
    if producten:
        for b in Bekostiging.objects.filter(product_id__in=producten).select_related("afrekenregel"):
            bekostigingen[b.product_id].append(b)
        for x in Tarief.objects.filter(product_id__in=producten):
            tarieven[x.product_id].append(tariefregel_from_model(x))
    per_product: dict[tuple[int, date, str, str | None], tuple[str | None, str, Bekostigingsregel | None]] = {}
    result: dict[int, Toewijzingsgegevens] = {}
    for pk, nummer, client_id, bsn, aanbieder_id, product_id, categorie, code, reden, begin, eind, *rest in rijen:
        volume, eenheid, frequentie, budget_cent = rest
        sleutel = (product_id, begin, categorie, code)
        if sleutel not in per_product:
            per_product[sleutel] = _product_gegevens(bekostigingen[product_id], begin, code)
        productcode_in_301, model, bekostiging = per_product[sleutel]
        result[nummer] = Toewijzingsgegevens(
            pk=pk,
            client_id=client_id,
            bsn=bsn,
            aanbieder_id=aanbieder_id,
            product_categorie=categorie,
            productcode_in_301=productcode_in_301,
            verwijderd=is_verwijderd(reden_wijziging=reden, ingangsdatum=begin, einddatum=eind),
            model=model,
            feiten=Toewijzingsfeiten(
                ingangsdatum=begin,
                einddatum=eind,
                volume=volume,
                eenheid=eenheid,
                frequentie=frequentie,
                budget_cent=budget_cent,
                productcategorie=categorie,
            ),
            bekostiging=bekostiging,
            tarieven=list(tarieven[product_id]),
        )
    return result


def _product_gegevens(
    bekostigingen: list[Bekostiging], ingangsdatum: date, productcode: str
) -> tuple[str | None, str, Bekostigingsregel | None]:
    """(ProductCode as in the 301 or None, funding model, funding rule) of a product for an assignment starting on
    `ingangsdatum`: the funding valid on that date, else the first."""
    geldig = [
        b
        for b in bekostigingen
        if b.geldig_van <= ingangsdatum and (b.geldig_tot is None or ingangsdatum <= b.geldig_tot)
    ]
    bekostiging = geldig[0] if geldig else (bekostigingen[0] if bekostigingen else None)
    vorm = toewijzingsvorm(
        model=bekostiging.model if bekostiging else None,
        eenheid=bekostiging.eenheid if bekostiging else "",
        frequentie=bekostiging.frequentie if bekostiging else "",
    )
    met_code = vorm.met_productcode and vorm.vorm == Vorm.OMVANG
    return (
        productcode if met_code else None,
        str(bekostiging.model) if bekostiging else "",
        bekostigingsregel_from_model(bekostiging) if bekostiging else None,
    )


def _gegevens(t: Toewijzing) -> Toewijzingsgegevens:
    """The same from a Toewijzing instance (with client and product, and the product's fundings and tariffs)."""
    product = t.product
    productcode_in_301, model, bekostiging = _product_gegevens(
        list(product.bekostigingen.all()), t.ingangsdatum, product.productcode
    )
    return Toewijzingsgegevens(
        pk=t.pk,
        client_id=t.client_id,
        bsn=t.client.bsn,
        aanbieder_id=t.aanbieder_id,
        product_categorie=product.categorie,
        productcode_in_301=productcode_in_301,
        verwijderd=is_verwijderd(reden_wijziging=t.reden_wijziging, ingangsdatum=t.ingangsdatum, einddatum=t.einddatum),
        model=model,
        feiten=Toewijzingsfeiten(
            ingangsdatum=t.ingangsdatum,
            einddatum=t.einddatum,
            volume=t.volume,
            eenheid=t.eenheid,
            frequentie=t.frequentie,
            budget_cent=t.budget_cent,
            productcategorie=product.categorie,
        ),
        bekostiging=bekostiging,
        tarieven=[tariefregel_from_model(x) for x in product.tarieven.all()],
    )
