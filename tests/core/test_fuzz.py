"""Fuzzing the core with hostile cell values: it answers with problems, never a crash.

A small but complete company (every input sheet and the Plan sheet, valid as built) is
damaged cell by cell with any value a workbook reader (calamine, openpyxl, xlwings) can
hand over: text of any script, control characters, formula- and template-looking text,
Excel error values, dates as text, huge, tiny, negative and non-finite numbers, booleans,
dates, times and durations.
``pipeline.run`` must either return results or raise ``WorkbookInvalid``; the export
frames of the results must build too.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core.outputs import (
    ACTIONS,
    COMMISSION_LINES,
    PAYOUTS,
    RECONCILIATION,
    SCHEDULE,
    SCORES,
    export_frame,
    problems_frame,
)
from toolkit.core.pipeline import Results, run
from toolkit.core.plan import Plan
from toolkit.core.plan_sheet import plan_blocks
from toolkit.core.problems import WorkbookInvalid
from toolkit.core.raw import RawSheet, RawWorkbook
from toolkit.core.sheets import INPUT_SHEETS
from toolkit.sample import generate

AS_OF = date(2025, 10, 20)
ROWS_PER_SHEET = 6  # Targets stay whole: a missing target would make every example invalid
# 14 sheets x 36 examples, plus examples damaging several sheets at once: over 500 in all.
PER_SHEET = settings(max_examples=36, deadline=None, database=None,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.data_too_large])
ACROSS = settings(max_examples=30, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE_TEXT = [
    "=HYPERLINK(\"http://example.invalid\",\"click\")", "+1", "-1", "@SUM(A1:A2)",
    "=1+1", "{{ 7*7 }}", "{% for x in range(10**9) %}x{% endfor %}", "${7*7}",
    "#N/A", "#DIV/0!", "#VALUE!", " #REF! ", "../x", "CON", "a/b", "NUL.txt",
    "2026年3月5日", "2026/3/5", "2026-02-30", "20260305", "2026-13", "2026-Q5", "2026-Q1",
    "25%", "２５％", "1,000,000", "1e400", "-1e400", "NaN", "inf", "-0", "0x10", "",
    "   ", "\u3000", "Ｅ１００１", "E1001 ", "\x00\x07\x1b[31m", "\ud800", "\ufffe",
    "A" * 40000, "名" * 300, "S", "upheld", "维持", "zh", "yes", "TRUE",
]


def _finite_or_not() -> st.SearchStrategy[float]:
    return st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
        [1e300, -1e300, 1e15, 1e16, 2958465.0, 2958466.0, 0.5, 1e-300, 46000.0, 46000.5])


cell_values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    _finite_or_not(),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-10**5), max_value=timedelta(days=10**5)),
)


def _plain(value: Any) -> Any:
    """A frame value as a reader hands it over: floats for money, None for blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _base_sheets() -> dict[str, list[list[Any]]]:
    company = generate(employees=3, months=8, seed=1)
    sheets: dict[str, list[list[Any]]] = {}
    for sheet in INPUT_SHEETS:
        frame = company.frame(sheet.name, "en")
        rows = [[_plain(v) for v in record] for record in frame.itertuples(index=False)]
        keep = rows if sheet.name in ("Targets", "Employees") else rows[:ROWS_PER_SHEET]
        sheets[sheet.name] = [list(frame.columns), *keep]
    leaver = sheets["Employees"][-1][0]
    sheets["Separations"].append(_row(sheets["Separations"][0], employee_id=leaver,
                                      request_date=date(2025, 9, 1),
                                      last_day=date(2025, 9, 30), reason="moving"))
    sheets["Assets"].append(_row(sheets["Assets"][0], employee_id=leaver, asset_id="A1",
                                 item="laptop", issued_date=date(2024, 1, 1)))
    plan: list[list[Any]] = []
    for _name, headers, rows in plan_blocks(Plan(), "en"):
        plan.extend([headers, *rows, []])
    sheets["Plan"] = plan
    return sheets


def _row(headers: list[Any], **values: Any) -> list[Any]:
    return [values.get(h) for h in headers]


BASE = _base_sheets()
SHEET_NAMES = list(BASE)
REQUIRED = [sheet.name for sheet in INPUT_SHEETS if sheet.required]


def _workbook(sheets: dict[str, list[list[Any]]]) -> RawWorkbook:
    return RawWorkbook({name: RawSheet(name, rows) for name, rows in sheets.items()})


def _damaged(changes: list[tuple[str, int, int, Any]],
             names: list[str] = SHEET_NAMES) -> RawWorkbook:
    """The ``names`` sheets of BASE with each (sheet, row, column, value) set; rows and
    columns past the end are added, so a value can also land in a new row or an unknown
    extra column."""
    sheets = {name: [list(r) for r in BASE[name]] for name in names}
    for name, row, col, value in changes:
        rows = sheets[name]
        while len(rows) <= row:
            rows.append([])
        while len(rows[row]) <= col:
            rows[row].append(None)
        rows[row][col] = value
    return _workbook(sheets)


def _change(sheet: str) -> st.SearchStrategy[tuple[str, int, int, Any]]:
    rows, width = len(BASE[sheet]), max(len(r) for r in BASE[sheet])
    # Row 0 is the header: damaging it is fair game too, though less often.
    row = st.integers(min_value=1, max_value=rows) | st.just(0)
    return st.tuples(st.just(sheet), row, st.integers(min_value=0, max_value=width),
                     cell_values)


def _compute(book: RawWorkbook) -> Results | None:
    """Run the core; ``None`` when it refused the workbook with its problems."""
    try:
        results = run(book, AS_OF)
    except WorkbookInvalid as exc:
        assert exc.errors, "WorkbookInvalid without an error"
        assert all(p.sheet and p.message for p in exc.problems)
        return None
    for output, frame in ((SCORES, results.scores), (PAYOUTS, results.payouts),
                          (COMMISSION_LINES, results.commission_lines),
                          (RECONCILIATION, results.reconciliation),
                          (ACTIONS, results.actions), (SCHEDULE, results.schedule)):
        if frame is not None:
            export_frame(frame, output)
    problems_frame(results.problems)
    return results


def test_the_undamaged_company_is_valid_and_graded() -> None:
    """The fuzzing starts from a workbook the core accepts, so damage is what it tests."""
    results = _compute(_workbook(BASE))
    assert results is not None
    assert len(results.scores) > 0


@pytest.mark.parametrize("sheet", SHEET_NAMES)
@PER_SHEET
@given(data=st.data())
def test_any_cell_values_in_a_sheet_give_results_or_problems(sheet: str,
                                                              data: st.DataObject) -> None:
    """One to four cells of ``sheet`` replaced by anything: results or WorkbookInvalid.
    (The workbook holds the required sheets and ``sheet``: each example costs less, and
    the test across sheets below damages the whole workbook.)"""
    changes = data.draw(st.lists(_change(sheet), min_size=1, max_size=4))
    _compute(_damaged(changes, list(dict.fromkeys([*REQUIRED, sheet]))))


@ACROSS
@given(st.lists(st.sampled_from(SHEET_NAMES).flatmap(_change), min_size=2, max_size=8))
def test_any_cell_values_across_sheets_give_results_or_problems(
        changes: list[tuple[str, int, int, Any]]) -> None:
    """Damage spread over several sheets at once: results or WorkbookInvalid."""
    _compute(_damaged(changes))


@pytest.mark.parametrize("value", [time(9, 30), timedelta(days=3), float("nan"),
                                   float("inf"), 10**30, "\x00", Decimal("1e20")])
def test_values_no_reader_expects_are_problems_at_their_cell(value: Any) -> None:
    """A time, a duration or a non-finite number in Sales amount: an error naming the cell."""
    book = _damaged([("Sales", 1, BASE["Sales"][0].index("amount"), value)])
    with pytest.raises(WorkbookInvalid) as caught:
        run(book, AS_OF)
    places = [p.place for p in caught.value.errors]
    assert "Sales!F2" in places
