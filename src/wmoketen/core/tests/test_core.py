from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmoketen.core.bsn import BsnFout, is_test_bsn, normaliseer_bsn, test_bsns
from wmoketen.core.money import format_euro, parse_euro
from wmoketen.core.werkdagen import eerstvolgende_werkdag, is_werkdag, werkdagen_na, werkdagen_tussen


def test_format_euro_uses_dutch_notation() -> None:
    assert format_euro(12345678) == "€ 123.456,78"
    assert format_euro(5) == "€ 0,05"
    assert format_euro(-15000) == "€ -150,00"
    assert format_euro(None) == "–"


def test_format_euro_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_euro(12.5)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_parse_is_inverse_of_format(cents: int) -> None:
    assert parse_euro(format_euro(cents)) == cents


@pytest.mark.parametrize("text,cents", [("1.234,5", 123450), ("€ 0,01", 1), ("60", 6000), ("-150,00", -15000)])
def test_parse_euro(text: str, cents: int) -> None:
    assert parse_euro(text) == cents


@pytest.mark.parametrize("text", ["12.5", "1,234", "abc", "1,2,3", ""])
def test_parse_euro_refuses_ambiguous_input(text: str) -> None:
    with pytest.raises(ValueError):
        parse_euro(text)


def test_working_days_skip_weekend_and_easter() -> None:
    # Thursday 28 March 2024 + 5 working days: Good Friday 29/3 and Easter Monday 1/4 are holidays.
    assert werkdagen_na(date(2024, 3, 28), 5) == date(2024, 4, 8)
    assert not is_werkdag(date(2024, 4, 1))
    assert is_werkdag(date(2024, 4, 2))


def test_working_days_around_christmas_and_new_year() -> None:
    # Monday 23 December 2024 + 5: 24, 27, 30, 31 December, then 2 January (25/26 and 1 January are holidays).
    assert werkdagen_na(date(2024, 12, 23), 5) == date(2025, 1, 2)
    assert werkdagen_tussen(date(2024, 12, 23), date(2025, 1, 2)) == 5


def test_next_working_day() -> None:
    assert eerstvolgende_werkdag(date(2024, 4, 27)) == date(2024, 4, 29)  # King's Day on a Saturday
    assert eerstvolgende_werkdag(date(2024, 4, 29)) == date(2024, 4, 29)


def test_bsn_uses_eleven_check() -> None:
    assert normaliseer_bsn("999900006") == "999900006"
    with pytest.raises(BsnFout, match="elfproef"):
        normaliseer_bsn("999990017")
    with pytest.raises(BsnFout, match="9 cijfers"):
        normaliseer_bsn("12345")


def test_test_bsns_are_valid_and_in_test_range() -> None:
    bsns = test_bsns(25)
    assert len(set(bsns)) == 25
    assert all(is_test_bsn(b) for b in bsns)
    assert bsns[:3] == ["999900006", "999900018", "999900031"]
