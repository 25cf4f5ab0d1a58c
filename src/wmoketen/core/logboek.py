"""Application logging never carries a BSN, whatever logger or handler writes it.

The masking sits at the root of `logging`: a log record factory masks every record when it is made, before any
logger or handler sees it, so Django's own loggers (django.request's "Not Found: /clienten/…"), gunicorn's access
log, Celery's and any handler added later (JSON, syslog, e-mail) get the masked text. A traceback is rendered
and masked at that moment too (psycopg puts `Key (bsn)=(…)` in its message), and the record keeps only that
text: a handler cannot render the live exception again. Uncaught exceptions outside logging (a command that
crashes, a thread) go through the same masking via sys.excepthook and threading.excepthook.
"""

from __future__ import annotations

import logging
import logging.config
import re
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from stdnum.nl import bsn as stdnum_bsn

_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d{9}(?!\d)")
MASKER = "*********"


def maskeer_bsn(tekst: str) -> str:
    """Every 9-digit number that passes the 11-proef becomes *********; other numbers stay readable."""
    return _NEGEN_CIJFERS.sub(lambda m: MASKER if stdnum_bsn.is_valid(m.group()) else m.group(), tekst)


def _maskeer_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        bericht = record.getMessage()
    except Exception:  # a malformed call (wrong number of args): logging itself reports it, masked
        bericht = f"{record.msg!r} {record.args!r}"
    record.msg, record.args = maskeer_bsn(bericht), ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = maskeer_bsn("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        record.exc_info = None
    if record.stack_info:
        record.stack_info = maskeer_bsn(record.stack_info)
    return record


def _maskerende_fabriek(fabriek: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def maak(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _maskeer_record(fabriek(*args, **kwargs))

    maak.maskeert_bsn = True  # type: ignore[attr-defined]
    return maak


def _maskerende_excepthook(soort: type[BaseException], fout: BaseException, spoor: TracebackType | None) -> None:
    sys.stderr.write(maskeer_bsn("".join(traceback.format_exception(soort, fout, spoor))))


def _maskerende_threadhook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit:
        _maskerende_excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def bsn_masker_installeren() -> None:
    """Idempotent: installs the masking record factory and exception hooks once per process."""
    huidige = logging.getLogRecordFactory()
    if not getattr(huidige, "maskeert_bsn", False):
        logging.setLogRecordFactory(_maskerende_fabriek(huidige))
    sys.excepthook = _maskerende_excepthook
    threading.excepthook = _maskerende_threadhook


def logging_inrichten(config: dict[str, Any]) -> None:
    """settings.LOGGING_CONFIG: the masking first, then the dictConfig Django would apply."""
    bsn_masker_installeren()
    if config:
        logging.config.dictConfig(config)
