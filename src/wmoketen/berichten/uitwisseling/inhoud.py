"""Storing the raw bytes of a received message without copying them in memory.

Django binds parameters client-side, which turns a 20 MB message into a 40 MB hex literal in Python first (and
psycopg's server-side binding still makes one full copy). On PostgreSQL the bytes go through a binary COPY in
pieces of 1 MB into a temporary table and from there into the row, so memory does not grow with the message.
"""

from __future__ import annotations

import struct

from django.db import connection

from ..models import Bericht

STUK = 1024 * 1024
# Binary COPY: signature, flags, header extension length; one tuple of one field; the trailer.
KOP = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
EINDE = struct.pack(">h", -1)


def inhoud_bewaren(rij: Bericht, data: bytes) -> None:
    """Set `rij.inhoud` (already saved, with empty content) to `data`."""
    if connection.vendor != "postgresql":
        Bericht.objects.filter(pk=rij.pk).update(inhoud=data)
    else:
        tabel = connection.ops.quote_name(Bericht._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE wmoketen_inhoud (inhoud bytea)")
            try:
                with cursor.cursor.copy("COPY wmoketen_inhoud (inhoud) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(KOP + struct.pack(">hi", 1, len(data)))
                    bron = memoryview(data)
                    for begin in range(0, len(data), STUK):
                        copy.write(bron[begin : begin + STUK])
                    copy.write(EINDE)
                cursor.execute(
                    f"UPDATE {tabel} SET inhoud = (SELECT inhoud FROM wmoketen_inhoud) WHERE id = %s", [rij.pk]
                )
            finally:
                cursor.execute("DROP TABLE wmoketen_inhoud")
    rij.inhoud = data
