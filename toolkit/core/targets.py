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
        """Employment days in ``period``: all its days when employed throughout, as in most
        periods, without working out the overlap."""
        last = self.termination_date
        if self.hire_date <= period.start and (last is None or last >= period.end):
            return period.days
        return _employed_days(self.hire_date, last or _FAR_FUTURE, period)

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
    the employment days of a part are two comparisons, not a date computation. A period is
    resolved for many employees at once, one target column at a time, and every resolved
    value is kept: a year reuses its quarters', a quarter its months'.
    """

    def __init__(self, targets: pd.DataFrame, staff: dict[str, Employment], plan: Plan) -> None:
        self.plan = plan
        self.staff = staff
        self.rows: dict[tuple[str, str], dict[str, object]] = {}
        # (period text, column) -> employee -> resolved value.
        self._resolved: dict[tuple[str, str], dict[str, Decimal | None]] = {}
        self._spans: dict[Period, _Span] = {}
        # Each employee's first and last employed day as ordinals.
        self._bounds = {employee: _ordinal_bounds(job) for employee, job in staff.items()}
        names = ("sales_target", "new_customer_target", "lead_conversion_target",
                 "collection_target")
        cells = zip(targets["employee_id"].tolist(), targets["period"].tolist(),
                    *(_cells(targets[name]) for name in names), strict=True)
        for employee, period, *values in cells:
            self.rows.setdefault((employee, period), dict(zip(names, values, strict=True)))

    def target(self, employee: str, period: Period) -> Target:
        return self._targets(self._span(period), [employee])[0]

    def targets_in(self, period: Period, employees: Iterable[str]) -> dict[str, Target]:
        """The target of each of ``employees`` with an employment day in ``period``."""
        span = self._span(period)
        found = self._employed_in(span, list(employees))
        return dict(zip(found, self._targets(span, found), strict=True))

    def _targets(self, span: _Span, employees: list[str]) -> list[Target]:
        """The ``Target`` of each of ``employees`` in ``span``: the summable targets resolved
        (``_values``), the rates from the period's own row or the plan's defaults."""
        rows = [self.rows.get((employee, span.text)) for employee in employees]
        return list(map(
            Target, self._values(span, "sales_target", employees),
            self._values(span, "new_customer_target", employees),
            _rates(rows, "lead_conversion_target", self.plan.default_lead_conversion_target),
            _rates(rows, "collection_target", self.plan.default_collection_target)))

    def _values(self, span: _Span, column: str, employees: list[str]) -> list[Decimal | None]:
        """One summable target (sales_target or new_customer_target) of each of
        ``employees``, or ``None``; each resolved once and then kept."""
        known = self._resolved.setdefault((span.text, column), {})
        new = [employee for employee in employees if employee not in known]
        if new:
            known.update(zip(new, self._resolve(span, column, new), strict=True))
        return [known[employee] for employee in employees]

    def _resolve(self, span: _Span, column: str, employees: list[str]) -> list[Decimal | None]:
        """The period's own cell (prorated by the employed fraction with ``prorate``);
        without one, a month's target is missing and a quarter's or year's is the sum over
        its parts with an employment day, missing as soon as one part's is."""
        rows, text = self.rows, span.text
        cells = [None if (row := rows.get((employee, text))) is None else row[column]
                 for employee in employees]
        owners = [employee for employee, cell in zip(employees, cells, strict=True)
                  if cell is not None]
        values: dict[str, Decimal | None] = dict(zip(
            owners, self._own([cell for cell in cells if cell is not None], span, owners),
            strict=True))
        summed = [employee for employee, cell in zip(employees, cells, strict=True)
                  if cell is None]
        values.update(dict.fromkeys(summed))  # missing unless summed below
        # Summed part by part in order; a missing part makes the whole missing.
        sums = dict.fromkeys(summed if span.parts else [], Decimal(0))
        for part in span.parts:
            inside = self._employed_in(part, list(sums))
            for employee, part_value in zip(inside, self._values(part, column, inside),
                                            strict=True):
                if part_value is None:
                    del sums[employee]
                else:
                    sums[employee] += part_value
        values.update(sums)
        return [values[employee] for employee in employees]

    def _own(self, cells: list[object], span: _Span, employees: list[str]) -> list[Decimal]:
        """Target cells as Decimals (a float from its shortest form), each times its
        employee's employed fraction of ``span`` with ``prorate``."""
        values = [Decimal(repr(cell)) if isinstance(cell, float)
                  else Decimal(cell)  # type: ignore[arg-type]
                  for cell in cells]
        if not self.plan.prorate:
            return values
        # ``overlap_days`` on ordinals, as in ``employed_fractions``.
        bounds, first, last = self._bounds, span.first, span.last
        fractions = [_fraction(max(min(left, last) - max(hired, first) + 1, 0), span.days)
                     for hired, left in map(bounds.__getitem__, employees)]
        return [value * fraction for value, fraction in zip(values, fractions, strict=True)]

    def _employed_in(self, span: _Span, employees: list[str]) -> list[str]:
        """Those of ``employees`` with an employment day in ``span``, in order: max(hired,
        first) <= min(left, last), written as the four comparisons it means (first <= last
        always holds)."""
        bounds, first, last = self._bounds, span.first, span.last
        return [employee for employee, (hired, left)
                in zip(employees, map(bounds.__getitem__, employees), strict=True)
                if hired <= last and first <= left and hired <= left]

    def _span(self, period: Period) -> _Span:
        span = self._spans.get(period)
        if span is None:
            parts = (() if period.cycle == "month" else
                     period.months() if period.cycle == "quarter" else period.quarters())
            span = self._spans[period] = _Span(
                str(period), period.start.toordinal(), period.end.toordinal(), period.days,
                tuple(self._span(part) for part in parts))
        return span


@dataclass(frozen=True)
class _Span:
    """A period's text, first and last day (ordinals), length, and the spans its summable
    targets add up: a quarter's months, a year's quarters, none for a month."""

    text: str
    first: int
    last: int
    days: int
    parts: tuple[_Span, ...]


def _rates(rows: list[dict[str, object] | None], column: str, default: Decimal
           ) -> list[Decimal]:
    """A rate target from each row's cell, ``default`` where the row or its cell is blank."""
    cells = [None if row is None else row[column] for row in rows]
    return [default if cell is None else Decimal(repr(cell)) for cell in cells]


def employed_fractions(period: Period, jobs: Iterable[Employment]) -> list[Decimal]:
    """``job.fraction(period)`` of each of ``jobs``, with the period's days read once."""
    first, last, days = period.start.toordinal(), period.end.toordinal(), period.days
    # ``overlap_days`` written out on each job's first and last employed day as ordinals.
    return [_fraction(max(min(left, last) - max(hired, first) + 1, 0), days)
            for hired, left in map(_ordinal_bounds, jobs)]


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
