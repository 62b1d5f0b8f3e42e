"""SPEC section 2: periods, the as-of date, graded periods and employment days."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import pytest

from tests.core.helpers import (
    LONG_AGO,
    Rows,
    company,
    graded,
    leads,
    results,
    sales,
    score_row,
    staff,
    targets,
)
from toolkit.core.periods import Period
from toolkit.core.targets import Employment

# -- Periods -------------------------------------------------------------------------------

PARSE_CASES = [
    pytest.param("2026-03", "month", date(2026, 3, 1), date(2026, 3, 31), 31,
                 id="a_month_is_written_2026_03"),
    pytest.param("2026-Q1", "quarter", date(2026, 1, 1), date(2026, 3, 31), 90,
                 id="a_quarter_is_written_2026_q1_and_q1_2026_has_90_days"),
    pytest.param("2026", "year", date(2026, 1, 1), date(2026, 12, 31), 365,
                 id="a_year_is_written_2026"),
    pytest.param("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29), 29,
                 id="february_of_a_leap_year_has_29_days"),
    pytest.param("2026-Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30), 92,
                 id="q3_runs_july_to_september_92_days"),
    pytest.param("2026年3月", "month", date(2026, 3, 1), date(2026, 3, 31), 31,
                 id="a_chinese_month_reads_as_the_month"),
]


@pytest.mark.parametrize(("text", "cycle", "start", "end", "days"), PARSE_CASES)
def test_period_parsing_and_calendar(text: str, cycle: str, start: date, end: date,
                                     days: int) -> None:
    """A period text gives its cycle, first and last day and its calendar days."""
    period = Period.parse(text)
    assert (period.cycle, period.start, period.end, period.days) == (cycle, start, end, days)


SPELLING_CASES = [
    pytest.param("2026-03", "2026-03", id="a_month_with_its_leading_zero"),
    pytest.param("2026/3", "2026-03", id="a_month_typed_2026_slash_3_is_march"),
    pytest.param("2026-1", "2026-01", id="a_month_typed_2026_dash_1_is_january_not_q1"),
    pytest.param("2026年3月", "2026-03", id="a_month_in_chinese"),
    pytest.param("2026-Q1", "2026-Q1", id="a_quarter"),
    pytest.param("2026Q1", "2026-Q1", id="a_quarter_without_a_dash"),
    pytest.param("2026", "2026", id="a_year"),
]


@pytest.mark.parametrize(("typed", "shown"), SPELLING_CASES)
def test_periods_print_as_the_spec_writes_them(typed: str, shown: str) -> None:
    """Period text is ``2026-03``, ``2026-Q1`` or ``2026``, whichever way it was typed; a
    month typed without its leading zero is still a month, not a quarter."""
    assert str(Period.parse(typed)) == shown


def test_a_quarter_has_three_months_and_a_year_four_quarters() -> None:
    """The parts that quarter and year targets are summed from."""
    assert [str(m) for m in Period.parse("2026-Q2").months()] == [
        "2026-04", "2026-05", "2026-06"]
    assert [str(q) for q in Period.parse("2026").quarters()] == [
        "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


def test_a_period_made_any_way_equals_and_hashes_like_the_shared_one() -> None:
    """Parsed, stepped to, built directly or copied through pickle (as documents are sent
    to worker processes), a period is equal to and hashes like the shared instance, so it
    finds the same entries in a dict keyed by periods."""
    shared = Period.parse("2026-03")
    made = [Period("month", 2026, 3), Period.month(2026, 2).next(), Period.parse("2026-Q1")
            .months()[2], pickle.loads(pickle.dumps(shared))]
    assert Period.month(2026, 3) is shared
    assert all(p == shared and hash(p) == hash(shared) for p in made)
    assert {shared: "March"}[made[0]] == "March"
    assert (made[0].start, made[0].end, made[0].days) == (shared.start, shared.end, 31)


def test_text_that_is_no_period_is_rejected() -> None:
    """An unreadable period raises ValueError naming the text."""
    with pytest.raises(ValueError, match="13"):
        Period.parse("2026-13")


# -- Employment days -----------------------------------------------------------------------

EMPLOYMENT_CASES = [
    pytest.param(date(2026, 1, 11), None, "2026-01", 21,  # Jan 11..31 = 21 days
                 id="a_hire_on_the_11th_of_january_is_employed_21_days"),
    pytest.param(LONG_AGO, date(2026, 1, 20), "2026-01", 20,  # Jan 1..20, the 20th included
                 id="the_termination_date_is_the_last_day_worked"),
    pytest.param(date(2026, 1, 15), date(2026, 1, 15), "2026-01", 1,
                 id="hired_and_leaving_on_the_same_day_is_one_employment_day"),
    pytest.param(date(2026, 2, 1), None, "2026-01", 0,
                 id="a_hire_after_the_period_has_no_employment_day"),
    pytest.param(LONG_AGO, date(2025, 12, 31), "2026-01", 0,
                 id="a_leaver_before_the_period_has_no_employment_day"),
    pytest.param(date(2026, 2, 1), None, "2026-Q1", 59,  # Feb 28 + Mar 31
                 id="a_february_hire_is_employed_59_days_of_q1"),
    pytest.param(date(2026, 3, 31), None, "2026", 276,  # Mar 31 + 275 days Apr..Dec
                 id="a_hire_on_march_31_is_employed_276_days_of_the_year"),
]


@pytest.mark.parametrize(("hired", "left", "period", "days"), EMPLOYMENT_CASES)
def test_employment_days(hired: date, left: date | None, period: str, days: int) -> None:
    """Days from max(period start, hire_date) to min(period end, termination_date), both
    ends included; the employed fraction is those days over the period's calendar days."""
    job = Employment("E1", hired, left)
    parsed = Period.parse(period)
    assert job.days(parsed) == days
    assert job.fraction(parsed) == Decimal(days) / Decimal(parsed.days)


# -- Graded periods and the as-of date ------------------------------------------------------

QUARTER_TARGETS = targets(("E1", "2026-01", 1000), ("E1", "2026-02", 1000),
                          ("E1", "2026-03", 1000))

AS_OF_CASES = [
    pytest.param(date(2026, 1, 31), set(),
                 id="a_month_ending_on_the_as_of_date_is_not_graded"),
    pytest.param(date(2026, 2, 1), {"2026-01"},
                 id="a_month_that_ended_the_day_before_the_as_of_date_is_graded"),
    pytest.param(date(2026, 3, 31), {"2026-01", "2026-02"},
                 id="a_quarter_ending_on_the_as_of_date_is_not_graded"),
    pytest.param(date(2026, 4, 1), {"2026-01", "2026-02", "2026-03", "2026-Q1"},
                 id="a_quarter_is_graded_once_it_has_ended"),
]


@pytest.mark.parametrize(("as_of", "periods"), AS_OF_CASES)
def test_graded_periods_ended_before_the_as_of_date(as_of: date, periods: set[str]) -> None:
    """Only periods that ended before the as-of date are graded."""
    assert graded(company(Targets=QUARTER_TARGETS), as_of) == {("E1", p) for p in periods}


def test_a_year_is_graded_with_its_cycle_column() -> None:
    """Month, quarter and year rows carry their cycle; the year is graded after Dec 31."""
    book = company(Targets=targets(("E1", "2026", 120000)))
    frame = results(book, date(2027, 1, 1)).scores
    assert frame[["period", "cycle"]].values.tolist() == [["2026", "year"]]


WHO_CASES = [
    pytest.param(
        staff(("E1", "Ann", LONG_AGO), ("E2", "Bob", date(2026, 2, 1))),
        targets(("E1", "2026-01", 1000), ("E1", "2026-02", 1000), ("E2", "2026-02", 1000)),
        {("E1", "2026-01"), ("E1", "2026-02"), ("E2", "2026-02")},
        id="an_employee_with_no_employment_day_in_a_period_is_not_graded_for_it"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO), ("E3", "Cai", LONG_AGO, date(2025, 12, 31))),
        targets(("E1", "2025-12", 1000), ("E1", "2026-01", 1000), ("E3", "2025-12", 1000)),
        {("E1", "2025-12"), ("E1", "2026-01"), ("E3", "2025-12")},
        id="a_leaver_is_graded_up_to_the_last_period_with_an_employment_day"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO), ("M1", "Max", LONG_AGO)),
        targets(("E1", "2026-01", 1000)),
        {("E1", "2026-01")},
        id="an_employee_without_targets_rows_such_as_a_manager_is_not_graded"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO)),
        targets(("E1", "2026-01", 1000), ("E1", "2026-02", None, 3)),
        {("E1", "2026-01")},
        id="a_period_for_which_nobody_has_a_sales_target_is_not_graded"),
]


@pytest.mark.parametrize(("people", "target_rows", "expected"), WHO_CASES)
def test_who_is_graded(people: Rows, target_rows: Rows,
                       expected: set[tuple[str, str]]) -> None:
    """Sales staff (employees with a Targets row) are graded in every graded period in
    which they have an employment day; nobody else is."""
    book = company(Employees=people, Targets=target_rows)
    assert graded(book, date(2026, 3, 1)) == expected


def test_a_conversion_on_the_as_of_date_is_ignored_and_a_later_run_counts_it() -> None:
    """The same inputs give the same result for the same as-of date; a conversion dated
    on the as-of date only counts in a run with a later as-of date."""
    book = company(Targets=targets(("E1", "2026-01", 1000)),
                   Leads=leads(("L1", "E1", date(2026, 1, 5), "web", date(2026, 2, 10)),
                               ("L2", "E1", date(2026, 1, 6), "web")))
    early = score_row(book, date(2026, 2, 10), "E1", "2026-01")
    late = score_row(book, date(2026, 2, 11), "E1", "2026-01")
    again = score_row(book, date(2026, 2, 10), "E1", "2026-01")
    assert (early["leads_converted"], late["leads_converted"]) == (0, 1)
    assert again["leads_converted"] == early["leads_converted"]


SALE_AFTER_AS_OF_CASES = [
    pytest.param(sales(("K1", date(2026, 2, 1), "E1", "C1", 5000)),
                 id="a_sale_dated_on_the_as_of_date_is_ignored"),
    pytest.param(sales(), id="a_sales_sheet_without_rows_gives_zero_sales"),
]


@pytest.mark.parametrize("sale_rows", SALE_AFTER_AS_OF_CASES)
def test_a_month_without_sales_before_the_as_of_date_scores_0(sale_rows: Rows) -> None:
    """With no sale counted, January's sales are 0 and attainment 0 / 1,000 = 0."""
    book = company(Targets=targets(("E1", "2026-01", 1000)), Sales=sale_rows)
    row = score_row(book, date(2026, 2, 1), "E1", "2026-01")
    assert row["sales"] == 0
    assert row["sales_attainment"] == 0
    assert row["score_sales_attainment"] == 0
