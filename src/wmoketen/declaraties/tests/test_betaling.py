"""Payment batches: netting, due date, four eyes, pain.001 and CSV, and never paying a prestatie twice."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from lxml import etree

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking
from wmoketen.declaraties.betaling import (
    BetaalFout,
    betaal_csv,
    betaalbatch_aanmaken,
    betaalbatch_annuleren,
    betaalbatch_goedkeuren,
    pain001,
)
from wmoketen.declaraties.constants import BatchStatus
from wmoketen.declaraties.models import Betaalbatch, Betaalregel, Prestatie

from .harnas import VANDAAG, Opstelling, betaalbare_opstelling, prestatie, stuur, wmo323_bericht


@pytest.fixture
def o(db: None) -> Opstelling:
    return betaalbare_opstelling()


def _backoffice(o: Opstelling, naam: str):  # type: ignore[no-untyped-def]
    return GebruikerFactory(username=naam, rol=Rol.BACKOFFICE, regio=o.keten.regio, gemeenten=[o.keten.gemeente])


def test_batch_nets_credits_and_is_due_30_days_after_receipt(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10)))  # 605,00
    stuur(wmo323_bericht(prestatie("C1", volume=10, credit_van="P1"), prestatie("P2", volume=8), periode=(2025, 4)))
    a, b = _backoffice(o, "bo1"), _backoffice(o, "bo2")
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=a)
    assert batch is not None
    assert batch.totaal_cent == 60500 - 60500 + 48400
    assert batch.vervaldatum == VANDAAG + timedelta(days=30)
    assert batch.regels.count() == 3
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=b) is None  # nothing left: never paid twice


def test_only_credits_wait_for_new_debets(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10)))
    a, b = _backoffice(o, "bo1"), _backoffice(o, "bo2")
    eerste = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=a)
    assert eerste is not None
    stuur(wmo323_bericht(prestatie("C1", volume=10, credit_van="P1"), periode=(2025, 4)))
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=b) is None  # net -605,00: waits
    stuur(wmo323_bericht(prestatie("P2", volume=12), periode=(2025, 5)))
    tweede = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=b)
    assert tweede is not None
    assert tweede.totaal_cent == 12 * 6050 - 60500


def test_four_eyes(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10)))
    a, b = _backoffice(o, "bo1"), _backoffice(o, "bo2")
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=a)
    assert batch is not None
    with pytest.raises(BetaalFout, match="Vier ogen"):
        betaalbatch_goedkeuren(batch=batch, actor=a)
    batch.refresh_from_db()
    assert (batch.status, batch.goedgekeurd_door_id) == (BatchStatus.CONCEPT, None)
    with pytest.raises(BetaalFout, match="goedgekeurde"):
        pain001(batch=batch, actor=a)
    consulent = GebruikerFactory(username="c1", rol=Rol.CONSULENT, gemeenten=[o.keten.gemeente])
    with pytest.raises(BetaalFout):
        betaalbatch_goedkeuren(batch=batch, actor=consulent)
    betaalbatch_goedkeuren(batch=batch, actor=b)
    batch.refresh_from_db()
    assert (batch.aangemaakt_door_id, batch.goedgekeurd_door_id, batch.status) == (a.pk, b.pk, BatchStatus.GOEDGEKEURD)
    assert batch.goedgekeurd_op is not None
    with pytest.raises(BetaalFout):
        betaalbatch_annuleren(batch=batch, actor=a)


def test_four_eyes_constraint_in_the_database(o: Opstelling) -> None:
    from django.db import IntegrityError, transaction

    a = _backoffice(o, "bo1")
    batch = Betaalbatch.objects.create(gemeente=o.keten.gemeente, aangemaakt_door=a, vervaldatum=date(2025, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Betaalbatch.objects.filter(pk=batch.pk).update(goedgekeurd_door=a)


def test_pain001_and_csv_exports(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10)))
    a, b = _backoffice(o, "bo1"), _backoffice(o, "bo2")
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=a)
    assert batch is not None
    betaalbatch_goedkeuren(batch=batch, actor=b)
    voor = Verwerking.objects.count()
    xml = pain001(batch=batch, actor=b, vandaag=date(2025, 5, 7))
    root = etree.fromstring(xml)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    assert root.findtext(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", namespaces=ns) == "605.00"
    assert root.findtext(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN", namespaces=ns) == "NL44RABO0123456789"
    assert root.findtext(".//p:ReqdExctnDt", namespaces=ns) == (VANDAAG + timedelta(days=30)).isoformat()
    tekst = betaal_csv(batch=batch, actor=b)
    _, regel = tekst.strip().split("\n")
    assert regel.split(";")[:3] == [str(batch.pk), "12345678", o.keten.aanbieder.naam]
    assert "60500" in regel.split(";")
    assert o.keten.client.bsn not in tekst
    assert Verwerking.objects.count() == voor + 2  # one record per client per export


def test_cancel_releases_the_prestaties(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", volume=10)))
    a = _backoffice(o, "bo1")
    batch = betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=a)
    assert batch is not None
    betaalbatch_annuleren(batch=batch, actor=a)
    assert betaalbatch_aanmaken(gemeente=o.keten.gemeente, actor=a) is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_never_put_a_prestatie_in_two_batches() -> None:
    o = betaalbare_opstelling()
    k = o.keten
    from wmoketen.declaraties.models import Declaratie

    declaratie = Declaratie.objects.create(
        declaratie_nummer="PAR1", aanbieder=k.aanbieder, gemeente=k.gemeente, periode_begin=date(2025, 3, 1),
        periode_eind=date(2025, 3, 31), dagtekening=date(2025, 4, 1), bericht_identificatie="X1",
        totaal_ingediend_cent=0, ontvangen_op=date(2025, 4, 2), antwoord_uiterlijk=date(2025, 4, 16),
        status="beantwoord",
    )  # fmt: skip
    Prestatie.objects.bulk_create(
        [
            Prestatie(
                declaratie=declaratie,
                volgnummer=i,
                aanbieder=k.aanbieder,
                referentie_nummer=f"R{i}",
                toewijzing_nummer=1001,
                product_categorie="02",
                product_code="02A01",
                begindatum=date(2025, 3, 1),
                einddatum=date(2025, 3, 31),
                geleverd_volume=1,
                eenheid="04",
                product_tarief_cent=6050,
                ingediend_bedrag_cent=6050,
                debet_credit="D",
                status="goedgekeurd",
                toegekend_cent=6050,
            )
            for i in range(400)
        ]
    )
    gebruikers = [_backoffice(o, f"bo{i}") for i in range(8)]
    fouten: list[BaseException] = []
    start = threading.Barrier(len(gebruikers))

    def werker(gebruiker: object) -> None:
        try:
            start.wait()
            for _ in range(3):
                batch = betaalbatch_aanmaken(gemeente=k.gemeente, actor=gebruiker)  # type: ignore[arg-type]
                if batch is not None:
                    betaalbatch_goedkeuren(batch=batch, actor=gebruikers[(gebruikers.index(gebruiker) + 1) % 8])  # type: ignore[arg-type]
        except BaseException as exc:
            fouten.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=werker, args=(g,)) for g in gebruikers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    assert Betaalregel.objects.count() == 400
    assert Betaalregel.objects.values("prestatie").distinct().count() == 400
    assert sum(Betaalbatch.objects.values_list("totaal_cent", flat=True)) == 400 * 6050
    assert not Betaalbatch.objects.exclude(status=BatchStatus.GOEDGEKEURD).exists()
