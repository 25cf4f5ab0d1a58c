"""The set-based conversion batch against the services one by one, on generated data: the full result must be the
same (every toewijzing, version, step, message with its bytes, 301 record, counter and Logboek record in chain
order).

The batch changes its toewijzingen with toewijzingen.reeks and sends its 301s together (berichten_verzenden,
verwerkingen_log_reeks); the reference run swaps in the one-by-one services the rest of the system uses
(toewijzing_beeindigen_en_heruitgeven, toewijzing_intrekken, a 301 per pair), so a rule added to those services but
not to the set-based path fails here. (Before the set-based batch landed, the same comparison ran against the whole
old one-by-one batch: equal on these seeds.)"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import transaction

from tests.factories import ClientFactory
from wmoketen.audit.models import Verwerking
from wmoketen.audit.selectors import keten_controleren
from wmoketen.berichten.models import Bericht, Volgnummer
from wmoketen.berichten.services import toewijzing_301_verzenden
from wmoketen.catalogus.models import Gemeente, Product
from wmoketen.contracten.models import Aanbieder
from wmoketen.contracten.services import regio_laden
from wmoketen.herindicatie.conversie import uitvoering
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.models import Conversierun, Conversiestap
from wmoketen.toewijzingen.models import Nummerreeks, Toewijzing, Toewijzingsbericht, ToewijzingVersie
from wmoketen.toewijzingen.reeks import Inkorten, Opdracht
from wmoketen.toewijzingen.services import (
    ToewijzingFout,
    toewijzing_aanmaken,
    toewijzing_beeindigen_en_heruitgeven,
    toewijzing_intrekken,
)

from .conversie_fixture import LN_CONVERSIE, LN_REGIO

pytestmark = pytest.mark.django_db

MOMENT = datetime(2022, 3, 14, 9, 30, 15, tzinfo=UTC)  # what timezone.now gives: UTC (the chain hashes its isoformat)
SOORTEN = [("HH", "99020003"), ("BGI", "99020001"), ("BGG", "99020004"), ("HH", "99020001")]


def genereren(seed: int, aantal: int) -> None:
    """Random running p x q assignments in Limburg-Noord 2022: several per client, some at the same provider with
    the same product (the second conversion then overlaps the first: TR302, 'handmatig'), some clients without an
    address (their 301 is blocked), end dates before, on and after the conversion dates, and open ends."""
    rnd = random.Random(seed)
    regio_laden(pad=LN_REGIO)
    gemeenten = list(Gemeente.objects.filter(regios__code="limburg-noord-2022"))
    producten = {p.productcode: p for p in Product.objects.filter(regio__code="limburg-noord-2022")}
    aanbieders = {a.agb_code: a for a in Aanbieder.objects.filter(agb_code__startswith="9902")}
    clienten = []
    for i in range(aantal // 2):
        velden: dict[str, Any] = {"gemeente": rnd.choice(gemeenten)}
        if i % 5 == 0:
            velden.update(straat="", huisnummer=None, postcode="", plaats="")
        clienten.append(ClientFactory(**velden))
    for _ in range(aantal):
        code, agb = rnd.choice(SOORTEN)
        van = date(2022, 1, 1) + timedelta(days=rnd.randrange(0, 80))
        tot = rnd.choice([None, van + timedelta(days=rnd.randrange(20, 900))])
        try:
            with transaction.atomic():
                toewijzing_aanmaken(
                    client=rnd.choice(clienten),
                    aanbieder=aanbieders[agb],
                    product=producten[code],
                    ingangsdatum=van,
                    einddatum=tot,
                    volume=rnd.randrange(1, 6),
                    moment=MOMENT - timedelta(days=30),
                )
        except ToewijzingFout:
            pass  # an overlap at creation: this one is left out
    hh = Toewijzing.objects.filter(
        product__productcode="HH", aanbieder__agb_code="99020003", ingangsdatum__lt=date(2022, 4, 1)
    )
    for t in list(hh.exclude(einddatum__lt=date(2022, 5, 1)))[::3]:
        # the traject already assigned: converting the HH overlaps it (TR302), the step becomes 'handmatig'
        toewijzing_aanmaken(
            client=t.client,
            aanbieder=aanbieders["99020003"],
            product=producten["3AHH"],
            ingangsdatum=date(2022, 5, 1),
            einddatum=date(2022, 12, 31),
            moment=MOMENT - timedelta(days=30),
        )


def resultaat() -> dict[str, Any]:
    """Everything a conversion writes, with ids replaced by what identifies the row."""
    nummer = dict(Toewijzing.objects.values_list("pk", "toewijzing_nummer"))
    bericht = {b.pk: (b.partij, b.identificatie) for b in Bericht.objects.only("partij", "identificatie")}

    def rijen(qs: Any, weg: set[str], vertaal: dict[str, dict[Any, Any]]) -> list[tuple[Any, ...]]:
        velden = [f.attname for f in qs.model._meta.concrete_fields if f.attname not in weg]
        out = []
        for rij in qs.values_list(*velden):
            out.append(
                tuple(
                    vertaal[v].get(w, w) if v in vertaal else bytes(w) if isinstance(w, memoryview) else w
                    for v, w in zip(velden, rij, strict=True)
                )
            )
        return sorted(out, key=repr)

    per_toewijzing = {
        "vorige_id": nummer,
        "wissel_van_id": nummer,
        "toewijzing_id": nummer,
        "nieuwe_toewijzing_id": nummer,
    }
    logboek = []
    for v in Verwerking.objects.order_by("volgnummer"):
        object_id = v.object_id
        if v.object_type.startswith("WMO"):
            object_id = bericht[int(object_id)]
        elif v.object_type == "conversierun":
            object_id = "run"  # one run per test
        logboek.append(
            (v.volgnummer, v.actie, v.verwerkingsactiviteit, v.client_pseudoniem, v.object_type, object_id, v.resultaat)
        )
    return {
        "toewijzingen": rijen(Toewijzing.objects.all(), {"id"}, per_toewijzing),
        "versies": rijen(ToewijzingVersie.objects.all(), {"id"}, per_toewijzing),
        "stappen": rijen(Conversiestap.objects.all(), {"id", "run_id"}, per_toewijzing),
        "runs": rijen(Conversierun.objects.all(), {"id", "conversie_id", "taak_id", "gestart_op"}, {}),  # a default
        "berichten": rijen(Bericht.objects.all(), {"id", "aangemaakt_op"}, {}),  # a default
        "301": rijen(Toewijzingsbericht.objects.all(), {"id"}, {}),
        "volgnummers": rijen(Volgnummer.objects.all(), {"id"}, {}),
        "nummerreeks": list(Nummerreeks.objects.values_list("laatste", flat=True)),
        "logboek": logboek,
    }


def toewijzingen_een_voor_een(*, opdrachten: list[Opdracht], reden_wijziging: str) -> list[Toewijzing | ToewijzingFout]:
    """toewijzingen_in_reeks_wijzigen as the services one by one (each its own savepoint)."""
    uit: list[Toewijzing | ToewijzingFout] = []
    for o in opdrachten:
        t = Toewijzing.objects.get(pk=o.toewijzing_id)
        try:
            if isinstance(o, Inkorten):
                uit.append(toewijzing_intrekken(toewijzing=t, reden_wijziging=reden_wijziging, einddatum=o.einddatum))
                continue
            omvang: dict[str, Any] = {} if o.omvang_meenemen else {"volume": None, "budget_cent": None}
            uit.append(
                toewijzing_beeindigen_en_heruitgeven(
                    toewijzing=t,
                    per=o.per,
                    reden_wijziging=reden_wijziging,
                    product=o.product,
                    einddatum=o.einddatum,
                    **omvang,
                )
            )
        except ToewijzingFout as fout:
            uit.append(fout)
    return uit


def per_paar(*, paren: list[tuple[Any, Any]]) -> list[Bericht | None]:
    return [toewijzing_301_verzenden(client=c, aanbieder=a) for c, a in paren]


@pytest.mark.geblokkeerd
@pytest.mark.parametrize(("seed", "batch"), [(1, 7), (2, 50), (3, 3)])
def test_reeks_geeft_hetzelfde_als_een_voor_een(seed: int, batch: int) -> None:
    genereren(seed, 80)
    gelezen = lees_definitie(LN_CONVERSIE)
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        with transaction.atomic():
            with (
                mock.patch.object(uitvoering, "toewijzingen_in_reeks_wijzigen", toewijzingen_een_voor_een),
                mock.patch.object(uitvoering, "toewijzingen_301_verzenden", per_paar),
            ):
                run = uitvoering.run_uitvoeren(run=uitvoering.run_voorbereiden(gelezen=gelezen), batch_grootte=batch)
            een_voor_een = resultaat()
            transaction.set_rollback(True)
        run = uitvoering.run_uitvoeren(run=uitvoering.run_voorbereiden(gelezen=gelezen), batch_grootte=batch)
        in_reeks = resultaat()
    # the data exercises every branch: converted, shortened, left, refused (TR302), sent and blocked 301s
    assert run.omgezet > 5 and run.ingekort > 5 and run.ongemoeid > 0 and run.handmatig > 0
    assert Bericht.objects.filter(status="geblokkeerd").exists() and run.berichten_301 > 10
    for sleutel in een_voor_een:
        assert in_reeks[sleutel] == een_voor_een[sleutel], sleutel
    assert keten_controleren()[1] is None
