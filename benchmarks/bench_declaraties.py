"""Figures for the declaration intake (prints; not a test).

A region with 20,000 clients, each with an assignment (pxq, 4 h/week); a 323 of ~20 MB (and one of ~5 MB).
Measured in the same run: the bare lxml parse, parse + XSD (level 1), and the whole intake through the exchange
(`bericht_ontvangen`: hardened parse, XSD, level-2 rules, level-3/4 rules against the database, the declaration
rules on bulk-loaded data, storing Declaratie + Prestatie rows, building and storing the 325). Peak memory of the
intake per file size with tracemalloc. Target: intake < 4x (parse + XSD).

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/declaraties .venv/bin/python \
    benchmarks/bench_declaraties.py
(a test database `test_<name>` is created and dropped).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")
os.environ.setdefault("WMOKETEN_UITWISSELING_MAP", tempfile.mkdtemp(prefix="bench-uitwisseling-"))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django

django.setup()

from django.db import connection  # noqa: E402
from lxml import etree  # noqa: E402

CLIENTEN = 20_000


def bsns(aantal: int) -> list[str]:
    """Valid BSNs (11-proef, stdnum) outside the test range, deterministic."""
    from stdnum.nl import bsn

    result = []
    n = 100_000_000
    while len(result) < aantal:
        n += 1
        if bsn.is_valid(f"{n:09d}"):
            result.append(f"{n:09d}")
    return result


def opzetten() -> tuple[str, str, list[tuple[str, int]]]:
    from tests.factories_berichten import keten
    from wmoketen.clienten.models import Client
    from wmoketen.toewijzingen.models import Toewijzing

    k = keten(cbs_code="0363", naam="Amsterdam", agb_code="12345678")
    nummers = bsns(CLIENTEN)
    Client.objects.bulk_create(
        [
            Client(bsn=b, gemeente=k.gemeente, achternaam=f"Test{i}", geboortedatum=date(1950, 1, 1))
            for i, b in enumerate(nummers)
        ],
        batch_size=2000,
    )
    ids = dict(Client.objects.filter(bsn__in=nummers).values_list("bsn", "pk"))
    Toewijzing.objects.bulk_create(
        [
            Toewijzing(
                toewijzing_nummer=100_000 + i,
                client_id=ids[b],
                aanbieder=k.aanbieder,
                product=k.pxq,
                ingangsdatum=date(2025, 1, 1),
                einddatum=date(2025, 12, 31),
                volume=4,
                eenheid="04",
                frequentie="2",
            )
            for i, b in enumerate(nummers)
        ],
        batch_size=2000,
    )
    return "12345678", "0363", [(b, 100_000 + i) for i, b in enumerate(nummers)]


def maak_323(paren: list[tuple[str, int]], eerste: int, twee_maanden: int, nummer: str) -> bytes:
    """One prestatie per client for month `eerste`, a second (month `eerste` + 1) for the first `twee_maanden`."""
    from wmoketen.berichten.codec import build
    from wmoketen.berichten.codec.model import wmo323
    from wmoketen.declaraties.tests.harnas import prestatie, wmo323_bericht

    clienten = tuple(
        wmo323.Client(
            bsn=b,
            prestaties=tuple(
                prestatie(f"{nummer}{t}M{m}", nummer=t, maand=(2025, m), volume=10)
                for m in range(eerste, eerste + (2 if i < twee_maanden else 1))
            ),
        )
        for i, (b, t) in enumerate(paren)
    )
    return build(wmo323_bericht(clienten=clienten, nummer=nummer, periode=(2025, eerste + 1)))


def meet(data: bytes) -> tuple[float, float, float, int, int]:
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
    tracemalloc.start()
    t0 = time.perf_counter()
    ontvangst = bericht_ontvangen(data=data, kanaal=Kanaal.BESTAND, vandaag=date(2025, 5, 6))
    intake = time.perf_counter() - t0
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert ontvangst.retour is not None
    aantal = Prestatie.objects.count() - voor
    goed = Prestatie.objects.filter(status="goedgekeurd").count()
    return kaal, xsd, intake, aantal, piek if goed else -1


def main() -> None:
    from wmoketen.core.werkdagen import werkdagen_na

    werkdagen_na(date(2025, 5, 6), 10)  # warm up: the holiday calendar is imported once per process
    oud = connection.settings_dict["NAME"]
    naam = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor} ({naam})")
        t0 = time.perf_counter()
        _, _, paren = opzetten()
        print(f"opzet: {CLIENTEN:,} cliënten met een toewijzing in {time.perf_counter() - t0:.1f} s")
        klein = maak_323(paren[:3_600], 1, 3_600, "KLEIN1")  # ~5 MB: January and February
        groot = maak_323(paren, 3, 9_000, "GROOT1")  # ~20 MB: March for all, April for 9,000 clients
        for label, data in (("5 MB", klein), ("20 MB", groot)):
            kaal, xsd, intake, aantal, piek = meet(data)
            mb = len(data) / 1e6
            print(
                f"{label}: {mb:.1f} MB, {aantal:,} prestaties | kale lxml-parse {kaal:.2f} s | parse + XSD {xsd:.2f} s"
                f" | hele intake {intake:.2f} s = {aantal / intake:,.0f} prestaties/s"
                f" | verhouding intake / (parse + XSD) {intake / xsd:.1f}x (doel < 4x)"
                f" | piekgeheugen intake {piek / 1e6:.0f} MB"
            )
    finally:
        connection.creation.destroy_test_db(oud, verbosity=0)


if __name__ == "__main__":
    main()
