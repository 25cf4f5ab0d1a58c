from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.selectors import client_scope
from wmoketen.catalogus.models import Gemeente, Regio
from wmoketen.core.lijsten import Lijstkeuzes, Sortering

from .domain import Postcodegebied, gemeente_van_postcode
from .models import Client, Clientversie, Relatie
from .zoeken import Zoekvraag

MAX_RESULTATEN = 25
# Similar surnames (typos) by trigram similarity of each name part to the surname. pg_trgm's default threshold
# (0.3) lets in too much; one swapped letter in a six-letter surname ("Jansne" for "Jansen") scores 0.4.
GELIJKENIS_DREMPEL = 0.4
MIN_GELIJKEND = 4  # shorter parts (initials, "de", "van") say nothing about the surname


def clienten_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Client]:
    qs = Client.objects.filter(client_scope(gebruiker))
    # A provider's scope joins the assignments (one row per assignment); municipal scope is a plain filter, and a
    # DISTINCT over every column would only cost time (the search sorts fewer rows without it).
    return qs.distinct() if gebruiker.rol == Rol.AANBIEDER else qs


CLIENT_SORTERINGEN = [  # the sort choices of the client list (issue 19 item 5); the first is the default
    Sortering("naam", "Naam", ("achternaam", "voornamen", "voorletters", "pk")),
    Sortering("geboortedatum", "Geboortedatum", ("geboortedatum", "pk")),
    Sortering("gemeente", "Gemeente", ("gemeente__naam", "achternaam", "pk")),
    Sortering("nieuwste", "Laatst geregistreerd", ("-pk",)),
]
VOORZIENINGEN = [("lopend", "met een lopende voorziening"), ("geen", "zonder lopende voorziening")]
LEVEND = [("in_leven", "in leven"), ("overleden", "overleden")]


def clienten_selectie(gebruiker: Gebruiker, keuzes: Lijstkeuzes) -> QuerySet[Client]:
    """The client list: clients in scope, filtered by gemeente, current provision (an assignment running today; for
    a provider: with that provider) and whether alive, sorted. No search text: a BSN or name never goes in a URL
    (the search is a POST, `clienten_zoeken`)."""
    # a provider's scope joins the assignments: take the ids, so sorting needs no DISTINCT over joined columns
    qs = Client.objects.filter(pk__in=clienten_zichtbaar_voor(gebruiker).values("pk")).select_related("gemeente")
    if gemeente_id := keuzes.getal("gemeente"):
        qs = qs.filter(gemeente_id=gemeente_id)
    if voorziening := keuzes.keuze("voorziening", [w for w, _ in VOORZIENINGEN]):
        vandaag = timezone.localdate()
        lopend = Q(toewijzingen__ingangsdatum__lte=vandaag) & (
            Q(toewijzingen__einddatum__isnull=True) | Q(toewijzingen__einddatum__gte=vandaag)
        )
        if gebruiker.rol == Rol.AANBIEDER:
            lopend &= Q(toewijzingen__aanbieder_id=gebruiker.aanbieder_id)
        met = Client.objects.filter(lopend).values("pk")  # the assignments through their reverse relation
        qs = qs.filter(pk__in=met) if voorziening == "lopend" else qs.exclude(pk__in=met)
    if levend := keuzes.keuze("levend", [w for w, _ in LEVEND]):
        qs = qs.filter(overleden_op__isnull=levend == "in_leven")
    return qs.order_by(*keuzes.sortering.volgorde)


def gemeenten_van_clienten(gebruiker: Gebruiker) -> list[tuple[int, str]]:
    """The gemeenten of the clients in scope (the filter's choices)."""
    ids = clienten_zichtbaar_voor(gebruiker).values("gemeente_id")
    return list(Gemeente.objects.filter(pk__in=ids).order_by("naam").values_list("pk", "naam"))


def client_ophalen(*, gebruiker: Gebruiker, client_id: int) -> Client:
    """The client, or Http404 when it does not exist or lies outside the user's scope (existence not revealed)."""
    client = clienten_zichtbaar_voor(gebruiker).filter(pk=client_id).select_related("gemeente").first()
    if client is None:
        raise Http404("Cliënt niet gevonden")
    return client


@dataclass(frozen=True)
class Zoekresultaat:
    clienten: list[Client]
    meer: bool  # more matches than shown: narrow the search
    gelijkend: bool = False  # (some) results are similar names, not exact matches (PostgreSQL trigram)


def clienten_zoeken(*, gebruiker: Gebruiker, vraag: Zoekvraag, limiet: int = MAX_RESULTATEN) -> Zoekresultaat:
    """Clients in the user's scope matching every criterion: BSN exactly, date of birth, postcode (+ house number)
    and every name part as part of the name. On PostgreSQL, when a name search finds fewer than `limiet`, clients
    whose surname looks like a name part (trigram similarity, e.g. a typo) are added after the exact matches."""
    if vraag.leeg:
        return Zoekresultaat([], False)
    qs = clienten_zichtbaar_voor(gebruiker).select_related("gemeente")
    if vraag.bsn:
        qs = qs.filter(bsn=vraag.bsn)
    if vraag.geboortedatum:
        qs = qs.filter(geboortedatum=vraag.geboortedatum)
    if vraag.postcode:
        qs = qs.filter(postcode=vraag.postcode)
    if vraag.huisnummer is not None:
        qs = qs.filter(huisnummer=vraag.huisnummer)
    exact = qs
    for deel in vraag.naamdelen:
        exact = exact.filter(zoeknaam__contains=deel)
    gevonden = list(exact.order_by("achternaam", "voorletters", "pk")[: limiet + 1])
    if len(gevonden) > limiet or not vraag.naamdelen or connection.vendor != "postgresql":
        return Zoekresultaat(gevonden[:limiet], len(gevonden) > limiet)
    woorden = [d for d in vraag.naamdelen if len(d) >= MIN_GELIJKEND]
    if not woorden:
        return Zoekresultaat(gevonden, False)
    # Every name part must still match: as part of the name, or (a long enough part) as a surname that looks like
    # it. "Jansen Hendriks" does not find a Hendriks who is not a Jansen.
    gelijk = qs.exclude(pk__in=[c.pk for c in gevonden])
    for i, deel in enumerate(vraag.naamdelen):
        if len(deel) < MIN_GELIJKEND:
            gelijk = gelijk.filter(zoeknaam__contains=deel)
            continue
        lijkt = RawSQL("clienten_client.zoekachternaam %% %s", [deel], output_field=BooleanField())
        gelijk = gelijk.alias(**{f"lijkt_{i}": lijkt}).filter(Q(zoeknaam__contains=deel) | Q(**{f"lijkt_{i}": True}))
    score = "GREATEST(" + ", ".join(["similarity(clienten_client.zoekachternaam, %s)"] * len(woorden)) + ")"
    gelijk = gelijk.annotate(gelijkenis=RawSQL(score, woorden, output_field=FloatField())).order_by(
        "-gelijkenis", "achternaam", "pk"
    )[: limiet - len(gevonden)]
    with transaction.atomic():  # SET LOCAL lasts until the end of this transaction
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [str(GELIJKENIS_DREMPEL)])
        extra: list[Client] = list(gelijk)
    return Zoekresultaat(gevonden + extra, False, gelijkend=bool(extra))


def versies_van(client: Client) -> list[Clientversie]:
    return list(client.versies.select_related("door"))


def relaties_van(client: Client) -> list[Relatie]:
    return list(client.relaties.select_related("door").order_by("geldig_tot", "-geldig_van", "pk"))


def client_ids_bij_bsn(bsns: Iterable[str], *, gemeente: Gemeente | int) -> dict[str, int]:
    """BSN -> client id of the known clients of one gemeente among `bsns` (for imports and messages; no user
    scope: the caller is the system, and what it shows is logged per client). The BSN is unique per gemeente, so
    a lookup without the gemeente could find the client of another gemeente: there is none."""
    bsns = set(bsns)
    if not bsns:
        return {}
    return dict(Client.objects.filter(gemeente=gemeente, bsn__in_lijst=bsns).values_list("bsn", "pk"))


def client_ids_in_gemeenten(bsns: Iterable[str], *, gemeenten: Iterable[Gemeente]) -> dict[str, dict[int, int]]:
    """BSN -> {gemeente id: client id} of its clients in any of `gemeenten` (a template row that names no
    gemeente: the caller refuses a BSN known in more than one of them, it never picks one)."""
    bsns = set(bsns)
    uit: dict[str, dict[int, int]] = {}
    if bsns:
        rijen = Client.objects.filter(gemeente__in=list(gemeenten), bsn__in_lijst=bsns).values_list(
            "bsn", "gemeente_id", "pk"
        )
        for bsn, gemeente_id, pk in rijen:
            uit.setdefault(bsn, {})[gemeente_id] = pk
    return uit


def postcodegebieden(gemeente: Gemeente) -> list[Postcodegebied]:
    """The PC4 areas the regions of this municipality list (`instellingen: toegang: postcodegebieden`, validated
    with the rest of that section by toegang.instellingen)."""
    uit = []
    for instellingen in Regio.objects.filter(gemeenten=gemeente).values_list("instellingen", flat=True):
        for g in ((instellingen or {}).get("toegang") or {}).get("postcodegebieden") or []:
            uit.append(Postcodegebied(str(g["cbs_code"]), int(g["van"]), int(g["tot"])))
    return uit


def postcode_fout(*, postcode: str, gemeente: Gemeente) -> str:
    """A Dutch refusal when the region knows this postcode lies in another municipality; empty when it fits or
    when there is no postcode data for it (`postcode_gecontroleerd` says which)."""
    elders = gemeente_van_postcode(postcode, postcodegebieden(gemeente))
    if elders is None or elders == gemeente.cbs_code:
        return ""
    naam = Gemeente.objects.filter(cbs_code=elders).values_list("naam", flat=True).first() or elders
    return f"Postcode {postcode} ligt in de gemeente {naam}, niet in {gemeente.naam}; controleer adres en gemeente."


def postcode_gecontroleerd(*, postcode: str, gemeente: Gemeente) -> bool:
    """Whether the region's postcode areas say anything about this postcode (else: not checked)."""
    return gemeente_van_postcode(postcode, postcodegebieden(gemeente)) is not None
