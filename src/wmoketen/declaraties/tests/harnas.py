"""Test harness: a valid 323 for an assignment in the database, built with the codec, sent through the exchange;
the 325 that comes back, parsed."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tests.factories_berichten import Keten, keten
from wmoketen.berichten.codec import build, parse
from wmoketen.berichten.codec.model import wmo323
from wmoketen.berichten.codec.model.basis import (
    BedragMetDC,
    BerichtIdentificatie,
    GeslotenPeriode,
    Header,
    Referentie,
    TotaalBedragMetDC,
)
from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.tests import factories as f
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

GEMEENTE = f.GEMEENTE
AANBIEDER = f.AANBIEDER
BSN = f.BSN
VANDAAG = date(2025, 5, 6)
_teller = itertools.count(1)


@dataclass
class Opstelling:
    keten: Keten
    toewijzing: Toewijzing  # 1001: 02A01 begeleiding, 4 uur per week, 01-03-2025 t/m 31-12-2025, € 60,50/uur


def opstelling() -> Opstelling:
    k = keten(cbs_code=GEMEENTE, naam="Amsterdam", agb_code=AANBIEDER)
    Client.objects.filter(pk=k.client.pk).update(bsn=BSN)
    k.client.refresh_from_db()
    t = toewijzing_aanmaken(
        client=k.client,
        aanbieder=k.aanbieder,
        product=k.pxq,
        ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31),
        volume=4,
    )
    Toewijzing.objects.filter(pk=t.pk).update(toewijzing_nummer=1001)
    t.refresh_from_db()
    return Opstelling(k, t)


def betaalbare_opstelling() -> Opstelling:
    """The opstelling with a valid (fictitious) IBAN for the provider: only such providers enter a payment batch."""
    o = opstelling()
    Aanbieder.objects.filter(pk=o.keten.aanbieder.pk).update(iban="NL44RABO0123456789")
    return o


def prestatie(
    ref: str = "P1",
    *,
    nummer: int = 1001,
    maand: tuple[int, int] = (2025, 3),
    volume: int = 10,
    tarief: int | None = 6050,
    eenheid: str = "04",
    categorie: str = "02",
    code: str = "02A01",
    begin: date | None = None,
    eind: date | None = None,
    bedrag: int | None = None,
    credit_van: str | None = None,
) -> wmo323.Prestatie:
    from wmoketen.declaraties.perioden import kalendermaand

    m = kalendermaand(*maand)
    if bedrag is None:
        bedrag = volume if eenheid == "83" else volume * (tarief or 0)
    return wmo323.Prestatie(
        product_referentie=Referentie(referentie_nummer=ref, vorig_referentie_nummer=credit_van),
        toewijzing_nummer=nummer,
        product_categorie=categorie,
        product_code=code,
        product_periode=GeslotenPeriode(begindatum=begin or m.van, einddatum=eind or m.tot),
        geleverd_volume=volume,
        eenheid=eenheid,
        product_tarief=None if eenheid == "83" else tarief,
        ingediend_bedrag=BedragMetDC(bedrag=bedrag, debet_credit="C" if credit_van else "D"),
    )


def wmo323_bericht(
    *prestaties: wmo323.Prestatie,
    nummer: str | None = None,
    periode: tuple[int, int] = (2025, 3),
    bsn: str = BSN,
    clienten: tuple[wmo323.Client, ...] | None = None,
    aanbieder: str = AANBIEDER,
    gemeente: str = GEMEENTE,
) -> wmo323.Wmo323:
    from wmoketen.declaraties.perioden import kalendermaand

    volgnummer = next(_teller)
    clienten = clienten or (wmo323.Client(bsn=bsn, prestaties=prestaties or (prestatie(),)),)
    alle = [p for c in clienten for p in c.prestaties]
    som = sum(p.ingediend_bedrag.bedrag * (-1 if p.ingediend_bedrag.debet_credit == "C" else 1) for p in alle)
    m = kalendermaand(*periode)
    dagtekening = max(date(2025, 4, 2), m.tot + timedelta(days=2))  # a month is declared once it is over (TR137)
    header = Header(
        afzender=aanbieder,
        ontvanger=gemeente,
        bericht_identificatie=BerichtIdentificatie(identificatie=f"T{volgnummer:06d}", dagtekening=dagtekening),
    )
    return wmo323.Wmo323(
        header=header,
        declaratie=wmo323.Declaratie(
            declaratie_nummer=nummer or f"D{volgnummer:06d}",
            declaratie_periode=GeslotenPeriode(begindatum=m.van, einddatum=m.tot),
            declaratie_dagtekening=dagtekening,
            totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=abs(som), debet_credit="D" if som >= 0 else "C"),
            clienten=clienten,
        ),
    )


def stuur(bericht: wmo323.Wmo323, vandaag: date | None = None) -> wmo323.Wmo325:
    """Receive the 323 on `vandaag`: VANDAAG, or its Dagtekening when that is later (never in the future, TR135)."""
    vandaag = vandaag or max(VANDAAG, bericht.header.bericht_identificatie.dagtekening)
    ontvangst = bericht_ontvangen(data=build(bericht), kanaal=Kanaal.BESTAND, vandaag=vandaag)
    assert ontvangst.retour is not None
    antwoord = parse(bytes(ontvangst.retour.inhoud))
    assert isinstance(antwoord, wmo323.Wmo325)
    return antwoord


def codes(antwoord: wmo323.Wmo325) -> dict[str, tuple[str, ...]]:
    """ReferentieNummer -> retourcodes of the rejected prestaties in a 325."""
    if antwoord.declaratie_antwoord is None:
        return {}
    return {
        p.product_referentie.referentie_nummer: p.retour_codes
        for c in antwoord.declaratie_antwoord.clienten
        for p in c.prestaties
    }


def met(bericht: wmo323.Wmo323, **changes: object) -> wmo323.Wmo323:
    return replace(bericht, **changes)  # type: ignore[arg-type]
