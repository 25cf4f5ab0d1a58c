"""ToewijzingNummer: unique within the domain (TR332), also when assignments are created at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from tests.factories import ToewijzingFactory
from wmoketen.toewijzingen.services import _nieuw_nummer


@pytest.mark.django_db
def test_numbers_follow_the_highest_in_use() -> None:
    ToewijzingFactory(toewijzing_nummer=700123)
    with transaction.atomic():
        eerste = _nieuw_nummer()
        tweede = _nieuw_nummer()
    assert (eerste, tweede) == (700124, 700125)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_never_get_the_same_number() -> None:
    nummers: list[int] = []
    fouten: list[BaseException] = []
    start = threading.Barrier(4)

    def werker() -> None:
        try:
            start.wait()
            for _ in range(10):
                with transaction.atomic():
                    nummers.append(_nieuw_nummer())
        except BaseException as exc:  # reported below
            fouten.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=werker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert fouten == []
    assert len(nummers) == 40
    assert len(set(nummers)) == 40
