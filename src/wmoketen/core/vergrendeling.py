"""One process at a time for a named piece of work, across machines: a PostgreSQL advisory lock.

For sweeps that must not run twice at the same moment (sending the pending 301s: two sweeps would both see the
same change and both send a 301). The lock belongs to the database session: a process that dies releases it. On
SQLite (the demo: one process) everyone gets it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


def _sleutel(naam: str) -> int:
    return int.from_bytes(hashlib.sha256(naam.encode()).digest()[:8], "big", signed=True)


@contextmanager
def alleen_een(naam: str) -> Iterator[bool]:
    """Yields True for the process that holds the lock `naam`, False (at once, no waiting) for the others."""
    if connection.vendor != "postgresql":
        yield True
        return
    sleutel = _sleutel(naam)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [sleutel])
        gekregen = bool(cursor.fetchone()[0])
    try:
        yield gekregen
    finally:
        if gekregen:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [sleutel])
