"""The review calendar (SPEC section 8): every review step's deadline, done date and status.

For each graded quarter and year of each graded employee (leavers included), with working
days counted on the plan's ``holiday_country`` calendar (``workdays``):

- ``self_review``: due period end + ``self_review_days``; done = Reviews.self_review_date.
- ``manager_review``: due self-review due + ``manager_review_days``; done =
  Reviews.manager_review_date.
- ``one_on_one``: due = the manager-review due date; done = Reviews.one_on_one_date.
- ``appeal_window`` (only where an Appeals row exists): closes one-on-one date (else the
  manager-review due date) + ``appeal_days``; done = Appeals.submitted_date.
- ``appeal_decision`` (idem): due submitted_date + ``appeal_decision_days``; done =
  Appeals.decided_date.

Done dates come from the Reviews row for exactly that period (no month or quarter
fallback). Facts dated on or after the as-of date do not exist yet: such a review date or
decided date is blank, and an appeal submitted on or after it has no steps. When an
employee appealed a period more than once, the latest submission counts, as for grades.

Status: ``on_time`` (done on or before due), ``late`` (done after due), ``overdue`` (not
done, due before the as-of date), ``pending`` (not done, due on or after it). A one-on-one
held but shorter than ``min_one_on_one_minutes`` is ``too_short`` whenever it was held; a
blank duration is not judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

import pandas as pd

from toolkit.core.facts import Facts
from toolkit.core.frames import records
from toolkit.core.outputs import is_blank_value as _blank
from toolkit.core.periods import Period, parsed_periods
from toolkit.core.plan import Plan
from toolkit.core.workdays import add_working_days

Status = Literal["on_time", "late", "overdue", "pending", "too_short"]
STEPS = ("self_review", "manager_review", "one_on_one", "appeal_window", "appeal_decision")
SCHEDULE_COLUMNS = ["employee_id", "period", "step", "due_date", "done_date", "status"]


@dataclass(frozen=True)
class Deadlines:
    """The review deadlines of one period."""

    self_review: date
    manager_review: date

    @property
    def one_on_one(self) -> date:
        return self.manager_review


@dataclass(frozen=True)
class ReviewDates:
    """What a Reviews row says was done (blank = ``None``)."""

    self_review: date | None = None
    manager_review: date | None = None
    one_on_one: date | None = None
    one_on_one_minutes: Decimal | None = None


@dataclass(frozen=True)
class AppealDates:
    submitted: date
    decided: date | None = None


@dataclass(frozen=True)
class Step:
    step: str
    due: date
    done: date | None
    status: Status


def review_deadlines(period: Period, plan: Plan) -> Deadlines:
    """Self-review due = period end + self_review_days working days; manager review due =
    that + manager_review_days working days."""
    return _deadlines(period.end, plan.self_review_days, plan.manager_review_days,
                      plan.holiday_country)


@lru_cache(maxsize=4096)  # every employee's review of a period has the same deadlines
def _deadlines(end: date, self_review_days: int, manager_review_days: int,
               country: str) -> Deadlines:
    self_review = add_working_days(end, self_review_days, country)
    return Deadlines(self_review, add_working_days(self_review, manager_review_days, country))


def appeal_deadline(period: Period, one_on_one: date | None, plan: Plan) -> date:
    """The day the appeal window closes: the one-on-one date (else the manager-review due
    date) + appeal_days working days."""
    start = one_on_one or review_deadlines(period, plan).manager_review
    return add_working_days(start, plan.appeal_days, plan.holiday_country)


def step_status(due: date, done: date | None, as_of: date) -> Status:
    """on_time / late when done; overdue (due before ``as_of``) / pending when not."""
    if done is not None:
        return "on_time" if done <= due else "late"
    return "overdue" if due < as_of else "pending"


StepRow = tuple[str, date, date | None, Status]  # step, due, done, status


def period_steps(period: Period, review: ReviewDates, appeal: AppealDates | None,
                 plan: Plan, as_of: date) -> list[Step]:
    """Every step of one employee's review of ``period``, in order (SPEC section 8)."""
    return [Step(*row) for row in _step_rows(period, review, appeal, plan, as_of)]


def _step_rows(period: Period, review: ReviewDates, appeal: AppealDates | None,
               plan: Plan, as_of: date) -> list[StepRow]:
    """``period_steps`` as plain tuples (the schedule makes tens of thousands)."""
    deadlines = review_deadlines(period, plan)
    held = review.one_on_one
    short = (held is not None and review.one_on_one_minutes is not None
             and review.one_on_one_minutes < plan.min_one_on_one_minutes)
    steps: list[StepRow] = [
        ("self_review", deadlines.self_review, review.self_review,
         step_status(deadlines.self_review, review.self_review, as_of)),
        ("manager_review", deadlines.manager_review, review.manager_review,
         step_status(deadlines.manager_review, review.manager_review, as_of)),
        ("one_on_one", deadlines.one_on_one, held,
         "too_short" if short else step_status(deadlines.one_on_one, held, as_of)),
    ]
    if appeal is not None:
        window = appeal_deadline(period, held, plan)
        decision_due = add_working_days(appeal.submitted, plan.appeal_decision_days,
                                        plan.holiday_country)
        steps.append(("appeal_window", window, appeal.submitted,
                      step_status(window, appeal.submitted, as_of)))
        steps.append(("appeal_decision", decision_due, appeal.decided,
                      step_status(decision_due, appeal.decided, as_of)))
    return steps


def schedule_table(facts: Facts, scores: pd.DataFrame) -> pd.DataFrame:
    """One row per graded employee × quarter or year × step, in the order of ``scores``.

    ``scores`` needs ``employee_id``, ``period`` and ``cycle``; month rows are skipped.
    """
    reviews = review_dates(facts.reviews)
    appeals = latest_appeals(facts.appeals, facts.as_of)
    rows: list[tuple[object, ...]] = []
    graded = scores[scores["cycle"].isin(["quarter", "year"])]
    texts = graded["period"].tolist()
    periods = parsed_periods(texts)
    unreviewed = ReviewDates()
    for employee, text in zip(graded["employee_id"].tolist(), texts, strict=True):
        key = (employee, text)
        rows.extend((employee, text, *step) for step in _step_rows(
            periods[text], reviews.get(key, unreviewed), appeals.get(key), facts.plan,
            facts.as_of))
    return pd.DataFrame(rows, columns=SCHEDULE_COLUMNS)


def review_dates(reviews: pd.DataFrame) -> dict[tuple[str, str], ReviewDates]:
    """(employee, period) -> the dates of its first Reviews row (dates already cut)."""
    first = reviews.drop_duplicates(["employee_id", "period"])
    keys = zip(first["employee_id"].tolist(), first["period"].tolist(), strict=True)
    minutes = [None if _blank(cell) else Decimal(repr(float(cell)))
               for cell in _cells(first, "one_on_one_minutes")]
    return {key: ReviewDates(self_review, manager_review, one_on_one, duration)
            for key, self_review, manager_review, one_on_one, duration in zip(
                keys, _days(first, "self_review_date"), _days(first, "manager_review_date"),
                _days(first, "one_on_one_date"), minutes, strict=True)}


def _cells(frame: pd.DataFrame, column: str) -> list[Any]:
    """The cells of ``column``, all blank when the frame has no such column."""
    return frame[column].tolist() if column in frame.columns else [None] * len(frame)


def _days(frame: pd.DataFrame, column: str) -> list[date | None]:
    """``as_day`` of each cell of ``column``, worked out once per distinct cell."""
    if column not in frame.columns:
        return [None] * len(frame)
    codes, distinct = pd.factorize(frame[column])  # blank cells: code -1
    days = [as_day(cell) for cell in distinct] + [None]
    return [days[code] for code in codes.tolist()]


def latest_appeals(appeals: pd.DataFrame, as_of: date) -> dict[tuple[str, str], AppealDates]:
    """(employee, period) -> submitted and decided dates of the latest appeal submitted
    before ``as_of``; a decision dated on or after ``as_of`` is not taken yet."""
    out: dict[tuple[str, str], AppealDates] = {}
    ordered = appeals.sort_values(["submitted_date"], kind="stable")
    for record in records(ordered):
        submitted = as_day(record["submitted_date"])
        if submitted is None or submitted >= as_of:
            continue
        decided = as_day(record.get("decided_date"))
        out[(record["employee_id"], record["period"])] = AppealDates(
            submitted, decided if decided is not None and decided < as_of else None)
    return out


def as_day(value: object) -> date | None:
    """A cell's date (``Timestamp``, ``datetime`` or ``date``), ``None`` when blank."""
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        day: date = value.date()
        return day
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    raise TypeError(f"expected a date, found {value!r}")

