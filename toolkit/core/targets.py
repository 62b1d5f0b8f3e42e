"""Employment, targets and the graded periods (SPEC sections 2 and 5, "Targets").

Employment days in a period run from max(period start, hire_date) to min(period end,
termination_date), both included. A Targets row for exactly the period wins; otherwise a
quarter's sales and new-customer targets are the sums over its months and a year's the sums
over its quarters, each resolved the same way. Every month with an employment day needs a
row, else the target is missing; months without employment count 0. With ``prorate``, each
row's value is multiplied by the employed fraction of that row's period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache

import pandas as pd

from toolkit.core.periods import CYCLES, Period, overlap_days
from toolkit.core.plan import Plan
from toolkit.core.problems import Problem, error

_FAR_FUTURE = date(9999, 12, 31)


@dataclass(frozen=True)
class Employment:
    employee_id: str
    hire_date: date
    termination_date: date | None = None

    def days(self, period: Period) -> int:
        return _employed_days(self.hire_date, self.termination_date or _FAR_FUTURE, period)

    def fraction(self, period: Period) -> Decimal:
        """Employment days / calendar days of the period, exact."""
        return _fraction(self.days(period), period.days)


@lru_cache(maxsize=1 << 16)
def _employed_days(first: date, last: date, period: Period) -> int:
    return overlap_days(first, last, period)


@lru_cache(maxsize=1 << 12)
def _fraction(days: int, period_days: int) -> Decimal:
    return Decimal(days) / Decimal(period_days)


@dataclass(frozen=True)
class Target:
    """The resolved targets of one employee for one period (``None`` = missing)."""

    sales: Decimal | None
    new_customers: Decimal | None
    lead_conversion: Decimal
    collection: Decimal


def employments(employees: pd.DataFrame) -> dict[str, Employment]:
    rows = employees.dropna(subset=["employee_id", "hire_date"])
    left = rows["termination_date"]
    return {
        emp: Employment(emp, hired, None if gone else last_day)
        for emp, hired, last_day, gone in zip(
            rows["employee_id"].tolist(), rows["hire_date"].dt.date.tolist(),
            left.dt.date.tolist(), left.isna().tolist(), strict=True)
    }


class TargetBook:
    """Targets rows by (employee, period), resolved on demand with the plan's rules.

    Resolution works on spans (a period's text, first and last day as ordinals, and the
    spans it sums over) and on each employee's first and last employed day as ordinals, so
    the employment days of a part are two comparisons, not a date computation. Every
    resolved value is kept: a year reuses its quarters', a quarter its months'.
    """

    def __init__(self, targets: pd.DataFrame, staff: dict[str, Employment], plan: Plan) -> None:
        self.plan = plan
        self.staff = staff
        self.rows: dict[tuple[str, str], dict[str, object]] = {}
        self._resolved: dict[tuple[str, str, str], Decimal | None] = {}
        self._spans: dict[Period, _Span] = {}
        self._bounds: dict[str, tuple[int, int]] = {}
        names = ("sales_target", "new_customer_target", "lead_conversion_target",
                 "collection_target")
        cells = zip(targets["employee_id"].tolist(), targets["period"].tolist(),
                    *(_cells(targets[name]) for name in names), strict=True)
        for employee, period, *values in cells:
            self.rows.setdefault((employee, period), dict(zip(names, values, strict=True)))

    def target(self, employee: str, period: Period) -> Target:
        return self._target(employee, self._span(period), self._employed(employee))

    def targets_in(self, period: Period, employees: Iterable[str]) -> dict[str, Target]:
        """The target of each of ``employees`` with an employment day in ``period``."""
        span = self._span(period)
        found: dict[str, Target] = {}
        for employee in employees:
            employed = self._employed(employee)
            if _employed_in(employed, span):
                found[employee] = self._target(employee, span, employed)
        return found

    def _target(self, employee: str, span: _Span, employed: tuple[int, int]) -> Target:
        row = self.rows.get((employee, span.text))
        return Target(
            sales=self._value(employee, span, "sales_target", employed),
            new_customers=self._value(employee, span, "new_customer_target", employed),
            lead_conversion=_rate(row, "lead_conversion_target",
                                  self.plan.default_lead_conversion_target),
            collection=_rate(row, "collection_target", self.plan.default_collection_target),
        )

    def _value(self, employee: str, span: _Span, column: str,
               employed: tuple[int, int]) -> Decimal | None:
        """One summable target (sales_target or new_customer_target), or ``None``."""
        key = (employee, span.text, column)
        if key in self._resolved:
            return self._resolved[key]
        value = self._resolved[key] = self._resolve(employee, span, column, employed)
        return value

    def _resolve(self, employee: str, span: _Span, column: str,
                 employed: tuple[int, int]) -> Decimal | None:
        row = self.rows.get((employee, span.text))
        cell = None if row is None else row[column]
        if cell is not None:
            value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)  # type: ignore[arg-type]
            if not self.plan.prorate:
                return value
            return value * _fraction(_days(employed, span), span.days)
        if not span.parts:  # a month
            return None
        total = Decimal(0)
        for part in span.parts:
            if not _employed_in(employed, part):
                continue
            part_value = self._value(employee, part, column, employed)
            if part_value is None:
                return None
            total += part_value
        return total

    def _span(self, period: Period) -> _Span:
        span = self._spans.get(period)
        if span is None:
            parts = (() if period.cycle == "month" else
                     period.months() if period.cycle == "quarter" else period.quarters())
            span = self._spans[period] = _Span(
                str(period), period.start.toordinal(), period.end.toordinal(), period.days,
                tuple(self._span(part) for part in parts))
        return span

    def _employed(self, employee: str) -> tuple[int, int]:
        """The first and last employed day of ``employee`` as ordinals."""
        employed = self._bounds.get(employee)
        if employed is None:
            employed = self._bounds[employee] = _ordinal_bounds(self.staff[employee])
        return employed


@dataclass(frozen=True)
class _Span:
    """A period's text, first and last day (ordinals), length, and the spans its summable
    targets add up: a quarter's months, a year's quarters, none for a month."""

    text: str
    first: int
    last: int
    days: int
    parts: tuple[_Span, ...]


def _days(employed: tuple[int, int], span: _Span) -> int:
    """Employment days in ``span``: ``overlap_days`` on ordinals."""
    return max(min(employed[1], span.last) - max(employed[0], span.first) + 1, 0)


def _employed_in(employed: tuple[int, int], span: _Span) -> bool:
    """Whether ``span`` has an employment day, i.e. ``_days`` > 0."""
    return max(employed[0], span.first) <= min(employed[1], span.last)


def _rate(row: dict[str, object] | None, column: str, default: Decimal) -> Decimal:
    cell = None if row is None else row[column]
    if cell is None:
        return default
    return Decimal(repr(cell))


def employed_fractions(period: Period, jobs: Iterable[Employment]) -> list[Decimal]:
    """``job.fraction(period)`` of each of ``jobs``, with the period's days read once."""
    span = _Span(str(period), period.start.toordinal(), period.end.toordinal(), period.days,
                 ())
    return [_fraction(_days(_ordinal_bounds(job), span), span.days) for job in jobs]


def _ordinal_bounds(job: Employment) -> tuple[int, int]:
    """The first and last employed day of ``job`` as ordinals."""
    return job.hire_date.toordinal(), (job.termination_date or _FAR_FUTURE).toordinal()


def _cells(column: pd.Series) -> list[object]:
    """The values of ``column``, a blank (None or NaN) as None."""
    return [None if blank else value
            for value, blank in zip(column.tolist(), column.isna().tolist(), strict=True)]


def candidate_periods(target_periods: Iterable[str], as_of: date) -> list[Period]:
    """Periods named in Targets and the quarters and years above them, ended before as_of."""
    found: set[Period] = set()
    for text in target_periods:
        period: Period | None = Period.parse(text)
        while period is not None:
            found.add(period)
            period = period.parent()
    return sorted(p for p in found if p.end < as_of)


@dataclass(frozen=True)
class Grading:
    """Which employee is graded in which period, and the targets that grade them."""

    periods: tuple[Period, ...]
    targets: dict[tuple[str, Period], Target]
    problems: tuple[Problem, ...]

    def employees_in(self, period: Period) -> list[str]:
        return self._by_period.get(period, [])

    @cached_property
    def _by_period(self) -> dict[Period, list[str]]:
        grouped: dict[Period, list[str]] = {}
        for employee, period in self.targets:
            grouped.setdefault(period, []).append(employee)
        return {p: sorted(e) for p, e in grouped.items()}


def grading(targets: pd.DataFrame, staff: dict[str, Employment], plan: Plan, as_of: date,
            sheet_title: str = "Targets") -> Grading:
    """Graded periods, each graded employee's targets, and an error per missing target.

    A period is graded when it ended before the as-of date and at least one employee has a
    sales target for it. Every sales employee with an employment day in a graded period is
    graded for it and needs a non-zero sales target (a validation error otherwise).
    """
    book = TargetBook(targets, staff, plan)
    sales_staff = sorted(set(targets["employee_id"]) & set(staff))
    resolved: dict[tuple[str, Period], Target] = {}
    graded: list[Period] = []
    for period in candidate_periods(targets["period"].unique(), as_of):
        found = book.targets_in(period, sales_staff)
        if any(t.sales is not None for t in found.values()):
            graded.append(period)
            resolved.update({(e, period): t for e, t in found.items()})
    problems = _missing_targets(resolved, staff, sheet_title)
    return Grading(tuple(graded), resolved, tuple(problems))


def _missing_targets(resolved: dict[tuple[str, Period], Target], staff: dict[str, Employment],
                     sheet_title: str) -> list[Problem]:
    problems: list[Problem] = []
    flagged: set[tuple[str, Period]] = set()
    missing = [(key, target) for key, target in resolved.items()
               if target.sales is None or target.sales == 0]
    # Months before quarters before years, so a year missing only a month's row is not
    # reported again once the month is.
    for (employee, period), target in sorted(missing, key=lambda kv: (
            kv[0][0], CYCLES.index(kv[0][1].cycle), kv[0][1].start)):
        inner = set(period.months()) | set(period.quarters())
        if any((employee, p) in flagged for p in inner - {period}):
            flagged.add((employee, period))
            continue
        flagged.add((employee, period))
        job = staff[employee]
        first = max(job.hire_date, period.start)
        last = min(job.termination_date or period.end, period.end)
        found = "0" if target.sales == 0 else "none"
        problems.append(error(sheet_title, f"expected a sales_target for {employee} in "
                              f"{period} (employed {first} to {last}), found {found}",
                              column="sales_target"))
    return problems
