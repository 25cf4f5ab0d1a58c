"""Audit migration 0003 re-seals an existing plain SHA-256 chain with the key, and refuses to seal a broken one."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wmoketen.audit.selectors import keten_controleren

pytestmark = pytest.mark.django_db(transaction=True)
VOOR, NA = [("audit", "0002_hashketen_alleen_toevoegen")], [("audit", "0003_hmac_keten_en_truncate")]


def _oude_keten(apps: object, aantal: int, breek: int | None = None) -> None:
    Verwerking = apps.get_model("audit", "Verwerking")  # type: ignore[attr-defined]
    Ketenkop = apps.get_model("audit", "Ketenkop")  # type: ignore[attr-defined]
    vorige = "0" * 64
    for n in range(1, aantal + 1):
        velden = dict(
            volgnummer=n, tijdstip=datetime(2026, 1, 1, 12, n, tzinfo=UTC), actor_id=None,
            actor_omschrijving="systeem", actie="inzien", verwerkingsactiviteit="toegang",
            client_pseudoniem=f"p{n}", object_type="client", object_id=str(n), resultaat="gelukt",
        )  # fmt: skip
        tijdstip = velden["tijdstip"].isoformat()  # type: ignore[attr-defined]
        tekst = "\x1f".join((vorige, str(n), tijdstip, "", "systeem", "inzien", "toegang", f"p{n}", "client", str(n)))
        tekst += "\x1fgelukt"
        h = hashlib.sha256(tekst.encode()).hexdigest()
        Verwerking.objects.create(**velden, vorige_hash=vorige, hash=h if n != breek else "f" * 64)
        vorige = h
    Ketenkop.objects.update_or_create(pk=1, defaults={"volgnummer": aantal, "hash": vorige})


def _naar(doel: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(doel)
    return executor


def test_an_intact_sha256_chain_is_resealed_with_the_key() -> None:
    executor = _naar(VOOR)
    _oude_keten(executor.loader.project_state(VOOR).apps, 4)
    _naar(NA)
    assert keten_controleren() == (4, None)


def test_a_broken_old_chain_is_not_sealed_over() -> None:
    executor = _naar(VOOR)
    _oude_keten(executor.loader.project_state(VOOR).apps, 3, breek=2)
    with pytest.raises(RuntimeError, match="Logboek NIET intact bij record 2"):
        _naar(NA)
    with connection.cursor() as cursor:  # the broken log out of the way, so the database can be migrated again
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # the DELETE trigger of migration 0002
        cursor.execute("DELETE FROM audit_verwerking")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    _naar(NA)
