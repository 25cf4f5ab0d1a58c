"""Demo access processes: in every region, clients in every stage from melding to beschikking, dated relative to
the real today so the worklist has items overdue, due today and due this week.

Runs after clienten and before toewijzingen (INSTALLED_APPS order). Deterministic (clients by municipality and
BSN, fixed scenarios) and idempotent (a region that already has meldingen is left alone). Everything goes
through the services, so phases, deadlines, the timeline and the assignments on beschikking are real.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import zip_longest

from django.db import transaction
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Product, Regio
from wmoketen.catalogus.selectors import product_op_datum
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Overeenkomst
from wmoketen.core.werkdagen import eerstvolgende_werkdag, werkdagen_na

from . import bezwaren, services
from .constants import BriefSoort, TermijnCode
from .domain import beoordeling_uitkomst, producten_controleren, regionale_termijn, termijnen_met
from .models import Brief, Melding
from .selectors import instellingen

BEVINDINGEN = (
    "Cliënt woont alleen en verliest het overzicht over post, afspraken en geld. De dochter helpt één keer per "
    "week maar kan niet meer doen. Cliënt wil zelfstandig blijven wonen en weer structuur in de week."
)
SCORES = [
    {"veiligheid": "B", "balans": "B", "afstand": "C", "zelfredzaamheid": "B", "medewerking": "A"},
    {"veiligheid": "C", "balans": "C", "afstand": "C", "zelfredzaamheid": "C", "medewerking": "B"},
    {"veiligheid": "D", "balans": "C", "afstand": "D", "zelfredzaamheid": "D", "medewerking": "C"},
    {"veiligheid": "A", "balans": "B", "afstand": "B", "zelfredzaamheid": "A", "medewerking": "A"},
]


@dataclass(frozen=True)
class Scenario:
    naam: str
    stadium: int  # 0 melding, 1 huisbezoek, 2 plan verstuurd, 3 deel 2, 4 akkoord (aanvraag), 5 beschikt
    melddatum: date
    verzonden_op: date | None = None
    aanvraag_op: date | None = None
    afloop: str = ""  # another outcome after the huisbezoek: afwijzing, buiten_behandeling, intrekking, ...
    afloop_op: date | None = None
    bezwaar_op: date | None = None  # an objection received on this date against the decision


# The demo dates its scenarios with the Werkafspraken toegang MLW (5 working days to the home visit, 10 for deel 2,
# akkoord in week 6), whatever the region: only the dates depend on it, the deadlines shown are the region's own.
_DEMO_TERMIJNEN = termijnen_met(
    {
        TermijnCode.HUISBEZOEK: regionale_termijn(
            TermijnCode.HUISBEZOEK, aantal=5, eenheid="werkdagen", basis="demo", bron="demo"
        ),
        TermijnCode.DEEL2: regionale_termijn(
            TermijnCode.DEEL2, aantal=10, eenheid="werkdagen", basis="demo", bron="demo"
        ),
        TermijnCode.AKKOORD: regionale_termijn(
            TermijnCode.AKKOORD, aantal=6, eenheid="weken", basis="demo", bron="demo"
        ),
    }
)


def _terug_tot(termijn: TermijnCode, doel: date) -> date:
    """The latest start date whose deadline falls on or just after `doel` (so an item is due that day)."""
    t = _DEMO_TERMIJNEN[termijn]
    for dagen in range(0, 80):
        start = doel - timedelta(days=dagen)
        if t.uiterlijk(start) <= eerstvolgende_werkdag(doel):
            return start
    return doel


def scenarios(vandaag: date) -> list[Scenario]:
    einde_week = vandaag + timedelta(days=max(0, 4 - vandaag.weekday()))
    verzonden_week = _terug_tot(TermijnCode.DEEL2, einde_week)
    verzonden_laat = vandaag - timedelta(days=21)
    aanvraag = vandaag - timedelta(days=12)
    return [
        Scenario("melding, huisbezoek te laat", 0, vandaag - timedelta(days=10)),
        Scenario("melding, huisbezoek vandaag", 0, _terug_tot(TermijnCode.HUISBEZOEK, vandaag)),
        Scenario("onderzoek loopt", 1, vandaag - timedelta(days=16)),
        Scenario("deel 2 deze week", 2, verzonden_week - timedelta(days=12), verzonden_op=verzonden_week),
        Scenario("deel 2 te laat", 2, verzonden_laat - timedelta(days=9), verzonden_op=verzonden_laat),
        Scenario("wacht op akkoord", 3, vandaag - timedelta(days=38), verzonden_op=vandaag - timedelta(days=26)),
        Scenario(
            "beschikking te nemen",
            4,
            aanvraag - timedelta(days=33),
            verzonden_op=aanvraag - timedelta(days=20),
            aanvraag_op=aanvraag,
        ),
        Scenario(
            "beschikt, bezwaar ongegrond",
            5,
            vandaag - timedelta(days=75),
            verzonden_op=vandaag - timedelta(days=60),
            aanvraag_op=vandaag - timedelta(days=40),
            bezwaar_op=vandaag - timedelta(days=25),
        ),
        Scenario(
            "afgewezen, bezwaar loopt",
            1,
            vandaag - timedelta(days=30),
            aanvraag_op=vandaag - timedelta(days=12),
            afloop="afwijzing",
            afloop_op=vandaag - timedelta(days=5),
            bezwaar_op=vandaag - timedelta(days=2),
        ),
        Scenario(
            "buiten behandeling",
            1,
            vandaag - timedelta(days=50),
            aanvraag_op=vandaag - timedelta(days=35),
            afloop="buiten_behandeling",
            afloop_op=vandaag - timedelta(days=15),
        ),
        Scenario(
            "ingetrokken", 0, vandaag - timedelta(days=20), afloop="intrekking", afloop_op=vandaag - timedelta(days=14)
        ),
        Scenario(
            "algemene voorziening",
            1,
            vandaag - timedelta(days=25),
            afloop="algemene_voorziening",
            afloop_op=vandaag - timedelta(days=10),
        ),
    ]


def _moment(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(10, 0)))


def _clienten(regio: Regio, aantal: int) -> list[Client]:
    """Clients of the region without a melding, alternating over its municipalities (deterministic)."""
    per_gemeente = [
        list(Client.objects.filter(gemeente=g, meldingen__isnull=True).order_by("bsn"))
        for g in regio.gemeenten.order_by("cbs_code")
    ]
    rij = [c for groep in zip_longest(*per_gemeente) for c in groep if c is not None]
    return rij[:aantal]


def keuzes_op(regio: Regio, op: date) -> list[tuple[Overeenkomst, Product]]:
    """(contract, product) pairs of the region's demo providers whose product the catalogue funds on `op` (an
    assignment cannot start on a product without funding)."""
    out = []
    for o in Overeenkomst.objects.filter(regio=regio, aanbieder__is_demo=True).order_by("kenmerk"):
        toegestaan = set(o.producten.values_list("pk", flat=True))
        producten = (
            Product.objects.filter(perceel__in=o.percelen.all())
            .exclude(bekostigingen__model="taakgericht")
            .select_related("perceel__segment", "profiel")
            .order_by("perceel__segment__volgorde", "perceel__volgorde", "volgorde", "productcode")
            .distinct()
        )
        out += [
            (o, p)
            for p in producten
            if (not toegestaan or p.pk in toegestaan) and product_op_datum(product=p, dag=op).bekostiging is not None
        ]
    return out


def _afloop(s: Scenario, m: Melding, consulent: Gebruiker) -> None:
    """The other outcomes, each through its service (so each has its letter)."""
    assert s.afloop_op is not None
    if s.afloop == "intrekking":
        services.melding_intrekken(
            door=consulent, melding=m, ingetrokken_op=s.afloop_op, toelichting="Mijn zoon komt bij mij wonen."
        )
        return
    gesprek = werkdagen_na(s.melddatum, 4)
    services.onderzoeksverslag_vastleggen(
        door=consulent, melding=m, gespreksdatum=gesprek, bevindingen=BEVINDINGEN, aanwezigen="Cliënt",
        vastgelegd_op=_moment(gesprek),
    )  # fmt: skip
    if s.afloop == "algemene_voorziening":
        services.algemene_voorziening_afsluiten(
            door=consulent, melding=m, afgesloten_op=s.afloop_op, voorziening="Welzijnswerk: maatjesproject en "
            "boodschappendienst", toelichting="Cliënt gaat één keer per week naar de inloop in het buurthuis.",
        )  # fmt: skip
        return
    assert s.aanvraag_op is not None
    services.aanvraag_vastleggen(door=consulent, melding=m, verslag_ondertekend_op=s.aanvraag_op)
    if s.afloop == "afwijzing":
        services.melding_afwijzen(
            door=consulent, melding=m, besluitdatum=s.afloop_op, grondslag="eigen_kracht",
            redenen="Uw dochter en uw buren helpen u met de boodschappen en de administratie; samen met de "
            "weekplanning die u met de consulent heeft gemaakt, kunt u zelf weer structuur aanbrengen.",
        )  # fmt: skip
    elif s.afloop == "buiten_behandeling":
        services.buiten_behandeling_stellen(
            door=consulent, melding=m, besluitdatum=s.afloop_op, hersteltermijn_tot=s.afloop_op - timedelta(days=5),
            ontbrekend="Het advies van uw huisarts over uw belastbaarheid.",
        )  # fmt: skip


def _bezwaar(s: Scenario, m: Melding, consulent: Gebruiker, vandaag: date) -> None:
    """An objection against the decision of this scenario; against a granting decision it is also decided."""
    assert s.bezwaar_op is not None
    besluit = Brief.objects.filter(melding=m, besluit=True).order_by("-pk").first()
    if besluit is None:
        return
    b = bezwaren.bezwaar_registreren(
        door=consulent, besluit=besluit, ontvangen_op=max(s.bezwaar_op, besluit.datum),
        gronden="Ik heb meer hulp nodig dan in het besluit staat.",
    )  # fmt: skip
    if besluit.soort in (BriefSoort.BESCHIKKING, BriefSoort.BESCHIKKING_PGB):
        bezwaren.bezwaar_beslissen(
            door=consulent,
            bezwaar=b,
            uitkomst="ongegrond",
            beslist_op=min(vandaag, b.ontvangen_op + timedelta(days=20)),
            toelichting="De toegekende ondersteuning past bij de uitkomst van het onderzoek.",
        )


def _uitvoeren(
    regio: Regio,
    s: Scenario,
    client: Client,
    nr: int,
    consulent: Gebruiker,
    keuzes: list[tuple[Overeenkomst, Product]],
    vandaag: date,
) -> Melding:
    m = services.melding_registreren(
        door=consulent,
        client=client,
        melddatum=s.melddatum,
        omschrijving="Hulp bij structuur en het huishouden" if nr % 2 else "Ondersteuning na ziekenhuisopname",
        regio=regio,
    )
    if s.afloop == "intrekking":
        _afloop(s, m, consulent)
        return m
    if s.stadium == 0:
        return m
    afspraak = werkdagen_na(s.melddatum, 2)
    services.huisbezoek_plannen(
        door=consulent, melding=m, afspraak_op=afspraak, huisbezoek_datum=werkdagen_na(afspraak, 2)
    )
    if s.afloop:
        _afloop(s, m, consulent)
        if s.bezwaar_op:
            _bezwaar(s, m, consulent, vandaag)
        return m
    if s.stadium == 1:
        return m
    assert s.verzonden_op is not None
    gesprek = werkdagen_na(afspraak, 2)
    services.onderzoeksverslag_vastleggen(
        door=consulent,
        melding=m,
        gespreksdatum=gesprek,
        bevindingen=BEVINDINGEN,
        aanwezigen="Cliënt en dochter",
        vastgelegd_op=_moment(min(s.verzonden_op, werkdagen_na(gesprek, 1))),
    )
    overeenkomst, product = keuzes[nr % len(keuzes)]
    segment_max = product.perceel.segment.max_indicatie_maanden
    perspectief = {"groei": "groei", "achteruitgang": "achteruitgang"}.get(
        product.profiel.categorie if product.profiel else "", "stabiel"
    )
    termijn = min(12, segment_max or 12, regio.max_indicatie_verandering_maanden)
    afwijken = nr % 4 == 3
    inst = instellingen(regio)
    uitkomst = beoordeling_uitkomst(SCORES[nr % len(SCORES)], punten=inst.punten(), banden=inst.banden())
    oordeel = ("2", "aanvullend") if afwijken else (uitkomst.categorie, uitkomst.intensiteit)
    profiel = product.profiel
    productmotivatie = (
        "Dit product sluit beter aan bij de doelen in het plan dan het product bij het oordeel."
        if profiel is not None
        and producten_controleren(
            oordeel_categorie=oordeel[0],
            oordeel_intensiteit=oordeel[1],
            profielen=[(product.productcode, profiel.categorie, profiel.intensiteit)],
            motivatie="",
        )
        else ""
    )
    plan = services.plan_opstellen(
        door=consulent,
        melding=m,
        reden="nieuw" if nr % 3 else "wijziging",
        verstrekkingsvorm="zin",
        aanbieder=overeenkomst.aanbieder,
        termijn_maanden=termijn,
        perspectief=perspectief,
        scores=SCORES[nr % len(SCORES)],
        producten=[services.PlanRegel(product)],
        oordeel_categorie="2" if afwijken else "",
        oordeel_intensiteit="aanvullend" if afwijken else "",
        motivatie_afwijking="Mantelzorger kan de komende maanden minder doen." if afwijken else "",
        motivatie_product=productmotivatie,
        kortdurend_verblijf_etmalen=3 if product.categorie == "04" else None,
        opgesteld_op=_moment(s.verzonden_op),
    )
    services.plan_ondertekenen_en_versturen(
        door=consulent,
        plan=plan,
        ondertekend_client_op=s.verzonden_op,
        ondertekend_gemeente_op=s.verzonden_op,
        toestemming_aanbieder=True,
        verzonden_op=s.verzonden_op,
    )
    if s.stadium == 2:
        return m
    aanbieder_gebruiker = Gebruiker.objects.filter(rol=Rol.AANBIEDER, aanbieder=plan.aanbieder).order_by("pk").first()
    if aanbieder_gebruiker is None:
        return m
    ingediend = werkdagen_na(s.verzonden_op, 6)
    resultaten = inst.resultatenmatrix
    services.deel2_indienen(
        door=aanbieder_gebruiker,
        plan=plan,
        resultaten=[
            services.ResultaatInvoer(
                resultaten[nr % len(resultaten)].code, "Samen een weekplanning maken en bespreken", "1 keer per week"
            ),
            services.ResultaatInvoer(
                resultaten[(nr + 3) % len(resultaten)].code,
                "Begeleiden naar activiteiten in de wijk",
                "2 keer per week",
            ),
        ],
        ondertekend_client_op=ingediend,
        ondertekend_aanbieder_op=ingediend,
        ingediend_op=_moment(ingediend),
    )
    if s.stadium == 3:
        return m
    assert s.aanvraag_op is not None
    services.akkoord_geven(door=consulent, melding=m, verslag_ondertekend_op=s.aanvraag_op)
    if s.stadium == 4:
        return m
    besluit = werkdagen_na(s.aanvraag_op, 6)
    services.beschikking_vaststellen(
        door=consulent, melding=m, besluitdatum=besluit, ingangsdatum=besluit + timedelta(days=7)
    )
    if s.bezwaar_op:
        _bezwaar(s, m, consulent, vandaag)
    return m


@transaction.atomic
def vul_demo(log: Callable[[str], None], vandaag: date | None = None) -> None:
    vandaag = vandaag or timezone.localdate()
    nieuw = 0
    for regio in Regio.objects.order_by("code"):
        if Melding.objects.filter(regio=regio).exists():
            continue
        # a region whose agreements ended (De Fryske Marren 2022) shows its last weeks: no product is funded later
        dag = min(vandaag, regio.geldig_tot) if regio.geldig_tot else vandaag
        consulent = Gebruiker.objects.filter(rol=Rol.CONSULENT, regio=regio).order_by("username").first()
        keuzes = keuzes_op(regio, dag)
        if consulent is None or not keuzes:
            continue
        lijst = scenarios(dag)
        for nr, (s, client) in enumerate(zip(lijst, _clienten(regio, len(lijst)), strict=False)):
            _uitvoeren(regio, s, client, nr, consulent, keuzes, dag)
            nieuw += 1
    log(f"{Melding.objects.count()} demomeldingen in de toegang ({nieuw} nieuw)")
