"""Figures for the iWmo message layer (prints; not a test).

1. Build 301 messages for 10,000 clients (one 301 per client, as the standard requires): messages/s.
2. A ~20 MB 323 (in a temp dir): bare lxml parse MB/s versus hardened parse + XSD (level 1) + level-2 rules,
   and the ratio (target: at most 3x the bare parse).

Run: .venv/bin/python benchmarks/bench_berichten.py
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wmoketen.conf.test")

import django

django.setup()

from lxml import etree  # noqa: E402

from wmoketen.berichten.codec import build, parse  # noqa: E402
from wmoketen.berichten.codec.model import wmo323  # noqa: E402
from wmoketen.berichten.codec.model.basis import Referentie, TotaalBedragMetDC  # noqa: E402
from wmoketen.berichten.rules import validate  # noqa: E402
from wmoketen.berichten.tests import factories as f  # noqa: E402
from wmoketen.core.bsn import test_bsns  # noqa: E402

CLIENTS = 10_000
TARGET_MB = 20


def bench_build_301() -> None:
    bsns = test_bsns(900)  # the 9999 test range holds about 900 valid numbers; reuse them
    template = f.wmo301_bericht()
    berichten = [
        replace(template, client=replace(template.client, bsn=bsns[i % len(bsns)]),
                header=replace(template.header, bericht_identificatie=replace(
                    template.header.bericht_identificatie, identificatie=f"B{i:08d}")))
        for i in range(CLIENTS)
    ]  # fmt: skip
    start = time.perf_counter()
    total = sum(len(build(b)) for b in berichten)
    seconds = time.perf_counter() - start
    print(f"301 bouwen (incl. XSD-validatie): {CLIENTS} berichten in {seconds:.2f} s = "
          f"{CLIENTS / seconds:,.0f} berichten/s ({total / 1e6:.1f} MB)")  # fmt: skip


def make_323() -> bytes:
    bsns = test_bsns(900)
    base = f.prestatie()
    clienten = []
    n = 0
    per_client = 20
    # one prestatie is ~690 bytes of XML; aim at TARGET_MB
    for c in range(TARGET_MB * 1024 * 1024 // (690 * per_client)):
        prestaties = []
        for _ in range(per_client):
            n += 1
            prestaties.append(replace(base, product_referentie=Referentie(referentie_nummer=f"P{n:010d}")))
        clienten.append(wmo323.Client(bsn=bsns[c % len(bsns)], prestaties=tuple(prestaties)))
    som = n * base.ingediend_bedrag.bedrag
    bericht = f.wmo323_bericht()
    declaratie = replace(
        bericht.declaratie,
        clienten=tuple(clienten),
        totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=som, debet_credit="D"),
    )
    print(f"323 gemaakt: {len(clienten)} cliënten, {n} prestaties, declaratieperiode {date(2025, 3, 1):%Y-%m}")
    return build(replace(bericht, declaratie=declaratie))


def best_of(runs: int, action) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def bench_323() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wmo323.xml"
        path.write_bytes(make_323())
        data = path.read_bytes()
    mb = len(data) / 1024 / 1024
    bare = best_of(3, lambda: etree.fromstring(data))
    result = validate(data)
    assert result.is_valid, result.findings[:3]
    full = best_of(3, lambda: validate(data))
    objects = best_of(1, lambda: parse(data))
    print(f"323 van {mb:.1f} MB")
    print(f"  kale lxml-parse:                    {mb / bare:7.1f} MB/s ({bare:.3f} s)")
    print(f"  veilige parse + XSD + niveau 2:     {mb / full:7.1f} MB/s ({full:.3f} s)")
    print(f"  verhouding validatie / kale parse:  {full / bare:7.2f}x (doel: hooguit 3x)")
    print(f"  parse() naar Python-objecten:       {mb / objects:7.1f} MB/s ({objects:.3f} s, ter informatie)")


if __name__ == "__main__":
    bench_build_301()
    bench_323()
