from __future__ import annotations

from pathlib import Path

import pytest

from wmoketen.clienten import demo as clienten_demo
from wmoketen.contracten import demo as accounts_demo
from wmoketen.contracten.services import regio_laden
from wmoketen.herindicatie import demo
from wmoketen.herindicatie.models import Conversierun, Evaluatie, Herbeoordeling, Herindicatiesignaal
from wmoketen.toegang import demo as toegang_demo
from wmoketen.toewijzingen import demo as toewijzingen_demo

REGIONS = sorted((Path(__file__).resolve().parents[4] / "regions").glob("*.yaml"))

pytestmark = pytest.mark.django_db


def test_demo_vult_alles_en_is_idempotent() -> None:
    for pad in REGIONS:
        regio_laden(pad=pad)
    log: list[str] = []
    accounts_demo.vul_demo(log.append)
    clienten_demo.vul_demo(log.append)
    toewijzingen_demo.vul_demo(log.append)
    toegang_demo.vul_demo(log.append)
    demo.vul_demo(log.append)
    demo.rond_af(log.append)
    tellingen = (
        Evaluatie.objects.count(),
        Herindicatiesignaal.objects.count(),
        Conversierun.objects.filter(soort="proef").count(),
        Herbeoordeling.objects.count(),
    )
    assert tellingen[0] > 0
    assert tellingen[1] >= 3
    assert tellingen[2] == 1
    assert tellingen[3] > 0
    demo.vul_demo(log.append)
    demo.rond_af(log.append)
    assert (
        Evaluatie.objects.count(),
        Herindicatiesignaal.objects.count(),
        Conversierun.objects.filter(soort="proef").count(),
        Herbeoordeling.objects.count(),
    ) == tellingen
    assert not [r for r in log if "overgeslagen" in r]
