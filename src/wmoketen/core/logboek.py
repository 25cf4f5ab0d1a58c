"""Application logging never carries a BSN: a filter masks every 9-digit number that passes the 11-proef."""

from __future__ import annotations

import logging
import re

from stdnum.nl import bsn as stdnum_bsn

_NEGEN_CIJFERS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def maskeer_bsn(tekst: str) -> str:
    return _NEGEN_CIJFERS.sub(lambda m: "*********" if stdnum_bsn.is_valid(m.group()) else m.group(), tekst)


class BsnMaskerFilter(logging.Filter):
    """Formats the record's message once, masks it, and keeps it that way for every handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        bericht = record.getMessage()
        gemaskeerd = maskeer_bsn(bericht)
        if gemaskeerd != bericht:
            record.msg, record.args = gemaskeerd, None
        return True
