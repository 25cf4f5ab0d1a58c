"""Logboek dataverwerkingen: append-only in the database, and a hash chain that shows any tampering."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.models import Verwerking
from wmoketen.audit.selectors import keten_controleren
from wmoketen.audit.services import client_pseudoniem, verwerkingen_log

pytestmark = pytest.mark.django_db


def schrijf(aantal: int, start: int = 1) -> None:
    verwerkingen_log(
        actor=None,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEGANG,
        client_ids=range(start, start + aantal),
    )


@contextmanager
def zonder_bescherming() -> Iterator[None]:
    """What an attacker with owner rights on the database could do: switch the triggers off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # superuser: triggers do not fire
        else:
            cursor.execute("DROP TRIGGER audit_verwerking_geen_update")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
        else:
            cursor.execute(
                "CREATE TRIGGER audit_verwerking_geen_update BEFORE UPDATE ON audit_verwerking "
                "BEGIN SELECT RAISE(ABORT, 'alleen-toevoegen'); END;"
            )


def test_records_form_an_unbroken_chain() -> None:
    schrijf(3)
    schrijf(2, start=10)
    records = list(Verwerking.objects.order_by("volgnummer"))
    assert [r.volgnummer for r in records] == [1, 2, 3, 4, 5]
    assert records[0].vorige_hash == "0" * 64
    assert all(b.vorige_hash == a.hash for a, b in itertools.pairwise(records))
    assert keten_controleren() == (5, None)


def test_one_record_per_distinct_client() -> None:
    assert (
        verwerkingen_log(
            actor=None,
            actie=Actie.EXPORTEREN,
            verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
            client_ids=[4, 4, 5],
        )
        == 2
    )
    assert set(Verwerking.objects.values_list("client_pseudoniem", flat=True)) == {
        client_pseudoniem(4),
        client_pseudoniem(5),
    }


def test_update_is_refused_by_the_database() -> None:
    schrijf(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        Verwerking.objects.update(actie=Actie.WIJZIGEN)
    assert Verwerking.objects.get().actie == Actie.INZIEN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE is only refused on PostgreSQL (production)")
def test_delete_is_refused_by_the_database() -> None:
    schrijf(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        Verwerking.objects.filter(volgnummer=1).delete()
    assert Verwerking.objects.count() == 2


def test_verify_detects_a_changed_record() -> None:
    schrijf(4)
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_verwerking SET actie = 'exporteren' WHERE volgnummer = 3")

    aantal, breuk = keten_controleren()

    assert aantal == 4
    assert breuk is not None and (breuk.volgnummer, breuk.reden) == (3, "inhoud van het record is gewijzigd")
    with pytest.raises(CommandError, match="Logboek NIET intact bij record 3"):
        call_command("audit_verify")


def test_verify_detects_removed_records_in_the_middle_and_at_the_end() -> None:
    schrijf(5)
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_verwerking WHERE volgnummer IN (2, 5)")
    _, breuk = keten_controleren()
    assert breuk is not None and breuk.volgnummer == 2 and "ontbreekt" in breuk.reden


def test_verify_detects_truncated_tail() -> None:
    schrijf(3)
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_verwerking WHERE volgnummer = 3")
    _, breuk = keten_controleren()
    assert breuk is not None and breuk.reden == "de laatste 1 record(s) zijn verwijderd"


def test_verify_command_reports_intact_log(capsys: pytest.CaptureFixture[str]) -> None:
    schrijf(7)
    call_command("audit_verify")
    assert "Logboek intact: 7 records" in capsys.readouterr().out
