"""Writing the Prestatie rows of one 323 in bulk: PostgreSQL COPY (psycopg 3), `bulk_create` elsewhere.

A 323 can hold tens of thousands of prestaties; Django's INSERT compiles every value of every row in Python, COPY
streams the rows as text. Both write the same columns and values; no model signals are involved either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain, islice
from typing import Any

from django.db import connection

from .models import Prestatie

JSON_VELDEN = frozenset({"retour_codes", "bevindingen"})
BATCH = 2000


def prestaties_opslaan(rijen: Iterable[dict[str, Any]]) -> int:
    """Store rows (column name -> value, as `_prestatierijen` makes them); returns the number written."""
    if connection.vendor == "postgresql":
        return _copy(rijen)
    aantal = 0
    it = iter(rijen)
    while batch := [Prestatie(**rij) for rij in islice(it, BATCH)]:
        Prestatie.objects.bulk_create(batch)
        aantal += len(batch)
    return aantal


def _copy(rijen: Iterable[dict[str, Any]]) -> int:
    it = iter(rijen)
    eerste = next(it, None)
    if eerste is None:
        return 0
    kolommen = list(eerste)
    meta = Prestatie._meta
    per_attname = {f.attname: f.column or f.attname for f in meta.concrete_fields}
    namen = ", ".join(connection.ops.quote_name(per_attname[k]) for k in kolommen)
    json_posities = [i for i, k in enumerate(kolommen) if k in JSON_VELDEN]
    aantal = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({namen}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for rij in chain((eerste,), it):
                waarden = list(rij.values())
                for i in json_posities:
                    waarden[i] = json.dumps(waarden[i]) if waarden[i] else "[]"
                copy.write_row(waarden)
                aantal += 1
    return aantal
