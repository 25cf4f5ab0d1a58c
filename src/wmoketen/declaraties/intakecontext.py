"""Everything the declaration rules need for one 323, loaded in a handful of queries (by ToewijzingNummer set),
then checked in memory. No rule queries the database itself."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Prefetch

from wmoketen.catalogus.models import Bekostiging, Gemeente
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
        qs = (
            Toewijzing.objects.filter(toewijzing_nummer__in=nummers, client__gemeente=gemeente, aanbieder=aanbieder)
            .select_related("client", "product")
            .prefetch_related(
                Prefetch("product__bekostigingen", queryset=Bekostiging.objects.select_related("afrekenregel")),
                "product__tarieven",
            )
        )
        for t in qs:
            toewijzingen[t.toewijzing_nummer] = _gegevens(t)
            client_ids[t.client.bsn] = t.client_id
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


def _gegevens(t: Toewijzing) -> Toewijzingsgegevens:
    product = t.product
    bekostigingen = list(product.bekostigingen.all())
    geldig = [
        b
        for b in bekostigingen
        if b.geldig_van <= t.ingangsdatum and (b.geldig_tot is None or t.ingangsdatum <= b.geldig_tot)
    ]
    bekostiging = geldig[0] if geldig else (bekostigingen[0] if bekostigingen else None)
    vorm = toewijzingsvorm(
        model=bekostiging.model if bekostiging else None,
        eenheid=bekostiging.eenheid if bekostiging else "",
        frequentie=bekostiging.frequentie if bekostiging else "",
    )
    met_code = vorm.met_productcode and vorm.vorm == Vorm.OMVANG
    return Toewijzingsgegevens(
        pk=t.pk,
        client_id=t.client_id,
        bsn=t.client.bsn,
        aanbieder_id=t.aanbieder_id,
        product_categorie=product.categorie,
        productcode_in_301=product.productcode if met_code else None,
        verwijderd=is_verwijderd(reden_wijziging=t.reden_wijziging, ingangsdatum=t.ingangsdatum, einddatum=t.einddatum),
        model=str(bekostiging.model) if bekostiging else "",
        feiten=Toewijzingsfeiten(
            ingangsdatum=t.ingangsdatum,
            einddatum=t.einddatum,
            volume=t.volume,
            eenheid=t.eenheid,
            frequentie=t.frequentie,
            budget_cent=t.budget_cent,
            productcategorie=product.categorie,
        ),
        bekostiging=bekostigingsregel_from_model(bekostiging) if bekostiging else None,
        tarieven=[tariefregel_from_model(x) for x in product.tarieven.all()],
    )
