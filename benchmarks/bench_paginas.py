"""Figures for the most used pages per role (prints; not a test). Issue 20 item 4: p95 < 300 ms per page at 100,000
clients.

The demo (the small test region, users per role) plus BENCH_CLIENTEN clients (default 100,000) spread over the
demo's gemeenten, each with a running assignment at one of the demo's providers, bulk-inserted. Per role the pages
are chosen as the query-count test chooses them (tests.paginas: the first 20 kinds of page reached from the role's
start page, breadth first: there is no usage log to rank them by), then each page is requested BENCH_HERHALINGEN
times (default 20) in-process through Django's test client (the full middleware stack, no HTTP server) and its p50,
p95 and query count are printed, with the process's CPU time next to the wall time (the machine is shared).

  DATABASE_URL=postgres://postgres@127.0.0.1:5432/paginas .venv/bin/python benchmarks/bench_paginas.py
BENCH_CLIENTEN=10000 for a reduced run.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

CLIENTEN = int(os.environ.get("BENCH_CLIENTEN", "100000"))
HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "20"))
DOEL_MS = 300
KLEIN = ROOT / "src" / "wmoketen" / "contracten" / "tests" / "regiobestanden" / "klein.yaml"


def vullen(map_: Path) -> None:
    from bench_monitoring import benchmark_bsn  # fails the 11-proef on purpose: never a real person
    from django.core.management import call_command

    from wmoketen.catalogus.models import Gemeente, Product
    from wmoketen.clienten.models import Client
    from wmoketen.contracten.models import Aanbieder
    from wmoketen.toewijzingen.models import Nummerreeks, Toewijzing

    regios = map_ / "regios"
    regios.mkdir()
    shutil.copy(KLEIN, regios / "klein.yaml")
    call_command("demo", regions=str(regios), stdout=io.StringIO())
    gemeenten = list(Gemeente.objects.filter(regios__isnull=False).distinct().order_by("cbs_code"))
    producten = [p for p in Product.objects.order_by("pk") if p.bekostigingen.exists()]
    aanbieders = list(Aanbieder.objects.order_by("pk"))
    bekend = set(Client.objects.values_list("bsn", flat=True))
    bsns = [b for b in (benchmark_bsn(i) for i in range(CLIENTEN + len(bekend))) if b not in bekend][:CLIENTEN]
    moment = timezone.make_aware(datetime(2024, 1, 2, 9, 0))
    eerste = (
        Toewijzing.objects.order_by("-toewijzing_nummer").values_list("toewijzing_nummer", flat=True).first() or 0
    ) + 1
    for begin in range(0, len(bsns), 5000):
        clienten = Client.objects.bulk_create(
            Client(
                bsn=bsn,
                geboortedatum=date(1950, 1, 1),
                achternaam=f"Bench{begin + i}",
                voorletters="B.",
                gemeente=gemeenten[(begin + i) % len(gemeenten)],
                straat="Benchstraat",
                huisnummer=1 + i % 200,
                postcode="6001AB",
                plaats="Weert",
            )
            for i, bsn in enumerate(bsns[begin : begin + 5000])
        )
        Toewijzing.objects.bulk_create(
            Toewijzing(
                toewijzing_nummer=eerste + begin + i,
                client=c,
                aanbieder=aanbieders[(begin + i) % len(aanbieders)],
                product=producten[(begin + i) % len(producten)],
                ingangsdatum=date(2024, 1, 1),
                einddatum=date(2026, 12, 31),
                volume=4,
                eenheid="04",
                frequentie="2",
                gewijzigd_op=moment,
            )
            for i, c in enumerate(clienten)
        )
    Nummerreeks.objects.update_or_create(pk=1, defaults={"laatste": eerste + len(bsns)})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def main() -> None:
    from django.conf import settings
    from django.test import Client as HttpClient

    from tests.auth import login_met_tweede_factor
    from tests.paginas import paginas_van_rol
    from wmoketen.accounts.constants import Rol
    from wmoketen.accounts.models import Gebruiker

    setup_test_environment()
    map_ = Path(tempfile.mkdtemp(prefix="bench-paginas-"))
    settings.WMOKETEN_UITWISSELING_MAP = map_ / "uitwisseling"
    settings.WMOKETEN_AUDIT_CONTROLEPUNTEN = map_ / "controlepunten.jsonl"  # never the shared var/logboek
    oude_naam = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        t0 = time.perf_counter()
        vullen(map_)
        print(
            f"{connection.vendor}: demo + {CLIENTEN:,} cliënten met een toewijzing in {time.perf_counter() - t0:.0f} s"
        )
        print(f"per pagina {HERHALINGEN} verzoeken; doel p95 < {DOEL_MS} ms")
        boven = 0
        for rol in Rol.values:
            gebruiker = Gebruiker.objects.filter(rol=rol, is_superuser=False).order_by("username").first()
            if gebruiker is None:
                continue
            http = login_met_tweede_factor(HttpClient(), gebruiker)
            paginas = paginas_van_rol(http)
            print(f"\n{rol} ({gebruiker.username}): {len(paginas)} pagina's")
            for soort, url in paginas:
                http.get(url)  # warm
                tijden: list[float] = []
                cpu0 = time.process_time()
                with CaptureQueriesContext(connection) as ctx:
                    for _ in range(HERHALINGEN):
                        t = time.perf_counter()
                        http.get(url)
                        tijden.append((time.perf_counter() - t) * 1000)
                cpu = (time.process_time() - cpu0) * 1000 / HERHALINGEN
                p50 = statistics.median(tijden)
                p95 = statistics.quantiles(tijden, n=20)[-1] if len(tijden) >= 2 else tijden[0]
                teken = "" if p95 < DOEL_MS else "  <-- boven doel"
                boven += p95 >= DOEL_MS
                print(
                    f"  {soort:<45} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  CPU {cpu:6.1f} ms  "
                    f"{len(ctx) // HERHALINGEN:3d} queries  {url}{teken}"
                )
        print(f"\n{boven} pagina's met p95 boven {DOEL_MS} ms")
    finally:
        connection.creation.destroy_test_db(oude_naam, verbosity=0)
        shutil.rmtree(map_, ignore_errors=True)


if __name__ == "__main__":
    main()
