"""Reads of declarations, answers, payments, ceilings and the CAK cost price, always within the user's scope:
a provider sees only its own declarations; municipal staff only those of their municipalities (else 404)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import CakKostprijs, Gemeente
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder, Budgetplafond
from wmoketen.core.lijsten import Lijstkeuzes, Sortering
from wmoketen.toewijzingen.models import Toewijzing

from .bedragen import verdeel
from .cak import CakVoorziening
from .constants import BatchStatus, DeclaratieStatus, PrestatieStatus, Uitkomst
from .models import Betaalbatch, Betaalregel, Declaratie, Prestatie
from .perioden import CakGrid, Periode
from .plafond import AANHOUDENDE_REGELS, AANHOUDING_TEKST, Plafondstand, plafondstand, splits_op_plafond

GEMEENTE_ROLLEN = frozenset({Rol.BACKOFFICE, Rol.CONTRACTMANAGER, Rol.FUNCTIONEEL_BEHEER})


def _scope(gebruiker: Gebruiker, veld: str = "") -> Q:
    if not gebruiker.is_active:
        return Q(pk__in=[])
    if gebruiker.rol == Rol.AANBIEDER:
        return Q(**{f"{veld}aanbieder_id": gebruiker.aanbieder_id}) if gebruiker.aanbieder_id else Q(pk__in=[])
    if gebruiker.rol in GEMEENTE_ROLLEN:
        return Q(**{f"{veld}gemeente__in": gebruiker.gemeenten.all()})
    return Q(pk__in=[])


def declaraties_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Declaratie]:
    return Declaratie.objects.filter(_scope(gebruiker)).select_related("aanbieder", "gemeente")


DECLARATIE_SORTERINGEN = [  # the sort choices of the declaration list (issue 19 item 5); the first is the default
    Sortering("ontvangen", "Nieuwste eerst", ("-ontvangen_op", "-pk")),
    Sortering("ontvangen_oud", "Oudste eerst", ("ontvangen_op", "pk")),
    Sortering("uiterlijk", "325 uiterlijk", ("antwoord_uiterlijk", "pk")),
    Sortering("ingediend", "Hoogste bedrag", ("-totaal_ingediend_cent", "-pk")),
    Sortering("aanbieder", "Aanbieder", ("aanbieder__naam", "-ontvangen_op", "-pk")),
]


def declaraties_selectie(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> QuerySet[Declaratie]:
    """The declarations the user may see, filtered (number contains `zoek`, gemeente, provider, status) and sorted:
    the list page and its export (declaraties.lijsten) read the same selection."""
    qs = declaraties_zichtbaar(gebruiker)
    if zoek := keuzes.tekst("zoek"):
        qs = qs.filter(declaratie_nummer__icontains=zoek)
    if gemeente_id := keuzes.getal("gemeente"):
        qs = qs.filter(gemeente_id=gemeente_id)
    if aanbieder_id := keuzes.getal("aanbieder"):
        qs = qs.filter(aanbieder_id=aanbieder_id)
    if status := keuzes.keuze("status", DeclaratieStatus.values):
        qs = qs.filter(status=status)
    return qs.order_by(*keuzes.sortering.volgorde)


@dataclass(frozen=True)
class Declaratielijst:
    declaraties: QuerySet[Declaratie]
    aantal: int
    ingediend_cent: int
    toegekend_cent: int
    gemeenten: list[tuple[int, str]]  # the choices within the user's scope
    aanbieders: list[tuple[int, str]]


def declaraties_lijst(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> Declaratielijst:
    """The selection with the count and totals of all of it (not only the page) and the filter choices."""
    qs = declaraties_selectie(gebruiker, keuzes)
    som = qs.aggregate(n=Count("pk"), ingediend=Sum("totaal_ingediend_cent"), toegekend=Sum("totaal_toegekend_cent"))
    alle = Declaratie.objects.filter(_scope(gebruiker)).order_by()
    return Declaratielijst(
        declaraties=qs,
        aantal=som["n"],
        ingediend_cent=som["ingediend"] or 0,
        toegekend_cent=som["toegekend"] or 0,
        gemeenten=list(alle.values_list("gemeente_id", "gemeente__naam").distinct().order_by("gemeente__naam")),
        aanbieders=list(alle.values_list("aanbieder_id", "aanbieder__naam").distinct().order_by("aanbieder__naam")),
    )


@dataclass(frozen=True)
class Declaratieuitkomst:
    uitkomst: Uitkomst
    goedgekeurd: int  # number of approved prestaties
    afgewezen: int
    afgewezen_cent: int  # signed: ingediend - toegekend


def uitkomsten(declaraties: Sequence[Declaratie]) -> dict[int, Declaratieuitkomst]:
    """Per declaration (one query for the lot, e.g. a page of the list): approved / partly approved / rejected,
    counted from its prestaties. A declaration rejected as a whole (IV087) is rejected; one without 325 yet is in
    progress."""
    tellingen: dict[int, dict[str, int]] = defaultdict(dict)
    rijen = (
        Prestatie.objects.filter(declaratie_id__in=[d.pk for d in declaraties])
        .order_by()
        .values("declaratie_id", "status")
        .annotate(n=Count("pk"))
    )
    for r in rijen:
        tellingen[r["declaratie_id"]][r["status"]] = r["n"]
    uit = {}
    for d in declaraties:
        goed = tellingen[d.pk].get(PrestatieStatus.GOEDGEKEURD, 0)
        niet = tellingen[d.pk].get(PrestatieStatus.AFGEWEZEN, 0)
        if d.status == DeclaratieStatus.AFGEWEZEN or (niet and not goed):
            uitkomst = Uitkomst.AFGEWEZEN
        elif d.status == DeclaratieStatus.ONTVANGEN:
            uitkomst = Uitkomst.IN_BEHANDELING
        else:
            uitkomst = Uitkomst.DEELS if niet else Uitkomst.GOEDGEKEURD
        uit[d.pk] = Declaratieuitkomst(uitkomst, goed, niet, d.totaal_ingediend_cent - d.totaal_toegekend_cent)
    return uit


def declaratie_ophalen(*, gebruiker: Gebruiker, declaratie_id: int) -> Declaratie:
    declaratie = declaraties_zichtbaar(gebruiker).filter(pk=declaratie_id).first()
    if declaratie is None:
        raise Http404("Declaratie niet gevonden")
    return declaratie


def prestatie_ophalen(*, gebruiker: Gebruiker, prestatie_id: int) -> Prestatie:
    prestatie = (
        Prestatie.objects.filter(_scope(gebruiker, "declaratie__"), pk=prestatie_id)
        .select_related("declaratie", "toewijzing", "client")
        .first()
    )
    if prestatie is None:
        raise Http404("Prestatie niet gevonden")
    return prestatie


def antwoord_te_laat(declaratie: Declaratie, *, vandaag: date) -> bool:
    """The 325 is due within 10 working days (OP090x4); late when still unanswered after that."""
    return declaratie.beantwoord_op is None and vandaag > declaratie.antwoord_uiterlijk


def betaalbatches_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Betaalbatch]:
    if gebruiker.rol not in GEMEENTE_ROLLEN:
        return Betaalbatch.objects.none()
    return Betaalbatch.objects.filter(gemeente__in=gebruiker.gemeenten.all()).select_related(
        "gemeente", "aangemaakt_door", "goedgekeurd_door"
    )


BATCH_SORTERINGEN = [  # the sort choices of the list of payment batches (issue 19 item 5)
    Sortering("nieuwste", "Nieuwste eerst", ("-aangemaakt_op", "-pk")),
    Sortering("oudste", "Oudste eerst", ("aangemaakt_op", "pk")),
    Sortering("vervaldatum", "Uiterlijk betalen", ("vervaldatum", "pk")),
    Sortering("totaal", "Hoogste totaal", ("-totaal_cent", "-pk")),
]


def betaalbatches_selectie(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> QuerySet[Betaalbatch]:
    """The batches of the user's municipalities, filtered (gemeente, status, batch number) and sorted: the list and
    its export (declaraties.lijsten)."""
    qs = betaalbatches_zichtbaar(gebruiker)
    if gemeente_id := keuzes.getal("gemeente"):
        qs = qs.filter(gemeente_id=gemeente_id)
    if status := keuzes.keuze("status", BatchStatus.values):
        qs = qs.filter(status=status)
    if nummer := keuzes.getal("zoek"):
        qs = qs.filter(pk=nummer)
    return qs.order_by(*keuzes.sortering.volgorde)


@dataclass(frozen=True)
class Batchlijst:
    batches: QuerySet[Betaalbatch]
    aantal: int
    totaal_cent: int


def betaalbatches_lijst(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> Batchlijst:
    qs = betaalbatches_selectie(gebruiker, keuzes)
    som = qs.aggregate(n=Count("pk"), totaal=Sum("totaal_cent"))
    return Batchlijst(batches=qs, aantal=som["n"], totaal_cent=som["totaal"] or 0)


def batch_te_laat(batch: Betaalbatch, *, vandaag: date) -> bool:
    """A batch still to be approved or paid whose due date (30 days after receipt) has passed."""
    return batch.status in {BatchStatus.CONCEPT, BatchStatus.GOEDGEKEURD} and batch.vervaldatum < vandaag


@dataclass(frozen=True)
class BatchAanbieder:
    """One provider in a payment batch: its account and the lines behind its amount."""

    aanbieder: Aanbieder
    regels: list[Betaalregel]

    @property
    def debet_cent(self) -> int:
        return sum(r.bedrag_cent for r in self.regels if r.bedrag_cent > 0)

    @property
    def credit_cent(self) -> int:
        return -sum(r.bedrag_cent for r in self.regels if r.bedrag_cent < 0)

    @property
    def netto_cent(self) -> int:
        return sum(r.bedrag_cent for r in self.regels)

    @property
    def vervaldatum(self) -> date:
        return min(r.vervaldatum for r in self.regels)


@dataclass(frozen=True)
class Batchoverzicht:
    """What the second pair of eyes sees before approving: per provider and per municipality the totals and the
    lines, plus what stayed out (held above a ceiling, no valid bank account)."""

    batch: Betaalbatch
    per_aanbieder: list[BatchAanbieder]
    per_gemeente: list[tuple[Gemeente, int, int]]  # municipality, number of lines, net amount

    @property
    def totaal_cent(self) -> int:
        return sum(a.netto_cent for a in self.per_aanbieder)

    @property
    def aantal_regels(self) -> int:
        return sum(len(a.regels) for a in self.per_aanbieder)

    @property
    def client_ids(self) -> list[int]:
        return sorted({r.prestatie.client_id for a in self.per_aanbieder for r in a.regels if r.prestatie.client_id})


def batchoverzicht(*, gebruiker: Gebruiker, batch_id: int) -> Batchoverzicht:
    """A payment batch of the user's municipalities (else 404), with its lines grouped per provider."""
    batch = betaalbatches_zichtbaar(gebruiker).filter(pk=batch_id).first()
    if batch is None:
        raise Http404("Betaalbatch niet gevonden")
    regels = list(
        batch.regels.select_related("aanbieder", "prestatie__declaratie__gemeente").order_by(
            "aanbieder__naam", "prestatie__declaratie__ontvangen_op", "prestatie__volgnummer", "pk"
        )
    )
    per_aanbieder: dict[int, list[Betaalregel]] = defaultdict(list)
    per_gemeente: dict[int, list[Betaalregel]] = defaultdict(list)
    for r in regels:
        per_aanbieder[r.aanbieder_id].append(r)
        per_gemeente[r.prestatie.declaratie.gemeente_id].append(r)
    return Batchoverzicht(
        batch,
        [BatchAanbieder(rs[0].aanbieder, rs) for rs in per_aanbieder.values()],
        [
            (rs[0].prestatie.declaratie.gemeente, len(rs), sum(r.bedrag_cent for r in rs))
            for rs in per_gemeente.values()
        ],
    )


@dataclass(frozen=True)
class Onbetaalbaar:
    gemeente: Gemeente
    aanbieder: Aanbieder
    reden: str
    aantal: int
    bedrag_cent: int


def zonder_geldige_rekening(gebruiker: Gebruiker) -> list[Onbetaalbaar]:
    """Open approved prestaties of the user's municipalities whose provider has no valid bank account: they can
    enter no payment batch until the account is corrected (the reason says what is wrong)."""
    if gebruiker.rol not in GEMEENTE_ROLLEN:
        return []
    rijen = (
        openstaand_goedgekeurd()
        .filter(declaratie__gemeente__in=gebruiker.gemeenten.all())
        .order_by()
        .values("declaratie__gemeente_id", "aanbieder_id")
        .annotate(n=Count("pk"), som=Sum("toegekend_cent"))
    )
    aanbieders = {a.pk: a for a in Aanbieder.objects.filter(pk__in={r["aanbieder_id"] for r in rijen})}
    gemeenten = {g.pk: g for g in Gemeente.objects.filter(pk__in={r["declaratie__gemeente_id"] for r in rijen})}
    uit = []
    for r in rijen:
        aanbieder = aanbieders[r["aanbieder_id"]]
        reden = aanbieder.rekeningfout
        if reden and (r["som"] or 0) > 0:
            uit.append(Onbetaalbaar(gemeenten[r["declaratie__gemeente_id"]], aanbieder, reden, r["n"], r["som"]))
    return sorted(uit, key=lambda o: (o.gemeente.naam, o.aanbieder.naam))


def openstaand_goedgekeurd() -> QuerySet[Prestatie]:
    """Approved prestaties not yet in any payment batch (cancelling a batch deletes its lines, so they return),
    outside declarations rejected as a whole."""
    return Prestatie.objects.filter(status=PrestatieStatus.GOEDGEKEURD, betaalregel__isnull=True).exclude(
        declaratie__status=DeclaratieStatus.AFGEWEZEN
    )


def betalingen_aanbieder(gebruiker: Gebruiker) -> QuerySet[Betaalregel]:
    """A provider's payment lines in approved batches."""
    if gebruiker.rol != Rol.AANBIEDER or gebruiker.aanbieder_id is None:
        return Betaalregel.objects.none()
    return (
        Betaalregel.objects.filter(
            aanbieder_id=gebruiker.aanbieder_id, batch__status__in=[BatchStatus.GOEDGEKEURD, BatchStatus.OVERGENOMEN]
        )
        .select_related("batch", "prestatie__declaratie")
        .order_by("-batch__goedgekeurd_op", "pk")
    )


# --- budget ceilings -----------------------------------------------------------------------------------------

# What a prestatie counts for against a Budgetplafond: the segment of the lot of its assigned product, and the
# year of its ProductPeriode begindatum. The one definition, for the ceiling page and for payment batches.
PLAFOND_SEGMENT = "toewijzing__product__perceel__segment"
PLAFOND_DATUM = "begindatum"


def met_plafondsleutel(prestaties: QuerySet[Prestatie]) -> QuerySet[Prestatie]:
    """Annotates `plafond_segment_id` (None without an assignment: then no ceiling applies) and `plafond_jaar`."""
    return prestaties.annotate(plafond_segment_id=F(PLAFOND_SEGMENT), plafond_jaar=ExtractYear(PLAFOND_DATUM))


def _onder_plafond(segment_id: int, jaar: int) -> Q:
    """The same definition as a filter (the year as a date range, so an index on the date serves)."""
    return Q(**{PLAFOND_SEGMENT: segment_id, f"{PLAFOND_DATUM}__year": jaar})


def plafondsleutel(prestatie: Prestatie) -> tuple[int, int | None, int]:
    """(provider, segment, year) of a prestatie read through `met_plafondsleutel`."""
    return (prestatie.aanbieder_id, getattr(prestatie, "plafond_segment_id"), getattr(prestatie, "plafond_jaar"))  # noqa: B009


def prestaties_onder_plafond(plafond: Budgetplafond) -> QuerySet[Prestatie]:
    """Every prestatie (any status, any municipality of the region) that counts against this ceiling."""
    return Prestatie.objects.filter(_onder_plafond(plafond.segment_id, plafond.jaar), aanbieder_id=plafond.aanbieder_id)


def in_batches_cent(plafond: Budgetplafond) -> int:
    """What is already in payment batches (concept or approved) for this ceiling, credits netted, plus what the
    old suite used before the migration (`verbruik_vooraf_cent`)."""
    som = (
        prestaties_onder_plafond(plafond)
        .filter(betaalregel__isnull=False)
        .aggregate(s=Sum("betaalregel__bedrag_cent"))["s"]
    )
    return int(som or 0) + plafond.verbruik_vooraf_cent


@dataclass(frozen=True)
class Aanhouding:
    """Open approved prestaties of one provider held above one ceiling under the region's rule."""

    plafond: Budgetplafond
    in_batches_cent: int
    prestaties: list[Prestatie]

    @property
    def bedrag_cent(self) -> int:
        return sum(p.toegekend_cent for p in self.prestaties)

    @property
    def plafondregel(self) -> str:
        return self.plafond.segment.plafondregel

    @property
    def toelichting(self) -> str:
        return AANHOUDING_TEKST.get(self.plafondregel, "")


def _ontvangstvolgorde(p: Prestatie) -> tuple[date, datetime, int, int, int]:
    d = p.declaratie
    return (d.ontvangen_op, d.aangemaakt_op, d.pk, p.volgnummer, p.pk)


def plafond_aanhoudingen(kandidaten: Sequence[Prestatie], *, vergrendel: bool = False) -> list[Aanhouding]:
    """Which of these open approved prestaties (read through `met_plafondsleutel`, with their declaratie) the
    region's rule holds above the ceiling, per ceiling (`plafond.splits_op_plafond`: credits and credited
    debets always go, then debets in order of receipt and volgnummer while what is already in batches plus these
    stays within the ceiling). Only segments whose rule holds (`overleg`, `niet_betalen`); no Budgetplafond row
    for the provider, segment and year: nothing held.

    `vergrendel` (inside the transaction that creates a batch) locks those ceiling rows first, in pk order, and
    only then reads what is already in batches: parallel runs over the same ceiling take turns, and under READ
    COMMITTED the second sees the first's committed lines."""
    groepen: dict[tuple[int, int | None, int], list[Prestatie]] = defaultdict(list)
    for p in kandidaten:
        sleutel = plafondsleutel(p)
        if sleutel[1] is not None:
            groepen[sleutel].append(p)
    if not groepen:
        return []
    plafonds = Budgetplafond.objects.select_related("aanbieder", "segment").filter(
        segment__plafondregel__in=AANHOUDENDE_REGELS,
        aanbieder_id__in={a for a, _, _ in groepen},
        segment_id__in={s for _, s, _ in groepen},
        jaar__in={j for _, _, j in groepen},
    )
    if vergrendel:
        plafonds = plafonds.select_for_update(of=("self",))
    aanhoudingen = []
    for plafond in plafonds.order_by("pk"):
        groep = sorted(
            groepen.get((plafond.aanbieder_id, plafond.segment_id, plafond.jaar), []), key=_ontvangstvolgorde
        )
        if not groep:
            continue
        # a debet whose credit is open too goes with it (they net out); its credit goes anyway
        open_debets = {p.referentie_nummer: p.pk for p in groep if not p.is_credit}
        gecrediteerd = {
            open_debets[p.vorig_referentie_nummer]
            for p in groep
            if p.is_credit and p.vorig_referentie_nummer in open_debets
        }
        reeds = in_batches_cent(plafond)
        splitsing = splits_op_plafond(
            [(p.pk, p.toegekend_cent) for p in groep],
            reeds_cent=reeds,
            plafond_cent=plafond.bedrag_cent,
            plafondregel=plafond.segment.plafondregel,
            altijd=gecrediteerd,
        )
        if splitsing.aangehouden:
            vast = set(splitsing.aangehouden)
            aanhoudingen.append(Aanhouding(plafond, reeds, [p for p in groep if p.pk in vast]))
    return aanhoudingen


@dataclass(frozen=True)
class AanhoudingRegel:
    gemeente: Gemeente
    aanhouding: Aanhouding


def aanhoudingen_zichtbaar(gebruiker: Gebruiker, *, gemeente: Gemeente | None = None) -> list[AanhoudingRegel]:
    """Per municipality (a payment batch is per municipality): what a batch created now would hold above the
    ceiling, per provider and ceiling. Back office and contract management: their municipalities; a provider: its
    own prestaties; `gemeente` narrows to one. Candidates are narrowed to provider/segment pairs with a ceiling
    under a holding rule."""
    if not gebruiker.is_active:
        return []
    if gebruiker.rol == Rol.AANBIEDER:
        if not gebruiker.aanbieder_id:
            return []
        basis = openstaand_goedgekeurd().filter(aanbieder_id=gebruiker.aanbieder_id)
    elif gebruiker.rol in GEMEENTE_ROLLEN:
        basis = openstaand_goedgekeurd().filter(declaratie__gemeente__in=gebruiker.gemeenten.all())
    else:
        return []
    if gemeente is not None:
        basis = basis.filter(declaratie__gemeente=gemeente)
    bewaakt = Budgetplafond.objects.filter(segment__plafondregel__in=AANHOUDENDE_REGELS)
    kandidaten = (
        met_plafondsleutel(basis)
        .filter(
            aanbieder_id__in=bewaakt.values("aanbieder_id"),
            plafond_segment_id__in=bewaakt.values("segment_id"),
        )
        .select_related("declaratie__gemeente")
    )
    per_gemeente: dict[int, list[Prestatie]] = defaultdict(list)
    for p in kandidaten:
        per_gemeente[p.declaratie.gemeente_id].append(p)
    regels = []
    for ps in sorted(per_gemeente.values(), key=lambda ps: ps[0].declaratie.gemeente.naam):
        for a in plafond_aanhoudingen(ps):
            regels.append(AanhoudingRegel(ps[0].declaratie.gemeente, a))
    return regels


@dataclass(frozen=True)
class PlafondRegel:
    plafond: Budgetplafond
    stand: Plafondstand
    aangehouden_cent: int = 0  # open approved prestaties held above the ceiling under the region's rule


def plafonds_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Budgetplafond]:
    qs = Budgetplafond.objects.select_related("aanbieder", "segment__regio")
    if gebruiker.rol == Rol.AANBIEDER:
        return qs.filter(aanbieder_id=gebruiker.aanbieder_id or 0)
    if gebruiker.rol in {Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER}:
        return qs.filter(segment__regio__gemeenten__in=gebruiker.gemeenten.all()).distinct()
    return qs.none()


def plafondstand_van(plafond: Budgetplafond, peildatum: date) -> Plafondstand:
    """One ceiling's stand: approved per month and pending (declarations not yet answered), with the engine's
    forecast, the 80/90/100 % warnings and the region's rule at 100 % (`plafond.plafondstand`). The ceiling page
    and the rule 'geen nieuwe cliënten' (`plafondtoets`) read the same figures."""
    binnen = prestaties_onder_plafond(plafond)
    per_maand = dict(
        binnen.filter(status=PrestatieStatus.GOEDGEKEURD)
        .annotate(maand=ExtractMonth("begindatum"))
        .values("maand")
        .annotate(som=Sum("toegekend_cent"))
        .values_list("maand", "som")
    )
    in_behandeling = (
        binnen.filter(declaratie__status=DeclaratieStatus.ONTVANGEN).aggregate(s=Sum("ingediend_bedrag_cent"))["s"] or 0
    )
    return plafondstand(
        jaar=plafond.jaar,
        plafond_cent=plafond.bedrag_cent,
        goedgekeurd_per_maand=per_maand,
        in_behandeling_cent=in_behandeling,
        peildatum=peildatum,
        plafondregel=plafond.segment.plafondregel,
        vooraf_cent=plafond.verbruik_vooraf_cent,
    )


def plafondstanden(*, gebruiker: Gebruiker, jaar: int, peildatum: date) -> list[PlafondRegel]:
    """Per ceiling: approved per month and pending (declarations not yet answered), with the engine's forecast,
    the 80/90/100 % warnings and the region's rule at 100 % (`plafond.plafondstand`); under a holding rule also
    what stays held above the ceiling when all open approved prestaties of the ceiling (every municipality of the
    region together, in order of receipt) would be put in a batch now."""
    regels = []
    for plafond in plafonds_zichtbaar(gebruiker).filter(jaar=jaar):
        binnen = prestaties_onder_plafond(plafond)
        stand = plafondstand_van(plafond, peildatum)
        aangehouden = 0
        if plafond.segment.plafondregel in AANHOUDENDE_REGELS:
            open_ = met_plafondsleutel(binnen.filter(pk__in=openstaand_goedgekeurd().values("pk")))
            open_ = open_.select_related("declaratie")
            aangehouden = sum(a.bedrag_cent for a in plafond_aanhoudingen(list(open_)))
        regels.append(PlafondRegel(plafond, stand, aangehouden))
    return regels


# --- CAK cost price ------------------------------------------------------------------------------------------


def cak_voorzieningen(*, gemeente: Gemeente, jaar: int) -> tuple[list[CakVoorziening], dict[str, int]]:
    """The assigned products of clients of this municipality running in CAK year `jaar` (period 1 to 13 of the
    CAK calendar of the product's region, e.g. 31-12-2018 .. 29-12-2019 for 2019) whose product has a CAK cost
    price, with the method that follows from the price: per 4 weeks -> 'vast' (MLW 2018: EUR 150,00 for begeleiding
    whatever the profile); per unit on an assignment in hours -> 'uren' (the old hour-based method for clients not
    yet re-indicated: the minutes of approved prestaties, spread over the CAK periods by days); other units ->
    'eenheid'.
    Returns the voorzieningen and BSN -> client id (for the audit log)."""
    ruim = Periode(date(jaar - 1, 12, 20), date(jaar + 1, 1, 10))  # holds every CAK year `jaar`, whatever week 53
    toewijzingen = (
        Toewijzing.objects.filter(client__gemeente=gemeente, ingangsdatum__lte=ruim.tot)
        .lopend_vanaf(ruim.van)
        .niet_verwijderd()
        .select_related("client", "product__regio")
    )
    kostprijzen: dict[int, list[CakKostprijs]] = defaultdict(list)
    for k in CakKostprijs.objects.filter(product__in={t.product_id for t in toewijzingen}):
        kostprijzen[k.product_id].append(k)
    voorzieningen = []
    clienten: dict[str, int] = {}
    for t in toewijzingen:
        grid = CakGrid(week_53=t.product.regio.cak_week_53)
        perioden = grid.perioden_in_jaar(jaar)
        cak_jaar = Periode(perioden[0].periode.van, perioden[-1].periode.tot)
        looptijd = cak_jaar.overlap(Periode(t.ingangsdatum, t.einddatum or cak_jaar.tot))
        prijzen = [k for k in kostprijzen.get(t.product_id, []) if k.geldig_van <= cak_jaar.tot]
        if looptijd is None or not prijzen:
            continue
        prijs = max(prijzen, key=lambda k: k.geldig_van)
        methode = (
            "vast" if prijs.per == "4_weken" else ("uren" if t.eenheid in {Eenheid.MINUUT, Eenheid.UUR} else "eenheid")
        )
        minuten: dict[str, int] = defaultdict(int)
        eenheden: dict[str, int] = defaultdict(int)
        if methode != "vast":
            prestaties = Prestatie.objects.filter(
                toewijzing=t, status=PrestatieStatus.GOEDGEKEURD, debet_credit="D",
                einddatum__gte=cak_jaar.van, begindatum__lte=cak_jaar.tot,
            ).exclude(referentie_nummer__in=Prestatie.objects.filter(
                toewijzing=t, status=PrestatieStatus.GOEDGEKEURD, debet_credit="C"
            ).values("vorig_referentie_nummer"))  # fmt: skip
            for p in prestaties:
                volume = p.geleverd_volume * (60 if methode == "uren" and p.eenheid == Eenheid.UUR else 1)
                delen = grid.perioden(Periode(p.begindatum, p.einddatum))
                gewichten = [d.periode.overlapdagen(Periode(p.begindatum, p.einddatum)) for d in delen]
                for deel, stuk in zip(delen, verdeel(volume, gewichten), strict=True):
                    (minuten if methode == "uren" else eenheden)[deel.label] += stuk
        voorzieningen.append(
            CakVoorziening(
                bsn=t.client.bsn,
                productcode=t.product.productcode,
                cak_code=t.product.cak_code,
                looptijd=looptijd,
                methode=methode,
                kostprijs_cent=prijs.bedrag_cent,
                minuten_per_periode=dict(minuten),
                eenheden_per_periode=dict(eenheden),
                grid=grid,
            )
        )
        clienten[t.client.bsn] = t.client_id
    return voorzieningen, clienten


def prestaties_van_client(*, gebruiker: Gebruiker, client: Client, limiet: int = 100) -> list[Prestatie]:
    """The declared prestaties of one client the user may see (own provider, own municipalities), newest first,
    with their declaration and payment line."""
    return list(
        Prestatie.objects.filter(_scope(gebruiker, "declaratie__"), client=client)
        .select_related("declaratie", "toewijzing", "betaalregel__batch")
        .order_by("-begindatum", "-pk")[:limiet]
    )


def nummers_van_aanbieders(agb_codes: set[str]) -> Iterator[tuple[str, str]]:
    """(AGB code, number) for every DeclaratieNummer and ReferentieNummer these providers used (for the counters
    that a portal continues after a take-over)."""
    yield from (
        Declaratie.objects.filter(aanbieder__agb_code__in=agb_codes)
        .values_list("aanbieder__agb_code", "declaratie_nummer")
        .iterator(chunk_size=5000)
    )
    yield from (
        Prestatie.objects.filter(aanbieder__agb_code__in=agb_codes)
        .values_list("aanbieder__agb_code", "referentie_nummer")
        .iterator(chunk_size=20000)
    )


def plafondjaren(*, gebruiker: Gebruiker) -> list[int]:
    """The years with a ceiling the user may see, newest first."""
    return sorted(set(plafonds_zichtbaar(gebruiker).values_list("jaar", flat=True)), reverse=True)


def standaard_plafondjaar(jaren: list[int], dit_jaar: int) -> int:
    """This year, unless it has no ceiling and an earlier year has (a region that has ended, or ceilings only in
    the region file's year): then the latest such year."""
    if not jaren or dit_jaar in jaren:
        return dit_jaar
    eerder = [j for j in jaren if j < dit_jaar]
    return max(eerder) if eerder else dit_jaar
