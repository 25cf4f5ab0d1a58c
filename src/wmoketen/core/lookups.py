"""`veld__in_lijst=[...]`: membership in a long list with one array parameter on PostgreSQL.

Django's `__in` writes one placeholder per value, and psycopg (client-side binding) turns thousands of them into
SQL text in Python: for the parts of a 20 MB 323 that was a tenth of the intake. `= ANY(%s::type[])` sends the
list as one array; the cast keeps the comparison on the column's own type, so its index is used. Elsewhere
(SQLite) it is the plain IN list. Values are plain values (no model instances).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class InLijst(Lookup):
    lookup_name = "in_lijst"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        waarden = list(self.rhs)
        if connection.vendor == "postgresql":
            veldtype = _arraytype(self.lhs.output_field, connection)
            return f"{lhs} = ANY(%s::{veldtype}[])", (*lhs_params, waarden)
        if not waarden:
            return "1 = 0", tuple(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(waarden))})", (*lhs_params, *waarden)


def _arraytype(veld: Any, connection: Any) -> str:
    """The element type without length or size: `varchar(9)` would silently cut a longer value to 9 characters
    (and find a row `__in` does not), `integer` would raise on a value above 2^31. Both compare with the column
    on its own index (btree's integer and text operator families are cross-type)."""
    if isinstance(veld, ForeignObject):
        veld = veld.target_field
    soort = veld.get_internal_type()
    if soort in {"CharField", "TextField", "SlugField", "EmailField"}:
        return "text"
    if "Integer" in soort or soort == "AutoField" or soort.endswith("AutoField"):
        return "bigint"
    return str(veld.cast_db_type(connection))


Field.register_lookup(InLijst)
ForeignObject.register_lookup(InLijst)  # relations keep their own lookups
