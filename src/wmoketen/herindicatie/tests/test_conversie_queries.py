"""The 301s of a conversion batch are read and built in a fixed number of queries, whatever the batch size: the
per-product catalogue reads (vorm_van -> product_op_datum) and the per-pair state reads must not come back."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wmoketen.berichten.codec import build
from wmoketen.berichten.codec.model.basis import BerichtIdentificatie, Header
from wmoketen.berichten.uitwisseling.bouwers import wmo301_bouwen
from wmoketen.clienten.models import Client
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.conversie.uitvoering import run_uitvoeren, run_voorbereiden
from wmoketen.toewijzingen.selectors import toewijzingen_voor_301, toewijzingen_voor_301_per_paar

from .conversie_fixture import LN_CONVERSIE, ln_fixture

pytestmark = pytest.mark.django_db

HEADER = Header(
    afzender="0983",
    ontvanger="99020003",
    bericht_identificatie=BerichtIdentificatie(identificatie="301-00000001", dagtekening=date(2022, 3, 1)),
)


@pytest.mark.parametrize("rondes", [1, 5])
def test_301s_van_een_batch_lezen_en_bouwen_in_vier_queries(rondes, django_assert_max_num_queries):
    toewijzingen = ln_fixture(clienten=rondes)  # 6 clients per round, each at one provider
    paren = sorted({(t.client_id, t.aanbieder_id) for t in toewijzingen})
    clienten = Client.objects.select_related("gemeente").in_bulk([c for c, _ in paren])
    # the 301s sent so far, their toewijzingen with product, the products' bekostigingen and tarieven
    with django_assert_max_num_queries(4):
        items = toewijzingen_voor_301_per_paar(paren)
        berichten = [wmo301_bouwen(header=HEADER, client=clienten[c], items=items[(c, a)]) for c, a in paren]
    assert len(berichten) == 6 * rondes
    for bericht in berichten:
        assert bericht is not None
        build(bericht)  # XSD-valid


def test_per_paar_gelijk_aan_een_paar():
    toewijzingen = ln_fixture(clienten=2)
    paren = sorted({(t.client_id, t.aanbieder_id) for t in toewijzingen})
    samen = toewijzingen_voor_301_per_paar(paren)
    for client_id, aanbieder_id in paren:
        t = next(t for t in toewijzingen if (t.client_id, t.aanbieder_id) == (client_id, aanbieder_id))
        los = toewijzingen_voor_301(client=t.client, aanbieder=t.aanbieder)
        assert [(i.toewijzing.pk, i.gewijzigd, i.referentie_aanbieder, i.eerder_verzonden) for i in los] == [
            (i.toewijzing.pk, i.gewijzigd, i.referentie_aanbieder, i.eerder_verzonden)
            for i in samen[(client_id, aanbieder_id)]
        ]


def _gelezen_tabellen(rondes: int) -> Counter[str]:
    """SELECTs per table while one batch of the real run converts `rondes` x 6 assignments and sends the 301s."""
    ln_fixture(clienten=rondes)
    run = run_voorbereiden(gelezen=lees_definitie(LN_CONVERSIE))
    with CaptureQueriesContext(connection) as ctx:
        run = run_uitvoeren(run=run, batch_grootte=1000)
    assert run.batches == 1 and run.berichten_301 == 4 * rondes
    tabellen: Counter[str] = Counter()
    for query in ctx.captured_queries:
        gevonden = re.match(r'SELECT .*? FROM "(\w+)"', query["sql"])
        if gevonden:
            tabellen[gevonden.group(1)] += 1
    return tabellen


@pytest.mark.parametrize("rondes", [1, 5])
def test_batch_leest_catalogus_en_verzonden_301s_niet_per_toewijzing(rondes):
    tabellen = _gelezen_tabellen(rondes)
    # the target products once per run (with their catalogue), the products of the batch's 301s once per batch
    assert tabellen["catalogus_bekostiging"] == 2
    assert tabellen["catalogus_tarief"] == 2
    assert tabellen["toewijzingen_toewijzingsbericht"] == 1  # the earlier 301s of all pairs of the batch
    assert tabellen["clienten_gemeente"] == 0  # the clients come with their gemeente
    assert tabellen["contracten_aanbieder"] <= 2  # and once per run for the names in the report
