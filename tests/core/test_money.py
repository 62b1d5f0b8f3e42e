"""Money (SPEC section 3 and STYLE point 3): exact Decimals, rounded half-up to the cent
in one function, as Excel's ROUND does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.strategies import amounts
from toolkit.core.money import format_money, half_up_formatting, round_money, round_score, to_money
from toolkit.core.outputs import OutKind, export_cell, export_column

ROUND_CASES = [
    pytest.param("2.675", "2.68", id="half_a_cent_rounds_up_not_to_even"),
    pytest.param("2.665", "2.67", id="half_a_cent_below_an_even_cent_still_rounds_up"),
    pytest.param("-2.675", "-2.68", id="a_negative_half_cent_rounds_away_from_zero"),
    pytest.param("0.005", "0.01", id="the_smallest_half_cent_rounds_to_a_cent"),
    pytest.param("0.0049999", "0.00", id="just_below_half_a_cent_rounds_down"),
    pytest.param("1234.5", "1234.50", id="a_whole_amount_gets_two_decimals"),
]


@pytest.mark.parametrize(("amount", "rounded"), ROUND_CASES)
def test_round_money_is_half_up_to_the_cent(amount: str, rounded: str) -> None:
    """round_money rounds half away from zero to 0.01 (Python's round would give 2.67 for
    2.675 stored as a float, and 2.66 for 2.665 as half-to-even)."""
    result = round_money(Decimal(amount))
    assert result == Decimal(rounded)
    assert result.as_tuple().exponent == -2


SCORE_CASES = [
    pytest.param(Decimal("104.995"), "105.00", id="a_decimal_total_of_104_995_rounds_to_105_00"),
    pytest.param(104.995, "105.00", id="a_float_total_of_104_995_rounds_from_its_shortest_form"),
    pytest.param(Decimal("94.994999"), "94.99", id="a_total_below_the_half_rounds_down"),
]


@pytest.mark.parametrize(("total", "rounded"), SCORE_CASES)
def test_round_score_is_half_up_to_two_decimals(total: Decimal | float, rounded: str) -> None:
    """Totals are rounded half-up to 2 decimals before the grade is looked up."""
    assert round_score(total) == Decimal(rounded)


PARSE_CASES = [
    pytest.param(0.1, "0.1", id="a_float_cell_keeps_its_shortest_decimal_form"),
    pytest.param(1234, "1234", id="an_integer_cell"),
    pytest.param("1,234.50", "1234.50", id="thousands_separators_are_ignored"),
    pytest.param(" 99.99 ", "99.99", id="spaces_are_ignored"),
    pytest.param(Decimal("9999.99"), "9999.99", id="a_decimal_stays_as_it_is"),
]


@pytest.mark.parametrize(("cell", "expected"), PARSE_CASES)
def test_to_money_reads_a_cell_exactly(cell: object, expected: str) -> None:
    """to_money gives the exact Decimal a person reads in the cell."""
    value = to_money(cell)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize("cell", [
    pytest.param("n/a", id="text"),
    pytest.param(True, id="a_boolean"),
    pytest.param(float("inf"), id="infinity"),
    pytest.param("NaN", id="not_a_number_text"),
])
def test_to_money_rejects_what_is_not_a_finite_number(cell: object) -> None:
    """Anything that is not a finite number raises ValueError."""
    with pytest.raises(ValueError, match="number"):
        to_money(cell)


def test_format_money_groups_thousands_after_rounding() -> None:
    """1,234,567.505 is shown rounded half-up with thousands separators."""
    assert format_money(Decimal("1234567.505")) == "1,234,567.51"


@pytest.mark.parametrize(("amount", "rounded"), ROUND_CASES)
def test_amounts_formatted_to_cents_round_as_round_money(amount: str, rounded: str) -> None:
    """Inside half_up_formatting, format(.2f) rounds as round_money (half-up), and outside
    it Decimal formatting is Python's own again."""
    with half_up_formatting():
        assert format(Decimal(amount), ".2f") == rounded == f"{round_money(Decimal(amount))}"
    assert format(Decimal("2.665"), ".2f") == "2.66"  # half-to-even, the context's own


@pytest.mark.parametrize(("value", "kind", "text"), [
    ("0.00125", "number", "0.0013"), ("-0.00125", "number", "-0.0013"),
    ("1.85165", "number", "1.8517"), ("0.1234565", "ratio", "0.123457"),
    ("0.9999995", "ratio", "1"), ("0.00115", "number", "0.0012"),
])
def test_ratios_and_plain_numbers_export_rounded_half_up(value: str, kind: OutKind,
                                                         text: str) -> None:
    """An unrounded commission to 4 places and a ratio to 6 round half-up, away from zero,
    as Excel's ROUND and every amount do: a tie never goes to the even digit."""
    assert export_cell(Decimal(value), kind) == text
    assert export_column([Decimal(value)], kind) == [text]
    assert export_cell(float(value), kind) == text  # a float from its shortest text


@settings(max_examples=400)
@given(st.lists(st.one_of(
    amounts, st.none(), st.floats(min_value=-1e12, max_value=1e12) | st.just(float("nan")),
    st.decimals(allow_nan=True, allow_infinity=False, places=None, min_value=-10**12,
                max_value=10**12),
    st.sampled_from([Decimal("1E+2"), Decimal("1.5E+3"), Decimal("1E-7"), Decimal("-0E-5"),
                     Decimal("0.005000"), Decimal("-0.0050"), Decimal("12.345678901234567"),
                     float("nan"), 2.675, -0.0, 7]))),
    st.sampled_from(["money", "score", "ratio", "number"]))
def test_a_column_exports_as_each_of_its_cells_exports_alone(values: list[object],
                                                            kind: OutKind) -> None:
    """export_column's shortcuts (cents formatting, Decimal printing) give each cell the
    text export_cell gives it."""
    assert export_column(values, kind) == [export_cell(v, kind) for v in values]
