"""Working days: Monday to Friday, minus the Dutch public holidays.

Public holidays come from the maintained `holidays` package (country NL, default categories): New Year, Good
Friday, Easter Monday, King's Day, Ascension Day, Whit Monday, both Christmas days, and Liberation Day (5 May) in
lustrum years only. This differs slightly from the list of the Algemene termijnenwet (art. 3: no Good Friday, 5 May
every year); docs/werkdagen.md explains the choice. A term that ends on a non-working day moves to the next working
day (Algemene termijnenwet art. 1).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _feestdagen(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year).keys())


def is_feestdag(day: date) -> bool:
    return day in _feestdagen(day.year)


def is_werkdag(day: date) -> bool:
    return day.weekday() < 5 and not is_feestdag(day)


def werkdagen_na(start: date, aantal: int) -> date:
    """The date `aantal` working days after `start` (start itself not counted)."""
    if aantal < 0:
        raise ValueError("aantal werkdagen kan niet negatief zijn")
    day = start
    remaining = aantal
    while remaining:
        day += timedelta(days=1)
        if is_werkdag(day):
            remaining -= 1
    return day


def werkdagen_tussen(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_werkdag(day):
            count += 1
    return count


def eerstvolgende_werkdag(day: date) -> date:
    """`day` itself when it is a working day, else the next one (Algemene termijnenwet art. 3)."""
    while not is_werkdag(day):
        day += timedelta(days=1)
    return day
