"""Figures for the declaration intake (prints; not a test).

A region with 9,000 clients from the BSN test range (`wmoketen.core.bsn.test_bsns`, the 9999 range: ~9,090
valid numbers, so no real BSN is ever used) and 20,000 assignments at one provider: every client has two or three
(02A01 begeleiding per week, 02A02 begeleiding in total for the period, and for every other client of the first
4,000 a 14A01 hulpmiddel), so the prestatie count and file size are those of the earlier 20,000-clients setup.
A 323 of ~20 MB (29,000 prestaties: March for every assignment, April for the first 9,000) and one of ~5 MB
(7,200: January and February for the first 3,600 assignments).

Measured in the same run: the bare lxml parse, parse + XSD (level 1), and the whole intake through the exchange
(`bericht_ontvangen`: streaming parse with the XSD, level-2 rules, level-3/4 rules against the database, the
declaration rules per part, storing the message, Declaratie + Prestatie rows, audit records, building and storing
the 325). Three passes per file: the peak of Python allocations with tracemalloc (it slows Python 2-3x, so this
pass is rolled back and not timed), the growth of the peak resident memory of the process (Linux VmHWM after a
reset: includes what lxml and psycopg allocate in C; rolled back), then the time (committed). The file itself is
in memory before either measurement starts: it is the input.
Target: intake < 4x (parse + XSD), memory flat as the file grows.

Also printed, per file: a floor that no implementation of this intake can go below on this machine and database,
made of two parts measured without any rule and without Python per prestatie: the streaming read with the XSD
(flat memory needs it), and the server's own work to store the prestatie rows with their indexes and foreign-key
checks; and the same floor without the foreign-key checks (docs/declaraties.md).

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/declaraties .venv/bin/python \
    benchmarks/bench_declaraties.py
(a test database `test_<name>` is created and dropped). BENCH_SCHAAL=0.1 scales everything down (profiling).
"""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")
os.environ.setdefault("WMOKETEN_UITWISSELING_MAP", tempfile.mkdtemp(prefix="bench-uitwisseling-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from lxml import etree  # noqa: E402

SCHAAL = float(os.environ.get("BENCH_SCHAAL", "1"))
CLIENTEN = int(9_000 * SCHAAL)
TOEWIJZINGEN = int(20_000 * SCHAAL)
# (product attribute of the keten, assignment volume, prestatie fields)
PRODUCTEN: dict[str, tuple[int, dict[str, Any]]] = {
    "pxq": (4, {"categorie": "02", "code": "02A01", "eenheid": "04", "tarief": 6050}),
    "totaal": (400, {"categorie": "02", "code": "02A02", "eenheid": "04", "tarief": 6050}),
    "hulpmiddel": (50, {"categorie": "14", "code": "14A01", "eenheid": "84", "tarief": 1000}),
}


def toewijzingsplan(aantal: int, clienten: int) -> list[tuple[int, str]]:
    """(client index, product) per assignment: 02A01 and 02A02 for everyone, 14A01 for the rest, spread."""
    plan = [(i, "pxq") for i in range(clienten)] + [(i, "totaal") for i in range(clienten)]
    plan += [(2 * i % clienten, "hulpmiddel") for i in range(aantal - len(plan))]
    # interleave so the first assignments cover few clients with all their products (like one region's run)
    return sorted(plan[:aantal], key=lambda x: (x[0], x[1] != "pxq", x[1]))


def opzetten() -> list[tuple[str, int, str]]:
    from tests.factories_berichten import keten
    from wmoketen.clienten.models import Client
    from wmoketen.core.bsn import test_bsns
    from wmoketen.toewijzingen.models import Toewijzing

    k = keten(cbs_code="0363", naam="Amsterdam", agb_code="12345678")
    nummers = [b for b in test_bsns(CLIENTEN + 1) if b != k.client.bsn][:CLIENTEN]
    Client.objects.bulk_create(
        [
            Client(bsn=b, gemeente=k.gemeente, achternaam=f"Test{i}", geboortedatum=date(1950, 1, 1))
            for i, b in enumerate(nummers)
        ],
        batch_size=2000,
    )
    ids = dict(Client.objects.filter(bsn__in=nummers).values_list("bsn", "pk"))
    plan = toewijzingsplan(TOEWIJZINGEN, CLIENTEN)
    Toewijzing.objects.bulk_create(
        [
            Toewijzing(
                toewijzing_nummer=100_000 + j,
                client_id=ids[nummers[c]],
                aanbieder=k.aanbieder,
                product=getattr(k, soort),
                ingangsdatum=date(2025, 1, 1),
                einddatum=date(2025, 12, 31),
                volume=PRODUCTEN[soort][0],
                eenheid=PRODUCTEN[soort][1]["eenheid"],
                frequentie="2" if soort == "pxq" else "6",
            )
            for j, (c, soort) in enumerate(plan)
        ],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production
    return [(nummers[c], 100_000 + j, soort) for j, (c, soort) in enumerate(plan)]


def maak_323(toewijzingen: list[tuple[str, int, str]], eerste: int, twee_maanden: int, nummer: str) -> bytes:
    """One prestatie per assignment for month `eerste`, a second (month `eerste` + 1) for the first
    `twee_maanden` assignments; the prestaties of one client under one Client element."""
    from wmoketen.berichten.codec import build
    from wmoketen.berichten.codec.model import wmo323
    from wmoketen.declaraties.tests.harnas import prestatie, wmo323_bericht

    per_client: dict[str, list[wmo323.Prestatie]] = {}
    for i, (b, t, soort) in enumerate(toewijzingen):
        for m in range(eerste, eerste + (2 if i < twee_maanden else 1)):
            velden = PRODUCTEN[soort][1]
            per_client.setdefault(b, []).append(
                prestatie(f"{nummer}{t}M{m}", nummer=t, maand=(2025, m), volume=10, **velden)
            )
    clienten = tuple(wmo323.Client(bsn=b, prestaties=tuple(ps)) for b, ps in per_client.items())
    return build(wmo323_bericht(clienten=clienten, nummer=nummer, periode=(2025, eerste + 1)))


def rss_piek_begin() -> int | None:
    """Linux: reset the process's peak resident memory (VmHWM) to now and return the current RSS in bytes."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return _status("VmRSS")
    except OSError:
        return None


def rss_groei(data: bytes, opwarmen: bytes) -> int | None:
    """Growth of the peak resident memory (Linux VmHWM: C allocations of lxml and psycopg included) while one
    intake runs, measured in a fresh process that first takes a small 323 (imports, caches), so memory an
    earlier measurement left in the allocator does not hide the growth. None where /proc is missing."""
    if not os.path.exists("/proc/self/clear_refs"):
        return None
    with tempfile.TemporaryDirectory() as map_:
        paden = [os.path.join(map_, naam) for naam in ("opwarmen.xml", "meten.xml")]
        for pad, inhoud in zip(paden, (opwarmen, data), strict=True):
            with open(pad, "wb") as handle:
                handle.write(inhoud)
        env = {**os.environ, "DATABASE_URL": _database_url()}
        uit = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--rss", *paden], env=env, capture_output=True, text=True
        )
    if uit.returncode != 0:
        raise RuntimeError(uit.stderr)
    return int(uit.stdout.strip().splitlines()[-1])


def _database_url() -> str:
    instellingen = connection.settings_dict
    return (
        f"postgres://{instellingen['USER']}@{instellingen['HOST'] or '127.0.0.1'}:{instellingen['PORT'] or 5432}/"
        f"{instellingen['NAME']}"
    )


def rss_meting(opwarmen: str, meten: str) -> None:
    """The child of `rss_groei`: prints the growth in bytes."""
    from wmoketen.berichten.constants import Kanaal
    from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen

    for pad, meet_dit in ((opwarmen, False), (meten, True)):
        with open(pad, "rb") as handle:
            data = handle.read()
        gc.collect()
        begin = rss_piek_begin()
        with transaction.atomic():
            bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, vandaag=date(2025, 5, 6))
            transaction.set_rollback(True)
        if meet_dit and begin is not None:
            print(_status("VmHWM") - begin)


def _status(veld: str) -> int:
    with open("/proc/self/status") as handle:
        for regel in handle:
            if regel.startswith(veld + ":"):
                return int(regel.split()[1]) * 1024
    raise OSError(veld)


def meet(data: bytes, opwarmen: bytes) -> tuple[float, float, float, int, int, int | None]:
    from wmoketen.berichten.codec import read_xml
    from wmoketen.berichten.codec.schema import schema_for
    from wmoketen.berichten.constants import Kanaal
    from wmoketen.berichten.uitwisseling.ontvangen import bericht_ontvangen
    from wmoketen.declaraties.models import Prestatie

    t0 = time.perf_counter()
    etree.fromstring(data)
    kaal = time.perf_counter() - t0
    t0 = time.perf_counter()
    parsed = read_xml(data)
    assert schema_for(parsed.soort).validate(parsed.root)
    xsd = time.perf_counter() - t0
    del parsed
    voor = Prestatie.objects.count()
    goed_voor = Prestatie.objects.filter(status="goedgekeurd").count()
    with transaction.atomic():  # pass 1: peak Python memory (tracemalloc), rolled back
        tracemalloc.start()
        bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, vandaag=date(2025, 5, 6))
        _, piek = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    rss = rss_groei(data, opwarmen)  # pass 2: peak resident memory in a fresh process, rolled back
    if connection.vendor == "postgresql":
        # planner statistics of what is stored now (the 5 MB message before the 20 MB one), as autovacuum keeps
        # them in production
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    t0 = time.perf_counter()  # pass 3: time, committed
    ontvangst = bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, vandaag=date(2025, 5, 6))
    intake = time.perf_counter() - t0
    assert ontvangst.retour is not None
    aantal = Prestatie.objects.count() - voor
    goed = Prestatie.objects.filter(status="goedgekeurd").count() - goed_voor
    assert goed == aantal, f"{aantal - goed} prestaties afgewezen"
    return kaal, xsd, intake, aantal, piek, rss


def lezen_met_xsd(data: bytes) -> float:
    """Floor 1: one streaming pass with the XSD that only drops what it read (no field is looked at)."""
    from wmoketen.berichten.codec.schema import schema_for
    from wmoketen.berichten.uitwisseling.stroom323 import NS, SOORT

    t0 = time.perf_counter()
    for _, client in etree.iterparse(io.BytesIO(data), events=("end",), tag=f"{NS}Client", schema=schema_for(SOORT)):
        client.clear()
        while client.getprevious() is not None:
            del client.getparent()[0]
    return time.perf_counter() - t0


def rijen_opslaan(declaratie_nummer: str) -> tuple[float, float] | None:
    """Floor 2: the server's work to store the prestatie rows of the measured intake once more, with no Python
    per row: INSERT ... SELECT under a second declaration, rolled back. Measured with the foreign-key checks
    made immediate (what a commit would run), and again with the foreign keys dropped inside the rolled-back
    transaction (DDL is transactional in PostgreSQL): (with, without). PostgreSQL only."""
    if connection.vendor != "postgresql":
        return None
    return _kopieer_rijen(declaratie_nummer, zonder_fk=False), _kopieer_rijen(declaratie_nummer, zonder_fk=True)


def _kopieer_rijen(declaratie_nummer: str, *, zonder_fk: bool) -> float:
    from wmoketen.declaraties.models import Declaratie, Prestatie

    tabel = Prestatie._meta.db_table
    bron = Declaratie.objects.get(declaratie_nummer=declaratie_nummer)
    kolommen = [f.column for f in Prestatie._meta.concrete_fields if f.column not in ("id", "declaratie_id")]
    lijst = ", ".join(kolommen)
    selectie = lijst.replace("referentie_nummer,", "'V' || referentie_nummer,", 1)  # TR314's unique index
    with transaction.atomic(), connection.cursor() as cursor:
        kopie = Declaratie.objects.get(pk=bron.pk)
        kopie.pk, kopie.declaratie_nummer = None, f"V{declaratie_nummer}"
        kopie.save()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks a commit would run, now
        if zonder_fk:
            cursor.execute(f"SELECT conname FROM pg_constraint WHERE conrelid = '{tabel}'::regclass AND contype = 'f'")
            for (naam,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {tabel} DROP CONSTRAINT "{naam}"')
        t0 = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {tabel} (declaratie_id, {lijst}) SELECT %s, {selectie} FROM {tabel} WHERE declaratie_id = %s",
            [kopie.pk, bron.pk],
        )
        duur = time.perf_counter() - t0
        transaction.set_rollback(True)
    return duur


def main() -> None:
    from wmoketen.core.werkdagen import werkdagen_na

    werkdagen_na(date(2025, 5, 6), 10)  # warm up: the holiday calendar is imported once per process
    oud = connection.settings_dict["NAME"]
    naam = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor} ({naam})")
        t0 = time.perf_counter()
        toewijzingen = opzetten()
        print(
            f"opzet: {CLIENTEN:,} cliënten (BSN-testreeks) met {len(toewijzingen):,} toewijzingen"
            f" in {time.perf_counter() - t0:.1f} s"
        )
        n = len(toewijzingen)
        klein = maak_323(toewijzingen[: n * 18 // 100], 1, n, "KLEIN1")  # ~5 MB: January and February
        piepklein = maak_323(toewijzingen[:20], 1, 0, "OPWARM")  # warms up the process of the memory pass
        groot = maak_323(toewijzingen, 3, n * 45 // 100, "GROOT1")  # ~20 MB: March for all, April for 45%
        for label, data, nummer in (("5 MB", klein, "KLEIN1"), ("20 MB", groot, "GROOT1")):
            kaal, xsd, intake, aantal, piek, rss = meet(data, piepklein)
            lezen, opslaan = lezen_met_xsd(data), rijen_opslaan(nummer)
            mb = len(data) / 1e6
            rss_tekst = f"{rss / 1e6:.0f} MB" if rss is not None else "n.v.t. (alleen Linux)"
            print(
                f"{label}: {mb:.1f} MB, {aantal:,} prestaties | kale lxml-parse {kaal:.2f} s | parse + XSD {xsd:.2f} s"
                f" | hele intake {intake:.2f} s = {aantal / intake:,.0f} prestaties/s"
                f" | verhouding intake / (parse + XSD) {intake / xsd:.1f}x (doel < 4x)"
                f" | piekgeheugen intake: Python {piek / 1e6:.0f} MB, groei RSS {rss_tekst}"
            )
            if opslaan is not None:
                met, zonder = opslaan
                print(
                    f"  ondergrens zonder regels en zonder Python per prestatie: lezen met XSD {lezen:.2f} s"
                    f" ({lezen / xsd:.1f}x) + rijen opslaan op de server {met:.2f} s ({met / xsd:.1f}x)"
                    f" = {(lezen + met) / xsd:.1f}x; zonder de FK-controles: rijen opslaan {zonder:.2f} s"
                    f" ({zonder / xsd:.1f}x) = {(lezen + zonder) / xsd:.1f}x"
                )
    finally:
        connection.creation.destroy_test_db(oud, verbosity=0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--rss"]:
        rss_meting(*sys.argv[2:4])
    else:
        main()
