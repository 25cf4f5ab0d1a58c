from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from wmoketen.contracten import demo as contracten_demo
from wmoketen.contracten.services import regio_laden
from wmoketen.declaraties.models import Prestatie
from wmoketen.monitoring import demo, kpi, selectors
from wmoketen.monitoring.filters import Filter, standaardperiode

REGIONS = sorted((Path(__file__).resolve().parents[4] / "regions").glob("*.yaml"))

pytestmark = pytest.mark.django_db


def test_demo_toont_verschillen_en_is_idempotent() -> None:
    for pad in REGIONS:
        regio_laden(pad=pad)
    log: list[str] = []
    contracten_demo.vul_demo(log.append)
    demo.vul_demo(log.append)
    aantal = Prestatie.objects.count()
    assert aantal > 500
    demo.vul_demo(log.append)
    assert Prestatie.objects.count() == aantal
    assert log[-1] == "monitoringdemo: al aanwezig"

    van, tot = standaardperiode(timezone.localdate())
    f = Filter(van=van, tot=tot)
    segment = demo._segment()
    assert segment is not None
    b = selectors.benchmark(f, segment)
    assert [r.afwijkend for r in b.rijen].count("hoog") == 1  # the provider with cost factor 1.9
    afgewezen = [r["aandeel"] for r in kpi.afgewezen(f.met(segment_id=segment.pk)).rijen]
    assert max(afgewezen) > 0.1 > min(afgewezen)
