"""Back-up and restore of the whole database, and the drill that proves a back-up restores to the same data.

PostgreSQL (production) uses pg_dump's custom format and pg_restore, so triggers such as the append-only guard of
the Logboek dataverwerkingen come back too. SQLite (demo) uses SQLite's online back-up API. The drill restores
into a scratch database and compares every table's row count and a checksum over its rows.

The back-up file is encrypted and only its owner can read it (issue 13 item 8): the dump is made in a private
temporary directory and encrypted with Fernet (`cryptography`: AES-128-CBC with HMAC-SHA256, authenticated) under
WMOKETEN_BACKUP_SLEUTEL from the environment, in parts of 4 MB so a large database never sits in memory whole. Each
part carries its number and whether it is the last, inside the authenticated token, so parts cannot be dropped,
reordered or cut off at the end unnoticed. The file is created 0600. Several keys, comma-separated: the first
encrypts, each decrypts (rotation). Restore and drill decrypt into a private temporary directory first.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings as django_settings
from django.db import connection


class BackupFout(Exception):
    pass


KOP = b"WMOKETEN-BACKUP-FERNET-1\n"
DEEL_BYTES = 4 * 1024 * 1024


def _sleutels() -> MultiFernet:
    tekst = str(getattr(django_settings, "WMOKETEN_BACKUP_SLEUTEL", "") or "")
    sleutels = [s.strip() for s in tekst.split(",") if s.strip()]
    if not sleutels:
        raise BackupFout(
            "WMOKETEN_BACKUP_SLEUTEL ontbreekt: een back-up wordt alleen versleuteld geschreven. Maak een sleutel met "
            "`wmoketen backup sleutel` en zet hem in de omgeving (niet in de database of de repository)."
        )
    try:
        return MultiFernet([Fernet(s) for s in sleutels])
    except ValueError as fout:
        raise BackupFout("WMOKETEN_BACKUP_SLEUTEL is geen geldige sleutel (32 bytes, urlsafe base64).") from fout


def nieuwe_sleutel() -> str:
    return Fernet.generate_key().decode()


def versleutelen(bron: Path, doel: Path) -> None:
    """Encrypt `bron` into the new file `doel`, created 0600 (never readable by others, not even for a moment)."""
    f = _sleutels()
    fd = os.open(doel, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as uit, bron.open("rb") as invoer:
        uit.write(KOP)
        nummer = 0
        deel = invoer.read(DEEL_BYTES)
        while True:
            volgend = invoer.read(DEEL_BYTES) if deel else b""
            laatste = not volgend
            token = f.encrypt(nummer.to_bytes(8, "big") + (b"\x01" if laatste else b"\x00") + deel)
            uit.write(len(token).to_bytes(4, "big") + token)
            if laatste:
                break
            deel, nummer = volgend, nummer + 1
        uit.flush()
        os.fsync(uit.fileno())


def ontsleutelen(bron: Path, doel: Path) -> None:
    """Decrypt a back-up written by `versleutelen` into `doel` (0600); refuses a wrong key, a changed, reordered
    or shortened file, and an unencrypted one."""
    f = _sleutels()
    fd = os.open(doel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as uit, bron.open("rb") as invoer:
        if invoer.read(len(KOP)) != KOP:
            raise BackupFout(f"{bron.name} is geen versleutelde back-up van wmoketen.")
        nummer = 0
        while True:
            lengte = invoer.read(4)
            if len(lengte) < 4:
                raise BackupFout(f"{bron.name} is afgebroken: het laatste deel ontbreekt.")
            token = invoer.read(int.from_bytes(lengte, "big"))
            try:
                inhoud = f.decrypt(token)
            except InvalidToken as fout:
                raise BackupFout(
                    f"{bron.name} kan niet worden ontsleuteld: een andere sleutel, of het bestand is gewijzigd."
                ) from fout
            if int.from_bytes(inhoud[:8], "big") != nummer:
                raise BackupFout(f"{bron.name}: de delen staan niet in hun volgorde; het bestand is gewijzigd.")
            uit.write(inhoud[9:])
            if inhoud[8:9] == b"\x01":
                break
            nummer += 1
        if invoer.read(1):
            raise BackupFout(f"{bron.name}: na het laatste deel staat nog iets; het bestand is gewijzigd.")


@contextmanager
def _ontsleuteld(bestand: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="wmoketen-herstel-") as tmp:  # 0700
        klaar = Path(tmp) / "backup"
        ontsleutelen(bestand, klaar)
        yield klaar


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
    """Write an encrypted back-up of the current database to `doel` (0600; created atomically: a half file never
    has the name). The unencrypted dump exists only in a private temporary directory, removed afterwards."""
    settings = connection.settings_dict
    _sleutels()  # no key: refuse before dumping anything
    tijdelijk = doel.with_name(doel.name + ".deel")
    tijdelijk.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="wmoketen-backup-") as tmp:  # 0700
        dump = Path(tmp) / "dump"
        if connection.vendor == "postgresql":
            _run(["pg_dump", "-Fc", "-f", str(dump), *_pg_args(settings), str(settings["NAME"])], _pg_env(settings))
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as kopie:
                connection.connection.backup(kopie)
            kopie.close()
        else:
            raise BackupFout(f"Back-up van {connection.vendor} wordt niet ondersteund.")
        versleutelen(dump, tijdelijk)
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
        with _ontsleuteld(bestand) as kopie, sqlite3.connect(kopie) as verbinding:
            yield tabelstanden_sqlite(verbinding)
        return
    import psycopg

    naam = f"{settings['NAME']}_oefening_{os.getpid()}"
    env, args = _pg_env(settings), _pg_args(settings)
    _run(["dropdb", "--if-exists", *args, naam], env)
    _run(["createdb", *args, naam], env)
    try:
        with _ontsleuteld(bestand) as dump:
            _run(["pg_restore", "--no-owner", "-d", naam, *args, str(dump)], env)
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
    """Restore an encrypted back-up over the current database (PostgreSQL: pg_restore --clean; SQLite: copy
    back). Decrypted first: a wrong key or a changed file changes nothing."""
    settings = connection.settings_dict
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupFout(f"Herstel voor {connection.vendor} wordt niet ondersteund.")
    with _ontsleuteld(bestand) as dump:
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
                    str(dump),
                ],
                _pg_env(settings),
            )
        else:
            connection.ensure_connection()
            with sqlite3.connect(dump) as bron:
                bron.backup(connection.connection)
