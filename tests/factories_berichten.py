"""A small, complete chain for message tests: a municipality in a region, a contracted provider, products with
every funding model, a client with an address, and users on both sides."""

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
from wmoketen.catalogus.models import Bekostiging, Gemeente, Product, Regio, Tarief
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder

WACHTWOORD = "geheim-wachtwoord-1"


@dataclass
class Keten:
    gemeente: Gemeente
    regio: Regio
    aanbieder: Aanbieder
    client: Client
    pxq: Product  # 02 begeleiding, uur per week
    totaal: Product  # 02 begeleiding, uur totaal (frequentie 6)
    budget: Product  # 06, maximumbudget
    traject: Product  # 10, trajectprijs (83 / 6)
    taak: Product  # 09, taakgericht
    hulpmiddel: Product  # 14, overige hulpmiddelen (stapeling toegestaan)
    consulent: Gebruiker
    medewerker: Gebruiker


def product(
    perceel,
    code: str,
    categorie: str,
    model: str,
    eenheid: str = "",
    frequentie: str = "",
    *,
    tarief: int | None = None,
    max_budget: int | None = None,
    variant: str = "inspanningsgericht",
    per: str = "eenheid",
) -> Product:  # type: ignore[no-untyped-def]
    p = ProductFactory(perceel=perceel, productcode=code, categorie=categorie, naam=f"Product {code}")
    Bekostiging.objects.create(
        product=p,
        geldig_van=date(2022, 1, 1),
        model=model,
        variant=variant,
        eenheid=eenheid,
        frequentie=frequentie,
        maximum_budget_cent=max_budget,
    )
    if tarief is not None:
        Tarief.objects.create(product=p, geldig_van=date(2022, 1, 1), bedrag_cent=tarief, per=per)
    return p


def keten(*, cbs_code: str = "0988", naam: str = "Weert", agb_code: str | None = None) -> Keten:
    gemeente = GemeenteFactory(cbs_code=cbs_code, naam=naam)
    regio = RegioFactory()
    regio.gemeenten.add(gemeente)
    perceel = PerceelFactory(segment=SegmentFactory(regio=regio))
    aanbieder = AanbiederFactory(**({"agb_code": agb_code} if agb_code else {}))
    overeenkomst = OvereenkomstFactory(regio=regio, aanbieder=aanbieder)
    overeenkomst.percelen.add(perceel)
    client = ClientFactory(
        gemeente=gemeente,
        straat="Kerkstraat",
        huisnummer=12,
        postcode="6001AB",
        plaats=naam,
        geslacht="2",
        voorletters="A.B.",
    )
    return Keten(
        gemeente=gemeente,
        regio=regio,
        aanbieder=aanbieder,
        client=client,
        pxq=product(perceel, "02A01", "02", "pxq", "04", "2", tarief=6050),
        totaal=product(perceel, "02A02", "02", "pxq", "04", "6", tarief=6050),
        budget=product(perceel, "06A01", "06", "budget", "04", "6", max_budget=500000),
        traject=product(
            perceel, "10A01", "10", "traject", "83", "6", tarief=250000, variant="outputgericht", per="traject"
        ),
        taak=product(perceel, "09A01", "09", "taakgericht", variant="taakgericht"),
        hulpmiddel=product(perceel, "14A01", "14", "pxq", "84", "6", tarief=1000),
        consulent=GebruikerFactory(
            username=f"consulent{cbs_code}", rol=Rol.CONSULENT, regio=regio, gemeenten=[gemeente]
        ),
        medewerker=GebruikerFactory(username=f"aanbieder{aanbieder.agb_code}", rol=Rol.AANBIEDER, aanbieder=aanbieder),
    )
