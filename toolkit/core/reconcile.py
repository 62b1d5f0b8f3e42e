"""Payroll reconciliation: what payroll paid against what the ledger says is owed.

SPEC section 6, "Reconciliation". Payroll month rows carry commission_paid (kind
``commission``) and bonus_paid (kind ``monthly_bonus``); year rows carry annual_bonus_paid
(kind ``annual_bonus``); a blank paid cell is 0 (quarter rows and cells on the wrong kind
of row are not payouts of any ledger kind and are left out). There is one row per
employee, period and kind found in the ledger or in Payroll, except where both computed
and paid are 0, with difference = paid − computed and a status:

- ``unexpected``: no ledger line for that employee, period and kind, yet paid ≠ 0 (e.g. an
  employee not graded in that period);
- ``not_paid``: computed > 0 and no Payroll row at all for that employee and period;
- ``match``: difference 0.00; ``underpaid``: below 0; ``overpaid``: above 0.

A Payroll row that exists with a blank cell is a payment of 0, so it reads ``underpaid``,
not ``not_paid``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from toolkit.core.money import ZERO, round_money, total
from toolkit.core.outputs import RECONCILIATION, RECONCILIATION_TOTALS
from toolkit.core.payees import optional_decimal
from toolkit.core.periods import parsed_periods

PAID_COLUMNS: dict[str, dict[str, str]] = {
    "month": {"commission": "commission_paid", "monthly_bonus": "bonus_paid"},
    "year": {"annual_bonus": "annual_bonus_paid"},
}
KINDS: tuple[str, ...] = ("commission", "monthly_bonus", "annual_bonus")
STATUSES: tuple[str, ...] = ("match", "underpaid", "overpaid", "not_paid", "unexpected")
RECONCILIATION_COLUMNS = [c.name for c in RECONCILIATION.columns]
TOTALS_COLUMNS = [c.name for c in RECONCILIATION_TOTALS.columns]
NO_DEPARTMENT = "(none)"
NONE_PAID = Decimal("0.00")


def payroll_as_of(payroll: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The Payroll rows whose period ended before ``as_of`` (as graded periods must)."""
    rows = payroll.dropna(subset=["employee_id", "period"])
    texts = rows["period"].tolist()
    periods = parsed_periods(texts)
    ended = pd.Series([periods[p].end < as_of for p in texts], index=rows.index, dtype=bool)
    return rows[ended]


@dataclass(frozen=True)
class PaidLines:
    """One line per Payroll row and kind its cycle pays (``PAID_COLUMNS``), kind by kind
    and rows in sheet order, so the lines of one key come in row order."""

    rows: np.ndarray      # position of each line's Payroll row
    kinds: np.ndarray     # its kind
    amounts: np.ndarray   # its paid cell as ``paid_cell`` reads it

    @staticmethod
    def of(rows: pd.DataFrame) -> PaidLines:
        """The lines of ``rows``, Payroll rows with an employee and a period."""
        texts = rows["period"].tolist()
        cycles = {text: period.cycle for text, period in parsed_periods(texts).items()}
        row_cycles = np.array([cycles[text] for text in texts], dtype=object)
        picks: list[np.ndarray] = []
        kinds: list[str] = []
        amounts: list[Decimal] = []
        for cycle, columns in PAID_COLUMNS.items():
            picked = np.flatnonzero(row_cycles == cycle)
            for kind, column in columns.items():
                cells = (rows[column].to_numpy(dtype=object)[picked].tolist()
                         if column in rows.columns else [None] * len(picked))
                picks.append(picked)
                kinds += [kind] * len(picked)
                amounts += [paid_cell(cell) for cell in cells]
        return PaidLines(np.concatenate(picks), _objects(kinds), _objects(amounts))


def paid_cell(cell: object) -> Decimal:
    """A paid cell as a Decimal, blank or zero: ``ZERO``; a finite Decimal other than 0 (as
    validated cells are) as it is."""
    if type(cell) is Decimal and cell.is_finite() and cell:
        return cell
    return optional_decimal(cell) or ZERO


def _objects(values: Sequence[object]) -> np.ndarray:
    """A 1-d object array of ``values`` (never a 2-d one, whatever the values are)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _rounded(amounts: np.ndarray) -> np.ndarray:
    return _objects([round_money(amount) for amount in amounts.tolist()])


def _sums(groups: np.ndarray, count: int, amounts: np.ndarray) -> np.ndarray:
    """Per group: ``ZERO`` + each amount of the group in line order, as a running total
    line by line gives it (same value and exponent)."""
    sums = np.full(count, ZERO, dtype=object)
    np.add.at(sums, groups, amounts)  # unbuffered: one addition per line, in line order
    return sums


@dataclass(frozen=True)
class _Keys:
    """Every (employee, period, kind) of the ledger lines and Payroll lines as a group
    number (first seen, first numbered), and the parts of each group's key as codes."""

    groups: np.ndarray        # group of each line: ledger lines first, then Payroll's
    employee: np.ndarray      # per group: rank of the employee id in sorted order
    period: np.ndarray        # per group: code of the period text
    kind: np.ndarray          # per group: code of the kind
    employees: np.ndarray     # distinct employee ids, sorted
    periods: np.ndarray       # distinct period texts
    kinds: np.ndarray         # distinct kinds
    rows: np.ndarray          # (employee, period) code of each Payroll row with both

    @staticmethod
    def of(ledger: pd.DataFrame, rows: pd.DataFrame, lines: PaidLines) -> _Keys:
        """The keys of the ledger lines and of ``lines``, the lines of Payroll ``rows``."""
        staff, staff_ids = pd.factorize(np.concatenate([
            frame["employee_id"].to_numpy(dtype=object) for frame in (ledger, rows)]),
            sort=True, use_na_sentinel=False)
        period, periods = pd.factorize(np.concatenate([
            frame["period"].to_numpy(dtype=object) for frame in (ledger, rows)]),
            use_na_sentinel=False)
        kind, kinds = pd.factorize(np.concatenate([
            ledger["kind"].to_numpy(dtype=object), lines.kinds]), use_na_sentinel=False)
        pairs = staff.astype(np.int64) * len(periods) + period
        ledger_pairs, row_pairs = pairs[:len(ledger)], pairs[len(ledger):]
        groups, distinct = pd.factorize(
            np.concatenate([ledger_pairs, row_pairs[lines.rows]]) * len(kinds) + kind)
        return _Keys(groups, distinct // len(kinds) // len(periods),
                     distinct // len(kinds) % len(periods), distinct % len(kinds),
                     staff_ids, periods, kinds, row_pairs)

    def order(self) -> np.ndarray:
        """Groups by employee, period end (a month before its quarter and year) and ledger
        kind (an unknown kind last)."""
        rank = {"month": 0, "quarter": 1, "year": 2}
        found = parsed_periods(self.periods.tolist())
        ends = np.array([found[text].end.toordinal() for text in self.periods.tolist()])
        cycles = np.array([rank[found[text].cycle] for text in self.periods.tolist()])
        kinds = np.array([KINDS.index(k) if k in KINDS else len(KINDS)
                          for k in self.kinds.tolist()])
        return np.lexsort((kinds[self.kind], cycles[self.period], ends[self.period],
                           self.employee))


def reconciliation_table(ledger: pd.DataFrame, payroll: pd.DataFrame,
                         employees: pd.DataFrame) -> pd.DataFrame:
    """One row per employee, period and kind in the ledger or Payroll (both 0: none).

    Columns: employee_id, department, period, kind, computed, paid, difference, status;
    money as Decimals with two decimals. Computed is the ledger lines of a key summed (from
    ``ZERO``, in line order), paid the key's Payroll lines summed the same way and rounded;
    a key missing on one side has 0.00 there.
    """
    rows = payroll.dropna(subset=["employee_id", "period"])
    lines = PaidLines.of(rows)
    keys = _Keys.of(ledger, rows, lines)
    count, owed_groups = len(keys.employee), keys.groups[:len(ledger)]
    paid_groups = keys.groups[len(ledger):]
    in_ledger = np.bincount(owed_groups, minlength=count) > 0
    none_paid = np.array(NONE_PAID, dtype=object)
    owed = np.where(in_ledger, _sums(owed_groups, count, ledger["amount"].to_numpy(
        dtype=object)), none_paid)
    got = np.where(np.bincount(paid_groups, minlength=count) > 0, _rounded(_sums(
        paid_groups, count, lines.amounts)), none_paid)
    order = keys.order()
    order = order[~((owed[order] == 0) & (got[order] == 0))]
    owed, got, staff, period = owed[order], got[order], keys.employee[order], keys.period[order]
    has_row = np.isin(staff * len(keys.periods) + period, keys.rows)
    return pd.DataFrame({
        "employee_id": keys.employees[staff].tolist(),
        "department": _departments(keys.employees, employees)[staff].tolist(),
        "period": keys.periods[period].tolist(), "kind": keys.kinds[keys.kind[order]].tolist(),
        "computed": owed.tolist(), "paid": got.tolist(), "difference": (got - owed).tolist(),
        "status": _statuses(in_ledger[order], has_row, owed, got).tolist(),
    }, columns=RECONCILIATION_COLUMNS)


def _statuses(in_ledger: np.ndarray, has_row: np.ndarray, computed: np.ndarray,
              paid: np.ndarray) -> np.ndarray:
    """The status of each row (see the module docstring), the first that holds: no ledger
    line -> unexpected; computed > 0 without a Payroll row -> not_paid; else by the sign of
    paid - computed: match, underpaid, overpaid."""
    difference = paid - computed
    return np.select(
        [~in_ledger, (computed > 0) & ~has_row, difference == 0, difference < 0],
        ["unexpected", "not_paid", "match", "underpaid"], "overpaid")


def _departments(staff: np.ndarray, employees: pd.DataFrame) -> np.ndarray:
    """The department of each employee id in ``staff`` (its first Employees row); ``None``
    when unknown or not text."""
    people = employees.dropna(subset=["employee_id"]).drop_duplicates("employee_id")
    departments = dict(zip(people["employee_id"].tolist(), people["department"].tolist(),
                           strict=True))
    return _objects([d if isinstance(d := departments.get(e), str) else None
                     for e in staff.tolist()])


def reconciliation_totals(recon: pd.DataFrame) -> pd.DataFrame:
    """Totals per kind, per department and for all rows: Σ computed, Σ paid, Σ difference,
    the number of rows and the number per status. A blank department is ``(none)``."""
    departments = recon["department"].where(recon["department"].notna(), NO_DEPARTMENT)
    department, names = pd.factorize(departments.to_numpy(dtype=object), sort=True)
    # Kind 0: one not in KINDS, counted in "all" but in no kind's row.
    kind = pd.Index(KINDS).get_indexer(recon["kind"]).astype(np.int64) + 1
    status = pd.Index(STATUSES).get_indexer(recon["status"]).astype(np.int64)
    by_kind = _Totals.of(recon, status, kind, len(KINDS) + 1)
    by_department = _Totals.of(recon, status, department, len(names))
    rows = [by_kind.row("kind", name, number)
            for number, name in enumerate(KINDS, start=1) if by_kind.rows[number]]
    rows += [by_department.row("department", name, number)
             for number, name in enumerate(names.tolist())]
    rows.append(by_kind.all())
    return pd.DataFrame(rows, columns=TOTALS_COLUMNS)


@dataclass(frozen=True)
class _Totals:
    """Per group of a grouping of the reconciliation rows: Σ computed and Σ paid (from
    ``ZERO``, exact), the number of rows and the number per status (STATUSES order)."""

    computed: np.ndarray
    paid: np.ndarray
    rows: np.ndarray
    statuses: np.ndarray  # groups x STATUSES

    @staticmethod
    def of(recon: pd.DataFrame, status: np.ndarray, groups: np.ndarray, count: int
           ) -> _Totals:
        """``status``: each row's place in STATUSES; ``groups``: each row's group number,
        below ``count``."""
        computed, paid = (_sums(groups, count, recon[column].to_numpy(dtype=object))
                          for column in ("computed", "paid"))
        # Column 0 takes a status not in STATUSES (place -1), counted in none of them.
        width = len(STATUSES) + 1
        statuses = np.bincount(groups * width + status + 1, minlength=count * width)
        return _Totals(computed, paid, np.bincount(groups, minlength=count),
                       statuses.reshape(count, width)[:, 1:])

    def row(self, by: str, group: str, number: int) -> dict[str, object]:
        return _totals_row(by, group, self.computed[number], self.paid[number],
                           int(self.rows[number]), self.statuses[number])

    def all(self) -> dict[str, object]:
        return _totals_row("all", "", total(self.computed.tolist()),
                           total(self.paid.tolist()), int(self.rows.sum()),
                           self.statuses.sum(axis=0))


def _totals_row(by: str, group: str, computed: Decimal, paid: Decimal, rows: int,
                statuses: np.ndarray) -> dict[str, object]:
    """Σ difference is Σ paid − Σ computed: each row's difference is its paid − computed,
    and sums of amounts of two decimals are exact."""
    return {"by": by, "group": group, "computed": round_money(computed),
            "paid": round_money(paid), "difference": round_money(paid - computed),
            "rows": rows, **dict(zip(STATUSES, statuses.tolist(), strict=True))}
