"""SPEC section 3 "Validation" and the missing-target rule of section 5.

Every problem names its sheet, Excel row and column, what was expected and what was
found; errors stop the run (``WorkbookInvalid``) and are all reported at once; warnings
travel with the results.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.helpers import (
    LONG_AGO,
    Rows,
    company,
    error_texts,
    leads,
    payments,
    plan,
    problems_of,
    results,
    sales,
    staff,
    targets,
)
from toolkit.core.cells import Unreadable, read_column

AS_OF = date(2026, 3, 1)
TWO = staff(("E1", "Ann", LONG_AGO), ("E2", "Bob", LONG_AGO))


def _has(texts: list[str], *parts: str) -> bool:
    return any(all(part in text for part in parts) for text in texts)


# -- the missing sales target --------------------------------------------------------------

MISSING_TARGET_CASES = [
    pytest.param(
        targets(("E1", "2026-01", 100000), ("E2", "2026-02", 100000)), ("E2", "2026-01"),
        id="a_sales_employee_employed_in_a_graded_month_without_its_row_is_an_error"),
    pytest.param(
        targets(("E1", "2026-01", 100000), ("E2", "2026-01", 0)), ("E2", "2026-01"),
        id="a_zero_sales_target_in_a_graded_month_is_an_error"),
    pytest.param(
        targets(("E1", "2026-01", 100000), ("E2", "2026-01", None, 3)), ("E2", "2026-01"),
        id="a_targets_row_without_a_sales_target_is_an_error"),
]


@pytest.mark.parametrize(("target_rows", "culprit"), MISSING_TARGET_CASES)
def test_missing_sales_target(target_rows: Rows, culprit: tuple[str, str]) -> None:
    """A sales employee (one with a Targets row) employed in a graded period without a
    non-zero sales target for it is an error on the Targets sheet naming who and when."""
    problems = problems_of(company(Employees=TWO, Targets=target_rows), AS_OF)
    employee, period = culprit
    found = [p for p in problems if p.severity == "error" and p.sheet == "Targets"]
    assert any(employee in p.message and period in p.message for p in found), problems
    assert all(p.column == "sales_target" for p in found)


def test_a_quarter_month_without_a_row_is_an_error_when_the_quarter_is_graded() -> None:
    """E2 has no March row while employed in March; E1's full quarter makes March and Q1
    graded, so E2's missing target is an error."""
    book = company(Employees=TWO, Targets=targets(
        ("E1", "2026-01", 1), ("E1", "2026-02", 1), ("E1", "2026-03", 1),
        ("E2", "2026-01", 1), ("E2", "2026-02", 1)))
    texts = error_texts(book, date(2026, 4, 1))
    assert _has(texts, "Targets", "E2", "2026-03"), texts


def test_an_employee_not_employed_in_a_graded_period_needs_no_target() -> None:
    """E2, hired in February, has no January row and no January employment: no error."""
    book = company(Employees=staff(("E1", "Ann", LONG_AGO), ("E2", "Bob", date(2026, 2, 1))),
                   Targets=targets(("E1", "2026-01", 100000), ("E1", "2026-02", 100000),
                                   ("E2", "2026-02", 100000)))
    frame = results(book, AS_OF).scores
    assert set(zip(frame["employee_id"], frame["period"], strict=True)) == {
        ("E1", "2026-01"), ("E1", "2026-02"), ("E2", "2026-02")}


# -- cell, key and reference errors ---------------------------------------------------------

CELL_CASES = [
    pytest.param(
        {"Sales": sales(("K1", date(2026, 1, 5), "E1", "C1", 1000),
                        ("K2", date(2026, 1, 6), "E1", "C2", "n/a"))},
        "Sales!E3 amount: expected a number, found 'n/a'",
        id="text_in_a_number_column_names_the_cell_and_what_was_found"),
    pytest.param(
        {"Sales": sales(("K1", "soon", "E1", "C1", 1000))},
        "Sales!B2 date: expected a date, found 'soon'",
        id="text_in_a_date_column_names_the_cell_and_what_was_found"),
    pytest.param(
        {"Sales": sales(("K1", date(2026, 1, 5), "E9", "C1", 1000))},
        "Sales!C2 employee_id: expected an employee_id listed in Employees, found 'E9'",
        id="an_id_that_refers_to_no_employee_is_an_error"),
    pytest.param(
        {"Sales": sales(("K1", date(2026, 1, 5), "E1", "C1", 1000, None, 1500,
                         date(2026, 1, 9)))},
        "Sales!G2 collected_amount: expected at most the amount",
        id="collected_amount_greater_than_amount_is_an_error"),
    pytest.param(
        {"History": [["employee_id", "period", "grade"], ["E1", "2025-Q4", "E+"]]},
        "History!C2 grade: expected a grade S, A, B, C or D, found 'E+'",
        id="a_grade_that_is_not_s_a_b_c_or_d_is_an_error"),
    pytest.param(
        {"Sales": [["contract_id", "date", "employee_id", "customer_id"],
                   ["K1", date(2026, 1, 5), "E1", "C1"]]},
        "expected a column named amount",
        id="a_missing_required_column_is_an_error"),
    pytest.param(
        {"Plan": [["indicator", "month", "quarter", "year"],
                  ["sales_attainment", 30, 30, 30]]},
        "expected the month weights to sum to 100, found 110",  # 100 − 20 + 30
        id="a_weight_column_not_summing_to_100_is_an_error"),
    pytest.param(
        {"Plan": [["grade", "min_score", "coefficient"], ["A", 110, 1]]},
        "expected min_score strictly decreasing from S to D",  # A 110 above S 105
        id="grade_bands_not_strictly_decreasing_are_an_error"),
]


@pytest.mark.parametrize(("sheets", "expected"), CELL_CASES)
def test_cell_errors(sheets: dict[str, Rows], expected: str) -> None:
    """A bad cell, reference or plan value stops the run with a located message."""
    book = company(Targets=targets(("E1", "2026-01", 100000)), **sheets)
    texts = error_texts(book, AS_OF)
    assert any(expected in text for text in texts), texts


def test_a_missing_required_sheet_is_an_error() -> None:
    """A workbook without a Targets sheet names the sheet it expected."""
    book = company()
    del book["Targets"]
    texts = error_texts(book, AS_OF)
    assert _has(texts, "expected a sheet named Targets"), texts


DUPLICATE_CASES = [
    pytest.param(
        {"Employees": staff(("E1", "Ann", LONG_AGO), ("E1", "Ann again", LONG_AGO))},
        ("Employees", "E1"),
        id="a_duplicate_employee_id_is_an_error"),
    pytest.param(
        {"Sales": sales(("K1", date(2026, 1, 5), "E1", "C1", 1000),
                        ("K1", date(2026, 1, 6), "E1", "C2", 2000))},
        ("Sales", "K1"),
        id="a_duplicate_contract_id_is_an_error"),
    pytest.param(
        {"Leads": leads(("L1", "E1", date(2026, 1, 2)), ("L1", "E1", date(2026, 1, 3)))},
        ("Leads", "L1"),
        id="a_duplicate_lead_id_is_an_error"),
]


@pytest.mark.parametrize(("sheets", "expected"), DUPLICATE_CASES)
def test_duplicate_keys(sheets: dict[str, Rows], expected: tuple[str, str]) -> None:
    """A key seen twice (employee_id, contract_id, lead_id) is an error on the second row,
    naming the key value."""
    book = company(Targets=targets(("E1", "2026-01", 100000)), **sheets)
    problems = problems_of(book, AS_OF)
    sheet, key = expected
    assert any(p.severity == "error" and p.sheet == sheet and p.row == 3 and key in p.message
               for p in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    """Errors in several sheets, and a missing target, come back together in one run."""
    book = company(
        Employees=TWO,
        Targets=targets(("E1", "2026-01", 100000), ("E1", "2026-02", 100000),
                        ("E2", "2026-02", 100000)),  # E2 has no January target
        Sales=sales(("K1", date(2026, 1, 5), "E1", "C1", 1000),
                    ("K2", date(2026, 1, 6), "E9", "C2", "n/a"),
                    ("K3", "soon", "E1", "C3", 500)),
        Plan=[["indicator", "month", "quarter", "year"], ["sales_attainment", 30, 30, 30]])
    texts = error_texts(book, AS_OF)
    assert _has(texts, "Sales!E3 amount: expected a number, found 'n/a'"), texts
    assert _has(texts, "Sales!C3 employee_id", "'E9'"), texts
    assert _has(texts, "Sales!B4 date: expected a date, found 'soon'"), texts
    assert _has(texts, "month weights to sum to 100"), texts
    assert _has(texts, "Targets", "E2", "2026-01"), texts


def test_every_duplicate_is_reported_with_the_other_errors() -> None:
    """A duplicate key does not hide the other errors of the workbook."""
    book = company(
        Employees=staff(("E1", "Ann", LONG_AGO), ("E1", "Ann again", LONG_AGO)),
        Targets=targets(("E1", "2026-01", 100000)),
        Sales=sales(("K1", date(2026, 1, 5), "E1", "C1", "n/a")))
    texts = error_texts(book, AS_OF)
    assert _has(texts, "Employees", "E1"), texts
    assert _has(texts, "Sales!E2 amount"), texts


def test_a_warning_does_not_stop_the_run() -> None:
    """A payment for an unknown contract is a warning: the run goes on and lists it."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Payments=payments(("K7", date(2026, 1, 5), 10)))
    run = results(book, AS_OF)
    assert len(run.scores) == 1
    assert any(p.sheet == "Payments" and p.cell == "A2" and "K7" in p.message
               for p in run.warnings), run.warnings


def test_an_unknown_plan_setting_is_only_a_warning() -> None:
    """A Plan row naming no setting is ignored with a warning."""
    book = company(Targets=targets(("E1", "2026-01", 100000)), Plan=plan(colour="blue"))
    run = results(book, AS_OF)
    assert any(p.sheet == "Plan" and "colour" in p.message for p in run.warnings)


def test_a_review_date_before_the_period_end_is_a_warning() -> None:
    """A self-review dated inside the period it reviews is listed as a warning on its cell
    and the run goes on."""
    book = company(
        Targets=targets(("E1", "2026-01", 100000)),
        Reviews=[["employee_id", "period", "satisfaction", "self_review_date"],
                 ["E1", "2026-Q1", 90, date(2026, 3, 15)]])  # Q1 ends 2026-03-31
    run = results(book, date(2026, 4, 1))
    assert any(p.sheet == "Reviews" and p.cell == "D2" and "2026-03-31" in p.message
               for p in run.warnings), run.warnings


def test_each_early_review_step_is_a_warning_row_by_row_in_column_order() -> None:
    """Every step dated on or before its period's last day is listed (the last day itself
    included, a time of day ignored), row by row, each row's steps in the order self
    review, manager review, one-on-one; a step dated after the period is not."""
    book = company(
        Targets=targets(("E1", "2026-01", 100000)),
        Reviews=[["employee_id", "period", "satisfaction", "self_review_date",
                  "manager_review_date", "one_on_one_date"],
                 ["E1", "2026-01", 90, date(2026, 2, 1), datetime(2026, 1, 31, 18, 30),
                  date(2026, 1, 5)],
                 ["E1", "2025-Q4", 90, date(2025, 12, 31), None, date(2026, 1, 2)],
                 ["E1", "2025", 90, date(2026, 1, 3), date(2025, 7, 1), None]])
    run = results(book, date(2026, 3, 1))
    early = [(p.cell, p.message) for p in run.warnings if p.sheet == "Reviews"]
    assert early == [
        ("E2", "expected a date after the period ends (2026-01-31), found 2026-01-31"),
        ("F2", "expected a date after the period ends (2026-01-31), found 2026-01-05"),
        ("D3", "expected a date after the period ends (2025-12-31), found 2025-12-31"),
        ("E4", "expected a date after the period ends (2025-12-31), found 2025-07-01"),
    ]


def test_collections_above_the_amount_or_above_zero_on_a_negative_amount_are_errors() -> None:
    """A collection may equal its contract's amount; a cent more is an error; on a
    negative amount (a credit note) nothing above zero may be collected."""
    d = date(2026, 1, 5)
    book = company(
        Targets=targets(("E1", "2026-01", 100000)),
        Sales=sales(("K1", d, "E1", "C1", 1000, None, 1000, d),
                    ("K2", d, "E1", "C1", 1000, None, 1000.01, d),
                    ("K3", d, "E1", "C1", -500, None, 0, d),
                    ("K4", d, "E1", "C1", -500, None, 10, d)))
    above = [p.cell for p in problems_of(book, AS_OF) if p.column == "collected_amount"]
    assert above == ["G3", "G5"]


# -- reading a column: each distinct cell once, the same as one cell at a time -------------

_CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1.0, 2.5, -0.0, 0.0]),
    st.sampled_from(["E1", " E1 ", "Ｅ１", "E\u200b1", "", "  ", "#N/A", "2026-01-31", "n/a",
                     "12.5", "1,200"]),
    st.dates(date(2025, 1, 1), date(2025, 1, 5)))


def _reading(cell: object, kind: str, required: bool) -> object:
    """One cell read on its own: a reading, or the message of an unreadable cell."""
    value = read_column([cell], kind, required)[0]
    return ("unreadable", value.message) if isinstance(value, Unreadable) else \
        (type(value), repr(value))


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, max_size=12),
       st.sampled_from(["id", "text", "date", "money", "count", "number", "rate"]),
       st.booleans())
def test_a_column_reads_each_cell_as_it_reads_alone(cells: list[object], kind: str,
                                                     required: bool) -> None:
    """Reading a whole column (distinct cells once, every cell distinct or not) gives each
    cell the reading it gets alone, of the same type and digits (True is not 1, 1 is not
    1.0)."""
    column = [("unreadable", v.message) if isinstance(v, Unreadable) else (type(v), repr(v))
              for v in read_column(cells, kind, required)]
    assert column == [_reading(cell, kind, required) for cell in cells]


def test_text_columns_hold_python_strings_whatever_is_installed() -> None:
    """With pyarrow installed (fastexcel reads through it), pandas would keep inferred
    text columns in Arrow; the core asks for Python strings, as without it."""
    import pandas as pd

    import toolkit.core  # noqa: F401 - sets the storage

    assert pd.Series(["E1001", "E1002"]).dtype.storage == "python"
