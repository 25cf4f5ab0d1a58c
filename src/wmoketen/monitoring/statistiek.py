"""Distributions computed in the database: PostgreSQL percentile_cont over a grouped subquery; on other databases
(SQLite in development) the values are fetched and summarised in Python with the same interpolation."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Func, IntegerField, QuerySet

from .domain import PERCENTIELEN, Samenvatting, samenvatting


class Dagen(Func):
    """Whole days from the second date to the first (tot - van), on PostgreSQL and SQLite."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def op_postgres() -> bool:
    return connection.vendor == "postgresql"


# A query as SQL text with its parameters, for queries the ORM cannot express (a grouped subquery in FROM).
SqlMetParams = tuple[str, list[Any]]


def sql_van(qs: QuerySet[Any] | SqlMetParams) -> SqlMetParams:
    if isinstance(qs, tuple):
        return qs
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def hergroepeer(qs: QuerySet[Any] | SqlMetParams, kolommen: str, groep: str) -> list[tuple[Any, ...]]:
    """Aggregate the rows of a grouped queryset (or SQL) once more: `SELECT <groep>, <kolommen> FROM (qs) s
    GROUP BY <groep>`. Counting distinct clients as the number of (group, client) rows of a query grouped per
    client lets the database hash-aggregate once instead of sorting every row for COUNT(DISTINCT)."""
    sql, params = sql_van(qs)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {groep}, {kolommen} FROM ({sql}) s GROUP BY {groep} ORDER BY {groep}", params)
        return cursor.fetchall()


def verdeling(qs: QuerySet[Any] | SqlMetParams, *, python: bool | None = None) -> dict[Any, Samenvatting]:
    """Summaries per group. `qs` yields one row per unit with the aliases `g` (group) and `w` (the value), for
    example `.values(g=..., c=...).annotate(w=Sum(...))`, or is SQL with those columns. `python=True` forces
    the fallback (to compare both paths on PostgreSQL)."""
    sql, params = sql_van(qs.values("g", "w") if isinstance(qs, QuerySet) else qs)
    if python or not op_postgres():
        if isinstance(qs, QuerySet):
            rijen = list(qs.values_list("g", "w"))
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT s.g, s.w FROM ({sql}) s", params)
                rijen = cursor.fetchall()
        per_groep: dict[Any, list[float]] = {}
        for rij in rijen:
            if rij[1] is not None:
                per_groep.setdefault(rij[0], []).append(float(rij[1]))
        return {g: s for g, waarden in per_groep.items() if (s := samenvatting(waarden)) is not None}
    p = ",".join(str(x) for x in PERCENTIELEN)
    buiten = (
        f"SELECT s.g, count(*), avg(s.w), min(s.w), "
        f"percentile_cont(ARRAY[{p}]) WITHIN GROUP (ORDER BY s.w), max(s.w), stddev_pop(s.w) "
        f"FROM ({sql}) s WHERE s.w IS NOT NULL GROUP BY s.g"
    )
    resultaat = {}
    with connection.cursor() as cursor:
        cursor.execute(buiten, params)
        for g, n, gem, mini, pct, maxi, sd in cursor.fetchall():
            resultaat[g] = Samenvatting(
                n=n,
                gemiddelde=float(gem),
                minimum=float(mini),
                p10=float(pct[0]),
                p25=float(pct[1]),
                mediaan=float(pct[2]),
                p75=float(pct[3]),
                p90=float(pct[4]),
                maximum=float(maxi),
                standaardafwijking=float(sd),
            )
    return resultaat
