"""Helpers for the end-to-end scenarios from the source documents: a region file loaded as it ships, clients,
assignments through the services, and a month declared from the portal's proposal as a real 323 through the
exchange, answered with a 325 (the database path, not only the engine)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.factories import ClientFactory
from wmoketen.berichten.codec import build, parse
from wmoketen.berichten.codec.model.wmo323 import Wmo325
from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.declareren import wmo323_bouwen
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.catalogus.models import Gemeente, Product, Regio
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.contracten.services import regio_laden
from wmoketen.declaraties.perioden import kalendermaand
from wmoketen.declaraties.voorstel import Conceptregel, voorstel

REGIOS = Path(__file__).resolve().parents[1] / "regions"


def regio(code: str) -> Regio:
    regio_laden(pad=REGIOS / f"{code}.yaml")
    return Regio.objects.get(code=code)


def client(cbs_code: str, bsn: str) -> Client:
    return ClientFactory(gemeente=Gemeente.objects.get(cbs_code=cbs_code), bsn=bsn)  # type: ignore[no-any-return]


def product(regio_code: str, productcode: str) -> Product:
    return Product.objects.get(regio__code=regio_code, productcode=productcode)


def aanbieder(agb_code: str) -> Aanbieder:
    return Aanbieder.objects.get(agb_code=agb_code)


def voorgesteld(a: Aanbieder, cbs_code: str, jaar: int, maand: int, vandaag: date) -> list[Conceptregel]:
    return voorstel(aanbieder=a, gemeente_code=cbs_code, jaar=jaar, maand=maand, vandaag=vandaag).regels


def declareren(a: Aanbieder, cbs_code: str, regels: list[Conceptregel], jaar: int, maand: int, vandaag: date) -> Wmo325:
    """The lines as the provider's 323 for that month, dated `vandaag`, received by the municipality that day."""
    bericht = wmo323_bouwen(aanbieder=a, gemeente_code=cbs_code, periode=kalendermaand(jaar, maand), regels=regels)
    header = replace(
        bericht.header, bericht_identificatie=replace(bericht.header.bericht_identificatie, dagtekening=vandaag)
    )
    bericht = replace(bericht, header=header, declaratie=replace(bericht.declaratie, declaratie_dagtekening=vandaag))
    ontvangst = bericht_ontvangen(data=build(bericht), kanaal=Kanaal.BESTAND, vandaag=vandaag)
    assert ontvangst.retour is not None
    antwoord = parse(bytes(ontvangst.retour.inhoud))
    assert isinstance(antwoord, Wmo325)
    return antwoord


def volledig_toegekend(antwoord: Wmo325) -> bool:
    da = antwoord.declaratie_antwoord
    return antwoord.header.retour_codes == ("0200",) and da is not None and da.retour_codes == ("8001",)
