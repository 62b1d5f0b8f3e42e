"""Payroll of the sample: what payroll paid, per employee and month or year.

Up to ``EXACT_MAX_EMPLOYEES`` sales employees, Payroll pays what the plan says. The payout
ledger is computed by the toolkit's own pipeline from the other sheets (Payroll never feeds
the ledger, so there is no circularity). A month row pays the month's commission and
monthly bonus, a year row the annual bonus, for every employee and period in the ledger
(every period in it ended before the as-of date). Then come a handful of slips a real
payroll makes, each drawn from the seed among the lines it fits:

- underpaid: a raised commission paid at the old base rate; a monthly bonus short by
  300.00; an annual S bonus paid without its extra month of salary;
- overpaid: a reduced commission paid at the old base rate; a B month's bonus paid at A's
  coefficient (1.0 instead of 0.8); a leaver's forfeited commission paid anyway, in a row
  for the month after the last day;
- unexpected: that same row also pays the leaver's usual monthly bonus, which has no
  ledger line (a leaver is not graded after leaving); without a leaver, a manager's;
- not_paid: the row of a new hire's first month with a bonus is missing.

A slip that fits no line (a very small sample) is left out, and no two slips touch the
same row. Reconciled against the ledger, the rest reads ``match``.

Above ``EXACT_MAX_EMPLOYEES`` the pipeline would dominate the generation time (about a
tenth of a second per employee), so Payroll is a plausible approximation instead: the
month's cash at the base rate (1.5x for stars) and the profile's usual coefficient. It
does not reconcile; such samples are for load checks, not for payroll demos.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from toolkit.core import pipeline
from toolkit.core.money import ZERO, round_money, total
from toolkit.core.periods import Period
from toolkit.core.plan import Plan
from toolkit.core.raw import RawSheet, RawWorkbook
from toolkit.core.sheets import SHEETS_BY_NAME
from toolkit.sample.staff import Org, Person, profile_at
from toolkit.sample.table import Row, Table
from toolkit.sample.timeline import Timeline, below, employed_fraction

EXACT_MAX_EMPLOYEES = 200
PAYROLL_COLUMNS = ("employee_id", "period", "commission_paid", "bonus_paid",
                   "annual_bonus_paid")
PAID_COLUMN = {"commission": "commission_paid", "monthly_bonus": "bonus_paid",
               "annual_bonus": "annual_bonus_paid"}
SHORT_BY = Decimal("300.00")
_RANK = {"month": 0, "quarter": 1, "year": 2}

Key = tuple[str, str]                        # employee_id, period text
Cells = dict[str, Decimal]                   # paid column -> amount
Slip = tuple[Key, Cells | None]              # the row's new cells; None: the row is missing


@dataclass(frozen=True)
class Line:
    """One payout ledger line, as the slips need it."""

    employee_id: str
    period: str
    kind: str
    basis: Decimal
    rate: Decimal
    amount: Decimal

    @property
    def key(self) -> Key:
        return (self.employee_id, self.period)


@dataclass(frozen=True)
class Books:
    """What the slips are chosen from: the ledger, its commission detail, the people."""

    lines: tuple[Line, ...]
    details: pd.DataFrame
    org: Org
    timeline: Timeline
    plan: Plan

    def kind(self, kind: str) -> list[Line]:
        return [line for line in self.lines if line.kind == kind]

    def base_rate(self, person: Person) -> Decimal:
        rate = person.commission_rate
        return self.plan.default_commission_rate if rate is None else Decimal(repr(rate))


def payroll_table(rng: random.Random, org: Org, timeline: Timeline,
                  frames: dict[str, pd.DataFrame],
                  collected: dict[tuple[str, Period], float]) -> Table:
    """The Payroll sheet: the plan's amounts with a few slips (see the module docstring),
    or the plausible approximation above ``EXACT_MAX_EMPLOYEES`` sales employees.

    ``frames`` are the other sheets, by contract name, as ``SampleCompany.sheets`` holds
    them; ``collected`` is the cash per rep and month (for the approximation).
    """
    if len(org.reps) > EXACT_MAX_EMPLOYEES:
        return plausible_table(org, timeline, collected)
    results = pipeline.run(raw_workbook(frames), as_of=timeline.as_of)
    assert results.payouts is not None and results.commission_lines is not None
    lines = tuple(Line(r.employee_id, r.period, r.kind, r.basis, r.rate_or_coefficient,
                       r.amount) for r in results.payouts.itertuples(index=False))
    books = Books(lines, results.commission_lines, org, timeline, results.plan)
    return _table(with_slips(rng, paid_as_computed(lines), books))


def raw_workbook(frames: dict[str, pd.DataFrame]) -> RawWorkbook:
    """The frames as a workbook read from a file: per sheet the English contract headers,
    then the rows (Payroll left out: the ledger must not depend on it)."""
    raw = RawWorkbook(source="sample")
    for name, frame in frames.items():
        if name == "Payroll":
            continue
        columns = [c.name for c in SHEETS_BY_NAME[name].columns]
        raw.sheets[name] = RawSheet(name, [columns, *frame[columns].itertuples(
            index=False, name=None)])
    return raw


def paid_as_computed(lines: tuple[Line, ...]) -> dict[Key, Cells]:
    """A row per employee and period with a bonus line (graded) or an amount owed, paying
    the ledger's amounts; a commission line of 0 for a month not graded (cash forfeited
    after leaving) gets no row of its own."""
    owed = {line.key for line in lines if line.kind != "commission" or line.amount != 0}
    rows: dict[Key, Cells] = {}
    for line in lines:
        if line.key in owed:
            rows.setdefault(line.key, {})[PAID_COLUMN[line.kind]] = line.amount
    return rows


def with_slips(rng: random.Random, rows: dict[Key, Cells], books: Books
               ) -> dict[Key, Cells]:
    """``rows`` with one slip of each kind in ``SLIPS`` that fits, each on its own row."""
    out, taken = dict(rows), set[Key]()
    for find in SLIPS:
        options = [(key, cells) for key, cells in find(books) if key not in taken]
        if not options:
            continue
        key, cells = options[below(rng, len(options))]
        taken.add(key)
        if cells is None:
            del out[key]
        else:
            out[key] = {**out.get(key, {}), **cells}
    return out


def _table(rows: dict[Key, Cells]) -> Table:
    """Rows by employee, then period end (a month before the year ending with it)."""
    def order(key: Key) -> tuple[str, date, int]:
        period = Period.parse(key[1])
        return (key[0], period.end, _RANK[period.cycle])

    out: list[Row] = []
    for key in sorted(rows, key=order):
        cells = rows[key]
        out.append((*key, *(_number(cells.get(column)) for column in PAYROLL_COLUMNS[2:])))
    return Table(PAYROLL_COLUMNS, out)


def _number(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def _exact(line: Line) -> bool:
    """Whether the line's amount is its basis times its rate or coefficient: a full month
    (no proration) or a commission with no forfeited cash."""
    return line.amount == round_money(line.basis * line.rate)


def _old_rate(books: Books, raised: bool) -> list[Slip]:
    """Commissions whose rate changed (raised or reduced), paid at the base rate."""
    found: list[Slip] = []
    for line in books.kind("commission"):
        base = books.base_rate(books.org.by_id[line.employee_id])
        changed = line.rate > base if raised else line.rate < base
        if changed and line.amount > 0 and _exact(line):
            found.append((line.key, {"commission_paid": round_money(line.basis * base)}))
    return found


def old_rate_after_raise(books: Books) -> list[Slip]:
    """Underpaid: payroll missed the raise of the rate."""
    return _old_rate(books, raised=True)


def old_rate_after_cut(books: Books) -> list[Slip]:
    """Overpaid: payroll missed the reduction of the rate."""
    return _old_rate(books, raised=False)


def bonus_short(books: Books) -> list[Slip]:
    """Underpaid: a monthly bonus of 1,000 or more paid ``SHORT_BY`` short."""
    return [(line.key, {"bonus_paid": line.amount - SHORT_BY})
            for line in books.kind("monthly_bonus") if line.amount >= 1000]


def annual_without_salary(books: Books) -> list[Slip]:
    """Underpaid: an S year's annual bonus paid without the extra month of salary."""
    s_rate = books.plan.bands.coefficient("S")
    found: list[Slip] = []
    for line in books.kind("annual_bonus"):
        salary = Decimal(books.org.by_id[line.employee_id].base_salary)
        if line.rate == s_rate and line.amount > salary:
            found.append((line.key, {"annual_bonus_paid": line.amount - salary}))
    return found


def bonus_at_a_coefficient(books: Books) -> list[Slip]:
    """Overpaid: a full B month's bonus paid at A's coefficient."""
    bands = books.plan.bands
    return [(line.key, {"bonus_paid": round_money(line.basis * bands.coefficient("A"))})
            for line in books.kind("monthly_bonus")
            if line.rate == bands.coefficient("B") and line.amount > 0 and _exact(line)]


def paid_after_leaving(books: Books) -> list[Slip]:
    """Overpaid and unexpected: a leaver's month after the last day, paid as if still
    employed: the usual monthly bonus (no ledger line) and the commission on the cash
    collected that month, which the plan forfeits. Without a leaver in the sample whose
    next month is in it, a manager's monthly bonus in the last month."""
    found: list[Slip] = []
    for leaver_id in books.org.leavers:
        leaver = books.org.by_id[leaver_id]
        assert leaver.termination_date is not None  # leavers have a last day
        month = Period.containing(leaver.termination_date, "month").next()
        bonuses = [line for line in books.kind("monthly_bonus")
                   if line.employee_id == leaver_id]
        if month not in books.timeline.months or not bonuses:
            continue
        cells = {"bonus_paid": round_money(bonuses[-1].basis * bonuses[-1].rate)}
        forfeited = _forfeited_commission(books.details, leaver_id, str(month))
        if forfeited > 0:
            cells["commission_paid"] = forfeited
        found.append(((leaver_id, str(month)), cells))
    return found or _manager_bonus(books)


def _forfeited_commission(details: pd.DataFrame, employee_id: str, month: str) -> Decimal:
    """Basis x rate over the month's commission detail rows of ``employee_id``."""
    rows = details[(details["employee_id"] == employee_id) & (details["period"] == month)]
    return round_money(total(b * r for b, r in zip(rows["basis"], rows["rate"], strict=True)))


def _manager_bonus(books: Books) -> list[Slip]:
    last = str(books.timeline.months[-1])
    ratio = books.plan.monthly_bonus_ratio
    return [((p.employee_id, last), {"bonus_paid": round_money(Decimal(p.base_salary) * ratio)})
            for p in books.org.people if p.role == "manager"]


def first_month_missing(books: Books) -> list[Slip]:
    """Not paid: the row of a new hire's first month with a bonus is missing."""
    found: list[Slip] = []
    for hire_id in books.org.hires:
        owed = [line for line in books.kind("monthly_bonus")
                if line.employee_id == hire_id and line.amount > ZERO]
        if owed:
            found.append((owed[0].key, None))
    return found


SLIPS: tuple[Callable[[Books], list[Slip]], ...] = (
    old_rate_after_raise, bonus_short, annual_without_salary,
    old_rate_after_cut, bonus_at_a_coefficient, paid_after_leaving,
    first_month_missing,
)


def plausible_table(org: Org, timeline: Timeline,
                    collected: dict[tuple[str, Period], float]) -> Table:
    """Per rep: a row per employed month (commission on the month's cash at the base rate,
    1.5x for stars; monthly bonus base x the profile's usual coefficient x employed
    fraction), then a row per full year with the annual bonus."""
    rows: list[Row] = []
    for rep in org.reps:
        rate = (rep.commission_rate or 0.01) * (1.5 if rep.kind == "star" else 1.0)
        monthly_base = rep.monthly_bonus_base or rep.base_salary * 0.2
        for month in timeline.months:
            fraction = employed_fraction(rep.hire_date, rep.termination_date, month)
            if fraction == 0:
                continue
            profile = profile_at(rep, timeline.offset(month), len(timeline.months))
            commission = round(collected.get((rep.employee_id, month), 0.0) * rate, 2)
            bonus = round(monthly_base * profile.coefficient * fraction, 2)
            rows.append((rep.employee_id, str(month), commission, bonus, None))
        rows += _annual_rows(rep, timeline)
    return Table(PAYROLL_COLUMNS, rows)


def _annual_rows(rep: Person, timeline: Timeline) -> list[Row]:
    """Annual bonus base x coefficient x employed fraction, plus a month's salary for stars."""
    rows: list[Row] = []
    annual_base = rep.annual_bonus_base or rep.base_salary * 2
    for year in timeline.years:
        fraction = employed_fraction(rep.hire_date, rep.termination_date, year)
        if not timeline.full(year) or fraction == 0:
            continue
        coefficient = profile_at(rep, timeline.last_offset(year),
                                 len(timeline.months)).coefficient
        extra = rep.base_salary if rep.kind == "star" else 0
        rows.append((rep.employee_id, str(year), None, None,
                     round(annual_base * coefficient * fraction + extra, 2)))
    return rows
