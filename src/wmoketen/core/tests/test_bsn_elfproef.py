"""`voldoet_aan_elfproef` answers exactly as python-stdnum's `is_valid`, for every input."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from wmoketen.core.bsn import test_bsns, voldoet_aan_elfproef

# Characters stdnum treats specially (separators, Unicode dashes and apostrophes, whitespace) and look-alike digits.
BIJZONDER = " .-\t\n\u00a0\u2013\u2014\u2212\u2010'\u2019+٣²１"
negen_cijfers = st.integers(0, 999_999_999).map(lambda n: f"{n:09d}")
cijfers = st.text(alphabet="0123456789", min_size=0, max_size=12)
rommelig = st.text(alphabet=st.sampled_from("0123456789" + BIJZONDER), max_size=14)


@settings(max_examples=3000)
@given(st.one_of(negen_cijfers, cijfers, rommelig, st.text(max_size=12)))
@example("")
@example("000000000")
@example("00000000")
@example("12345678")  # 8 digits: stdnum pads a leading zero
@example("111222333")
@example("1112 22 333")
@example("111.22.333")
@example("111-22-333")
@example(" 111222333 ")
@example("111222333\n")
@example("１１１２２２３３３")  # fullwidth digits
@example("1112223330")
def test_zelfde_uitkomst_als_stdnum(waarde: str) -> None:
    assert voldoet_aan_elfproef(waarde) is stdnum_bsn.is_valid(waarde)


def test_geldige_nummers_uit_het_testbereik() -> None:
    assert all(voldoet_aan_elfproef(b) for b in test_bsns(50))


@pytest.mark.parametrize("waarde", ["000000000", "123456789", "12345678a", "", "1234567890"])
def test_ongeldig(waarde: str) -> None:
    assert not voldoet_aan_elfproef(waarde)
