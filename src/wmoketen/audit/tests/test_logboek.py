"""Logboek dataverwerkingen: append-only in the database, a keyed hash chain that shows any tampering, and signed
checkpoints outside the database that show removal at the end, truncation and a restored older backup."""

from __future__ import annotations

import itertools
import json
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.controlepunt import ControlepuntFout, controlepunt_schrijven, controlepunten_lezen
from wmoketen.audit.models import Ketenkop, Verwerking
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
    call_command("audit_controlepunt")
    schrijf(2, start=20)  # records after the checkpoint are checked by the chain
    call_command("audit_verify")
    assert "Logboek intact: 9 records, de keten klopt en bevat het controlepunt" in capsys.readouterr().out


# ------------------------------------------------------------------------ issue 13 item 2: the attacks replayed


def _sha256_zoals_de_aanvaller() -> None:
    """Recompute every hash and the head with plain SHA-256 over the same fields, as a DBA without the key would
    (this is exactly what made `audit verify` say "intact" before the chain was keyed)."""
    import hashlib

    vorige = "0" * 64
    with connection.cursor() as cursor:
        for r in Verwerking.objects.order_by("volgnummer"):
            velden = (
                vorige, str(r.volgnummer), r.tijdstip.isoformat(), str(r.actor_id or ""), r.actor_omschrijving,
                r.actie, r.verwerkingsactiviteit, r.client_pseudoniem, r.object_type, r.object_id, r.resultaat,
                r.toelichting,
            )  # fmt: skip
            nieuw = hashlib.sha256("\x1f".join(velden).encode()).hexdigest()
            cursor.execute(
                "UPDATE audit_verwerking SET vorige_hash = %s, hash = %s WHERE id = %s", [vorige, nieuw, r.pk]
            )
            vorige = nieuw
        cursor.execute("UPDATE audit_ketenkop SET hash = %s, volgnummer = %s", [vorige, Verwerking.objects.count()])


def test_replayed_attack_disable_trigger_change_delete_and_recompute_with_sha256_is_detected() -> None:
    schrijf(6)
    call_command("audit_controlepunt")
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_verwerking SET actie = 'exporteren' WHERE volgnummer = 2")
        if connection.vendor == "postgresql":
            cursor.execute("DELETE FROM audit_verwerking WHERE volgnummer = 4")
            cursor.execute("UPDATE audit_verwerking SET volgnummer = volgnummer - 1 WHERE volgnummer > 4")
        _sha256_zoals_de_aanvaller()

    _, breuk = keten_controleren()
    assert breuk is not None and (breuk.volgnummer, breuk.reden) == (1, "inhoud van het record is gewijzigd")
    with pytest.raises(CommandError, match="Logboek NIET intact bij record 1"):
        call_command("audit_verify")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and its trigger are PostgreSQL's")
def test_truncate_is_refused_by_the_database() -> None:
    schrijf(3)
    for tabel in ("audit_verwerking", "audit_ketenkop"):
        with pytest.raises(DatabaseError, match="alleen-toevoegen"), transaction.atomic(), connection.cursor() as c:
            c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own open transaction has deferred FK checks
            c.execute(f"TRUNCATE {tabel} CASCADE")
    assert Verwerking.objects.count() == 3


def _leeg_de_tabel() -> None:
    with zonder_bescherming(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own open transaction has deferred FK checks
            cursor.execute("TRUNCATE audit_verwerking, audit_ketenkop")
        else:
            cursor.execute("DELETE FROM audit_verwerking")
            cursor.execute("DELETE FROM audit_ketenkop")


def test_truncation_after_a_checkpoint_is_detected() -> None:
    """Before: TRUNCATE left 0 records and `audit verify` said "intact"."""
    schrijf(5)
    call_command("audit_controlepunt")
    _leeg_de_tabel()

    assert keten_controleren() == (0, None)  # the chain alone cannot tell: an empty chain holds
    with pytest.raises(CommandError, match="kent record 5, de database heeft dat record niet \\(0 records\\)"):
        call_command("audit_verify")


def test_removing_the_last_records_and_rewinding_the_head_is_detected() -> None:
    schrijf(5)
    call_command("audit_controlepunt")
    vierde = Verwerking.objects.get(volgnummer=3)
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_verwerking WHERE volgnummer > 3")
        cursor.execute("UPDATE audit_ketenkop SET volgnummer = 3, hash = %s", [vierde.hash])

    assert keten_controleren() == (3, None)
    with pytest.raises(CommandError, match="kent record 5"):
        call_command("audit_verify")


def test_restoring_an_older_backup_is_detected(tmp_path: Path) -> None:
    """A restore puts back a genuine, keyed, older log: the chain holds, the checkpoint does not."""
    schrijf(3)
    oud = list(Verwerking.objects.order_by("volgnummer").values())
    oude_kop = list(Ketenkop.objects.values())
    schrijf(4, start=10)
    call_command("audit_controlepunt")
    _leeg_de_tabel()
    Verwerking.objects.bulk_create([Verwerking(**r) for r in oud])
    Ketenkop.objects.bulk_create([Ketenkop(**k) for k in oude_kop])

    assert keten_controleren() == (3, None)
    with pytest.raises(CommandError, match="kent record 7, de database heeft dat record niet \\(3 records\\)"):
        call_command("audit_verify")


def test_a_replaced_log_with_the_same_length_is_detected() -> None:
    schrijf(3)
    call_command("audit_controlepunt")
    _leeg_de_tabel()
    schrijf(3, start=50)  # a new, genuinely keyed log of the same length (someone with the application's rights)
    with pytest.raises(CommandError, match="record 3 verschilt van het controlepunt"):
        call_command("audit_verify")


def test_verify_without_any_checkpoint_says_so() -> None:
    schrijf(2)
    with pytest.raises(CommandError, match="geen controlepunt in"):
        call_command("audit_verify")


def test_checkpoints_are_signed_linked_and_private(settings: Any) -> None:
    schrijf(2)
    eerste = controlepunt_schrijven()
    schrijf(1, start=9)
    tweede = controlepunt_schrijven()
    bestand = Path(settings.WMOKETEN_AUDIT_CONTROLEPUNTEN)
    regels = bestand.read_text().splitlines()
    assert [json.loads(r)["volgnummer"] for r in regels] == [2, 3]
    assert tweede.vorige == eerste.handtekening
    assert stat.S_IMODE(bestand.stat().st_mode) == 0o600

    vervalst = json.loads(regels[1])
    vervalst["volgnummer"] = 2  # an attacker without the key points the checkpoint back
    bestand.write_text(regels[0] + "\n" + json.dumps(vervalst) + "\n")
    with pytest.raises(ControlepuntFout, match=r"regel 2 .* geen geldige handtekening"):
        controlepunten_lezen()
    bestand.write_text(regels[1] + "\n")  # the first line taken out: the second no longer links
    with pytest.raises(ControlepuntFout, match="sluit niet aan"):
        controlepunten_lezen()


def test_no_checkpoint_is_written_over_a_broken_chain() -> None:
    """Writing a checkpoint checks the records since the previous one (the full chain is `audit verify`'s)."""
    schrijf(3)
    controlepunt_schrijven()
    schrijf(2, start=7)
    with zonder_bescherming(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_verwerking SET object_id = 'x' WHERE volgnummer = 4")
    with pytest.raises(ControlepuntFout, match="NIET intact bij record 4"):
        controlepunt_schrijven()
    assert len(controlepunten_lezen()) == 1


def test_a_different_key_makes_every_record_fail(settings: Any) -> None:
    schrijf(2)
    settings.AUDIT_KETEN_SLEUTEL = "een-andere-sleutel"
    _, breuk = keten_controleren()
    assert breuk is not None and breuk.volgnummer == 1


def test_reeks_geeft_precies_de_keten_van_losse_aanroepen() -> None:
    """verwerkingen_log_reeks (a conversion batch) appends what the calls one by one would: the same records with
    the same volgnummers, links and HMACs (at one frozen moment), and the chain verifies."""
    from unittest import mock

    from wmoketen.audit.constants import Resultaat
    from wmoketen.audit.services import Logregel, verwerkingen_log_reeks

    schrijf(2)  # the chain does not start empty
    regels = [
        Logregel(None, Actie.BERICHT_VERZONDEN, Verwerkingsactiviteit.TOEWIJZING, (7,), "WMO301", "11"),
        Logregel("koppeling x", Actie.BERICHT_VERZONDEN, Verwerkingsactiviteit.TOEWIJZING, (8, 9, 8), "WMO301", "12"),
        Logregel(None, Actie.INZIEN, Verwerkingsactiviteit.TOEGANG, ()),
        Logregel(None, Actie.WIJZIGEN, Verwerkingsactiviteit.TOEWIJZING, (9, 7), "conversierun", "3", toelichting="t"),
        Logregel(None, Actie.BERICHT_VERZONDEN, Verwerkingsactiviteit.TOEWIJZING, (5,), resultaat=Resultaat.GEWEIGERD),
    ]
    velden = [f.name for f in Verwerking._meta.concrete_fields if f.name != "id"]

    def nieuw() -> list[tuple[Any, ...]]:
        return [
            tuple(getattr(r, v) for v in velden)
            for r in Verwerking.objects.filter(volgnummer__gt=2).order_by("volgnummer")
        ]

    with mock.patch("wmoketen.audit.services.timezone.now", return_value=Verwerking.objects.first().tijdstip):
        with transaction.atomic():
            for r in regels:
                verwerkingen_log(
                    actor=r.actor,
                    actie=r.actie,
                    verwerkingsactiviteit=r.verwerkingsactiviteit,
                    client_ids=r.client_ids,
                    object_type=r.object_type,
                    object_id=r.object_id,
                    resultaat=r.resultaat,
                    toelichting=r.toelichting,
                )
            los = nieuw()
            transaction.set_rollback(True)
        assert verwerkingen_log_reeks(regels) == 6
    samen = nieuw()
    assert len(los) == 6 and samen == los
    assert [r[velden.index("volgnummer")] for r in samen] == [3, 4, 5, 6, 7, 8]
    assert keten_controleren() == (8, None)
