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
from typing import Any

import pandas as pd

from toolkit.core import awards
from toolkit.core.action_text import ACTION_COLUMNS, ACTION_ORDER, Action, period_order, say
from toolkit.core.facts import Facts
from toolkit.core.frames import records
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import Period
from toolkit.core.pip import describe_target, mentor_of, pip_dates, pip_targets, plain_number
from toolkit.core.plan import Plan
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


@dataclass(frozen=True)
class _Context:
    plan: Plan
    grades: GradeBook
    people: pd.DataFrame          # Employees indexed by employee_id
    last_days: dict[str, date | None]    # termination dates by employee_id
    records: tuple[dict[str, Any], ...]  # score rows

    @property
    def language(self) -> str:
        return self.plan.language

    def rows(self, cycle: str) -> list[tuple[dict[str, Any], Period]]:
        return [(r, Period.parse(r["period"])) for r in self.records if r["cycle"] == cycle]

    def employed_on(self, employee: str, day: date) -> bool:
        """The termination date (the last day worked) is blank or not before ``day``."""
        left = self.last_days.get(employee)
        return left is None or left >= day


def _history(pairs: tuple[tuple[str, str], ...], language: str) -> str:
    return say(language, "sep").join(f"{p} {g}" for p, g in pairs)


def pip_actions(ctx: _Context) -> list[Action]:
    """One pip per quarter or year that triggers it (see ``pip_trigger``)."""
    out: list[Action] = []
    for record, period in ctx.rows("quarter") + ctx.rows("year"):
        employee = record["employee_id"]
        trigger = pip_trigger(employee, period, ctx.grades)
        if not trigger:
            continue
        start, end = pip_dates(period, ctx.plan)
        if ctx.employed_on(employee, start):
            out.append(Action(employee, str(period), "pip", _pip_detail(ctx, record, trigger),
                              start, end))
    return out


def _pip_detail(ctx: _Context, record: dict[str, Any],
                trigger: tuple[tuple[str, str], ...]) -> str:
    """``2026-Q1 C, 2026-Q2 D; mentor E1003 (Zhang Min); targets: ...``"""
    mentor = mentor_of(record["employee_id"], ctx.people)
    mentor_text = (say(ctx.language, "mentor", id=mentor.employee_id,
                       name=mentor.name or mentor.employee_id)
                   if mentor else say(ctx.language, "no_mentor"))
    targets = say(ctx.language, "sep").join(
        describe_target(t, ctx.language) for t in pip_targets(record, ctx.plan))
    return say(ctx.language, "pip", reason=_history(trigger, ctx.language),
               mentor=mentor_text, targets=targets)


def satisfaction_plans(ctx: _Context) -> list[Action]:
    """A quarter's satisfaction strictly below the baseline."""
    baseline = ctx.plan.satisfaction_baseline
    out: list[Action] = []
    for record, period in ctx.rows("quarter"):
        value = record["satisfaction"]
        if is_blank_value(value) or Decimal(str(value)) >= baseline:
            continue
        if ctx.employed_on(record["employee_id"], period.end + timedelta(days=1)):
            out.append(Action(record["employee_id"], str(period), "satisfaction_plan", say(
                ctx.language, "satisfaction_plan", value=plain_number(Decimal(str(value))),
                baseline=plain_number(baseline))))
    return out


def rate_changes(ctx: _Context) -> list[Action]:
    """rate_raise / rate_reduce for each graded quarter that, with the one before, changes
    the next quarter's commission rate."""
    out: list[Action] = []
    for record, period in ctx.rows("quarter"):
        employee, grade = record["employee_id"], record["grade"]
        before = str(period.previous())
        earlier = ctx.grades.get((employee, before))
        kind = ("rate_raise" if grade in TOP and earlier in TOP else
                "rate_reduce" if grade in CONCERN and earlier in CONCERN else None)
        if kind is None:
            continue
        factor = ctx.plan.raise_factor if kind == "rate_raise" else ctx.plan.reduce_factor
        following = period.next()
        detail = say(ctx.language, "rate_suspend" if factor == 0 else kind,
                     history=_history(((before, earlier or ""), (str(period), grade)),
                                      ctx.language),
                     factor=plain_number(factor), next=str(following))
        detail += say(ctx.language, "applied" if ctx.plan.auto_rate_change else "eligible")
        out.append(Action(employee, str(period), kind, detail, following.start,
                          following.end))
    return out


def career_actions(ctx: _Context) -> list[Action]:
    """promotion_candidate (year S, teamwork ≥ teamwork_excellent) and trainee_pool (this
    year and the one before S or A)."""
    out: list[Action] = []
    excellent = ctx.plan.teamwork_excellent
    for record, period in ctx.rows("year"):
        employee, grade = record["employee_id"], record["grade"]
        if not ctx.employed_on(employee, period.end + timedelta(days=1)):
            continue
        teamwork = record["teamwork"]
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
                   employees.set_index("employee_id"), last_days,
                   # Only quarters and years raise actions (awards read ``scores``).
                   tuple(records(scores[scores["cycle"] != "month"])))
    found = [*pip_actions(ctx), *satisfaction_plans(ctx), *rate_changes(ctx),
             *career_actions(ctx), *awards.sales_champions(scores, ctx.language),
             *awards.satisfaction_stars(scores, ctx.language),
             *awards.newcomers(scores, employees, ctx.language)]
    found.sort(key=lambda a: (period_order(a.period), ACTION_ORDER.index(a.action),
                              a.employee_id))
    rows = [(a.employee_id, a.period, a.action, a.detail, a.start_date, a.end_date)
            for a in found]
    return pd.DataFrame(rows, columns=ACTION_COLUMNS)
