"""Which request or background task a log line belongs to, without personal data.

The web middleware (`web.middleware.VerzoekIdMiddleware`) and the task base class (`taken.basis`) set the id for
the duration of their work; `KenmerkFilter` copies it onto every log record, so the JSON formatter writes it as a
field. A contextvar, not a thread-local: it is right under threads and under the worker's pool alike.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from .logboek import maskeer_bsn

_verzoek_id: ContextVar[str] = ContextVar("wmoketen_verzoek_id", default="")
_taak_id: ContextVar[str] = ContextVar("wmoketen_taak_id", default="")

# an id a proxy sends along (X-Request-ID) is taken over only when it is short and plain; anything else is replaced
_GELDIG = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def nieuw_verzoek_id(voorgesteld: str | None = None) -> str:
    if voorgesteld and _GELDIG.match(voorgesteld):
        return voorgesteld
    return uuid.uuid4().hex


@contextmanager
def verzoek(kenmerk: str) -> Iterator[None]:
    token = _verzoek_id.set(kenmerk)
    try:
        yield
    finally:
        _verzoek_id.reset(token)


@contextmanager
def taak(kenmerk: str) -> Iterator[None]:
    token = _taak_id.set(kenmerk)
    try:
        yield
    finally:
        _taak_id.reset(token)


def verzoek_id() -> str:
    return _verzoek_id.get()


def taak_id() -> str:
    return _taak_id.get()


class KenmerkFilter(logging.Filter):
    """Adds `request_id` and `task_id` (empty outside a request or task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _verzoek_id.get()
        record.task_id = _taak_id.get()
        return True


class JsonFormaat(JsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id, task_id and any `extra` fields. The
    whole line is masked once more (the record factory masks message and traceback; this covers extra fields)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        # django.request passes the request object along: its repr carries the query string (a search for a name)
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def format(self, record: logging.LogRecord) -> str:
        return maskeer_bsn(super().format(record))
