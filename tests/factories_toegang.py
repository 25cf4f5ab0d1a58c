"""Factories and a ready-made small region for the access (toegang) tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.factories import (
    AanbiederFactory,
    ClientFactory,
    GebruikerFactory,
    GemeenteFactory,
    OvereenkomstFactory,
    PerceelFactory,
    ProductFactory,
    RegioFactory,
    SegmentFactory,
)
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Bekostiging, Gemeente, Perceel, Product, Regio, Segment, Tarief
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toegang import services
from wmoketen.toegang.models import Beschikking, Deel2, Melding, Ondersteuningsplan

SCORES_2_BASIS = {"veiligheid": "C", "balans": "C", "afstand": "C", "zelfredzaamheid": "A", "medewerking": "A"}

TOEGANG = {
    "indicatiemodel": "normenkader",
    "normenkader": [
        {"regio_productcode": "BGI", "intensiteit": "basis", "volume": 3},
        {"regio_productcode": "BGI", "intensiteit": "intensief", "volume": 6},
    ],
    "resultatenmatrix": [
        {"code": "R-FIN", "leefgebied": "financien", "omschrijving": "Financiën op orde"},
        {"code": "R-NET", "leefgebied": "sociaal_netwerk", "omschrijving": "Netwerk versterkt"},
    ],
    # the Werkafspraken toegang MLW, as regions/midden-limburg-2024.yaml names them (the test region is Weert)
    "termijnen": {
        "huisbezoek": {
            "aantal": 5,
            "eenheid": "werkdagen",
            "bron": "Werkafspraken toegang MLW",
            "basis": "Werkafspraken toegang MLW: binnen 5 werkdagen na de melding een afspraak voor een huisbezoek",
        },
        "deel2": {
            "aantal": 10,
            "eenheid": "werkdagen",
            "bron": "Werkafspraken toegang MLW",
            "basis": "Werkafspraken toegang MLW: de aanbieder vult deel 2 binnen 10 werkdagen in met de cliënt",
        },
        "akkoord": {
            "aantal": 6,
            "eenheid": "weken",
            "bron": "Werkafspraken toegang MLW",
            "basis": "Werkafspraken toegang MLW: akkoord van de gemeente in week 6 na de melding",
        },
    },
}


@dataclass
class Testregio:
    __test__ = False  # a fixture, not a pytest test class

    regio: Regio
    gemeente: Gemeente
    segment: Segment
    perceel1: Perceel
    perceel2: Perceel
    kdv_perceel: Perceel
    bgi1: Product
    bgi2: Product
    kdv: Product
    aanbieder: Aanbieder
    andere_aanbieder: Aanbieder
    consulent: Gebruiker
    aanbieder_gebruiker: Gebruiker
    andere_aanbieder_gebruiker: Gebruiker


def _product(
    perceel: Perceel,
    code: str,
    naam: str,
    *,
    categorie: str = "02",
    model: str = "pxq",
    eenheid: str = "04",
    frequentie: str = "2",
    regio_code: str = "BGI",
    tarief: int = 6500,
) -> Product:
    product = ProductFactory(
        perceel=perceel, productcode=code, naam=naam, categorie=categorie, regio_productcode=regio_code
    )
    Bekostiging.objects.create(
        product=product,
        geldig_van=date(2024, 1, 1),
        model=model,
        variant="inspanningsgericht",
        eenheid=eenheid,
        frequentie=frequentie,
    )
    Tarief.objects.create(product=product, geldig_van=date(2024, 1, 1), bedrag_cent=tarief)
    return product


def toegangsregio(*, een_perceel_tegelijk: bool = True, cbs_code: str = "0988", naam: str = "Weert") -> Testregio:
    gemeente = GemeenteFactory(cbs_code=cbs_code, naam=naam)
    regio = RegioFactory(
        code=f"test-{cbs_code}",
        naam=f"Testregio {naam}",
        geldig_van=date(2024, 1, 1),
        een_perceel_tegelijk=een_perceel_tegelijk,
        instellingen={"toegang": TOEGANG},
    )
    regio.gemeenten.add(gemeente)
    segment = SegmentFactory(regio=regio, code="WMO", naam="Begeleiding")
    perceel1 = PerceelFactory(segment=segment, code="1", naam="Perceel 1: ontwikkeling")
    perceel2 = PerceelFactory(segment=segment, code="2", naam="Perceel 2: behoud")
    kdv_perceel = PerceelFactory(segment=segment, code="5", naam="Kortdurend verblijf", uitgezonderd_enkel_perceel=True)
    bgi1 = _product(perceel1, "BGI1", "Begeleiding individueel, perceel 1")
    bgi2 = _product(perceel2, "BGI2", "Begeleiding individueel, perceel 2")
    kdv = _product(
        kdv_perceel,
        "KDV",
        "Kortdurend verblijf",
        categorie="04",
        model="etmaal",
        eenheid="14",
        frequentie="4",
        regio_code="KDV",
        tarief=17450,
    )
    aanbieder = AanbiederFactory(naam="Roerstreek Begeleiding")
    andere = AanbiederFactory(naam="Maaskant Zorg")
    for a in (aanbieder, andere):
        overeenkomst = OvereenkomstFactory(regio=regio, aanbieder=a, ingangsdatum=date(2024, 1, 1))
        overeenkomst.percelen.set([perceel1, perceel2, kdv_perceel])
    consulent = GebruikerFactory(
        username=f"consulent-{cbs_code}",
        rol=Rol.CONSULENT,
        regio=regio,
        gemeenten=[gemeente],
        first_name="Carla",
        last_name="Consulent",
    )
    aanbieder_gebruiker = GebruikerFactory(username=f"aanbieder-{cbs_code}", rol=Rol.AANBIEDER, aanbieder=aanbieder)
    andere_gebruiker = GebruikerFactory(username=f"andere-{cbs_code}", rol=Rol.AANBIEDER, aanbieder=andere)
    return Testregio(
        regio,
        gemeente,
        segment,
        perceel1,
        perceel2,
        kdv_perceel,
        bgi1,
        bgi2,
        kdv,
        aanbieder,
        andere,
        consulent,
        aanbieder_gebruiker,
        andere_gebruiker,
    )


def client_in(t: Testregio) -> Client:
    return ClientFactory(
        gemeente=t.gemeente,
        achternaam="Jansen",
        voorletters="A.",
        straat="Kerkstraat",
        huisnummer=12,
        postcode="6001AB",
        plaats="Weert",
    )


MELDDATUM = date(2024, 6, 3)  # Monday


def melding(t: Testregio, client: Client | None = None, melddatum: date = MELDDATUM) -> Melding:
    return services.melding_registreren(
        door=t.consulent, client=client or client_in(t), melddatum=melddatum, omschrijving="Hulp bij structuur"
    )


def plan_opstellen(t: Testregio, m: Melding, **extra: object) -> Ondersteuningsplan:
    velden: dict = {
        "reden": "nieuw",
        "verstrekkingsvorm": "zin",
        "aanbieder": t.aanbieder,
        "termijn_maanden": 12,
        "perspectief": "groei",
        "scores": SCORES_2_BASIS,
        "producten": [services.PlanRegel(t.bgi1)],
    }
    velden.update(extra)
    return services.plan_opstellen(door=t.consulent, melding=m, **velden)


def tot_bij_aanbieder(t: Testregio, m: Melding) -> Ondersteuningsplan:
    services.huisbezoek_plannen(
        door=t.consulent, melding=m, afspraak_op=date(2024, 6, 4), huisbezoek_datum=date(2024, 6, 6)
    )
    services.onderzoeksverslag_vastleggen(
        door=t.consulent,
        melding=m,
        gespreksdatum=date(2024, 6, 6),
        bevindingen="Cliënt verliest overzicht over post en geld.",
        aanwezigen="Cliënt en dochter",
    )
    plan = plan_opstellen(t, m)
    return services.plan_ondertekenen_en_versturen(
        door=t.consulent,
        plan=plan,
        ondertekend_client_op=date(2024, 6, 10),
        ondertekend_gemeente_op=date(2024, 6, 10),
        toestemming_aanbieder=True,
        verzonden_op=date(2024, 6, 10),
    )


def deel2(t: Testregio, plan: Ondersteuningsplan) -> Deel2:
    return services.deel2_indienen(
        door=t.aanbieder_gebruiker,
        plan=plan,
        resultaten=[services.ResultaatInvoer("R-FIN", "Samen de post openen en betalingen doen", "2 keer per week")],
        ondertekend_client_op=date(2024, 6, 18),
        ondertekend_aanbieder_op=date(2024, 6, 18),
    )


def tot_aanvraag(t: Testregio, m: Melding) -> Melding:
    plan = tot_bij_aanbieder(t, m)
    deel2(t, plan)
    return services.akkoord_geven(door=t.consulent, melding=m, verslag_ondertekend_op=date(2024, 6, 20))


def beschikt(t: Testregio, m: Melding, ingangsdatum: date = date(2024, 7, 1)) -> Beschikking:
    tot_aanvraag(t, m)
    return services.beschikking_vaststellen(
        door=t.consulent, melding=m, besluitdatum=date(2024, 6, 24), ingangsdatum=ingangsdatum
    )
