"""Every domain refusal derives from core.fouten.Domeinfout, and none of them is a ValueError any more (catching
ValueError to mean "the domain said no" would also swallow bugs)."""

from __future__ import annotations

import pytest

from wmoketen.berichten.uitwisseling.ontvangen import BerichtGeweigerd
from wmoketen.core.fouten import Domeinfout
from wmoketen.declaraties.betaling import BetaalFout
from wmoketen.herindicatie.conversie.selectie import ConversieFout
from wmoketen.herindicatie.services import HerindicatieFout
from wmoketen.toegang.domain import BeoordelingFout, EenPerceelFout
from wmoketen.toegang.services import ToegangFout
from wmoketen.toewijzingen.services import ToewijzingFout


@pytest.mark.parametrize(
    "klasse",
    [
        BerichtGeweigerd,
        BetaalFout,
        BeoordelingFout,
        ConversieFout,
        EenPerceelFout,
        HerindicatieFout,
        ToegangFout,
        ToewijzingFout,
    ],
)
def test_domain_refusals_share_one_base_and_are_no_value_errors(klasse: type[Exception]) -> None:
    assert issubclass(klasse, Domeinfout)
    assert not issubclass(klasse, ValueError)
