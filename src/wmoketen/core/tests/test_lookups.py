"""`veld__in_lijst=[...]` (core/lookups.py) selects exactly what `veld__in=[...]` selects: on a CharField, an
integer field and a ForeignKey, with lists from empty to 3,000 values, negated and next to other conditions. On
PostgreSQL it sends the whole list as one array parameter, elsewhere as an IN list."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model, Q, QuerySet

from tests.factories import AanbiederFactory, ClientFactory, GemeenteFactory, ProductFactory, ToewijzingFactory
from wmoketen.clienten.models import Client
from wmoketen.core.bsn import test_bsns
from wmoketen.toewijzingen.models import Toewijzing

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
BSNS = test_bsns(5)
NUL_BSN = "012345672"  # a leading zero: compared as text, never as a number
NUMMERS = (1, 7, 42, 500, 999_999_999)  # 999999999: the largest ToewijzingNummer (LDT_Nummer)


@pytest.fixture
def rijen() -> dict[str, Any]:
    """Six clients (bsn) and five assignments (nummer -> client): clients 0 and 1 have two, client 5 none."""
    gemeente = GemeenteFactory()
    clienten = {bsn: ClientFactory(gemeente=gemeente, bsn=bsn) for bsn in (*BSNS, NUL_BSN)}
    aanbieder, product = AanbiederFactory(), ProductFactory()
    eigenaar = {1: BSNS[0], 7: BSNS[0], 42: BSNS[1], 500: BSNS[1], 999_999_999: NUL_BSN}
    toewijzingen = {
        nummer: ToewijzingFactory(toewijzing_nummer=nummer, client=clienten[bsn], aanbieder=aanbieder, product=product)
        for nummer, bsn in eigenaar.items()
    }
    return {"clienten": clienten, "toewijzingen": toewijzingen, "gemeente": gemeente}


def pks(qs: QuerySet[Any]) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def beide(qs: QuerySet[Any], veld: str, waarden: Collection[Any]) -> tuple[set[int], set[int]]:
    """(pks with __in_lijst, pks with __in) for filter and for exclude; asserts they are equal."""
    met_lijst = pks(qs.filter(**{f"{veld}__in_lijst": waarden}))
    met_in = pks(qs.filter(**{f"{veld}__in": waarden}))
    assert met_lijst == met_in
    zonder_lijst = pks(qs.exclude(**{f"{veld}__in_lijst": waarden}))
    zonder_in = pks(qs.exclude(**{f"{veld}__in": waarden}))
    assert zonder_lijst == zonder_in
    assert met_lijst | zonder_lijst == pks(qs.all())
    assert not met_lijst & zonder_lijst
    return met_lijst, zonder_lijst


def onbekende_bsns(aantal: int) -> list[str]:
    return [f"{n:09d}" for n in range(100_000_000, 100_000_000 + aantal)]


def pk_van(rijen: dict[str, Any], soort: str, *sleutels: Any) -> set[int]:
    objecten: dict[Any, Model] = rijen[soort]
    return {objecten[s].pk for s in sleutels}


@pytest.mark.parametrize(
    ("naam", "waarden", "verwacht"),
    [
        ("leeg", [], ()),
        ("een", [BSNS[2]], (BSNS[2],)),
        ("nul-vooraan", [NUL_BSN], (NUL_BSN,)),
        ("onbekend", ["100000000"], ()),
        ("dubbel-en-onbekend", [BSNS[0], BSNS[0], "100000000", BSNS[4]], (BSNS[0], BSNS[4])),
        ("verzameling", {BSNS[1], BSNS[3]}, (BSNS[1], BSNS[3])),
        ("3000", [*onbekende_bsns(2996), BSNS[0], NUL_BSN, BSNS[3], BSNS[0]], (BSNS[0], NUL_BSN, BSNS[3])),
        ("alle-en-3000", [*onbekende_bsns(2994), *BSNS, NUL_BSN], (*BSNS, NUL_BSN)),
    ],
)
def test_charfield(rijen: dict[str, Any], naam: str, waarden: Collection[str], verwacht: tuple[str, ...]) -> None:
    met, zonder = beide(Client.objects.all(), "bsn", waarden)
    assert met == pk_van(rijen, "clienten", *verwacht)
    assert len(zonder) == 6 - len(verwacht)


@pytest.mark.parametrize(
    ("naam", "waarden", "verwacht"),
    [
        ("leeg", [], ()),
        ("een", [42], (42,)),
        ("grootste", [999_999_999], (999_999_999,)),
        ("nul-en-onbekend", [0, 2, 43], ()),
        ("dubbel", [7, 7, 1], (1, 7)),
        ("verzameling", {500, 1}, (1, 500)),
        ("3000", [*range(1_000, 3_996), 500, 7, 42, 500], (7, 42, 500)),
        ("alle-en-3000", [*range(1_000, 3_995), *NUMMERS], NUMMERS),
    ],
)
def test_integer_field(rijen: dict[str, Any], naam: str, waarden: Collection[int], verwacht: tuple[int, ...]) -> None:
    met, zonder = beide(Toewijzing.objects.all(), "toewijzing_nummer", waarden)
    assert met == pk_van(rijen, "toewijzingen", *verwacht)
    assert len(zonder) == 5 - len(verwacht)


@pytest.mark.parametrize("aantal_onbekend", [0, 1, 10, 2_997])
@pytest.mark.parametrize("veld", ["client", "client_id"])
def test_foreign_key(rijen: dict[str, Any], veld: str, aantal_onbekend: int) -> None:
    clienten = rijen["clienten"]
    hoogste = max(c.pk for c in clienten.values())
    onbekend = list(range(hoogste + 1, hoogste + 1 + aantal_onbekend))
    # client 0 (assignments 1, 7) and client 5 (none): the client without assignments selects nothing
    waarden = [*onbekend, clienten[BSNS[0]].pk, clienten[BSNS[4]].pk]
    met, zonder = beide(Toewijzing.objects.all(), veld, waarden)
    assert met == pk_van(rijen, "toewijzingen", 1, 7)
    assert zonder == pk_van(rijen, "toewijzingen", 42, 500, 999_999_999)
    assert beide(Toewijzing.objects.all(), veld, onbekend) == (set(), pk_van(rijen, "toewijzingen", *NUMMERS))


def test_across_a_relation_and_next_to_other_conditions(rijen: dict[str, Any]) -> None:
    """Parameters before and after the list keep their places (the array, or the IN list, sits in between)."""
    qs = Toewijzing.objects.filter(ingangsdatum=date(2022, 2, 1))
    waarden = [*onbekende_bsns(3_000), BSNS[1], NUL_BSN]
    met, _ = beide(qs, "client__bsn", waarden)
    assert met == pk_van(rijen, "toewijzingen", 42, 500, 999_999_999)
    gecombineerd = Toewijzing.objects.filter(
        Q(client__bsn__in_lijst=waarden, toewijzing_nummer__gt=42) | Q(toewijzing_nummer__in_lijst=[1, 2]),
        client__gemeente=rijen["gemeente"],
    ).exclude(toewijzing_nummer=999_999_999)
    assert pks(gecombineerd) == pk_van(rijen, "toewijzingen", 1, 500)
    assert sorted(gecombineerd.values_list("toewijzing_nummer", flat=True)) == [1, 500]


def test_sql_one_array_parameter_on_postgresql_an_in_list_elsewhere(rijen: dict[str, Any]) -> None:
    waarden = onbekende_bsns(3_000)
    sql, params = Client.objects.filter(bsn__in_lijst=waarden).query.sql_with_params()
    sql_int, params_int = Toewijzing.objects.filter(
        toewijzing_nummer__in_lijst=[1, 2], client__in_lijst=[3]
    ).query.sql_with_params()
    if POSTGRES:
        assert '"clienten_client"."bsn" = ANY(%s::text[])' in sql
        assert params == (waarden,)
        assert '"toewijzing_nummer" = ANY(%s::bigint[])' in sql_int
        assert '"client_id" = ANY(%s::bigint[])' in sql_int
        assert params_int == ([3], [1, 2])  # Q sorts its keyword arguments: client first
    else:
        assert '"clienten_client"."bsn" IN (' + ", ".join(["%s"] * 3_000) + ")" in sql
        assert params == tuple(waarden)
        assert params_int == (3, 1, 2)
    empty_sql, empty_params = Client.objects.filter(bsn__in_lijst=[]).query.sql_with_params()
    assert ("= ANY(%s::text[])" if POSTGRES else "1 = 0") in empty_sql
    assert empty_params == (([],) if POSTGRES else ())


@pytest.mark.parametrize(
    ("model", "veld", "waarden", "aantal"),
    [
        (Client, "bsn", [BSNS[2] + "9", NUL_BSN + "0000"], 6),
        (Toewijzing, "toewijzing_nummer", [2**31, 2**40 + 7], 5),
    ],
    ids=["te-lange-tekst", "te-groot-getal"],
)
def test_a_value_outside_the_column_type_selects_nothing(
    rijen: dict[str, Any], model: type[Model], veld: str, waarden: list[Any], aantal: int
) -> None:
    alles = pks(model._default_manager.all())
    assert len(alles) == aantal
    assert beide(model._default_manager.all(), veld, waarden) == (set(), alles)
