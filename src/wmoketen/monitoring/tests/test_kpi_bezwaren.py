"""The bezwaren KPI counts objections per municipality with their outcome and the terms kept."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories_toegang import beschikt, client_in, melding, toegangsregio
from wmoketen.monitoring import kpi
from wmoketen.monitoring.filters import Dimensie, Filter
from wmoketen.toegang import bezwaren, klok
from wmoketen.toegang.models import Brief

pytestmark = pytest.mark.django_db


def test_objections_are_counted_with_outcome_and_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 10, 1))
    t = toegangsregio()
    besluiten = []
    for _ in range(6):
        m = melding(t, client_in(t))
        beschikt(t, m)
        besluiten.append(Brief.objects.get(melding=m, soort="beschikking"))
    b = [bezwaren.bezwaar_registreren(door=t.consulent, besluit=x, ontvangen_op=date(2024, 7, 8)) for x in besluiten]
    bezwaren.bezwaar_beslissen(door=t.consulent, bezwaar=b[0], uitkomst="ongegrond", beslist_op=date(2024, 9, 1),
                               toelichting="Juist besluit.")  # fmt: skip
    bezwaren.bezwaar_beslissen(door=t.consulent, bezwaar=b[1], uitkomst="gegrond", beslist_op=date(2024, 9, 30),
                               toelichting="Meer uren nodig.")  # fmt: skip
    bezwaren.bezwaar_beslissen(door=t.consulent, bezwaar=b[2], uitkomst="ingetrokken", beslist_op=date(2024, 8, 1))
    tabel = kpi.bezwaren(Filter(van=date(2024, 7, 1), tot=date(2024, 7, 31)), Dimensie.AANBIEDER)
    rij = {k: v for k, v in tabel.rijen[0].items() if k != "groep_id"}
    assert rij == {
        "groep": "Weert", "n_clienten": 6, "ontvangen": 6, "gegrond": 1, "ongegrond": 1, "niet_ontvankelijk": 0,
        "ingetrokken": 1, "open": 3, "tijdig": 1.0, "binnen_termijn": 2 / 3,  # 30-09 is after 16-09
    }  # fmt: skip
    assert kpi.bezwaren(Filter(van=date(2024, 8, 1), tot=date(2024, 8, 31))).rijen == []
