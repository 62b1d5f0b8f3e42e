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

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

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
Key = tuple[str, str, str]  # employee, period text, kind


def payroll_as_of(payroll: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The Payroll rows whose period ended before ``as_of`` (as graded periods must)."""
    rows = payroll.dropna(subset=["employee_id", "period"])
    texts = rows["period"].tolist()
    periods = parsed_periods(texts)
    ended = pd.Series([periods[p].end < as_of for p in texts], index=rows.index, dtype=bool)
    return rows[ended]


def status_of(in_ledger: bool, payroll_row: bool, computed: Decimal, paid: Decimal) -> str:
    """The status of one reconciliation row (see the module docstring), checked in order."""
    if not in_ledger:
        return "unexpected"
    if computed > 0 and not payroll_row:
        return "not_paid"
    difference = paid - computed
    if difference == 0:
        return "match"
    return "underpaid" if difference < 0 else "overpaid"


def paid_amounts(payroll: pd.DataFrame) -> tuple[dict[Key, Decimal], set[tuple[str, str]]]:
    """Paid per (employee, period, kind) and the (employee, period) pairs with a row."""
    rows = payroll.dropna(subset=["employee_id", "period"])
    employees, texts = rows["employee_id"].tolist(), rows["period"].tolist()
    cycles = {text: period.cycle for text, period in parsed_periods(texts).items()}
    paid: dict[Key, Decimal] = {}
    for cycle, columns in PAID_COLUMNS.items():
        picked = [row for row, text in enumerate(texts) if cycles[text] == cycle]
        for kind, column in columns.items():
            cells = rows[column].tolist() if column in rows.columns else [None] * len(rows)
            for row in picked:  # in row order, so each key sums as row by row
                key = (employees[row], texts[row], kind)
                paid[key] = paid.get(key, ZERO) + paid_cell(cells[row])
    return ({k: round_money(v) for k, v in paid.items()},
            set(zip(employees, texts, strict=True)))


def paid_cell(cell: object) -> Decimal:
    """A paid cell as a Decimal, blank or zero: ``ZERO``; a finite Decimal other than 0 (as
    validated cells are) as it is."""
    if type(cell) is Decimal and cell.is_finite() and cell:
        return cell
    return optional_decimal(cell) or ZERO


def computed_amounts(ledger: pd.DataFrame) -> dict[Key, Decimal]:
    """The ledger's amount per (employee, period, kind)."""
    computed: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for employee, period, kind, amount in zip(
            ledger["employee_id"].tolist(), ledger["period"].tolist(), ledger["kind"].tolist(),
            ledger["amount"].tolist(), strict=True):
        computed[(employee, period, kind)] += amount
    return dict(computed)


def ordered(keys: Iterable[Key]) -> list[Key]:
    """By employee, period end (a month before its quarter and year) and ledger kind."""
    found = list(keys)
    rank = {"month": 0, "quarter": 1, "year": 2}
    # (end, rank) once per distinct period text
    ends = {text: (period.end, rank[period.cycle])
            for text, period in parsed_periods(key[1] for key in found).items()}
    kinds = {kind: KINDS.index(kind) for kind in KINDS}
    return sorted(found, key=lambda key: (key[0], ends[key[1]], kinds.get(key[2], len(KINDS))))


def reconciliation_table(ledger: pd.DataFrame, payroll: pd.DataFrame,
                         employees: pd.DataFrame) -> pd.DataFrame:
    """One row per employee, period and kind in the ledger or Payroll (both 0: none).

    Columns: employee_id, department, period, kind, computed, paid, difference, status;
    money as Decimals with two decimals.
    """
    computed = computed_amounts(ledger)
    paid, present = paid_amounts(payroll)
    people = employees.dropna(subset=["employee_id"]).drop_duplicates("employee_id")
    departments = dict(zip(people["employee_id"].tolist(), people["department"].tolist(),
                           strict=True))
    rows: list[tuple[object, ...]] = []
    for key in ordered(set(computed) | set(paid)):
        owed, got = computed.get(key, NONE_PAID), paid.get(key, NONE_PAID)
        if owed == 0 and got == 0:
            continue
        employee, period, kind = key
        department = departments.get(employee)
        rows.append((employee, department if isinstance(department, str) else None, period,
                     kind, owed, got, got - owed,
                     status_of(key in computed, (employee, period) in present, owed, got)))
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)


def reconciliation_totals(recon: pd.DataFrame) -> pd.DataFrame:
    """Totals per kind, per department and for all rows: Σ computed, Σ paid, Σ difference,
    the number of rows and the number per status. A blank department is ``(none)``."""
    departments = recon["department"].where(recon["department"].notna(), NO_DEPARTMENT)
    # Row positions per kind and per department, found in one pass each.
    kinds = recon.groupby("kind", sort=False).indices
    by_department = recon.groupby(departments, sort=False).indices
    groups: list[tuple[str, str, pd.DataFrame]] = [
        ("kind", kind, recon.iloc[kinds[kind]]) for kind in KINDS if kind in kinds]
    groups += [("department", name, recon.iloc[by_department[name]])
               for name in sorted(by_department)]
    groups.append(("all", "", recon))
    rows = [_totals_row(by, group, part) for by, group, part in groups]
    return pd.DataFrame(rows, columns=TOTALS_COLUMNS)


def _totals_row(by: str, group: str, part: pd.DataFrame) -> dict[str, object]:
    counts = part["status"].value_counts()
    return {"by": by, "group": group, "computed": round_money(total(part["computed"])),
            "paid": round_money(total(part["paid"])),
            "difference": round_money(total(part["difference"])),
            "rows": len(part), **{s: int(counts.get(s, 0)) for s in STATUSES}}
