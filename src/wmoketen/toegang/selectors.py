"""Reads of access (toegang) for views and for other apps (toewijzingen reads a beschikking through here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.selectors import client_scope
from wmoketen.catalogus.models import Product, Regio
from wmoketen.clienten.models import Client

from .constants import OPEN_FASEN, BriefSoort, TermijnCode, TermijnStatus
from .domain import (
    Dossierfeiten,
    Termijn,
    Termijnstand,
    eerstvolgende_termijn,
    termijnen_berekenen,
    termijnstatus,
)
from .instellingen import ToegangInstellingen, instellingen_van_regio, termijnen_van_regio
from .models import (
    Afhandeling,
    Beschikking,
    Beschikkingsvoorstel,
    Bezwaar,
    Brief,
    Deel2,
    Melding,
    Ondersteuningsplan,
    Onderzoeksverslag,
    PlanProduct,
    Stap,
)

DOSSIER_ROLLEN = frozenset({Rol.CONSULENT, Rol.CONTRACTMANAGER, Rol.BACKOFFICE, Rol.FUNCTIONEEL_BEHEER})


def instellingen(regio: Regio) -> ToegangInstellingen:
    return instellingen_van_regio(regio.instellingen)


# ------------------------------------------------------------------------------------------------ meldingen


def meldingen_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Melding]:
    """Municipal staff (not monitoring) see the meldingen of clients in their municipalities; providers see
    plans, never dossiers (see plannen_voor_aanbieder)."""
    if not gebruiker.is_active or gebruiker.rol not in DOSSIER_ROLLEN:
        return Melding.objects.none()
    return Melding.objects.filter(client__in=_clienten(gebruiker)).select_related("client__gemeente", "regio")


def _clienten(gebruiker: Gebruiker) -> QuerySet[Client]:
    return Client.objects.filter(client_scope(gebruiker))


def melding_ophalen(*, gebruiker: Gebruiker, melding_id: int) -> Melding:
    melding = meldingen_zichtbaar_voor(gebruiker).filter(pk=melding_id).first()
    if melding is None:
        raise Http404("Melding niet gevonden")
    return melding


def huidig_verslag(melding: Melding) -> Onderzoeksverslag | None:
    return melding.verslagen.filter(vervangen_door__isnull=True).order_by("-versie").first()


def huidig_plan(melding: Melding) -> Ondersteuningsplan | None:
    return (
        melding.plannen.filter(vervangen_door__isnull=True)
        .select_related("aanbieder")
        .prefetch_related(_planproducten())
        .order_by("-versie")
        .first()
    )


def huidig_deel2(plan: Ondersteuningsplan) -> Deel2 | None:
    return (
        plan.deel2_versies.filter(vervangen_door__isnull=True)
        .prefetch_related("resultaten__leefgebied")
        .order_by("-versie")
        .first()
    )


def _planproducten() -> Prefetch:
    return Prefetch(
        "producten",
        queryset=PlanProduct.objects.select_related("product__perceel__segment").prefetch_related(
            "product__bekostigingen"
        ),
    )


def dossierfeiten(melding: Melding) -> Dossierfeiten:
    verslag = huidig_verslag(melding)
    plan = huidig_plan(melding)
    deel2 = huidig_deel2(plan) if plan is not None else None
    beschikking = Beschikking.objects.filter(melding=melding).first()
    afhandeling = Afhandeling.objects.filter(melding=melding).first()
    return Dossierfeiten(
        melddatum=melding.melddatum,
        huisbezoek_afspraak_op=melding.huisbezoek_afspraak_op,
        verslag_op=verslag.vastgelegd_op.date() if verslag else None,
        plan_verzonden_op=plan.verzonden_op if plan else None,
        deel2_ingediend_op=deel2.ingediend_op.date() if deel2 else None,
        aanvraag_op=melding.aanvraag_op,
        beschikking_op=beschikking.besluitdatum if beschikking else None,
        afgesloten_op=afhandeling.datum if afhandeling else None,
    )


# ------------------------------------------------------------------------------------------------- werklijst


@dataclass(frozen=True)
class Werkregel:
    melding: Melding
    termijn: Termijn
    uiterlijk: date
    status: TermijnStatus


@dataclass
class Telling:
    gemeente: str
    te_laat: int = 0
    vandaag: int = 0
    deze_week: int = 0
    open: int = 0


@dataclass(frozen=True)
class Bezwaarregel:
    bezwaar: Bezwaar
    uiterlijk: date
    status: TermijnStatus


@dataclass
class Werklijst:
    vandaag: date
    regels: list[Werkregel]
    per_gemeente: list[Telling]
    totaal: Telling
    filter: str = ""
    alle_regels: int = 0
    statussen: Counter = field(default_factory=Counter)
    bezwaren: list[Bezwaarregel] = field(default_factory=list)


def bezwaren_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Bezwaar]:
    if not gebruiker.is_active or gebruiker.rol not in DOSSIER_ROLLEN:
        return Bezwaar.objects.none()
    return Bezwaar.objects.filter(client__in=_clienten(gebruiker)).select_related("client__gemeente", "besluit")


def bezwaar_ophalen(*, gebruiker: Gebruiker, bezwaar_id: int) -> Bezwaar:
    bezwaar = (
        bezwaren_zichtbaar_voor(gebruiker).select_related("melding", "vervolgmelding").filter(pk=bezwaar_id).first()
    )
    if bezwaar is None:
        raise Http404("Bezwaar niet gevonden")
    return bezwaar


def open_bezwaren(*, gebruiker: Gebruiker, vandaag: date) -> list[Bezwaarregel]:
    """Objections not yet decided, the first due first, with the status of their decision term."""
    return [
        Bezwaarregel(b, b.beslissen_uiterlijk, termijnstatus(b.beslissen_uiterlijk, vandaag))
        for b in bezwaren_zichtbaar_voor(gebruiker).filter(uitkomst="").order_by("beslissen_uiterlijk", "pk")
    ]


WERKLIJST_FILTERS = {
    "te_laat": {TermijnStatus.TE_LAAT},
    "vandaag": {TermijnStatus.VANDAAG},
    "deze_week": {TermijnStatus.VANDAAG, TermijnStatus.DEZE_WEEK},
}


def werklijst(*, gebruiker: Gebruiker, vandaag: date, filter: str = "", gemeente: str = "") -> Werklijst:
    """Open meldingen with their first open deadline, most urgent first, with counts per municipality.
    Each service stores the first open deadline on the melding, so this is one query."""
    qs = (
        meldingen_zichtbaar_voor(gebruiker)
        .filter(fase__in=OPEN_FASEN, volgende_uiterlijk__isnull=False)
        .order_by("volgende_uiterlijk", "melddatum", "pk")
    )
    per_regio: dict[int, dict[TermijnCode, Termijn]] = {}
    alle = []
    for m in qs.select_related("regio"):
        if m.regio_id not in per_regio:
            per_regio[m.regio_id] = termijnen_van_regio(m.regio.instellingen)
        termijnen = per_regio[m.regio_id]
        code, uiterlijk = TermijnCode(m.volgende_termijn), m.volgende_uiterlijk
        if code not in termijnen:
            # stored before the region's own deadlines were read from its file: the region's first open one now
            volgende = eerstvolgende_termijn(termijnen_berekenen(dossierfeiten(m), m.melddatum, termijnen))
            if volgende is None:
                continue
            code, uiterlijk = volgende.termijn.code, volgende.uiterlijk
        if uiterlijk is not None:
            alle.append(Werkregel(m, termijnen[code], uiterlijk, termijnstatus(uiterlijk, vandaag)))
    alle.sort(key=lambda r: (r.uiterlijk, r.melding.melddatum, r.melding.pk))
    tellingen: dict[str, Telling] = {}
    totaal = Telling("Totaal")
    for r in alle:
        naam = r.melding.client.gemeente.naam
        t = tellingen.setdefault(naam, Telling(naam))
        for teller in (t, totaal):
            teller.open += 1
            if r.status == TermijnStatus.TE_LAAT:
                teller.te_laat += 1
            elif r.status == TermijnStatus.VANDAAG:
                teller.vandaag += 1
            elif r.status == TermijnStatus.DEZE_WEEK:
                teller.deze_week += 1
    regels = alle
    if filter in WERKLIJST_FILTERS:
        regels = [r for r in regels if r.status in WERKLIJST_FILTERS[filter]]
    if gemeente:
        regels = [r for r in regels if r.melding.client.gemeente.naam == gemeente]
    return Werklijst(
        vandaag=vandaag,
        regels=regels,
        per_gemeente=sorted(tellingen.values(), key=lambda t: t.gemeente),
        totaal=totaal,
        filter=filter,
        alle_regels=len(alle),
        statussen=Counter(r.status for r in alle),
        bezwaren=open_bezwaren(gebruiker=gebruiker, vandaag=vandaag),
    )


# --------------------------------------------------------------------------------------------------- dossier


@dataclass
class Dossier:
    melding: Melding
    termijnen: list[Termijnstand]
    stappen: list[Stap]
    verslagen: list[Onderzoeksverslag]
    verslag: Onderzoeksverslag | None
    plannen: list[Ondersteuningsplan]
    plan: Ondersteuningsplan | None
    deel2: Deel2 | None
    deel2_versies: list[Deel2]
    beschikking: Beschikking | None
    afhandeling: Afhandeling | None
    voorstel: Beschikkingsvoorstel | None
    toewijzingen: list
    andere_meldingen: list[Melding]
    instellingen: ToegangInstellingen
    brieven: list[Brief] = field(default_factory=list)
    bezwaren: list[Bezwaar] = field(default_factory=list)


def dossier(*, melding: Melding, vandaag: date) -> Dossier:
    plan = huidig_plan(melding)
    return Dossier(
        melding=melding,
        termijnen=termijnen_berekenen(dossierfeiten(melding), vandaag, termijnen_van_regio(melding.regio.instellingen)),
        stappen=list(melding.stappen.select_related("door")),
        verslagen=list(melding.verslagen.select_related("vastgelegd_door")),
        verslag=huidig_verslag(melding),
        plannen=list(melding.plannen.select_related("aanbieder").prefetch_related(_planproducten())),
        plan=plan,
        deel2=huidig_deel2(plan) if plan else None,
        deel2_versies=list(
            Deel2.objects.filter(plan__melding=melding).select_related("plan").prefetch_related("resultaten")
        ),
        beschikking=Beschikking.objects.filter(melding=melding).select_related("goedgekeurd_door").first(),
        afhandeling=Afhandeling.objects.filter(melding=melding).select_related("door").first(),
        voorstel=Beschikkingsvoorstel.objects.filter(melding=melding).select_related("voorgesteld_door").first(),
        toewijzingen=list(
            melding.client.toewijzingen.select_related("aanbieder", "product__perceel__segment").order_by(
                "ingangsdatum", "toewijzing_nummer"
            )
        ),
        andere_meldingen=list(melding.client.meldingen.exclude(pk=melding.pk)),
        instellingen=instellingen(melding.regio),
        brieven=list(melding.brieven.defer("pdf").order_by("-datum", "-pk")),
        bezwaren=list(melding.bezwaren.select_related("besluit", "vervolgmelding")),
    )


# ------------------------------------------------------------------------------------------- provider: deel 2


def plannen_voor_aanbieder(gebruiker: Gebruiker) -> QuerySet[Ondersteuningsplan]:
    """Plans sent to the user's own provider (current versions). Scoped by the plan's chosen aanbieder, not by
    client_scope: the provider must see the plan before any assignment exists."""
    if not gebruiker.is_active or gebruiker.rol != Rol.AANBIEDER or gebruiker.aanbieder_id is None:
        return Ondersteuningsplan.objects.none()
    return (
        Ondersteuningsplan.objects.filter(
            aanbieder_id=gebruiker.aanbieder_id, verzonden_op__isnull=False, vervangen_door__isnull=True
        )
        .select_related("melding__client__gemeente", "melding__regio", "aanbieder")
        .order_by("-verzonden_op", "-pk")
    )


def termijnstand_deel2(plan: Ondersteuningsplan, vandaag: date) -> Termijnstand | None:
    """The provider's own deadline for deel 2 after the plan was sent, where the region's work agreements set one
    (Werkafspraken toegang MLW: 10 working days); None in a region without it."""
    if plan.verzonden_op is None:
        return None
    termijn = termijnen_van_regio(plan.melding.regio.instellingen).get(TermijnCode.DEEL2)
    if termijn is None:
        return None
    deel2 = huidig_deel2(plan)
    uiterlijk = termijn.uiterlijk(plan.verzonden_op)
    afgerond = deel2.ingediend_op.date() if deel2 else None
    return Termijnstand(termijn, plan.verzonden_op, uiterlijk, afgerond, termijnstatus(uiterlijk, vandaag, afgerond))


def plan_voor_aanbieder_ophalen(*, gebruiker: Gebruiker, plan_id: int) -> Ondersteuningsplan:
    plan = plannen_voor_aanbieder(gebruiker).prefetch_related(_planproducten()).filter(pk=plan_id).first()
    if plan is None:
        raise Http404("Ondersteuningsplan niet gevonden")
    return plan


def plan_ophalen(*, gebruiker: Gebruiker, plan_id: int) -> Ondersteuningsplan:
    """A plan for the PDF: municipal staff through the dossier scope, a provider only its own sent plans."""
    if gebruiker.rol == Rol.AANBIEDER:
        return plan_voor_aanbieder_ophalen(gebruiker=gebruiker, plan_id=plan_id)
    plan = (
        Ondersteuningsplan.objects.filter(melding__in=meldingen_zichtbaar_voor(gebruiker), pk=plan_id)
        .select_related("melding__client__gemeente", "melding__regio", "aanbieder")
        .prefetch_related(_planproducten())
        .first()
    )
    if plan is None:
        raise Http404("Ondersteuningsplan niet gevonden")
    return plan


# ------------------------------------------------------------------------------------------------ beschikking


def beschikking_ophalen(*, gebruiker: Gebruiker, beschikking_id: int) -> Beschikking:
    beschikking = (
        Beschikking.objects.filter(melding__in=meldingen_zichtbaar_voor(gebruiker), pk=beschikking_id)
        .select_related("melding__client__gemeente", "melding__regio", "plan__aanbieder", "verslag", "vastgesteld_door")
        .first()
    )
    if beschikking is None:
        raise Http404("Beschikking niet gevonden")
    return beschikking


@dataclass(frozen=True)
class BeschikkingRegel:
    product: Product
    volume: int | None


@dataclass(frozen=True)
class BeschikkingGegevens:
    """What an assignment needs from a beschikking (read by toewijzingen on `toegang.beschikking_vastgesteld`)."""

    beschikking_id: int
    client_id: int
    aanbieder_id: int
    regio: Regio
    ingangsdatum: date
    einddatum: date
    regels: list[BeschikkingRegel]
    pgb: bool = False
    """A persoonsgebonden budget: the client buys the care; no assignment and no 301 (issue 14 item 6)."""


def beschikking_gegevens(beschikking_id: int) -> BeschikkingGegevens:
    b = Beschikking.objects.select_related("melding__regio", "plan").get(pk=beschikking_id)
    regels = [
        BeschikkingRegel(pp.product, pp.volume)
        for pp in PlanProduct.objects.filter(plan=b.plan)
        .select_related("product__perceel__segment")
        .prefetch_related("product__bekostigingen", "product__tarieven")
    ]
    return BeschikkingGegevens(
        beschikking_id=b.pk,
        client_id=b.melding.client_id,
        aanbieder_id=b.plan.aanbieder_id,
        regio=b.melding.regio,
        ingangsdatum=b.ingangsdatum,
        einddatum=b.einddatum,
        regels=regels,
        pgb=b.pgb_jaarbedrag_cent is not None,
    )


def producten_voor_plan(regio: Regio) -> QuerySet[Product]:
    """Products a plan may indicate: the region's products except task-funded ones (no assignment per client)."""
    return (
        Product.objects.filter(regio=regio)
        .exclude(bekostigingen__model="taakgericht")
        .select_related("perceel__segment", "profiel")
        .order_by("perceel__segment__volgorde", "perceel__volgorde", "volgorde", "productcode")
        .distinct()
    )


def meldingen_van_client(*, gebruiker: Gebruiker, client: Client) -> list[Melding]:
    """Every melding of this client the user may see (municipal staff; a provider none), newest first."""
    return list(
        meldingen_zichtbaar_voor(gebruiker)
        .filter(client=client)
        .select_related("consulent", "beschikking")
        .order_by("-melddatum", "-pk")
    )


# ------------------------------------------------------------------------------------------------- brieven


def brieven_zichtbaar_voor(gebruiker: Gebruiker) -> QuerySet[Brief]:
    """Letters of clients in the user's scope, for municipal staff only (a provider never reads the municipality's
    letters to the client)."""
    if not gebruiker.is_active or gebruiker.rol not in DOSSIER_ROLLEN:
        return Brief.objects.none()
    return Brief.objects.filter(client__in=_clienten(gebruiker))


def brief_ophalen(*, gebruiker: Gebruiker, brief_id: int) -> Brief:
    brief = brieven_zichtbaar_voor(gebruiker).filter(pk=brief_id).first()
    if brief is None:
        raise Http404("Brief niet gevonden")
    return brief


def bezwaren_van_client(*, gebruiker: Gebruiker, client: Client) -> list[Bezwaar]:
    return list(bezwaren_zichtbaar_voor(gebruiker).filter(client=client).order_by("-ontvangen_op", "-pk"))


def brieven_van_client(*, gebruiker: Gebruiker, client: Client) -> list[Brief]:
    return list(brieven_zichtbaar_voor(gebruiker).filter(client=client).defer("pdf").order_by("-datum", "-pk"))


def brief_van_beschikking(beschikking: Beschikking) -> Brief | None:
    return (
        Brief.objects.filter(
            melding_id=beschikking.melding_id, soort__in=[BriefSoort.BESCHIKKING, BriefSoort.BESCHIKKING_PGB]
        )
        .order_by("-pk")
        .first()
    )
