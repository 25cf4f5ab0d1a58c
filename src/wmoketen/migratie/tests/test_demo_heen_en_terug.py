"""Done when: an archive the export generates from the demo, imported into an empty wmoketen, compares equal; and
the next month's 323 of a provider, with a correction and a reference used before, gets the same judgement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.berichten.codec import build, parse
from wmoketen.berichten.codec.model.basis import GeslotenPeriode
from wmoketen.berichten.codec.model.wmo323 import Wmo325
from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.declareren import wmo323_bouwen
from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
from wmoketen.catalogus.models import Regio
from wmoketen.contracten.models import Aanbieder
from wmoketen.declaraties.demo import demo_paren
from wmoketen.declaraties.models import Prestatie
from wmoketen.declaraties.perioden import kalendermaand
from wmoketen.declaraties.voorstel import correctieregels, laatste_declaratieperiode, voorstel
from wmoketen.migratie.constants import Status
from wmoketen.migratie.export.schrijven import export_aanmaken, export_draaien
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken, uitvoering_aanmaken

from .stand import leegmaken, stand


class _Terug(Exception):
    pass


def _volgende_323(aanbieder: Aanbieder, gemeente: str) -> tuple[bytes, date]:
    """The 323 of the month after the last one declared (sent the day after that month): the proposal, a
    correction of an approved debet and, again, a reference used before. Returns the bytes and the day."""
    laatste = laatste_declaratieperiode(aanbieder=aanbieder, gemeente_code=gemeente)
    assert laatste is not None
    volgende = date(laatste.year + laatste.month // 12, laatste.month % 12 + 1, 1)
    periode = kalendermaand(volgende.year, volgende.month)
    dag = periode.tot + timedelta(days=1)
    regels = voorstel(
        aanbieder=aanbieder, gemeente_code=gemeente, jaar=volgende.year, maand=volgende.month, vandaag=dag
    ).regels
    goedgekeurd = (
        Prestatie.objects.filter(aanbieder=aanbieder, declaratie__gemeente__cbs_code=gemeente, status="goedgekeurd")
        .filter(debet_credit="D")
        .select_related("client", "toewijzing")
        .order_by("pk")
    )
    te_corrigeren = goedgekeurd.exclude(referentie_nummer__in=goedgekeurd.filter(debet_credit="C").values(
        "vorig_referentie_nummer"
    )).last()  # fmt: skip
    assert te_corrigeren is not None
    regels += correctieregels(prestatie=te_corrigeren, nieuw_volume=max(1, te_corrigeren.geleverd_volume - 1))
    bericht = wmo323_bouwen(aanbieder=aanbieder, gemeente_code=gemeente, periode=periode, regels=regels)
    identificatie = replace(bericht.header.bericht_identificatie, dagtekening=dag)
    bericht = replace(
        bericht,
        header=replace(bericht.header, bericht_identificatie=identificatie),
        declaratie=replace(bericht.declaratie, declaratie_dagtekening=dag),
    )
    eerder = goedgekeurd.first()
    assert eerder is not None
    client = bericht.declaratie.clienten[0]
    # for the month before (a second debet for the same month in one message is refused whole at level 2, TR416)
    vorige = kalendermaand(laatste.year, laatste.month)
    dubbel = replace(client.prestaties[0], product_referentie=replace(
        client.prestaties[0].product_referentie, referentie_nummer=eerder.referentie_nummer
    ), product_periode=GeslotenPeriode(begindatum=vorige.van, einddatum=vorige.tot))  # fmt: skip
    clienten = (replace(client, prestaties=(*client.prestaties, dubbel)), *bericht.declaratie.clienten[1:])
    totaal = bericht.declaratie.totaal_ingediend_bedrag
    totaal = replace(totaal, totaal_bedrag=totaal.totaal_bedrag + dubbel.ingediend_bedrag.bedrag)
    data = build(
        replace(bericht, declaratie=replace(bericht.declaratie, clienten=clienten, totaal_ingediend_bedrag=totaal))
    )
    return data, dag


def _oordeel(data: bytes, gemeente: str, dag: date) -> dict[str, Any]:
    """The 325 the intake sends for these bytes, without keeping anything."""
    uitkomst: dict[str, Any] = {}
    try:
        with transaction.atomic():
            ontvangst = bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, partij=gemeente, vandaag=dag)
            assert ontvangst.retour is not None
            antwoord = parse(bytes(ontvangst.retour.inhoud))
            assert isinstance(antwoord, Wmo325) and antwoord.declaratie_antwoord is not None
            a = antwoord.declaratie_antwoord
            uitkomst = {
                "kop": antwoord.header.retour_codes,
                "declaratie": a.retour_codes,
                "toegekend": a.totaal_toegekend_bedrag,
                "afgewezen": sorted(
                    (c.bsn, p.product_referentie.referentie_nummer, p.ingediend_bedrag.debet_credit, p.retour_codes)
                    for c in a.clienten
                    for p in c.prestaties
                ),
            }
            raise _Terug
    except _Terug:
        pass
    return uitkomst


@pytest.mark.django_db
def test_export_van_de_demo_komt_gelijk_terug_en_de_volgende_323_krijgt_hetzelfde_oordeel(
    tmp_path: Path, settings: Any
) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path / "uitwisseling"
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    overeenkomst, _ = demo_paren()[0]
    regio = overeenkomst.regio
    aanbieder = overeenkomst.aanbieder
    codes = set(regio.gemeenten.values_list("cbs_code", flat=True))
    gemeente = sorted(codes)[0]
    volgende, dag = _volgende_323(aanbieder, gemeente)
    voor = stand(codes)
    oordeel_voor = _oordeel(volgende, gemeente, dag)
    assert oordeel_voor["afgewezen"], "de volgende 323 moet iets afwijzen (de al gebruikte referentie)"
    assert oordeel_voor["toegekend"].totaal_bedrag > 0, "en iets goedkeuren"
    assert any("8021" in codes_ for *_, codes_ in oordeel_voor["afgewezen"]) or any(
        "9389" in c for *_, c in oordeel_voor["afgewezen"]
    )

    export = export_draaien(export_aanmaken(regio=regio, doel=tmp_path / "export.zip").pk)
    assert export.status == Status.KLAAR
    leegmaken()
    assert stand(codes) != voor

    # the import is started by functioneel beheer of the region (the payments taken over name who did it)
    beheer = Gebruiker.objects.create(username="migratie-heen-en-terug", rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    bron = tmp_path / "export.zip"
    proef = import_draaien(proefdraai_aanmaken(regio=Regio.objects.get(pk=regio.pk), bron=bron, door=beheer).pk)
    assert proef.status == Status.KLAAR
    assert not proef.afwijzingen.exists(), proef.rapport_md
    echt = import_draaien(uitvoering_aanmaken(proefdraai=proef, door=beheer).pk)
    assert not echt.afwijzingen.exists(), echt.rapport_md

    na = stand(codes)
    for soort in voor:
        assert na[soort] == voor[soort], soort
    assert _oordeel(volgende, gemeente, dag) == oordeel_voor
