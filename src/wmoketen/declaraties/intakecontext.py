"""Everything the declaration rules need for one 323, loaded in a handful of queries per part of the message (by
ToewijzingNummer and ReferentieNummer), then checked in memory. No rule queries the database itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from django.db.models import Max

from wmoketen.catalogus.models import Bekostiging, Gemeente, Tarief
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.geldigheid import rij_geldig_op_of_eerste
from wmoketen.toewijzingen.domain import Vorm, is_verwijderd, toewijzingsvorm
from wmoketen.toewijzingen.models import Onderbreking, Toewijzing

from .adapters import bekostigingsregel_from_model, tariefregel_from_model
from .constants import DebetCredit, DeclaratieStatus, PrestatieStatus
from .controle import Prestatie as EnginePrestatie
from .feiten import Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from .invoer import Declaratie323, Prestatieregel
from .models import Declaratie, Prestatie
from .perioden import Periode


@dataclass(slots=True)
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


def _eerdere(row: tuple[object, ...]) -> EerderePrestatie:
    return EerderePrestatie(*row)  # type: ignore[arg-type]


@dataclass
class Declaratiecontext:
    """What holds for the whole 323: the parties, the declaration-level facts (TR318, TR333) and the funding and
    tariffs per product (loaded once, shared by every part of a long message)."""

    invoer: Declaratie323
    aanbieder: Aanbieder | None
    gemeente: Gemeente | None
    laatste_periode_begin: date | None
    declaratienummer_gebruikt: bool
    bekostigingen: dict[int, list[Bekostiging]] = field(default_factory=dict)
    tarieven: dict[int, list[Tariefregel]] = field(default_factory=dict)
    cache: dict[object, object] = field(default_factory=dict)


def laad_declaratiecontext(invoer: Declaratie323) -> Declaratiecontext:
    aanbieder = Aanbieder.objects.filter(agb_code=invoer.aanbieder).first()
    gemeente = Gemeente.objects.filter(cbs_code=invoer.gemeente).first()
    laatste: date | None = None
    gebruikt = False
    if aanbieder is not None:
        eerder = Declaratie.objects.filter(aanbieder=aanbieder).exclude(status=DeclaratieStatus.AFGEWEZEN)
        if gemeente is not None:
            laatste = eerder.filter(gemeente=gemeente).aggregate(m=Max("periode_begin"))["m"]
        gebruikt = eerder.filter(declaratie_nummer=invoer.declaratie_nummer).exists()
    return Declaratiecontext(invoer, aanbieder, gemeente, laatste, gebruikt)


def laad_intakecontext(invoer: Declaratie323) -> Intakecontext:
    """The whole message at once (the draft preview of the portal)."""
    return laad_deelcontext(laad_declaratiecontext(invoer), invoer.prestaties)


def laad_deelcontext(basis: Declaratiecontext, prestaties: Sequence[Prestatieregel]) -> Intakecontext:
    """What the prestatie rules need for these prestaties (a part of the message, or all of it), in a few
    queries keyed by their ToewijzingNummers and ReferentieNummers. Prestaties of this message stored by an
    earlier part count as earlier ones: a long 323 is judged part by part with the same outcome, because all the
    prestaties of one assignment belong to one client and a client is never split over two parts."""
    aanbieder, gemeente = basis.aanbieder, basis.gemeente
    nummers = {p.toewijzing_nummer for p in prestaties}
    toewijzingen: dict[int, Toewijzingsgegevens] = {}
    if aanbieder is not None and gemeente is not None and nummers:
        toewijzingen = _toewijzingen(nummers, gemeente, aanbieder, basis)
    client_ids = {t.bsn: t.client_id for t in toewijzingen.values()}
    bekende: set[str] = set()
    eerder = Goedgekeurd({}, set(), {})
    if aanbieder is not None:
        bekende = _bekende_referenties(aanbieder, {p.referentie_nummer for p in prestaties})
        vorige = {p.vorig_referentie_nummer for p in prestaties if p.vorig_referentie_nummer}
        eerder = goedgekeurd(aanbieder, {t.pk for t in toewijzingen.values()}, nummers, vorige)
    debets, gecrediteerd, per_toewijzing = eerder.debets, eerder.gecrediteerd, eerder.per_toewijzing
    return Intakecontext(
        invoer=basis.invoer,
        aanbieder=aanbieder,
        gemeente=gemeente,
        toewijzingen=toewijzingen,
        client_ids=client_ids,
        bekende_referenties=bekende,
        debets=debets,
        gecrediteerd=gecrediteerd,
        goedgekeurd_per_toewijzing=per_toewijzing,
        laatste_periode_begin=basis.laatste_periode_begin,
        declaratienummer_gebruikt=basis.declaratienummer_gebruikt,
        cache=basis.cache,
    )


# The values for `__in_lijst` are passed as sets: Django walks a list or tuple value element by element
# (resolve_lookup_value), a few milliseconds per part for its thousands of numbers; a set it passes on as it is.


def _bekende_referenties(aanbieder: Aanbieder, referenties: set[str]) -> set[str]:
    """Those of `referenties` this provider delivered before, in a declaration that was not rejected (TR314)."""
    geldig = Prestatie.objects.filter(aanbieder=aanbieder).exclude(declaratie__status=DeclaratieStatus.AFGEWEZEN)
    # order_by(): a set needs no order, and the default one (by declaration) sorts every row.
    return set(
        geldig.filter(referentie_nummer__in_lijst=referenties).order_by().values_list("referentie_nummer", flat=True)
    )


@dataclass(frozen=True, slots=True)
class Goedgekeurd:
    """What was approved before: debets by ReferentieNummer (TR323), ReferentieNummers of credited debets (TR390,
    TR389), and per ToewijzingNummer the approved, uncredited debets (the cumulative checks, TR389)."""

    debets: dict[str, EerderePrestatie]
    gecrediteerd: set[str]
    per_toewijzing: dict[int, list[EerderePrestatie]]


def goedgekeurd(aanbieder: Aanbieder, toewijzing_pks: set[int], nummers: set[int], vorige: set[str]) -> Goedgekeurd:
    """The approved prestaties of these assignments (and those the credits `vorige` refer to), for the intake and
    for the portal's proposal: both count the same earlier prestaties."""
    debets: dict[str, EerderePrestatie] = {}
    gecrediteerd: set[str] = set()
    for e in _goedgekeurde(aanbieder, toewijzing_pks, vorige):
        if e.debet_credit == DebetCredit.CREDIT:
            gecrediteerd.add(e.vorig_referentie_nummer)
        else:
            debets[e.referentie_nummer] = e
    per_toewijzing: dict[int, list[EerderePrestatie]] = defaultdict(list)
    for e in debets.values():
        if e.referentie_nummer not in gecrediteerd and e.toewijzing_nummer in nummers:
            per_toewijzing[e.toewijzing_nummer].append(e)
    return Goedgekeurd(debets, gecrediteerd, dict(per_toewijzing))


def _goedgekeurde(aanbieder: Aanbieder, toewijzing_pks: set[int], vorige: set[str]) -> list[EerderePrestatie]:
    """The approved prestaties of these assignments, then those the credits of this part refer to, each in the
    default order (newest declaration first): which debet comes first per assignment is visible in the rules.
    An approved prestatie always has its assignment (TR338), and never sits in a rejected declaration."""
    goedgekeurd = Prestatie.objects.filter(aanbieder=aanbieder, status=PrestatieStatus.GOEDGEKEURD)
    velden = EerderePrestatie.__slots__
    rijen = (
        list(goedgekeurd.filter(toewijzing_id__in_lijst=toewijzing_pks).values_list(*velden)) if toewijzing_pks else []
    )
    rijen += list(goedgekeurd.filter(referentie_nummer__in_lijst=vorige).values_list(*velden)) if vorige else []
    return [_eerdere(row) for row in rijen]


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
    "wissel_van_id",
    "einde_door_wissel",
)


def onderbrekingen_van(toewijzing_pks: Sequence[int]) -> dict[int, tuple[Periode, ...]]:
    """The recorded interruptions (toewijzingen.Onderbreking) per assignment, in date order: one query."""
    per: dict[int, list[Periode]] = defaultdict(list)
    if toewijzing_pks:
        for toewijzing_id, van, tot in (
            Onderbreking.objects.filter(toewijzing_id__in=toewijzing_pks)
            .order_by("toewijzing_id", "van")
            .values_list("toewijzing_id", "van", "tot")
        ):
            per[toewijzing_id].append(Periode(van, tot))
    return {k: tuple(v) for k, v in per.items()}


def _toewijzingen(
    nummers: set[int], gemeente: Gemeente, aanbieder: Aanbieder, basis: Declaratiecontext
) -> dict[int, Toewijzingsgegevens]:
    """The assignments by ToewijzingNummer in one flat query; the funding and tariffs of their few products come
    from `basis` (loaded once per message); the funding rule per product and start date is built once."""
    rijen = list(
        Toewijzing.objects.filter(toewijzing_nummer__in_lijst=nummers, client__gemeente=gemeente, aanbieder=aanbieder)
        .order_by()  # keyed by number below; the default order sorts by the clients' names
        .values_list(*_TOEWIJZING_VELDEN)
    )
    _laad_producten({r[5] for r in rijen}, basis)
    bekostigingen, tarieven = basis.bekostigingen, basis.tarieven
    per_product = cast(
        dict[tuple[int, date, str, str], tuple[str | None, str, Bekostigingsregel | None]],
        basis.cache.setdefault("per_product", {}),
    )
    gedeelde_feiten: dict[tuple[object, ...], Toewijzingsfeiten] = {}
    onderbrekingen = onderbrekingen_van([r[0] for r in rijen])
    result: dict[int, Toewijzingsgegevens] = {}
    for pk, nummer, client_id, bsn, aanbieder_id, product_id, categorie, code, reden, begin, eind, *rest in rijen:
        volume, eenheid, frequentie, budget_cent, wissel_van_id, einde_door_wissel = rest
        sleutel = (product_id, begin, categorie, code)
        if sleutel not in per_product:
            per_product[sleutel] = _product_gegevens(bekostigingen[product_id], begin, code)
        productcode_in_301, model, bekostiging = per_product[sleutel]
        feiten = _gedeelde_feiten(
            gedeelde_feiten, begin, eind, volume, eenheid, frequentie, budget_cent, categorie,
            onderbrekingen.get(pk, ()), wissel_van_id is not None, einde_door_wissel,
        )  # fmt: skip
        result[nummer] = Toewijzingsgegevens(
            pk=pk,
            client_id=client_id,
            bsn=bsn,
            aanbieder_id=aanbieder_id,
            product_categorie=categorie,
            productcode_in_301=productcode_in_301,
            verwijderd=is_verwijderd(reden_wijziging=reden, ingangsdatum=begin, einddatum=eind),
            model=model,
            feiten=feiten,
            bekostiging=bekostiging,
            tarieven=tarieven[product_id],  # shared per product, never changed
        )
    return result


def _gedeelde_feiten(
    gedeeld: dict[tuple[object, ...], Toewijzingsfeiten],
    begin: date,
    eind: date | None,
    volume: int | None,
    eenheid: str,
    frequentie: str,
    budget_cent: int | None,
    categorie: str,
    onderbrekingen: tuple[Periode, ...] = (),
    begin_door_wissel: bool = False,
    einde_door_wissel: bool = False,
) -> Toewijzingsfeiten:
    """The facts of one assignment, one object for equal facts: Toewijzingsfeiten is frozen, so sharing is safe,
    and building a frozen dataclass is the dearest step per row while the assignments of a part mostly share
    dates, volume and unit."""
    sleutel = (begin, eind, volume, eenheid, frequentie, budget_cent, categorie, onderbrekingen,
               begin_door_wissel, einde_door_wissel)  # fmt: skip
    feiten = gedeeld.get(sleutel)
    if feiten is None:
        feiten = gedeeld[sleutel] = Toewijzingsfeiten(
            ingangsdatum=begin,
            einddatum=eind,
            volume=volume,
            eenheid=eenheid,
            frequentie=frequentie,
            budget_cent=budget_cent,
            productcategorie=categorie,
            onderbrekingen=onderbrekingen,
            begin_door_wissel=begin_door_wissel,
            einde_door_wissel=einde_door_wissel,
        )
    return feiten


def _laad_producten(product_ids: set[int], basis: Declaratiecontext) -> None:
    """The fundings and tariffs of products not seen earlier in this message, into `basis`."""
    nieuw = product_ids - basis.bekostigingen.keys()
    if not nieuw:
        return
    for product_id in nieuw:
        basis.bekostigingen[product_id], basis.tarieven[product_id] = [], []
    for b in Bekostiging.objects.filter(product_id__in=nieuw).select_related("afrekenregel__regio"):
        basis.bekostigingen[b.product_id].append(b)
    for x in Tarief.objects.filter(product_id__in=nieuw):
        basis.tarieven[x.product_id].append(tariefregel_from_model(x))


def _product_gegevens(
    bekostigingen: list[Bekostiging], ingangsdatum: date, productcode: str
) -> tuple[str | None, str, Bekostigingsregel | None]:
    """(ProductCode as in the 301 or None, funding model, funding rule) of a product for an assignment starting on
    `ingangsdatum`: the funding valid on that date, else the first."""
    bekostiging = rij_geldig_op_of_eerste(bekostigingen, ingangsdatum)
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


def toewijzingsgegevens(t: Toewijzing, onderbrekingen: tuple[Periode, ...] | None = None) -> Toewijzingsgegevens:
    """The same from a Toewijzing instance (with client and product, and the product's fundings and tariffs);
    `onderbrekingen` when the caller loaded them for many (onderbrekingen_van), else read here."""
    if onderbrekingen is None:
        onderbrekingen = onderbrekingen_van([t.pk]).get(t.pk, ())
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
            onderbrekingen=onderbrekingen,
            begin_door_wissel=t.wissel_van_id is not None,
            einde_door_wissel=t.einde_door_wissel,
        ),
        bekostiging=bekostiging,
        tarieven=[tariefregel_from_model(x) for x in product.tarieven.all()],
    )
