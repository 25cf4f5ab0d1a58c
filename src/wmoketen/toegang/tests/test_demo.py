"""The demo: clients in every stage in every shipped region; idempotent; the worklist has overdue, today and
this-week items."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from wmoketen.accounts.models import Gebruiker
from wmoketen.clienten import demo as clienten_demo
from wmoketen.contracten import demo as accounts_demo
from wmoketen.contracten.services import regio_laden
from wmoketen.toegang import demo
from wmoketen.toegang.constants import BriefSoort, Fase, TermijnStatus
from wmoketen.toegang.models import Beschikking, Bezwaar, Brief, Melding
from wmoketen.toegang.selectors import werklijst
from wmoketen.toewijzingen.models import Toewijzing

REGIONS = sorted((Path(__file__).resolve().parents[4] / "regions").glob("*.yaml"))
VANDAAG = date(2025, 3, 12)  # a Wednesday

pytestmark = pytest.mark.django_db


def test_demo_fills_every_stage_in_every_region_and_is_idempotent() -> None:
    for pad in REGIONS:
        regio_laden(pad=pad)
    log: list[str] = []
    accounts_demo.vul_demo(log.append)
    clienten_demo.vul_demo(log.append)
    demo.vul_demo(log.append, vandaag=VANDAAG)
    per_regio = Counter((m.regio.code, m.fase) for m in Melding.objects.select_related("regio"))
    for pad in REGIONS:
        code = pad.stem
        assert {f for (r, f) in per_regio if r == code} == set(Fase.values), code
    assert Melding.objects.count() == 48
    assert Beschikking.objects.count() == 4
    assert Toewijzing.objects.filter(beschikking__isnull=False).count() == 4
    assert log[-1] == "48 demomeldingen in de toegang (48 nieuw)"
    # refusals, a bezwaar and letters in every region
    for pad in REGIONS:
        brieven = Counter(Brief.objects.filter(melding__regio__code=pad.stem).values_list("soort", flat=True))
        assert {s for s in BriefSoort.values if brieven[s]} >= {
            "ontvangst_melding", "ontvangst_aanvraag", "beschikking", "afwijzing", "buiten_behandeling",
            "intrekking", "algemene_voorziening", "ontvangst_bezwaar", "beslissing_bezwaar",
        }, pad.stem  # fmt: skip
        assert Bezwaar.objects.filter(melding__regio__code=pad.stem, uitkomst="").count() == 1
        assert Bezwaar.objects.filter(melding__regio__code=pad.stem, uitkomst="ongegrond").count() == 1

    demo.vul_demo(log.append, vandaag=VANDAAG)
    assert Melding.objects.count() == 48
    assert log[-1] == "48 demomeldingen in de toegang (0 nieuw)"

    consulent = Gebruiker.objects.get(username="consulent.midden-limburg-west-2018")
    lijst = werklijst(gebruiker=consulent, vandaag=VANDAAG)
    assert lijst.statussen[TermijnStatus.TE_LAAT] >= 2
    assert lijst.statussen[TermijnStatus.VANDAAG] >= 1
    assert lijst.statussen[TermijnStatus.DEZE_WEEK] >= 1
