"""`regels._laatste_dag` skips the date arithmetic when a date already is the last day of its month (TR388 asks
it for every prestatie); checked against the calendar for every day of twenty years."""

import calendar
from datetime import date, timedelta

import pytest

from wmoketen.declaraties.regels import _laatste_dag


def test_laatste_dag_volgt_de_kalender() -> None:
    dag = date(2015, 1, 1)
    while dag < date(2035, 1, 1):
        assert _laatste_dag(dag) == dag.replace(day=calendar.monthrange(dag.year, dag.month)[1]), dag
        dag += timedelta(days=1)


@pytest.mark.parametrize("dag", [date(9999, 12, 1), date(9999, 12, 31)])
def test_laatste_dag_van_het_laatste_jaar_valt_buiten_het_bereik(dag: date) -> None:
    """As before the shortcut: the arithmetic overflows in December 9999 (XSD dates never get there)."""
    with pytest.raises(OverflowError):
        _laatste_dag(dag)
