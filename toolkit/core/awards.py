"""Awards (SPEC section 7): sales champion, satisfaction star and newcomer.

- ``award_sales_champion``: per graded month and quarter, the graded employees with the
  company's highest sales in it. Ties share the award; no award when the highest is 0 or
  less (nobody sold anything, or only returns).
- ``award_satisfaction_star``: per graded quarter, the graded employees with the highest
  satisfaction, when it is at least 90; ties share; blank satisfaction does not compete.
- ``award_newcomer``: the first full quarter after hire (the quarter of hire_date when
  hire_date is the quarter's first day, else the next quarter), when that quarter is graded
  S or A. Nothing when that quarter was not graded.

"The company" is everyone graded in the period (leavers included: an award is for what
was done in the period). The award's period is the month or quarter it is for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pandas as pd

from toolkit.core.action_text import Action, say
from toolkit.core.money import format_money
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import Period
from toolkit.core.pip import plain_number
from toolkit.core.schedule import as_day

SATISFACTION_STAR_MIN = Decimal(90)
TOP_GRADES = ("S", "A")


def _by_period(scores: pd.DataFrame, cycles: Iterable[str], column: str
               ) -> dict[str, list[tuple[Decimal, str]]]:
    """Per period of a ``cycles`` row (first seen first): the (value, employee) of each of
    its rows in order, ``column`` read as a Decimal; blank values do not compete."""
    groups: dict[str, list[tuple[Decimal, str]]] = defaultdict(list)
    wanted = scores.loc[scores["cycle"].isin(list(cycles)), ["period", "employee_id", column]]
    for period, employee, value in zip(wanted["period"].tolist(),
                                       wanted["employee_id"].tolist(),
                                       wanted[column].tolist(), strict=True):
        found = groups[period]  # a period whose values are all blank is still listed
        if type(value) is Decimal and value.is_finite():
            found.append((value, employee))  # str() and back would give the same Decimal
        elif not is_blank_value(value):
            found.append((Decimal(str(value)), employee))
    return groups


def _winners(values: list[tuple[Decimal, str]], minimum: Decimal | None
             ) -> tuple[Decimal | None, list[str]]:
    """The best value and who has it; nobody when below ``minimum`` (or, with ``minimum``
    None, when not above 0)."""
    if not values:
        return None, []
    best = max(v for v, _ in values)
    if (best <= 0) if minimum is None else (best < minimum):
        return None, []
    return best, [e for v, e in values if v == best]


def sales_champions(scores: pd.DataFrame, language: str) -> list[Action]:
    """One award per employee with the highest positive sales of a graded month or quarter."""
    out: list[Action] = []
    for period, rows in _by_period(scores, ("month", "quarter"), "sales").items():
        best, winners = _winners(rows, None)
        for employee in winners:
            out.append(Action(employee, period, "award_sales_champion", say(
                language, "award_sales_champion", period=period,
                sales=format_money(best or Decimal(0))) + _shared(winners, language)))
    return out


def satisfaction_stars(scores: pd.DataFrame, language: str) -> list[Action]:
    """One award per employee with the highest satisfaction (≥ 90) of a graded quarter."""
    out: list[Action] = []
    for period, rows in _by_period(scores, ("quarter",), "satisfaction").items():
        best, winners = _winners(rows, SATISFACTION_STAR_MIN)
        for employee in winners:
            out.append(Action(employee, period, "award_satisfaction_star", say(
                language, "award_satisfaction_star", period=period,
                value=plain_number(best or Decimal(0))) + _shared(winners, language)))
    return out


def _shared(winners: list[str], language: str) -> str:
    return say(language, "shared", count=len(winners)) if len(winners) > 1 else ""


def first_full_quarter(hired: date) -> Period:
    """The quarter of ``hired`` when it is that quarter's first day, else the next one."""
    quarter = Period.containing(hired, "quarter")
    return quarter if hired == quarter.start else quarter.next()


def newcomers(scores: pd.DataFrame, employees: pd.DataFrame, language: str) -> list[Action]:
    """award_newcomer for each employee whose first full quarter is graded S or A."""
    grades = {(e, p): g for e, p, g, c in zip(
        scores["employee_id"].tolist(), scores["period"].tolist(), scores["grade"].tolist(),
        scores["cycle"].tolist(), strict=True) if c == "quarter"}
    out: list[Action] = []
    for employee, hired_cell in zip(employees["employee_id"].tolist(),
                                    employees["hire_date"].tolist(), strict=True):
        hired = as_day(hired_cell)
        if hired is None:
            continue
        quarter = str(first_full_quarter(hired))
        grade = grades.get((employee, quarter))
        if grade in TOP_GRADES:
            out.append(Action(employee, quarter, "award_newcomer", say(
                language, "award_newcomer", hired=hired.isoformat(), period=quarter,
                grade=grade)))
    return out
