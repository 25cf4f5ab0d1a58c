"""The production database roles of docs/security.md §2, on PostgreSQL: migrations under an owner role, the
application under a role that owns nothing. As that application role the application works (it logs, writes a
checkpoint, verifies), and every way to rewrite the Logboek is refused by PostgreSQL itself: UPDATE, DELETE,
TRUNCATE, switching the triggers off, session_replication_role, dropping the table."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from psycopg import errors, sql

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")
REPO = Path(__file__).resolve().parents[1]
APP_SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.controlepunt import controlepunt_schrijven
from wmoketen.audit.services import verwerkingen_log, wijziging_log
from wmoketen.accounts.models import Gebruiker
Gebruiker.objects.create(username="gewone-schrijfactie")
verwerkingen_log(actor=None, actie=Actie.INZIEN, verwerkingsactiviteit=Verwerkingsactiviteit.TOEGANG, client_ids=[1, 2])
wijziging_log(actor=None, actie=Actie.WIJZIGEN, object_type="gebruiker", object_id="1", toelichting="rol")
controlepunt_schrijven()
call_command("audit_verify")
call_command("audit_rechten", "--controleren")
"""


def _url(instellingen: dict[str, Any], rol: str, db: str) -> str:
    return f"postgres://{rol}@{instellingen['HOST'] or '127.0.0.1'}:{instellingen['PORT'] or 5432}/{db}"


def _wmoketen(url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "wmoketen.conf.test",
        "WMOKETEN_AUDIT_CONTROLEPUNTEN": str(tmp / "controlepunten.jsonl"),
    }
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def rollen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    instellingen = connection.settings_dict
    achtervoegsel = f"{os.getpid()}"
    namen = {
        "eigenaar": f"wmk_eigenaar_{achtervoegsel}",
        "app": f"wmk_app_{achtervoegsel}",
        "db": f"{instellingen['NAME']}_rollen",
    }
    beheer = psycopg.connect(_url(instellingen, instellingen["USER"], "postgres"), autocommit=True)
    beheer.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(namen["db"])))
    for rol in ("app", "eigenaar"):
        beheer.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(namen[rol])))
        beheer.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER").format(sql.Identifier(namen[rol])))
    beheer.execute(
        sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(namen["db"]), sql.Identifier(namen["eigenaar"]))
    )
    tmp = tmp_path_factory.mktemp("rollen")
    namen["tmp"] = str(tmp)
    namen["eigenaar_url"] = _url(instellingen, namen["eigenaar"], namen["db"])
    namen["app_url"] = _url(instellingen, namen["app"], namen["db"])
    try:
        gemigreerd = _wmoketen(namen["eigenaar_url"], tmp, "-m", "wmoketen.cli", "manage", "migrate", "-v0")
        assert gemigreerd.returncode == 0, gemigreerd.stderr[-2000:]
        rechten = _wmoketen(
            namen["eigenaar_url"], tmp, "-m", "wmoketen.cli", "audit", "rechten",
            "--app-rol", namen["app"], "--eigenaar", namen["eigenaar"], "--uitvoeren",
        )  # fmt: skip
        assert rechten.returncode == 0, rechten.stderr[-2000:]
        yield namen
    finally:
        beheer.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(namen["db"])))
        for rol in ("app", "eigenaar"):
            beheer.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(namen[rol])))
        beheer.close()


def test_the_application_works_under_its_own_role(rollen: dict[str, str]) -> None:
    uit = _wmoketen(rollen["app_url"], Path(rollen["tmp"]), "-c", APP_SCRIPT)
    assert uit.returncode == 0, uit.stderr[-2000:]
    assert "Logboek intact: 3 records" in uit.stdout
    assert f"Rol {rollen['app']}: alleen lezen en toevoegen op het logboek, geen eigenaar. In orde." in uit.stdout


@pytest.mark.parametrize(
    "aanval",
    [
        "UPDATE audit_verwerking SET actie = 'exporteren'",
        "DELETE FROM audit_verwerking",
        "TRUNCATE audit_verwerking",
        "TRUNCATE audit_verwerking, audit_ketenkop CASCADE",
        "DELETE FROM audit_ketenkop",
        "ALTER TABLE audit_verwerking DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_verwerking_alleen_toevoegen ON audit_verwerking",
        "SET session_replication_role = replica",
        "DROP TABLE audit_verwerking",
        "CREATE OR REPLACE FUNCTION audit_verwerking_alleen_toevoegen() RETURNS trigger AS 'BEGIN RETURN NEW; END' "
        "LANGUAGE plpgsql",
    ],
)
def test_the_application_role_cannot_rewrite_the_log(rollen: dict[str, str], aanval: str) -> None:
    with psycopg.connect(rollen["app_url"]) as app, pytest.raises(errors.InsufficientPrivilege):
        app.execute(aanval)


def test_the_owner_role_is_reported_as_unfit_to_run_the_application(rollen: dict[str, str]) -> None:
    uit = _wmoketen(
        rollen["eigenaar_url"], Path(rollen["tmp"]), "-m", "wmoketen.cli", "audit", "rechten", "--controleren"
    )
    assert uit.returncode != 0 and "is (lid van de) eigenaar van audit_verwerking" in uit.stderr
