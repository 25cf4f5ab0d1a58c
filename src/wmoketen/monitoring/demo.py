"""Demo: a year of care and declarations for the four demo providers of one segment, with clear differences so
the dashboards, the benchmark and the account report have something to show. One provider declares far more per
client (a Tukey outlier in the benchmark), one has many rejected lines, results and evaluations differ.

The declarations are stored directly as answered declarations with their prestaties (DeclaratieNummer `MON...`,
letters and digits only as CS319 asks), because the exchange that would send real 323s sits above nothing
monitoring may call. Deterministic (fixed seed, dates relative to today's month) and idempotent: when `MON`
declarations exist, nothing is added.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from wmoketen.catalogus.constants import Eenheid
from wmoketen.catalogus.models import Leefgebied, Product, Segment
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder, Budgetplafond
from wmoketen.core.bsn import test_bsns
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.herindicatie.models import Evaluatie, EvaluatieResultaat
from wmoketen.toewijzingen.models import Start, Stop, Toewijzing

from .filters import maand_einde

SEED = 2024
# per provider (in name order): clients, cost factor, share rejected, share achieved, evaluations on time
PROFIELEN = [
    (34, 1.0, 0.02, 0.7, 0.9),
    (26, 1.05, 0.03, 0.55, 0.8),
    (22, 1.9, 0.04, 0.5, 0.6),
    (18, 0.9, 0.18, 0.8, 0.95),
]
MAANDBEDRAG_CENT = 95_000
LEEFGEBIEDEN = ["financien", "sociaal_netwerk", "dagbesteding", "huishouden"]


def _segment() -> Segment | None:
    return (
        Segment.objects.annotate(n=Count("percelen__overeenkomsten__aanbieder", distinct=True))
        .filter(n__gte=4, percelen__overeenkomsten__aanbieder__is_demo=True)
        .order_by("-n", "regio__geldig_van", "code")
        .first()
    )


def _maand(vandaag: date, terug: int) -> date:
    totaal = vandaag.year * 12 + vandaag.month - 1 - terug
    return date(totaal // 12, totaal % 12 + 1, 1)


def vul_demo(log: Callable[[str], None]) -> None:
    if Declaratie.objects.filter(declaratie_nummer__startswith="MON").exists():
        log("monitoringdemo: al aanwezig")
        return
    segment = _segment()
    if segment is None:
        log("monitoringdemo: geen segment met vier demo-aanbieders")
        return
    with transaction.atomic():
        aantal = _vul(segment, timezone.localdate())
    log(f"monitoringdemo: {aantal} cliënten bij vier aanbieders in {segment.code} {segment.naam}")


def _vul(segment: Segment, vandaag: date) -> int:
    rng = random.Random(SEED)
    aanbieders = list(
        Aanbieder.objects.filter(overeenkomsten__percelen__segment=segment, is_demo=True).distinct().order_by("naam")
    )[:4]
    producten = list(Product.objects.filter(perceel__segment=segment).order_by("perceel__volgorde", "productcode"))[:2]
    gemeenten = list(segment.regio.gemeenten.order_by("cbs_code"))
    leefgebieden = {lg.code: lg for lg in Leefgebied.objects.filter(code__in=LEEFGEBIEDEN)}
    bsns = iter(test_bsns(sum(p[0] for p in PROFIELEN), start=999_980_000))
    nummer = 9_500_000
    declaraties: dict[tuple[int, date, int], Declaratie] = {}
    clienten = 0
    for aanbieder, (n, factor, afwijs, behaald, op_tijd) in zip(aanbieders, PROFIELEN, strict=False):
        verbruikt = 0
        for i in range(n):
            clienten += 1
            gemeente = gemeenten[i % len(gemeenten)]
            client = Client.objects.create(
                bsn=next(bsns), geboortedatum=date(1950 + i % 40, 1 + i % 12, 1 + i % 28),
                achternaam=f"Monitor{nummer}", voorletters="M.", gemeente=gemeente,
                straat="Monitorlaan", huisnummer=1 + i, postcode=f"{5900 + i % 90:04d}MA", plaats=gemeente.naam[:80],
            )  # fmt: skip
            start_maand = rng.randint(0, 8)
            ingang = _maand(vandaag, 12 - start_maand)
            duur = rng.randint(4, 14)
            eind = maand_einde(_maand(vandaag, 12 - start_maand - duur + 1)) if start_maand + duur <= 12 else None
            nummer += 1
            # per week needs an end date (CD076): a running assignment ends half a year from now
            t = Toewijzing.objects.create(
                toewijzing_nummer=nummer, client=client, aanbieder=aanbieder, product=producten[i % len(producten)],
                ingangsdatum=ingang, einddatum=eind or maand_einde(_maand(vandaag, -6)), volume=rng.randint(2, 6),
                eenheid=Eenheid.UUR, frequentie="2",
            )  # fmt: skip
            gemaakt = ingang - timedelta(days=rng.randint(0, 10))
            Toewijzing.objects.filter(pk=t.pk).update(
                aangemaakt_op=timezone.make_aware(datetime(gemaakt.year, gemaakt.month, gemaakt.day, 9))
            )
            wacht = rng.randint(1, 12) * (3 if aanbieder == aanbieders[1] else 1)
            start = Start.objects.create(
                client=client, aanbieder=aanbieder, gemeente_code=gemeente.cbs_code, toewijzing=t,
                toewijzing_nummer=nummer, begindatum=ingang + timedelta(days=wacht),
                ontvangen_op=ingang + timedelta(days=wacht + 2),
            )  # fmt: skip
            if eind is not None:
                reden = "19" if rng.random() < behaald else rng.choice(["21", "22", "38"])
                Stop.objects.create(start=start, reden_beeindiging=reden, einddatum=eind, ontvangen_op=eind)
            maand = ingang
            while maand < _maand(vandaag, 0) and (eind is None or maand <= eind):
                sleutel = (aanbieder.pk, maand, gemeente.pk)
                if sleutel not in declaraties:
                    volgnr = len(declaraties) + 1
                    declaraties[sleutel] = Declaratie.objects.create(
                        declaratie_nummer=f"MON{volgnr:05d}", aanbieder=aanbieder, gemeente=gemeente,
                        periode_begin=maand, periode_eind=maand_einde(maand), dagtekening=maand_einde(maand),
                        bericht_identificatie=f"MON{volgnr:05d}", totaal_ingediend_cent=0,
                        ontvangen_op=maand_einde(maand), antwoord_uiterlijk=maand_einde(maand) + timedelta(days=14),
                        beantwoord_op=maand_einde(maand), status="beantwoord",
                    )  # fmt: skip
                bedrag = int(MAANDBEDRAG_CENT * factor * rng.uniform(0.6, 1.4))
                afgewezen = rng.random() < afwijs
                Prestatie.objects.create(
                    declaratie=declaraties[sleutel], volgnummer=nummer, aanbieder=aanbieder, client=client,
                    toewijzing=t, referentie_nummer=f"MON{nummer}{maand:%y%m}", toewijzing_nummer=nummer,
                    product_categorie=t.product.categorie, product_code=t.product.productcode, begindatum=maand,
                    einddatum=maand_einde(maand), geleverd_volume=1, eenheid=Eenheid.UUR, ingediend_bedrag_cent=bedrag,
                    debet_credit="D", status="afgewezen" if afgewezen else "goedgekeurd",
                    retour_codes=[rng.choice(["9321", "9321", "9308", "0611"])] if afgewezen else [],
                    toegekend_cent=0 if afgewezen else bedrag,
                )  # fmt: skip
                verbruikt += 0 if afgewezen else bedrag
                maand = date(maand.year + (maand.month == 12), maand.month % 12 + 1, 1)
            gepland = ingang + timedelta(days=90)
            if gepland < vandaag:
                laat = rng.random() > op_tijd
                vastgesteld = gepland + timedelta(days=rng.randint(40, 70) if laat else rng.randint(0, 20))
                e = Evaluatie.objects.create(
                    toewijzing=t, soort="tussen", gepland_op=gepland,
                    status="vastgesteld" if vastgesteld <= vandaag else "gepland",
                    vastgesteld_op=vastgesteld if vastgesteld <= vandaag else None,
                )  # fmt: skip
                for code in LEEFGEBIEDEN[: 1 + i % 3]:
                    r = rng.random()
                    oordeel = "behaald" if r < behaald else "deels" if r < behaald + (1 - behaald) / 2 else "niet"
                    EvaluatieResultaat.objects.create(
                        evaluatie=e, resultaat_code=f"R-{code}"[:20], leefgebied=leefgebieden.get(code),
                        omschrijving=f"Resultaat {code}", oordeel=oordeel if e.vastgesteld_op else "",
                    )  # fmt: skip
        Budgetplafond.objects.get_or_create(
            aanbieder=aanbieder, segment=segment, jaar=vandaag.year,
            defaults={"bedrag_cent": max(verbruikt * 11 // 10, 100_000), "is_demowaarde": True},
        )  # fmt: skip
    for declaratie in declaraties.values():  # the totals a 323 and its 325 would carry
        sommen = declaratie.prestaties.aggregate(
            ingediend=Sum("ingediend_bedrag_cent"), toegekend=Sum("toegekend_cent")
        )
        declaratie.totaal_ingediend_cent = sommen["ingediend"] or 0
        declaratie.totaal_toegekend_cent = sommen["toegekend"] or 0
        declaratie.save(update_fields=["totaal_ingediend_cent", "totaal_toegekend_cent"])
    return clienten
