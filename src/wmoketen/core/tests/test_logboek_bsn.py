import logging

import pytest

from wmoketen.core.bsn import test_bsns
from wmoketen.core.logboek import BsnMaskerFilter, maskeer_bsn


def test_valid_bsns_are_masked_other_numbers_kept() -> None:
    bsn = test_bsns(1)[0]
    assert maskeer_bsn(f"cliënt {bsn} en toewijzing 123456789 en 1{bsn}") == (
        f"cliënt ********* en toewijzing 123456789 en 1{bsn}"
    )


def test_filter_masks_formatted_message(caplog: pytest.LogCaptureFixture) -> None:
    bsn = test_bsns(1)[0]
    logger = logging.getLogger("wmoketen.test")
    logger.addFilter(BsnMaskerFilter())
    with caplog.at_level(logging.INFO, logger="wmoketen.test"):
        logger.info("verwerkt %s voor %s", "bericht", bsn)
    assert caplog.messages == ["verwerkt bericht voor *********"]
    assert bsn not in caplog.text
