"""Consequences of grades (SPEC section 7): PIPs, plans, rate changes, careers, awards.

Grades are the final grades of ``scores`` (after appeals); a period before the data takes
its grade from History ("History counts"); where both exist the computed grade wins.
Actions are raised only for graded periods (rows of ``scores``); History only supplies the
grade before.

- ``pip``: a quarter graded D; a quarter graded C or D whose previous quarter is also C or
  D; a year graded D. One action per such period, from the first working day after the
  period's manager-review deadline for ``pip_months`` (``pip.pip_dates``); the detail
  names the triggering grades, the mentor and the targets (``pip.pip_targets``).
- ``satisfaction_plan``: a graded quarter whose satisfaction is below
  ``satisfaction_baseline`` (exactly at the baseline: no plan; blank: no plan).
- ``rate_raise`` / ``rate_reduce``: a graded quarter Q graded S/A (C/D) whose previous
  quarter is also S/A (C/D): the rate of the quarter after Q changes (SPEC section 6). One
  action per such Q, so a streak gives one per quarter; dated over the quarter after Q; the
  detail says applied (``auto_rate_change``) or eligible only.
- ``promotion_candidate``: a year graded S with that year's teamwork ≥ ``teamwork_excellent``
  (blank teamwork: not a candidate).
- ``trainee_pool``: years Y and Y−1 both graded S or A.
- awards: see ``awards``.

Forward-looking HR steps (pip, satisfaction_plan, promotion_candidate, trainee_pool) are not
raised for someone who has left by then: a PIP needs the employee employed on its start
day, the others on the day after the period. Rate changes and awards are kept for leavers
(payroll may still settle their commission; an award is for the period's work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from toolkit.core import awards
from toolkit.core.action_text import ACTION_COLUMNS, ACTION_ORDER, Action, period_order, say
from toolkit.core.facts import Facts
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import Period, parsed_periods
from toolkit.core.pip import (
    Mentor,
    describe_target,
    mentors,
    pip_dates,
    pip_targets,
    plain_number,
)
from toolkit.core.plan import INDICATORS, Plan
from toolkit.core.schedule import as_day

TOP = ("S", "A")
CONCERN = ("C", "D")
GradeBook = dict[tuple[str, str], str]


def grade_book(scores: pd.DataFrame, history: pd.DataFrame) -> GradeBook:
    """(employee, period text) -> final grade; History fills periods the scores lack."""
    book: GradeBook = dict(zip(zip(history["employee_id"].tolist(),
                                   history["period"].tolist(), strict=True),
                               history["grade"].tolist(), strict=True))
    book.update(zip(zip(scores["employee_id"].tolist(), scores["period"].tolist(),
                        strict=True),
                    scores["grade"].tolist(), strict=True))
    return book


def pip_trigger(employee: str, period: Period, grades: GradeBook
                ) -> tuple[tuple[str, str], ...]:
    """The (period, grade) pairs that make ``period`` a PIP period, oldest first; empty when
    it is not one. A quarter: D alone, or C/D after a C/D quarter; a year: D."""
    grade = grades.get((employee, str(period)))
    here = (str(period), grade or "")
    if period.cycle == "quarter" and grade in CONCERN:
        before = str(period.previous())
        earlier = grades.get((employee, before))
        if earlier in CONCERN:
            return ((before, earlier or ""), here)
    if period.cycle in ("quarter", "year") and grade == "D":
        return (here,)
    return ()


SCORE_COLUMNS = tuple(f"score_{i}" for i in INDICATORS)


class _Row(NamedTuple):
    """One graded score row, as the rules read it."""

    employee_id: str
    period: Period
    grade: str
    satisfaction: Any
    teamwork: Any
    scores: tuple[Any, ...]   # the score_<indicator> cells, in INDICATORS order

    def score_row(self) -> dict[str, Any]:
        """The ``score_<indicator>`` cells by column name, as ``pip_targets`` reads them."""
        return dict(zip(SCORE_COLUMNS, self.scores, strict=True))


Graded = tuple[_Row, ...]


@dataclass(frozen=True)
class _Context:
    plan: Plan
    grades: GradeBook
    mentors: dict[str, Mentor | None]    # ``pip.mentors`` of Employees
    last_days: dict[str, date | None]    # termination dates by employee_id
    quarters: Graded                     # graded quarter rows (in score order), parsed
    years: Graded                        # graded year rows, idem

    @property
    def language(self) -> str:
        return self.plan.language

    def employed_on(self, employee: str, day: date) -> bool:
        """The termination date (the last day worked) is blank or not before ``day``."""
        left = self.last_days.get(employee)
        return left is None or left >= day


def _graded(scores: pd.DataFrame, cycle: str) -> Graded:
    """The ``cycle`` rows of ``scores``, in order, with their period parsed once per
    distinct text; read column by column."""
    rows = np.flatnonzero((scores["cycle"] == cycle).to_numpy(dtype=bool))

    def cells(column: str) -> list[Any]:
        return list(scores[column].to_numpy(dtype=object)[rows].tolist())

    texts = cells("period")
    periods = parsed_periods(texts)
    return tuple(_Row(*values) for values in zip(
        cells("employee_id"), [periods[text] for text in texts], cells("grade"),
        cells("satisfaction"), cells("teamwork"),
        zip(*(cells(column) for column in SCORE_COLUMNS), strict=True), strict=True))


def _history(pairs: tuple[tuple[str, str], ...], language: str) -> str:
    return say(language, "sep").join(f"{p} {g}" for p, g in pairs)


def pip_actions(ctx: _Context) -> list[Action]:
    """One pip per quarter or year that triggers it (see ``pip_trigger``)."""
    out: list[Action] = []
    dates: dict[Period, tuple[date, date]] = {}  # the PIP term depends on the period alone
    for row in ctx.quarters + ctx.years:
        employee, period = row.employee_id, row.period
        trigger = pip_trigger(employee, period, ctx.grades)
        if not trigger:
            continue
        if period not in dates:
            dates[period] = pip_dates(period, ctx.plan)
        start, end = dates[period]
        if ctx.employed_on(employee, start):
            out.append(Action(employee, str(period), "pip", _pip_detail(ctx, row, trigger),
                              start, end))
    return out


def _pip_detail(ctx: _Context, row: _Row, trigger: tuple[tuple[str, str], ...]) -> str:
    """``2026-Q1 C, 2026-Q2 D; mentor E1003 (Zhang Min); targets: ...``"""
    mentor = ctx.mentors.get(row.employee_id)
    mentor_text = (say(ctx.language, "mentor", id=mentor.employee_id,
                       name=mentor.name or mentor.employee_id)
                   if mentor else say(ctx.language, "no_mentor"))
    targets = say(ctx.language, "sep").join(
        describe_target(t, ctx.language) for t in pip_targets(row.score_row(), ctx.plan))
    return say(ctx.language, "pip", reason=_history(trigger, ctx.language),
               mentor=mentor_text, targets=targets)


def satisfaction_plans(ctx: _Context) -> list[Action]:
    """A quarter's satisfaction strictly below the baseline."""
    baseline = ctx.plan.satisfaction_baseline
    out: list[Action] = []
    for row in ctx.quarters:
        value, period = row.satisfaction, row.period
        if is_blank_value(value) or Decimal(str(value)) >= baseline:
            continue
        if ctx.employed_on(row.employee_id, period.end + timedelta(days=1)):
            out.append(Action(row.employee_id, str(period), "satisfaction_plan", say(
                ctx.language, "satisfaction_plan", value=plain_number(Decimal(str(value))),
                baseline=plain_number(baseline))))
    return out


def rate_changes(ctx: _Context) -> list[Action]:
    """rate_raise / rate_reduce for each graded quarter that, with the one before, changes
    the next quarter's commission rate."""
    out: list[Action] = []
    details: dict[tuple[str, str, str, Period, str], str] = {}  # few distinct sentences
    for row in ctx.quarters:
        employee, period, grade = row.employee_id, row.period, row.grade
        before = str(period.previous())
        earlier = ctx.grades.get((employee, before))
        kind = ("rate_raise" if grade in TOP and earlier in TOP else
                "rate_reduce" if grade in CONCERN and earlier in CONCERN else None)
        if kind is None:
            continue
        key = (kind, before, earlier or "", period, grade)
        if key not in details:
            details[key] = _rate_detail(ctx, *key)
        following = period.next()
        out.append(Action(employee, str(period), kind, details[key], following.start,
                          following.end))
    return out


def _rate_detail(ctx: _Context, kind: str, before: str, earlier: str, period: Period,
                 grade: str) -> str:
    """``2026-Q1 A, 2026-Q2 S: commission rate × 1.5 in 2026-Q3 (applied)``"""
    factor = ctx.plan.raise_factor if kind == "rate_raise" else ctx.plan.reduce_factor
    detail = say(ctx.language, "rate_suspend" if factor == 0 else kind,
                 history=_history(((before, earlier), (str(period), grade)), ctx.language),
                 factor=plain_number(factor), next=str(period.next()))
    return detail + say(ctx.language, "applied" if ctx.plan.auto_rate_change else "eligible")


def career_actions(ctx: _Context) -> list[Action]:
    """promotion_candidate (year S, teamwork ≥ teamwork_excellent) and trainee_pool (this
    year and the one before S or A)."""
    out: list[Action] = []
    excellent = ctx.plan.teamwork_excellent
    for row in ctx.years:
        employee, period, grade = row.employee_id, row.period, row.grade
        if not ctx.employed_on(employee, period.end + timedelta(days=1)):
            continue
        teamwork = row.teamwork
        if grade == "S" and not is_blank_value(teamwork) and \
                Decimal(str(teamwork)) >= excellent:
            out.append(Action(employee, str(period), "promotion_candidate", say(
                ctx.language, "promotion_candidate", period=str(period),
                teamwork=plain_number(Decimal(str(teamwork))),
                excellent=plain_number(excellent))))
        before = str(period.previous())
        earlier = ctx.grades.get((employee, before))
        if grade in TOP and earlier in TOP:
            out.append(Action(employee, str(period), "trainee_pool", say(
                ctx.language, "trainee_pool", history=_history(
                    ((before, earlier or ""), (str(period), grade)), ctx.language))))
    return out


def actions_table(facts: Facts, scores: pd.DataFrame) -> pd.DataFrame:
    """Every action of SPEC section 7, ordered by period end (a month before its quarter),
    action kind and employee.

    ``scores`` needs employee_id, period, cycle, grade (final), sales, satisfaction,
    teamwork and every ``score_<indicator>``.
    """
    employees = facts.employees.drop_duplicates("employee_id")
    last_days = dict(zip(employees["employee_id"].tolist(),
                         map(as_day, employees["termination_date"].tolist()), strict=True))
    ctx = _Context(facts.plan, grade_book(scores, facts.history),
                   mentors(employees.set_index("employee_id")), last_days,
                   # Only quarters and years raise actions (awards read ``scores``).
                   _graded(scores, "quarter"), _graded(scores, "year"))
    found = [*pip_actions(ctx), *satisfaction_plans(ctx), *rate_changes(ctx),
             *career_actions(ctx), *awards.sales_champions(scores, ctx.language),
             *awards.satisfaction_stars(scores, ctx.language),
             *awards.newcomers(scores, employees, ctx.language)]
    ends = {text: period_order(text) for text in {a.period for a in found}}
    kinds = {kind: rank for rank, kind in enumerate(ACTION_ORDER)}
    found.sort(key=lambda a: (ends[a.period], kinds[a.action], a.employee_id))
    return pd.DataFrame({
        "employee_id": [a.employee_id for a in found], "period": [a.period for a in found],
        "action": [a.action for a in found], "detail": [a.detail for a in found],
        "start_date": [a.start_date for a in found], "end_date": [a.end_date for a in found],
    }, columns=ACTION_COLUMNS)
