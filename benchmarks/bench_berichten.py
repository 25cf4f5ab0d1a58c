"""Figures for the iWmo message layer (prints; not a test).

1. Build 301 messages for 10,000 clients (one 301 per client, as the standard requires): messages/s.
2. A ~20 MB 323 (in a temp dir): bare lxml parse MB/s versus hardened parse + XSD (level 1) + level-2 rules,
   and the ratio (target: at most 3x the bare parse); `wmoketen validate` with all rules the message alone can show
   (levels 1, 2 and TR346) next to the official validation XSLT of the iStandaarden (target: faster than the XSLT).
   The XSLT compares every prestatie with all earlier ones (TR315/TR316), so its time grows faster than the square
   of the size: it is timed on 0.5, 1 and 2 MB and extrapolated to the 20 MB file (`--xslt-20mb` runs it on the 20 MB
   file itself: hours of CPU).

Run: .venv/bin/python benchmarks/bench_berichten.py
"""

from __future__ import annotations

import math
import os
import sys
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
from wmoketen.berichten.rules import validate, validate_bericht  # noqa: E402
from wmoketen.berichten.rules.officieel import officiele_codes  # noqa: E402
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


def make_323(target_mb: float = TARGET_MB) -> bytes:
    bsns = test_bsns(900)
    base = f.prestatie()
    clienten = []
    n = 0
    per_client = 40  # at most ~900 test BSNs, each client once (TR101)
    # one prestatie is ~690 bytes of XML; aim at TARGET_MB
    for c in range(int(target_mb * 1024 * 1024) // (690 * per_client)):
        prestaties = []
        for _ in range(per_client):
            n += 1  # each line its own assignment: no double debet for one period (TR416)
            prestaties.append(
                replace(base, product_referentie=Referentie(referentie_nummer=f"P{n:010d}"), toewijzing_nummer=n)
            )
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
    alles = best_of(3, lambda: validate_bericht(data))
    print(f"  wmoketen validate (alle regels):    {mb / alles:7.1f} MB/s ({alles:.3f} s: niveau 1, 2 en TR346)")
    if "--xslt-20mb" in sys.argv:
        xslt = best_of(1, lambda: officiele_codes(etree.fromstring(data)))
        print(f"  officiële validatie (XSLT, lxml):   {mb / xslt:7.3f} MB/s ({xslt:.0f} s, gemeten)")
    else:
        gemeten = []
        for kleiner in (0.5, 1, 2):
            klein = make_323(kleiner)
            assert officiele_codes(etree.fromstring(klein)) == set()
            ons = best_of(3, lambda: validate_bericht(klein))  # noqa: B023
            tijd = best_of(1, lambda: officiele_codes(etree.fromstring(klein)))  # noqa: B023
            gemeten.append((len(klein), tijd))
            mb_klein = len(klein) / 1e6
            print(f"  {mb_klein:4.1f} MB: validate {ons:.3f} s, officiële XSLT {tijd:.2f} s ({tijd / ons:.0f}x)")
        (m1, t1), (m2, t2) = gemeten[-2], gemeten[-1]
        exponent = math.log(t2 / t1) / math.log(m2 / m1)
        xslt = t2 * (len(data) / m2) ** exponent
        print(
            f"  officiële validatie (XSLT), 20 MB:  ± {xslt / 3600:.1f} uur "
            f"(geëxtrapoleerd: tijd ~ grootte^{exponent:.1f})"
        )
    print(f"  validate sneller dan de XSLT:       {xslt / alles:7.0f}x (doel: sneller)")


if __name__ == "__main__":
    bench_build_301()
    bench_323()
