"""Reads of assignments, start/stop state and requests, for the message layer and for pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Product
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.core.lijsten import Lijstkeuzes, Sortering
from wmoketen.core.werkdagen import werkdagen_tussen

from .constants import RegelSoort, VerzoekSoort, VerzoekStatus
from .domain import is_verwijderd
from .models import Start, Stop, Toewijzing, Toewijzingsbericht, Verzoek, VerzoekRegel


def _goedgekeurde_ongecrediteerde_prestaties(toewijzing: Toewijzing) -> bool:
    """Approved debet prestaties (declaraties.Prestatie, read through the reverse relation so this app imports
    nothing above it) that have no approved credit (TR385, OP362)."""
    goedgekeurd = toewijzing.prestaties.filter(status="goedgekeurd")
    gecrediteerd = goedgekeurd.filter(debet_credit="C").values("vorig_referentie_nummer")
    return bool(goedgekeurd.filter(debet_credit="D").exclude(referentie_nummer__in=gecrediteerd).exists())


# Replaceable in tests (monkeypatch); the default reads the approved prestaties of the declaraties app.
goedgekeurde_declaraties_hook: Callable[[Toewijzing], bool] = _goedgekeurde_ongecrediteerde_prestaties


def heeft_goedgekeurde_declaraties(toewijzing: Toewijzing) -> bool:
    """Whether approved, uncredited prestaties exist on this toewijzing (deleting it would lose legitimacy)."""
    return goedgekeurde_declaraties_hook(toewijzing)


def actuele_toewijzingen(*, client: Client, aanbieder: Aanbieder, op: date | None = None) -> QuerySet[Toewijzing]:
    """Valid on or after `op` and not deleted (OP087, TR349)."""
    op = op or timezone.localdate()
    return (
        Toewijzing.objects.filter(client=client, aanbieder=aanbieder)
        .lopend_vanaf(op)
        .niet_verwijderd()
        .select_related("product")
        .order_by("ingangsdatum", "toewijzing_nummer")
    )


def verzonden_toewijzing_nummers(*, client: Client, aanbieder: Aanbieder) -> set[int]:
    """The ToewijzingNummers this provider received for this client in any 301 so far (what it can know, OP095)."""
    nummers: set[int] = set()
    for lijst in Toewijzingsbericht.objects.filter(client=client, aanbieder=aanbieder).values_list(
        "toewijzing_nummers", flat=True
    ):
        nummers.update(lijst)
    return nummers


@dataclass(frozen=True)
class ToewijzingVoor301:
    toewijzing: Toewijzing
    gewijzigd: bool  # changed since the last 301 (or never sent): RedenWijziging goes along (IV099)
    referentie_aanbieder: str | None  # only in the first 301 after granting a VOT/VOW (TR379)
    eerder_verzonden: bool = False  # this number was in an earlier 301 (else: new, no RedenWijziging, IV066)


def toewijzingen_voor_301(*, client: Client, aanbieder: Aanbieder, op: date | None = None) -> list[ToewijzingVoor301]:
    """All current toewijzingen of this client at this provider plus those changed since the last 301 (OP087)."""
    return toewijzingen_voor_301_per_paar([(client.pk, aanbieder.pk)], op=op)[(client.pk, aanbieder.pk)]


def toewijzingen_voor_301_per_paar(
    paren: Iterable[tuple[int, int]], *, op: date | None = None
) -> dict[tuple[int, int], list[ToewijzingVoor301]]:
    """`toewijzingen_voor_301` for many (client_id, aanbieder_id) pairs at once, in four queries whatever their
    number: the 301s sent to these pairs, their toewijzingen (with product), and the products' bekostigingen and
    tarieven (prefetched once per product, so building the 301s reads the catalogue no more)."""
    paren = set(paren)
    if not paren:
        return {}
    op = op or timezone.localdate()
    client_ids = sorted({c for c, _ in paren})
    aanbieder_ids = sorted({a for _, a in paren})
    laatste: dict[tuple[int, int], datetime] = {}
    verzonden: dict[tuple[int, int], set[int]] = {p: set() for p in paren}
    for client_id, aanbieder_id, verzonden_op, nummers in Toewijzingsbericht.objects.filter(
        client_id__in=client_ids, aanbieder_id__in=aanbieder_ids
    ).values_list("client_id", "aanbieder_id", "verzonden_op", "toewijzing_nummers"):
        paar = (client_id, aanbieder_id)
        if paar not in paren:
            continue
        if paar not in laatste or verzonden_op > laatste[paar]:
            laatste[paar] = verzonden_op
        verzonden[paar].update(nummers)
    result: dict[tuple[int, int], list[ToewijzingVoor301]] = {p: [] for p in paren}
    producten: dict[int, Product] = {}
    for t in (
        Toewijzing.objects.filter(client_id__in=client_ids, aanbieder_id__in=aanbieder_ids)
        .select_related("product")
        .order_by("ingangsdatum", "toewijzing_nummer")
    ):
        paar = (t.client_id, t.aanbieder_id)
        if paar not in paren:
            continue
        vorige = laatste.get(paar)
        actueel = (t.einddatum is None or t.einddatum >= op) and not is_verwijderd(
            reden_wijziging=t.reden_wijziging, ingangsdatum=t.ingangsdatum, einddatum=t.einddatum
        )
        gewijzigd = vorige is None or t.gewijzigd_op > vorige
        if not (actueel or gewijzigd):
            continue
        t.product = producten.setdefault(t.product_id, t.product)  # one instance per product: prefetched once
        nieuw_referentie = bool(t.referentie_aanbieder) and (
            vorige is None or (t.referentie_op is not None and t.referentie_op > vorige)
        )
        result[paar].append(
            ToewijzingVoor301(
                t,
                gewijzigd,
                t.referentie_aanbieder if nieuw_referentie else None,
                eerder_verzonden=t.toewijzing_nummer in verzonden[paar],
            )
        )
    prefetch_related_objects(list(producten.values()), "bekostigingen", "tarieven")
    return result


def te_verzenden_301(*, client_id: int | None = None) -> list[tuple[int, int]]:
    """(client_id, aanbieder_id) pairs with a toewijzing changed since their last 301 (or never sent); only this
    client's pairs when given."""
    laatste = Toewijzingsbericht.objects.filter(
        client_id=OuterRef("client_id"), aanbieder_id=OuterRef("aanbieder_id")
    ).order_by("-verzonden_op")
    basis = Toewijzing.objects.filter(client_id=client_id) if client_id is not None else Toewijzing.objects.all()
    rows = (
        basis.annotate(laatste=Subquery(laatste.values("verzonden_op")[:1]))
        .filter(Q(laatste__isnull=True) | Q(gewijzigd_op__gt=F("laatste")))
        .values_list("client_id", "aanbieder_id")
        .distinct()
        .order_by("client_id", "aanbieder_id")
    )
    return list(rows)


def toewijzing_op_nummer(*, gemeente: str, toewijzing_nummer: int) -> Toewijzing | None:
    """The toewijzing with this number of a client of this municipality (numbers are unique per domain)."""
    return (
        Toewijzing.objects.filter(toewijzing_nummer=toewijzing_nummer, client__gemeente__cbs_code=gemeente)
        .select_related("client", "aanbieder", "product")
        .first()
    )


def starts_van(*, gemeente: str, agb_code: str, bsn: str) -> list[Start]:
    return list(
        Start.objects.filter(
            gemeente_code=gemeente,
            aanbieder__agb_code=agb_code,
            client__gemeente__cbs_code=gemeente,  # the BSN is unique per gemeente
            client__bsn=bsn,
            verwijderd_op__isnull=True,
        )
    )


def stops_van(*, gemeente: str, agb_code: str, bsn: str) -> list[Stop]:
    return list(
        Stop.objects.filter(
            start__gemeente_code=gemeente,
            start__aanbieder__agb_code=agb_code,
            start__client__gemeente__cbs_code=gemeente,  # the BSN is unique per gemeente
            start__client__bsn=bsn,
            verwijderd_op__isnull=True,
        ).select_related("start")
    )


def levering_status(toewijzing: Toewijzing) -> str:
    """'niet gestart', 'gestart', 'tijdelijk gestopt' or 'gestopt' (the latest start and its stops)."""
    start = toewijzing.starts.filter(verwijderd_op__isnull=True).order_by("-begindatum", "-pk").first()
    if start is None:
        return "niet gestart"
    stops = list(start.stops.filter(verwijderd_op__isnull=True))
    if not stops:
        return "gestart"
    return "gestopt" if any(not s.is_tijdelijk for s in stops) else "tijdelijk gestopt"


def open_verzoeken(*, gemeente_codes: list[str] | None = None, aanbieder: Aanbieder | None = None) -> QuerySet[Verzoek]:
    qs = Verzoek.objects.filter(status__in=[VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK])
    if gemeente_codes is not None:
        qs = qs.filter(gemeente_code__in=gemeente_codes)
    if aanbieder is not None:
        qs = qs.filter(aanbieder=aanbieder)
    return qs.select_related("client", "aanbieder").prefetch_related("regels").order_by("uiterste_antwoorddatum")


def verzoeken_zichtbaar(
    *, gemeente_codes: list[str] | None = None, aanbieder: Aanbieder | None = None
) -> QuerySet[Verzoek]:
    qs = Verzoek.objects.all()
    if gemeente_codes is not None:
        qs = qs.filter(gemeente_code__in=gemeente_codes)
    if aanbieder is not None:
        qs = qs.filter(aanbieder=aanbieder)
    return qs.select_related("client", "aanbieder").prefetch_related("regels").order_by("-ontvangen_op", "-pk")


def verzoek_onderhanden(*, client_bsn: str, agb_code: str, gemeente_code: str) -> bool:
    """Whether a VOT or VOW of this provider for this client at this municipality is still open (TR374, OP350).
    The BSN is unique per gemeente: the same BSN's request at another gemeente is another client's."""
    return Verzoek.objects.filter(
        gemeente_code=gemeente_code,
        client__gemeente__cbs_code=gemeente_code,
        client__bsn=client_bsn,
        aanbieder__agb_code=agb_code,
        status__in=[VerzoekStatus.OPEN, VerzoekStatus.IN_ONDERZOEK],
    ).exists()


def verzoeken_met_referentie(*, agb_code: str, referentie: str) -> list[tuple[Verzoek, VerzoekRegel | None]]:
    """The verzoeken of this provider carrying this ReferentieAanbieder, at any municipality: a VOW by its own
    reference (regel None), a VOT by the reference of each requested product (TR347, TR355, TR379)."""
    vows = Verzoek.objects.filter(
        aanbieder__agb_code=agb_code, soort=VerzoekSoort.VOW, referentie_aanbieder=referentie
    ).select_related("client")
    regels = VerzoekRegel.objects.filter(
        verzoek__aanbieder__agb_code=agb_code,
        verzoek__soort=VerzoekSoort.VOT,
        soort=RegelSoort.AANGEVRAAGD,
        referentie_aanbieder=referentie,
    ).select_related("verzoek__client", "resultaat")
    return [(v, None) for v in vows] + [(r.verzoek, r) for r in regels]


@dataclass(frozen=True)
class Wachttijd:
    aanbieder: Aanbieder
    aantal_starts: int
    gemiddeld_dagen: float | None
    gemiddeld_werkdagen: float | None
    nog_niet_gestart: int


def wachttijden(*, aanbieders: QuerySet[Aanbieder] | None = None) -> list[Wachttijd]:
    """Waiting time per provider: from the toewijzing (Toewijzingsdatum) to the first reported start."""
    qs = aanbieders if aanbieders is not None else Aanbieder.objects.all()
    result = []
    for aanbieder in qs.order_by("naam"):
        toewijzingen = Toewijzing.objects.filter(aanbieder=aanbieder)
        dagen: list[int] = []
        werkdagen: list[int] = []
        niet = 0
        for t in toewijzingen:
            eerste = t.starts.filter(verwijderd_op__isnull=True).order_by("begindatum").first()
            if eerste is None:
                niet += 1
                continue
            van = t.toewijzingsdatum
            dagen.append(max((eerste.begindatum - van).days, 0))
            werkdagen.append(werkdagen_tussen(van, eerste.begindatum))
        if not dagen and not niet:
            continue
        result.append(
            Wachttijd(
                aanbieder=aanbieder,
                aantal_starts=len(dagen),
                gemiddeld_dagen=sum(dagen) / len(dagen) if dagen else None,
                gemiddeld_werkdagen=sum(werkdagen) / len(werkdagen) if werkdagen else None,
                nog_niet_gestart=niet,
            )
        )
    return result


def toewijzingen_van_client(*, client: Client, aanbieder_id: int | None = None) -> list[Toewijzing]:
    """A client's assignments, running first then ended, newest first; only one provider's when given (the
    provider sees only its own)."""
    qs = Toewijzing.objects.filter(client=client).select_related("aanbieder", "product__perceel__segment")
    if aanbieder_id is not None:
        qs = qs.filter(aanbieder_id=aanbieder_id)
    return list(qs.order_by(F("einddatum").desc(nulls_first=True), "-ingangsdatum", "-toewijzing_nummer"))


def toewijzing_nummer_bij(
    *, client_id: int, aanbieder_id: int, product_code: str, ingangsdatum: date | None
) -> int | None:
    """The ToewijzingNummer of the one assignment of this client at this provider with this product (and start
    date, if given); None when there is none or more than one. For iWmo 2.x starts and stops without a number."""
    kandidaten = Toewijzing.objects.filter(client_id=client_id, aanbieder_id=aanbieder_id)
    if product_code:
        kandidaten = kandidaten.filter(product__productcode=product_code)
    if ingangsdatum is not None:
        kandidaten = kandidaten.filter(ingangsdatum=ingangsdatum)
    nummers = list(kandidaten.values_list("toewijzing_nummer", flat=True)[:2])
    return nummers[0] if len(nummers) == 1 else None


def bestaande_nummers(nummers: set[int]) -> set[int]:
    """Those of `nummers` that are ToewijzingNummers of stored assignments."""
    return set(Toewijzing.objects.filter(toewijzing_nummer__in=nummers).values_list("toewijzing_nummer", flat=True))


def toewijzingen_op_nummers(nummers: set[int], *, gemeenten: Iterable[str]) -> dict[int, Toewijzing]:
    """ToewijzingNummer -> the assignment of a client of one of these municipalities (imports: templates that
    refer to assignments by their number)."""
    return {
        t.toewijzing_nummer: t
        for t in Toewijzing.objects.filter(
            toewijzing_nummer__in=nummers, client__gemeente__cbs_code__in=list(gemeenten)
        ).select_related("client__gemeente", "product__regio", "beschikking")
    }


# ------------------------------------------------------------------------------------------ the list (issue 19)

TOEWIJZING_SORTERINGEN = [  # the sort choices of the assignment list; the first is the default
    Sortering("nieuwste", "Laatst vastgesteld", ("-gewijzigd_op", "-pk")),
    Sortering("ingang", "Ingangsdatum", ("-ingangsdatum", "-pk")),
    Sortering("einde", "Einddatum", ("einddatum", "pk")),
    Sortering("client", "Cliënt", ("client__achternaam", "client__voorletters", "ingangsdatum", "pk")),
    Sortering("aanbieder", "Aanbieder", ("aanbieder__naam", "-ingangsdatum", "pk")),
    Sortering("nummer", "ToewijzingNummer", ("toewijzing_nummer",)),
]
TOEWIJZING_STATUSSEN = [("lopend", "lopend"), ("toekomstig", "nog niet begonnen"), ("beeindigd", "beëindigd")]
LIJST_ROLLEN = frozenset({Rol.CONSULENT, Rol.BACKOFFICE, Rol.CONTRACTMANAGER, Rol.FUNCTIONEEL_BEHEER, Rol.AANBIEDER})


def toewijzingen_zichtbaar(gebruiker: Gebruiker) -> QuerySet[Toewijzing]:
    """A provider its own assignments; municipal staff those of clients living in their municipalities; monitoring
    none (need to know, as `client_scope`)."""
    if not gebruiker.is_active or gebruiker.rol not in LIJST_ROLLEN:
        return Toewijzing.objects.none()
    if gebruiker.rol == Rol.AANBIEDER:
        if gebruiker.aanbieder_id is None:
            return Toewijzing.objects.none()
        return Toewijzing.objects.filter(aanbieder_id=gebruiker.aanbieder_id)
    return Toewijzing.objects.filter(client__gemeente__in=gebruiker.gemeenten.all())


def toewijzingen_selectie(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> QuerySet[Toewijzing]:
    """The assignment list: gemeente, provider, status (running today, not yet begun, ended) and the
    ToewijzingNummer, sorted; the page and its export (toewijzingen.lijsten) read the same selection."""
    qs = toewijzingen_zichtbaar(gebruiker).select_related("client__gemeente", "aanbieder", "product")
    if gemeente_id := keuzes.getal("gemeente"):
        qs = qs.filter(client__gemeente_id=gemeente_id)
    if aanbieder_id := keuzes.getal("aanbieder"):
        qs = qs.filter(aanbieder_id=aanbieder_id)
    if nummer := keuzes.getal("zoek"):
        qs = qs.filter(toewijzing_nummer=nummer)
    vandaag = timezone.localdate()
    status = keuzes.keuze("status", [w for w, _ in TOEWIJZING_STATUSSEN])
    if status == "lopend":
        qs = qs.filter(Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag), ingangsdatum__lte=vandaag)
    elif status == "toekomstig":
        qs = qs.filter(ingangsdatum__gt=vandaag)
    elif status == "beeindigd":
        qs = qs.filter(einddatum__lt=vandaag)
    return qs.order_by(*keuzes.sortering.volgorde)


@dataclass(frozen=True)
class Toewijzingslijst:
    toewijzingen: QuerySet[Toewijzing]
    aantal: int
    clienten: int
    gemeenten: list[tuple[int, str]]  # the filter's choices within scope
    aanbieders: list[tuple[int, str]]


def toewijzingen_lijst(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> Toewijzingslijst:
    qs = toewijzingen_selectie(gebruiker, keuzes)
    som = qs.order_by().aggregate(n=Count("pk"), c=Count("client_id", distinct=True))
    alle = toewijzingen_zichtbaar(gebruiker).order_by()
    return Toewijzingslijst(
        toewijzingen=qs,
        aantal=som["n"],
        clienten=som["c"],
        gemeenten=list(
            alle.values_list("client__gemeente_id", "client__gemeente__naam")
            .distinct()
            .order_by("client__gemeente__naam")
        ),
        aanbieders=list(alle.values_list("aanbieder_id", "aanbieder__naam").distinct().order_by("aanbieder__naam")),
    )
