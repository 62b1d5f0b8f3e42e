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
    country = plan.holiday_country
    self_review = add_working_days(period.end, plan.self_review_days, country)
    return Deadlines(self_review,
                     add_working_days(self_review, plan.manager_review_days, country))


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


def period_steps(period: Period, review: ReviewDates, appeal: AppealDates | None,
                 plan: Plan, as_of: date) -> list[Step]:
    """Every step of one employee's review of ``period``, in order (SPEC section 8)."""
    deadlines = review_deadlines(period, plan)
    held = review.one_on_one
    short = (held is not None and review.one_on_one_minutes is not None
             and review.one_on_one_minutes < plan.min_one_on_one_minutes)
    steps = [
        _step("self_review", deadlines.self_review, review.self_review, as_of),
        _step("manager_review", deadlines.manager_review, review.manager_review, as_of),
        Step("one_on_one", deadlines.one_on_one, held, "too_short") if short else
        _step("one_on_one", deadlines.one_on_one, held, as_of),
    ]
    if appeal is not None:
        decision_due = add_working_days(appeal.submitted, plan.appeal_decision_days,
                                        plan.holiday_country)
        steps.append(_step("appeal_window", appeal_deadline(period, held, plan),
                           appeal.submitted, as_of))
        steps.append(_step("appeal_decision", decision_due, appeal.decided, as_of))
    return steps


def _step(name: str, due: date, done: date | None, as_of: date) -> Step:
    return Step(name, due, done, step_status(due, done, as_of))


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
    for employee, text in zip(graded["employee_id"].tolist(), texts, strict=True):
        key = (employee, text)
        for step in period_steps(periods[text], reviews.get(key, ReviewDates()),
                                 appeals.get(key), facts.plan, facts.as_of):
            rows.append((employee, text, step.step, step.due, step.done, step.status))
    return pd.DataFrame(rows, columns=SCHEDULE_COLUMNS)


def review_dates(reviews: pd.DataFrame) -> dict[tuple[str, str], ReviewDates]:
    """(employee, period) -> the dates of its first Reviews row (dates already cut)."""
    out: dict[tuple[str, str], ReviewDates] = {}
    for record in records(reviews):
        key = (record["employee_id"], record["period"])
        if key not in out:
            minutes: Any = record.get("one_on_one_minutes")
            out[key] = ReviewDates(
                as_day(record.get("self_review_date")), as_day(record.get("manager_review_date")),
                as_day(record.get("one_on_one_date")),
                None if _blank(minutes) else Decimal(repr(float(minutes))))
    return out


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

