"""Fuzzing the two doors through which outside input enters: the iWmo message intake and the region-file loader.

Random and mutated input, bounded by a fixed number of examples per run: every outcome is either a normal result
or the door's own Dutch refusal (never another exception), and a refusal leaves the database exactly as it was.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wmoketen.berichten.codec import build
from wmoketen.berichten.constants import Kanaal
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.tests import factories as f
from wmoketen.berichten.uitwisseling.ontvangen import BerichtGeweigerd, bericht_ontvangen
from wmoketen.catalogus.models import Bekostiging, Perceel, Product, Regio, Segment, Tarief
from wmoketen.contracten.models import Budgetplafond, Overeenkomst
from wmoketen.contracten.regiobestand.fouten import RegiobestandFout
from wmoketen.contracten.services import regio_laden
from wmoketen.toewijzingen.models import Start, Stop, Toewijzing

pytestmark = pytest.mark.django_db
# In CI a fixed seed keeps the run reproducible; locally every run explores new input.
FUZZ = settings(
    max_examples=int(os.environ.get("WMOKETEN_FUZZ_VOORBEELDEN", "100")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=bool(os.environ.get("CI")),
)
KLEIN = Path(__file__).resolve().parents[1] / "src/wmoketen/contracten/tests/regiobestanden/klein.yaml"

GIFTIG = [
    b'<!DOCTYPE Bericht [<!ENTITY x "xxxxxxxxxx">]>',
    b'<!DOCTYPE Bericht SYSTEM "http://kwaad.example/x.dtd">',
    b'<!ENTITY y SYSTEM "file:///etc/passwd">',
    b"&x;",
    b"<![CDATA[",
    b"<!--",
    b"\x00",
    b"\xff\xfe",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>',
    b"a" * 5000,
]


def _mutatie(data: bytes) -> st.SearchStrategy[bytes]:
    plek = st.integers(min_value=0, max_value=len(data))
    return st.one_of(
        st.binary(max_size=2000),
        plek.map(lambda i: data[:i]),
        st.tuples(plek, st.integers(0, 255)).map(lambda t: data[: t[0]] + bytes([t[1]]) + data[t[0] + 1 :]),
        st.tuples(plek, st.sampled_from(GIFTIG)).map(lambda t: data[: t[0]] + t[1] + data[t[0] :]),
        st.tuples(plek, plek).map(lambda t: data[: min(t)] + data[min(t) : max(t)] * 2 + data[max(t) :]),
        st.tuples(plek, st.text(max_size=40)).map(lambda t: data[: t[0]] + t[1].encode() + data[t[0] :]),
    )


BASIS_BERICHTEN = [build(f.wmo305_bericht()), build(f.wmo307_bericht()), build(f.wmo301_bericht())]


def _domeinstand() -> tuple[int, ...]:
    return (Bericht.objects.count(), Start.objects.count(), Stop.objects.count(), Toewijzing.objects.count())


@FUZZ
@given(st.sampled_from(range(len(BASIS_BERICHTEN))).flatmap(lambda i: _mutatie(BASIS_BERICHTEN[i])))
def test_message_intake_never_crashes_and_refusal_writes_nothing(data: bytes) -> None:
    voor = _domeinstand()
    try:
        bericht_ontvangen(data=data, kanaal=Kanaal.HTTP, vandaag=date(2025, 3, 4))
    except BerichtGeweigerd as fout:
        assert str(fout)  # a Dutch reason for the sender
        assert _domeinstand() == voor


def _catalogus() -> list[tuple[object, ...]]:
    rijen: list[tuple[object, ...]] = []
    for model in (Regio, Segment, Perceel, Product, Bekostiging, Tarief, Overeenkomst, Budgetplafond):
        rijen += [tuple(r.values()) for r in model.objects.order_by("pk").values()]
    return rijen


REGELS = KLEIN.read_text(encoding="utf-8").splitlines()
WAARDEN = [
    "",
    "-1",
    "1.5",
    "null",
    "[",
    "{",
    "'x'",
    "x" * 300,
    "2022-13-45",
    "é\u202e",
    ": :",
    "!!python/object:os.system",
]


def _regio_mutatie() -> st.SearchStrategy[str]:
    plek = st.integers(min_value=0, max_value=len(REGELS) - 1)

    def vervang_waarde(t: tuple[int, str]) -> list[str]:
        regels = list(REGELS)
        sleutel, _, _ = regels[t[0]].partition(":")
        regels[t[0]] = f"{sleutel}: {t[1]}"
        return regels

    return st.one_of(
        plek.map(lambda i: REGELS[:i] + REGELS[i + 1 :]),
        plek.map(lambda i: REGELS[: i + 1] + REGELS[i:]),
        st.tuples(plek, plek).map(lambda t: [REGELS[t[1]] if n == t[0] else r for n, r in enumerate(REGELS)]),
        st.tuples(plek, st.sampled_from(WAARDEN)).map(vervang_waarde),
        st.tuples(plek, st.text(max_size=30)).map(vervang_waarde),
        plek.map(lambda i: [r.lstrip() if n == i else r for n, r in enumerate(REGELS)]),
    ).map("\n".join)


@FUZZ
@given(_regio_mutatie())
def test_region_loader_never_crashes_and_refusal_writes_nothing(tekst: str) -> None:
    regio_laden(pad=KLEIN)  # a loaded region, so a refusal has something to leave untouched
    voor = _catalogus()
    with tempfile.TemporaryDirectory() as tmp:
        pad = Path(tmp) / "regio.yaml"
        pad.write_text(tekst, encoding="utf-8")
        try:
            regio_laden(pad=pad)
        except RegiobestandFout as fout:
            assert "er is niets geladen" in fout.rapport()
            assert _catalogus() == voor
