"""Demo declarations as real 323s through the exchange, for the assignments `declaraties.demo` made: four finished
months (five to two months back), one rejected prestatie (volume above the weekly maximum, 9321), a correction
(credit plus new debet) declared in last month, and a provider pushed over its budget ceiling. A month is declared
only once it is over (TR137), so the current month never is. For a region that has ended (De Fryske Marren 2022)
the months count back from the day after its end (`declaraties.demo.peildatum`): August to December 2022.
Idempotent: a provider that sent a demo 323 is left alone."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from wmoketen.catalogus.constants import Eenheid
from wmoketen.contracten.models import Budgetplafond
from wmoketen.declaraties.demo import demo_paren, maand_terug, peildatum
from wmoketen.declaraties.models import Prestatie
from wmoketen.declaraties.perioden import kalendermaand
from wmoketen.declaraties.voorstel import correctieregels, voorstel

from .declareren import declaratie_versturen
from .models import Bericht
from .uitwisseling.verwerken import uitwisseling_verwerken


def vul_declaraties(log: Callable[[str], None]) -> None:
    vandaag = timezone.localdate()
    boven_plafond = False
    for overeenkomst, product in demo_paren():
        aanbieder = overeenkomst.aanbieder
        if Bericht.objects.filter(soort="323", afzender=aanbieder.agb_code).exists():
            continue
        peil = peildatum(overeenkomst.regio, vandaag)
        per_week = product.bekostigingen.filter(model="pxq", frequentie="2").exists()
        for gemeente in overeenkomst.regio.gemeenten.values_list("cbs_code", flat=True):
            for terug in (5, 4, 3, 2):
                eerste = maand_terug(peil, terug)
                regels = voorstel(
                    aanbieder=aanbieder, gemeente_code=gemeente, jaar=eerste.year, maand=eerste.month, vandaag=vandaag
                ).regels
                regels = [r for r in regels if r.product_code == product.productcode]
                if not regels:
                    continue
                if terug == 3 and per_week and regels[0].eenheid == Eenheid.UUR:  # above the weekly maximum: 9321
                    regels[0] = regels[0].met_volume(regels[0].geleverd_volume + 5)
                declaratie_versturen(
                    aanbieder=aanbieder,
                    gemeente_code=gemeente,
                    periode=kalendermaand(eerste.year, eerste.month),
                    regels=regels,
                    actor=None,
                )
                uitwisseling_verwerken()
            eerste_prestatie = (
                Prestatie.objects.filter(aanbieder=aanbieder, declaratie__gemeente__cbs_code=gemeente,
                                         status="goedgekeurd", debet_credit="D")
                .select_related("client", "toewijzing", "declaratie__gemeente")
                .order_by("pk")
                .first()
            )  # fmt: skip
            if eerste_prestatie is not None:
                vorige = maand_terug(peil, 1)  # the month after the last declared one, and over (TR318, TR137)
                declaratie_versturen(
                    aanbieder=aanbieder,
                    gemeente_code=gemeente,
                    periode=kalendermaand(vorige.year, vorige.month),
                    regels=correctieregels(
                        prestatie=eerste_prestatie, nieuw_volume=eerste_prestatie.geleverd_volume - 2
                    ),
                    actor=None,
                )
                uitwisseling_verwerken()
        if not boven_plafond and peil == vandaag:  # over the ceiling: a small ceiling this year (a region in force)
            boven_plafond = True
            Budgetplafond.objects.update_or_create(
                aanbieder=aanbieder,
                segment=product.perceel.segment,
                jaar=vandaag.year,
                defaults={"bedrag_cent": 50000, "is_demowaarde": True},
            )
    log(f"declaratiedemo: {Prestatie.objects.count()} prestaties in {Bericht.objects.filter(soort='323').count()} "
        "declaraties (WMO323) met antwoord (WMO325)")  # fmt: skip
