"""Back-up and restore of the whole database, and the drill that proves a back-up restores to the same data.

PostgreSQL (production) uses pg_dump's custom format and pg_restore, so triggers such as the append-only guard of
the Logboek dataverwerkingen come back too. SQLite (demo) uses SQLite's online back-up API. The drill restores
into a scratch database and compares every table's row count and a checksum over its rows.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection


class BackupFout(Exception):
    pass


@dataclass(frozen=True)
class TabelStand:
    tabel: str
    rijen: int
    controlegetal: str


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _pg_args(settings: dict[str, Any]) -> list[str]:
    args = []
    if settings.get("HOST"):
        args += ["-h", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["-p", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["-U", str(settings["USER"])]
    return args


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupFout(f"{Path(cmd[0]).name} mislukt: {result.stderr.strip()[-400:]}")


def backup_maken(doel: Path) -> Path:
    """Write a back-up of the current database to `doel` (created atomically: a half file never has the name)."""
    settings = connection.settings_dict
    tijdelijk = doel.with_name(doel.name + ".deel")
    if connection.vendor == "postgresql":
        _run(["pg_dump", "-Fc", "-f", str(tijdelijk), *_pg_args(settings), str(settings["NAME"])], _pg_env(settings))
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(tijdelijk) as kopie:
            connection.connection.backup(kopie)
        kopie.close()
    else:
        raise BackupFout(f"Back-up van {connection.vendor} wordt niet ondersteund.")
    os.replace(tijdelijk, doel)
    return doel


def tabelstanden_sqlite(verbinding: sqlite3.Connection) -> list[TabelStand]:
    tabellen = [r[0] for r in verbinding.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    standen = []
    for tabel in tabellen:
        if tabel.startswith("sqlite_"):
            continue
        kolommen = [r[1] for r in verbinding.execute(f'PRAGMA table_info("{tabel}")')]
        # CAST to TEXT: Django's connection converts by declared type, a plain one does not; text is the same.
        selectie = ", ".join(f'CAST("{k}" AS TEXT)' for k in kolommen)
        h = hashlib.sha256()
        aantal = 0
        for rij in verbinding.execute(f'SELECT {selectie} FROM "{tabel}" ORDER BY rowid'):
            h.update(repr(rij).encode())
            aantal += 1
        standen.append(TabelStand(tabel, aantal, h.hexdigest()))
    return standen


def tabelstanden_postgres(cursor: Any) -> list[TabelStand]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    standen = []
    for (tabel,) in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{tabel}\" t"
        )
        aantal, md5 = cursor.fetchone()
        standen.append(TabelStand(tabel, aantal, md5))
    return standen


def huidige_standen() -> list[TabelStand]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return tabelstanden_postgres(cursor)
    connection.ensure_connection()
    return tabelstanden_sqlite(connection.connection)


@contextmanager
def _herstelde_database(bestand: Path) -> Iterator[list[TabelStand]]:
    """Restore `bestand` into a scratch database, yield its table states, and remove the scratch database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            kopie = Path(tmp) / "hersteld.sqlite3"
            shutil.copyfile(bestand, kopie)
            with sqlite3.connect(kopie) as verbinding:
                yield tabelstanden_sqlite(verbinding)
        return
    import psycopg

    naam = f"{settings['NAME']}_oefening_{os.getpid()}"
    env, args = _pg_env(settings), _pg_args(settings)
    _run(["dropdb", "--if-exists", *args, naam], env)
    _run(["createdb", *args, naam], env)
    try:
        _run(["pg_restore", "--no-owner", "-d", naam, *args, str(bestand)], env)
        delen = {
            "dbname": naam,
            "host": settings.get("HOST"),
            "port": settings.get("PORT"),
            "user": settings.get("USER"),
            "password": settings.get("PASSWORD"),
        }
        conninfo = psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in delen.items() if v})
        with psycopg.connect(conninfo) as pg, pg.cursor() as cursor:
            yield tabelstanden_postgres(cursor)
    finally:
        _run(["dropdb", "--if-exists", *args, naam], env)


@dataclass(frozen=True)
class Oefening:
    tabellen: int
    rijen: int
    afwijkingen: list[str]

    @property
    def geslaagd(self) -> bool:
        return not self.afwijkingen


def herstel_oefening(bestand: Path, verwacht: list[TabelStand] | None = None) -> Oefening:
    """Restore the back-up elsewhere and compare it table by table with `verwacht` (default: the live database)."""
    verwacht = verwacht if verwacht is not None else huidige_standen()
    with _herstelde_database(bestand) as hersteld:
        terug = {s.tabel: s for s in hersteld}
    afwijkingen = []
    for stand in verwacht:
        h = terug.get(stand.tabel)
        if h is None:
            afwijkingen.append(f"{stand.tabel}: ontbreekt na herstel")
        elif h.rijen != stand.rijen:
            afwijkingen.append(f"{stand.tabel}: {stand.rijen} rijen, na herstel {h.rijen}")
        elif h.controlegetal != stand.controlegetal:
            afwijkingen.append(f"{stand.tabel}: zelfde aantal rijen, andere inhoud")
    return Oefening(len(verwacht), sum(s.rijen for s in verwacht), afwijkingen)


def herstellen(bestand: Path) -> None:
    """Restore a back-up over the current database (PostgreSQL: pg_restore --clean; SQLite: copy back)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "-d",
                str(settings["NAME"]),
                *_pg_args(settings),
                str(bestand),
            ],
            _pg_env(settings),
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(bestand) as bron:
            bron.backup(connection.connection)
    else:
        raise BackupFout(f"Herstel voor {connection.vendor} wordt niet ondersteund.")
