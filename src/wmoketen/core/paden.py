"""No server path in a page (issue 14 item 7): a file name is shown without the directories it lives in on the
server, and a text that may quote a path (an exception message) has every absolute path cut to its last part."""

from __future__ import annotations

import re
from pathlib import PurePath

_ABSOLUUT = re.compile(r"(?<![\w:/.])(?:/[^\s/'\"<>:;,()]+)+/([^\s/'\"<>:;,()]+)")
_WINDOWS = re.compile(r"\b[A-Za-z]:\\(?:[^\s\\'\"<>]+\\)*([^\s\\'\"<>]+)")


def bestandsnaam(pad: str) -> str:
    """'/srv/wmoketen/conversies/ln.yaml' -> 'ln.yaml'."""
    return PurePath(pad).name if pad else ""


def zonder_paden(tekst: str) -> str:
    """Every absolute path in `tekst` (POSIX or Windows) replaced by its last part."""
    return _WINDOWS.sub(r"\1", _ABSOLUUT.sub(r"\1", tekst or ""))
