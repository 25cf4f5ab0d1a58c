"""Statuses and totals that do not mislead: a 323 with some prestaties rejected is 'Deels goedgekeurd' on both
sides of the exchange and in the declaration list, with the amounts; a retour shows who really sent it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.auth import login_met_tweede_factor
from wmoketen.berichten.constants import Richting, Status
from wmoketen.berichten.declareren import declaratie_versturen
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.contracten.weergave import partij
from wmoketen.declaraties.constants import Uitkomst
from wmoketen.declaraties.models import Declaratie
from wmoketen.declaraties.perioden import kalendermaand
from wmoketen.declaraties.selectors import uitkomsten
from wmoketen.declaraties.voorstel import Conceptregel

from .harnas import AANBIEDER, BSN, GEMEENTE, Opstelling, opstelling

pytestmark = pytest.mark.django_db


@pytest.fixture
def o(tmp_path: Path, settings: Any) -> Opstelling:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    return opstelling()  # 1001: 4 h/week from 01-03-2025 at EUR 60,50


def _regel(uren: int, maand: int = 3) -> Conceptregel:
    m = kalendermaand(2025, maand)
    return Conceptregel(1001, BSN, "02", "02A01", m.van, m.tot, uren, "04", 6050, uren * 6050)


def _versturen(o: Opstelling, *regels: Conceptregel) -> Bericht:
    bericht = declaratie_versturen(
        aanbieder=o.keten.aanbieder, gemeente_code=GEMEENTE, periode=kalendermaand(2025, 4), regels=list(regels),
        actor=None,
    )  # fmt: skip
    uitwisseling_verwerken()
    bericht.refresh_from_db()
    return bericht


def test_a_323_with_one_line_approved_and_one_rejected_is_partly_approved_everywhere(o: Opstelling) -> None:
    # March: 24 h (6 ISO weeks x 4) approved; April: 40 h is above the 20 h of 5 weeks (TR321)
    heen = _versturen(o, _regel(24), _regel(40, maand=4))

    assert heen.status == Status.DEELS  # the provider's own 323, after the 325 came back
    assert heen.get_status_display() == "Deels goedgekeurd"
    bij_gemeente = Bericht.objects.get(partij=GEMEENTE, richting=Richting.IN, soort="323")
    assert bij_gemeente.status == Status.DEELS
    declaratie = Declaratie.objects.get()
    u = uitkomsten([declaratie])[declaratie.pk]
    assert (u.uitkomst, u.goedgekeurd, u.afgewezen, u.afgewezen_cent) == (Uitkomst.DEELS, 1, 1, 242000)
    html = login_met_tweede_factor(HttpClient(), o.keten.medewerker).get(reverse("declaraties:lijst")).content.decode()
    assert "Deels goedgekeurd" in html and "1 goedgekeurd, 1 afgewezen" in html
    assert "€ 3.872,00" in html and "€ 1.452,00" in html and "€ 2.420,00" in html  # ingediend, toegekend, afgewezen


def test_all_rejected_and_all_approved(o: Opstelling) -> None:
    alles_af = _versturen(o, _regel(40, maand=4))
    assert alles_af.status == Status.AFGEKEURD
    goed = declaratie_versturen(
        aanbieder=o.keten.aanbieder, gemeente_code=GEMEENTE, periode=kalendermaand(2025, 5), regels=[_regel(24)],
        actor=None,
    )  # fmt: skip
    uitwisseling_verwerken()
    goed.refresh_from_db()
    assert goed.status == Status.GOEDGEKEURD
    assert [uitkomsten([d])[d.pk].uitkomst for d in Declaratie.objects.order_by("periode_begin")] == [
        Uitkomst.AFGEWEZEN,
        Uitkomst.GOEDGEKEURD,
    ]


def test_a_retour_shows_who_sent_it(o: Opstelling) -> None:
    uitwisseling_verwerken()  # the pending 301 goes out, the provider's 302 comes back
    retour = Bericht.objects.get(partij=GEMEENTE, richting=Richting.IN, soort="302")
    assert (retour.afzender, retour.ontvanger) == (GEMEENTE, AANBIEDER)  # the 301's header, copied (IV028)
    assert (retour.van, retour.aan) == (AANBIEDER, GEMEENTE)
    toewijzing = Bericht.objects.get(partij=GEMEENTE, richting=Richting.UIT, soort="301")
    assert (toewijzing.van, toewijzing.aan) == (GEMEENTE, AANBIEDER)
    bo = o.keten.consulent
    html = login_met_tweede_factor(HttpClient(), bo).get(reverse("berichten:detail", args=[retour.pk])).content.decode()
    assert f'<dd id="richting">{partij(AANBIEDER)} → {partij(GEMEENTE)}' in html  # by name, with the codes
