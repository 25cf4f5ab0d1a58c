"""No BSN in any log line or traceback, whatever logger or handler writes it (docs/security.md §2)."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import threading

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient
from django.test import override_settings
from django.utils.log import DEFAULT_LOGGING

from tests.factories import ClientFactory
from wmoketen.core.bsn import test_bsns
from wmoketen.core.logboek import MASKER, bsn_masker_installeren, logging_inrichten, maskeer_bsn

BSN = test_bsns(1)[0]


def test_valid_bsns_are_masked_other_numbers_kept() -> None:
    assert maskeer_bsn(f"cliënt {BSN} en toewijzing 123456789 en 1{BSN}") == (
        f"cliënt {MASKER} en toewijzing 123456789 en 1{BSN}"
    )


def test_every_record_is_masked_when_made_also_with_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("wmoketen.test")
    with caplog.at_level(logging.INFO, logger="wmoketen.test"):
        logger.info("verwerkt %s voor %s", "bericht", BSN)
        try:
            raise ValueError(f"Key (bsn)=({BSN}) already exists.")
        except ValueError:
            logger.exception("opslaan mislukt voor %s", BSN)
    assert caplog.messages == [f"verwerkt bericht voor {MASKER}", f"opslaan mislukt voor {MASKER}"]
    assert BSN not in caplog.text
    assert f"Key (bsn)=({MASKER}) already exists." in caplog.text  # the traceback is there, masked
    assert caplog.records[1].exc_info is None  # no handler can render the live exception again


def _alle_handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in list(logging.Logger.manager.loggerDict))]
    return list({id(h): h for lg in loggers for h in getattr(lg, "handlers", [])}.values())


@pytest.mark.django_db
@override_settings(DEBUG=True)  # Django's own console handler (django logger) writes only with DEBUG on
def test_a_404_with_a_bsn_path_and_a_unique_violation_reach_no_handler_unmasked(
    settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Configure logging exactly as Django does (its DEFAULT_LOGGING, then ours) and point every stream handler
    of every logger at one buffer: Django's django.request/console, our root console, whatever is there."""
    from django.conf import settings as django_settings

    logging_inrichten(DEFAULT_LOGGING)
    logging_inrichten(django_settings.LOGGING)
    buffer = io.StringIO()
    streams = [h for h in _alle_handlers() if isinstance(h, logging.StreamHandler)]
    assert len(streams) >= 2  # django's console and ours
    for handler in streams:
        monkeypatch.setattr(handler, "stream", buffer)

    HttpClient().get(f"/clienten/{BSN}/")  # anonymous: redirect; the 404 comes from an unknown path below
    HttpClient().get(f"/bestaat-niet/{BSN}/")
    eerste = ClientFactory(bsn=BSN)
    try:
        with transaction.atomic():
            ClientFactory(bsn=BSN, gemeente=eerste.gemeente)  # the BSN is unique per gemeente
    except IntegrityError:
        logging.getLogger("django.request").exception("Internal Server Error: /toegang/melding/nieuw/")

    uitvoer = buffer.getvalue()
    assert f"/bestaat-niet/{MASKER}/" in uitvoer  # django.request's "Not Found: ..." went through, masked
    assert "IntegrityError" in uitvoer
    assert BSN not in uitvoer


def test_uncaught_exceptions_in_a_process_and_a_thread_are_masked() -> None:
    code = (
        "import threading\n"
        "from wmoketen.core.logboek import bsn_masker_installeren\n"
        "bsn_masker_installeren()\n"
        f"t = threading.Thread(target=lambda: (_ for _ in ()).throw(RuntimeError('draad {BSN}')))\n"
        "t.start(); t.join()\n"
        f"raise RuntimeError('Key (bsn)=({BSN}) already exists.')\n"
    )
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert uit.returncode == 1
    assert f"Key (bsn)=({MASKER})" in uit.stderr and f"draad {MASKER}" in uit.stderr
    assert BSN not in uit.stderr


def test_installing_twice_masks_once() -> None:
    bsn_masker_installeren()
    bsn_masker_installeren()
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "%s", (BSN,), None)
    assert record.getMessage() == MASKER
    assert threading.excepthook is not threading.__excepthook__
