"""SPEC sections 7 and 8: working days, review deadlines, PIP dates and step statuses.

Every expected date is worked out by hand on the official 2026 China calendar (public
holidays off, weekend make-up days worked) in the comment beside it. The relevant 2026
facts: Jan 1-3 off, Sun Jan 4 worked; Apr 4-6 off (Qingming); Sat Sep 19 off, Sun Sep 20
worked; Oct 1-7 off (National Day), Sat Oct 10 worked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from tests.builders import Sheets, employees, raw
from toolkit.core.facts import Facts, cut
from toolkit.core.outputs import SCHEDULE
from toolkit.core.periods import Period
from toolkit.core.pip import pip_dates, pip_end
from toolkit.core.plan import Plan
from toolkit.core.problems import PlanInvalid
from toolkit.core.schedule import (
    ReviewDates,
    appeal_deadline,
    period_steps,
    review_dates,
    review_deadlines,
    schedule_table,
    step_status,
)
from toolkit.core.validate import validate
from toolkit.core.workdays import add_working_days, is_working_day, next_working_day

PLAN = Plan()


# -- Working days ---------------------------------------------------------------------------

WORKING_DAY_CASES = [
    # (start, n, expected): each expected date worked out by hand
    # Wed Sep 30 + 3: Oct 1-7 off, Thu Oct 8 = 1st, Fri Oct 9 = 2nd, Sat Oct 10 (make-up) = 3rd.
    (date(2026, 9, 30), 3, date(2026, 10, 10)),
    # Fri Sep 18 + 1: Sat Sep 19 is off, Sun Sep 20 is an official make-up working day.
    (date(2026, 9, 18), 1, date(2026, 9, 20)),
    # Fri Feb 13 + 1: Sat Feb 14 is an official make-up working day (Spring Festival).
    (date(2026, 2, 13), 1, date(2026, 2, 14)),
    # Fri Mar 6 + 1: an ordinary weekend is skipped, Mon Mar 9.
    (date(2026, 3, 6), 1, date(2026, 3, 9)),
    # Thu Oct 8 + 1: the start day never counts even when worked, Fri Oct 9.
    (date(2026, 10, 8), 1, date(2026, 10, 9)),
    # Wed Dec 31 2025 + 3: Jan 1-2 off, Sat Jan 3 off, Sun Jan 4 worked = 1st, Mon 5 = 2nd,
    # Tue 6 = 3rd.
    (date(2025, 12, 31), 3, date(2026, 1, 6)),
    # + 0 working days is the day itself, even a holiday.
    (date(2026, 10, 1), 0, date(2026, 10, 1)),
]


@pytest.mark.parametrize(("start", "n", "expected"), WORKING_DAY_CASES)
def test_adding_working_days_counts_only_days_worked_on_the_china_calendar(
        start: date, n: int, expected: date) -> None:
    """Date + N working days is the N-th working day after the date (SPEC section 8)."""
    assert add_working_days(start, n, "CN") == expected


def test_a_deadline_crossing_national_day_lands_on_the_make_up_saturday() -> None:
    """Q3 2026 ends Wed Sep 30; its self-review is due 3 working days later: Oct 1-7 off,
    Oct 8 (Thu) 1st, Oct 9 (Fri) 2nd, Sat Oct 10 (official make-up day) 3rd."""
    deadlines = review_deadlines(Period.quarter(2026, 3), PLAN)
    assert deadlines.self_review == date(2026, 10, 10)
    assert date(2026, 10, 10).weekday() == 5  # a Saturday, worked by decree


def test_weekend_make_up_days_are_working_days_and_golden_week_days_are_not() -> None:
    """Sat Oct 10 2026 is worked; Mon Oct 5 (National Day) and Sun Oct 11 are not."""
    assert is_working_day(date(2026, 10, 10), "CN")
    assert not is_working_day(date(2026, 10, 5), "CN")
    assert not is_working_day(date(2026, 10, 11), "CN")
    assert is_working_day(date(2026, 10, 10), " cn ")  # the code is read like a cell


def test_a_negative_number_of_working_days_is_refused() -> None:
    """Deadlines only move forward; a negative count is a programming error."""
    with pytest.raises(ValueError, match="expected 0 or more working days, found -1"):
        add_working_days(date(2026, 1, 5), -1, "CN")


def test_an_unknown_holiday_country_names_the_code() -> None:
    """holiday_country must be a code the holidays package knows."""
    with pytest.raises(PlanInvalid, match=r"holiday_country: .*'XX'"):
        add_working_days(date(2026, 1, 5), 1, "XX")


# -- Review deadlines -------------------------------------------------------------------------

DEADLINE_CASES = [
    # Q1 2026 ends Tue Mar 31. Self +3: Apr 1, 2, 3 -> Fri Apr 3.
    # Manager +5: Apr 4-6 off (Qingming, Sat-Mon), Apr 7, 8, 9, 10, 13 -> Mon Apr 13.
    (Period.quarter(2026, 1), date(2026, 4, 3), date(2026, 4, 13)),
    # Q3 2026: self Sat Oct 10 (above). Manager +5: Sun 11 off, Oct 12, 13, 14, 15, 16
    # -> Fri Oct 16.
    (Period.quarter(2026, 3), date(2026, 10, 10), date(2026, 10, 16)),
    # Year 2025 ends Wed Dec 31: self Tue Jan 6 2026 (above).
    # Manager +5: Jan 7, 8, 9, 12, 13 -> Tue Jan 13 2026.
    (Period.of_year(2025), date(2026, 1, 6), date(2026, 1, 13)),
]


@pytest.mark.parametrize(("period", "self_due", "manager_due"), DEADLINE_CASES)
def test_review_deadlines_count_working_days_from_the_period_end(
        period: Period, self_due: date, manager_due: date) -> None:
    """self_review = end + 3 working days; manager_review = that + 5 (plan defaults)."""
    deadlines = review_deadlines(period, PLAN)
    assert (deadlines.self_review, deadlines.manager_review) == (self_due, manager_due)
    assert deadlines.one_on_one == manager_due


def test_the_appeal_window_closes_after_the_one_on_one_else_after_the_manager_deadline(
        ) -> None:
    """Q1 2026: one-on-one Fri Apr 10 + 3 = Apr 13, 14, 15 -> Wed Apr 15; without one,
    the manager deadline Mon Apr 13 + 3 = Apr 14, 15, 16 -> Thu Apr 16."""
    q1 = Period.quarter(2026, 1)
    assert appeal_deadline(q1, date(2026, 4, 10), PLAN) == date(2026, 4, 15)
    assert appeal_deadline(q1, None, PLAN) == date(2026, 4, 16)


# -- PIP dates --------------------------------------------------------------------------------

def test_a_pip_starts_the_first_working_day_after_the_manager_review_deadline() -> None:
    """Q1 2026: manager deadline Mon Apr 13 -> start Tue Apr 14; same day 3 months later
    Jul 14, the day before -> end Mon Jul 13."""
    assert pip_dates(Period.quarter(2026, 1), PLAN) == (date(2026, 4, 14), date(2026, 7, 13))


def test_a_pip_after_the_national_day_deadline_skips_the_weekend() -> None:
    """Q3 2026: manager deadline Fri Oct 16 -> Sat 17 and Sun 18 off -> start Mon Oct 19;
    Jan 19 2027 less one day -> end Mon Jan 18 2027."""
    assert pip_dates(Period.quarter(2026, 3), PLAN) == (date(2026, 10, 19),
                                                         date(2027, 1, 18))


def test_an_annual_pip_starts_after_the_january_deadline() -> None:
    """Year 2025: manager deadline Tue Jan 13 2026 -> start Wed Jan 14; end Apr 13."""
    assert pip_dates(Period.of_year(2025), PLAN) == (date(2026, 1, 14), date(2026, 4, 13))


PIP_END_CASES = [
    # (start, months, end): the day before the same day `months` later, where a day the
    # month lacks is replaced by the month's last day BEFORE stepping back one day.
    # Jan 31 + 3 -> Apr 31 missing -> Apr 30 -> the day before: Apr 29.
    (date(2026, 1, 31), 3, date(2026, 4, 29)),
    # Nov 30 + 3 -> Feb 30 2027 missing -> Feb 28 -> the day before: Feb 27.
    (date(2026, 11, 30), 3, date(2027, 2, 27)),
    # Nov 30 2027 + 3 -> Feb 30 2028 missing -> Feb 29 (leap year) -> Feb 28.
    (date(2027, 11, 30), 3, date(2028, 2, 28)),
    # Jan 31 + 1 -> Feb 31 missing -> Feb 28 -> Feb 27.
    (date(2026, 1, 31), 1, date(2026, 2, 27)),
    # An ordinary day: Apr 14 + 3 -> Jul 14 -> Jul 13.
    (date(2026, 4, 14), 3, date(2026, 7, 13)),
    # A first of the month: Oct 1 + 3 -> Jan 1 2027 -> Dec 31 2026.
    (date(2026, 10, 1), 3, date(2026, 12, 31)),
]


@pytest.mark.parametrize(("start", "months", "end"), PIP_END_CASES)
def test_a_pip_ends_the_day_before_the_same_day_pip_months_later(
        start: date, months: int, end: date) -> None:
    """SPEC 7 read as: take the same day ``pip_months`` later (its month's last day when
    that day does not exist), then the day before it. So a PIP from Jan 31 ends Apr 29,
    not Apr 30: the missing Apr 31 becomes Apr 30, the day before which is the last day."""
    assert pip_end(start, months) == end


# -- Step statuses ----------------------------------------------------------------------------

STATUS_CASES = [
    # (due, done, as_of, status)
    (date(2026, 4, 3), date(2026, 4, 3), date(2026, 5, 1), "on_time"),   # done on the day
    (date(2026, 4, 3), date(2026, 4, 1), date(2026, 5, 1), "on_time"),   # done early
    (date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1), "late"),      # done after due
    (date(2026, 4, 3), None, date(2026, 4, 4), "overdue"),               # due before as-of
    (date(2026, 4, 3), None, date(2026, 4, 3), "pending"),               # due on as-of day
    (date(2026, 4, 3), None, date(2026, 4, 1), "pending"),               # due after as-of
]


@pytest.mark.parametrize(("due", "done", "as_of", "status"), STATUS_CASES)
def test_a_step_is_on_time_late_overdue_or_pending(due: date, done: date | None,
                                                   as_of: date, status: str) -> None:
    """on_time: done ≤ due; late: done > due; overdue: not done, due < as-of; pending:
    not done, due ≥ as-of."""
    assert step_status(due, done, as_of) == status


def test_a_one_on_one_shorter_than_the_minimum_is_too_short_even_when_on_time() -> None:
    """20 minutes < 30: too_short; exactly 30: on_time; a blank duration is not judged."""
    q1, as_of = Period.quarter(2026, 1), date(2026, 5, 1)

    def one_on_one(minutes: str | None) -> str:
        review = ReviewDates(one_on_one=date(2026, 4, 10),
                             one_on_one_minutes=None if minutes is None else Decimal(minutes))
        steps = {s.step: s.status for s in period_steps(q1, review, None, PLAN, as_of)}
        return steps["one_on_one"]

    assert one_on_one("20") == "too_short"
    assert one_on_one("30") == "on_time"
    assert one_on_one(None) == "on_time"


# -- The schedule table -----------------------------------------------------------------------

REVIEW_HEADERS = ["employee_id", "period", "satisfaction", "self_review_date",
                  "manager_review_date", "one_on_one_date", "one_on_one_minutes"]
APPEAL_HEADERS = ["employee_id", "period", "submitted_date", "decision", "decided_date"]


def _facts(as_of: date, review_rows: list[list[Any]], appeal_rows: list[list[Any]]) -> Facts:
    sheets: Sheets = {
        "Employees": employees(("E1", "Ann", date(2020, 1, 1)),
                               ("E2", "Bob", date(2020, 1, 1), date(2026, 2, 15))),
        "Targets": [["employee_id", "period", "sales_target"], ["E1", "2026-Q1", 1000]],
        "Sales": [["contract_id", "date", "employee_id", "customer_id", "amount"],
                  ["K1", date(2026, 1, 10), "E1", "C1", 1000]],
        "Reviews": [REVIEW_HEADERS, *review_rows],
        "Appeals": [APPEAL_HEADERS, *appeal_rows],
    }
    tables, problems = validate(raw(sheets))
    assert not [p for p in problems if p.severity == "error"], problems
    return cut(tables, as_of)[0]


def _graded(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{"employee_id": e, "period": p, "cycle": Period.parse(p).cycle}
                         for e, p in pairs])


def _steps(frame: pd.DataFrame, employee: str) -> dict[str, tuple[Any, Any, str]]:
    rows = frame[frame["employee_id"] == employee]
    return {s: (due, done, status) for s, due, done, status in zip(
        rows["step"], rows["due_date"], rows["done_date"], rows["status"], strict=True)}


def test_the_schedule_lists_every_step_with_its_due_date_done_date_and_status() -> None:
    """E1, Q1 2026, as of May 1: self-review due Apr 3 done Apr 3 (on_time); manager due
    Apr 13 done Apr 14 (late); one-on-one due Apr 13, held Apr 10 for 20 min (too_short);
    appeal window closes Apr 10 + 3 = Apr 15, submitted Apr 15 (on_time); decision due
    Apr 15 + 5 = Apr 16, 17, 20, 21, 22 -> Apr 22, undecided (overdue)."""
    facts = _facts(date(2026, 5, 1),
                   [["E1", "2026-Q1", 90, date(2026, 4, 3), date(2026, 4, 14),
                     date(2026, 4, 10), 20]],
                   [["E1", "2026-Q1", date(2026, 4, 15), "pending", None]])
    frame = schedule_table(facts, _graded(("E1", "2026-Q1")))
    assert list(frame.columns) == [c.name for c in SCHEDULE.columns]
    assert _steps(frame, "E1") == {
        "self_review": (date(2026, 4, 3), date(2026, 4, 3), "on_time"),
        "manager_review": (date(2026, 4, 13), date(2026, 4, 14), "late"),
        "one_on_one": (date(2026, 4, 13), date(2026, 4, 10), "too_short"),
        "appeal_window": (date(2026, 4, 15), date(2026, 4, 15), "on_time"),
        "appeal_decision": (date(2026, 4, 22), None, "overdue"),
    }
    assert list(frame["step"]) == ["self_review", "manager_review", "one_on_one",
                                   "appeal_window", "appeal_decision"]


def test_steps_not_done_are_overdue_before_the_as_of_date_and_pending_from_it() -> None:
    """As of Apr 13 2026 with no review dates: self-review (due Apr 3) is overdue; the
    manager review and one-on-one (due Apr 13, the as-of day) are pending. No Appeals row:
    no appeal steps."""
    facts = _facts(date(2026, 4, 13), [], [])
    frame = schedule_table(facts, _graded(("E1", "2026-Q1")))
    assert _steps(frame, "E1") == {
        "self_review": (date(2026, 4, 3), None, "overdue"),
        "manager_review": (date(2026, 4, 13), None, "pending"),
        "one_on_one": (date(2026, 4, 13), None, "pending"),
    }


def test_dates_on_or_after_the_as_of_date_do_not_count_as_done() -> None:
    """As of Apr 14: the manager review dated Apr 14 has not happened yet (due Apr 13:
    overdue), and an appeal submitted Apr 14 does not exist yet."""
    facts = _facts(date(2026, 4, 14),
                   [["E1", "2026-Q1", 90, date(2026, 4, 3), date(2026, 4, 14), None, None]],
                   [["E1", "2026-Q1", date(2026, 4, 14), None, None]])
    steps = _steps(schedule_table(facts, _graded(("E1", "2026-Q1"))), "E1")
    assert steps["manager_review"] == (date(2026, 4, 13), None, "overdue")
    assert "appeal_window" not in steps


def test_done_dates_come_only_from_the_reviews_row_of_exactly_that_period() -> None:
    """A March row's self-review date does not complete the Q1 self-review (as of May 1)."""
    facts = _facts(date(2026, 5, 1),
                   [["E1", "2026-03", 90, date(2026, 4, 2), None, None, None]], [])
    steps = _steps(schedule_table(facts, _graded(("E1", "2026-Q1"))), "E1")
    assert steps["self_review"] == (date(2026, 4, 3), None, "overdue")


def test_leavers_get_schedule_rows_and_months_get_none() -> None:
    """Bob left Feb 15 but was graded in Q1: his three steps are listed. A month row of
    the scores has no review steps."""
    facts = _facts(date(2026, 5, 1), [], [])
    frame = schedule_table(facts, _graded(("E1", "2026-01"), ("E2", "2026-Q1")))
    assert list(zip(frame["employee_id"], frame["period"], frame["step"], strict=True)) == [
        ("E2", "2026-Q1", "self_review"), ("E2", "2026-Q1", "manager_review"),
        ("E2", "2026-Q1", "one_on_one")]


def test_an_appeal_decided_on_time_and_one_decided_late() -> None:
    """Submitted Apr 15 -> decision due Apr 22: decided Apr 22 is on_time; Apr 23 late."""
    for decided, status in ((date(2026, 4, 22), "on_time"), (date(2026, 4, 23), "late")):
        facts = _facts(date(2026, 5, 1), [],
                       [["E1", "2026-Q1", date(2026, 4, 15), "rejected", decided]])
        steps = _steps(schedule_table(facts, _graded(("E1", "2026-Q1"))), "E1")
        assert steps["appeal_decision"] == (date(2026, 4, 22), decided, status)


def test_next_working_day_skips_the_golden_week() -> None:
    """After Wed Sep 30 2026 the next working day is Thu Oct 8."""
    assert next_working_day(date(2026, 9, 30), "CN") == date(2026, 10, 8)


def test_review_dates_come_from_the_first_reviews_row_of_a_key() -> None:
    """A key's first row counts; a blank date or duration is None; a missing duration
    column reads as blank."""
    frame = pd.DataFrame({
        "employee_id": ["E1", "E1", "E2"], "period": ["2026-Q1"] * 3,
        "self_review_date": pd.to_datetime(["2026-04-03", "2026-04-01", None]),
        "manager_review_date": pd.to_datetime([None, "2026-04-09", "2026-04-09"]),
        "one_on_one_date": pd.to_datetime(["2026-04-10", None, "2026-04-10"]),
        "one_on_one_minutes": [20.0, 30.0, float("nan")]})
    found = review_dates(frame)
    assert found == {
        ("E1", "2026-Q1"): ReviewDates(date(2026, 4, 3), None, date(2026, 4, 10),
                                       Decimal("20.0")),
        ("E2", "2026-Q1"): ReviewDates(None, date(2026, 4, 9), date(2026, 4, 10), None)}
    assert review_dates(frame.drop(columns="one_on_one_minutes"))[
        ("E1", "2026-Q1")].one_on_one_minutes is None
