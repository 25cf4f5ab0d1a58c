"""The demo ends provisions in every shipped region (death, Wlz, end of need), each through the service, and only
provisions whose 301 went out; running it again changes nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from wmoketen.clienten import demo as clienten_demo
from wmoketen.contracten import demo as contracten_demo
from wmoketen.contracten.services import regio_laden
from wmoketen.toegang import demo as toegang_demo
from wmoketen.toegang.models import Brief
from wmoketen.toewijzingen import demo
from wmoketen.toewijzingen.models import Beeindiging, Toewijzing
from wmoketen.toewijzingen.services import toewijzing_301_vastleggen

REGIONS = sorted((Path(__file__).resolve().parents[4] / "regions").glob("*.yaml"))

pytestmark = pytest.mark.django_db


def test_the_demo_ends_provisions_in_every_region_and_is_idempotent() -> None:
    for pad in REGIONS:
        regio_laden(pad=pad)
    log: list[str] = []
    contracten_demo.vul_demo(log.append)
    clienten_demo.vul_demo(log.append)
    toegang_demo.vul_demo(log.append)  # as the demo command does: dossiers first, with their own assignments
    demo.vul_demo(log.append)
    for t in Toewijzing.objects.select_related("client", "aanbieder"):  # as the first exchange does
        toewijzing_301_vastleggen(client=t.client, aanbieder=t.aanbieder, toewijzing_nummers=[t.toewijzing_nummer])
    demo.vul_beeindigingen(log.append)
    for pad in REGIONS:
        redenen = Beeindiging.objects.filter(toewijzingen__product__regio__code=pad.stem).values_list("reden")
        assert Counter(r for (r,) in redenen) == {"overlijden": 1, "wlz": 1, "einde_behoefte": 1}, (pad.stem, log)
    for b in Beeindiging.objects.all():
        assert b.toewijzingen.exists() and not b.toewijzingen.filter(beschikking__isnull=False).exists()
        assert all(t.einddatum == b.per and t.reden_wijziging for t in b.toewijzingen.all())
        assert (b.brief_id is None) == (b.reden == "overlijden")  # no letter to a deceased client
        assert b.client.overleden_op == (b.per if b.reden == "overlijden" else None)
    assert Brief.objects.filter(soort="beeindiging").count() == 2 * len(REGIONS)
    aantal = Beeindiging.objects.count()
    demo.vul_beeindigingen(log.append)
    assert Beeindiging.objects.count() == aantal
    assert log[-1] == f"{aantal} beëindigde voorzieningen door de gemeente (0 nieuw)"
