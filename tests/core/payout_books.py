"""Workbooks for the payout and reconciliation tests.

Each test names only what its rule is about: the people, the months they have sales
targets for, the sales and payments, and the final grades, which are set with upheld
appeals so a test states its grades instead of engineering indicator values.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from tests.builders import raw
from toolkit.core.facts import cut
from toolkit.core.payouts import payout_stage
from toolkit.core.pipeline import Results, compute
from toolkit.core.raw import RawWorkbook
from toolkit.core.validate import ROW, Tables, validate

Rows = list[list[Any]]

EMPLOYEE_HEADERS = ["employee_id", "name", "department", "hire_date", "termination_date",
                    "base_salary", "commission_rate", "monthly_bonus_base", "annual_bonus_base"]
SALES_HEADERS = ["contract_id", "date", "employee_id", "customer_id", "amount"]
APPEAL_HEADERS = ["employee_id", "period", "submitted_date", "decision", "revised_grade"]
LONG_AGO = date(2020, 1, 1)


@dataclass(frozen=True)
class Person:
    """One Employees row; ``months`` are the months with a sales target (None: the book's)."""

    employee_id: str = "E1"
    hired: date = LONG_AGO
    left: date | None = None
    salary: object = 10000
    rate: object = None
    monthly_base: object = None
    annual_base: object = None
    department: str = "Sales"
    months: tuple[str, ...] | None = None


def months_of(year: int, first: int = 1, last: int = 12) -> tuple[str, ...]:
    return tuple(f"{year}-{m:02d}" for m in range(first, last + 1))


def company(*, people: Sequence[Person] = (Person(),), months: Iterable[str] = ("2026-01",),
            sales: Sequence[Sequence[Any]] = (), payments: Sequence[Sequence[Any]] | None = None,
            grades: Mapping[tuple[str, str], str] | None = None,
            history: Sequence[Sequence[Any]] = (), plan: Mapping[str, object] | None = None,
            payroll: Sequence[Sequence[Any]] | None = None) -> RawWorkbook:
    """A workbook: Employees, Targets (100,000 per month), Sales rows (contract, date,
    employee, customer, amount), Payments rows (contract, date, amount) when given, final
    grades by (employee, period), History rows, Plan settings and Payroll rows."""
    book_months = tuple(months)
    sheets: dict[str, Sequence[Sequence[Any]]] = {
        "Employees": [EMPLOYEE_HEADERS, *(
            [p.employee_id, f"Name {p.employee_id}", p.department, p.hired, p.left, p.salary,
             p.rate, p.monthly_base, p.annual_base] for p in people)],
        "Targets": [["employee_id", "period", "sales_target", "new_customer_target"], *(
            [p.employee_id, m, 100000, 1] for p in people for m in (p.months or book_months))],
        "Sales": [SALES_HEADERS, *(list(s) for s in sales)],
        "Reviews": [["employee_id", "period", "satisfaction"]],
        "Appeals": [APPEAL_HEADERS, *(
            [e, p, LONG_AGO, "upheld", g] for (e, p), g in (grades or {}).items())],
        "History": [["employee_id", "period", "grade"], *(list(h) for h in history)],
    }
    if payments is not None:
        sheets["Payments"] = [["contract_id", "date", "amount"], *(list(p) for p in payments)]
    if plan:
        sheets["Plan"] = [["key", "value"], *([k, v] for k, v in plan.items())]
    if payroll is not None:
        sheets["Payroll"] = [["employee_id", "period", "commission_paid", "bonus_paid",
                              "annual_bonus_paid"], *(list(r) for r in payroll)]
    return raw(sheets)


def line(results: Results, employee: str, period: str, kind: str) -> dict[str, Any]:
    """The one ledger line of an employee, period and kind."""
    ledger = results.payouts
    assert ledger is not None
    found = ledger[(ledger["employee_id"] == employee) & (ledger["period"] == period)
                   & (ledger["kind"] == kind)]
    assert len(found) == 1, found
    record: dict[str, Any] = found.iloc[0].to_dict()
    return record


def details(results: Results, employee: str, period: str) -> pd.DataFrame:
    """The commission detail lines of an employee and month, in their order."""
    frame = results.commission_lines
    assert frame is not None
    return frame[(frame["employee_id"] == employee) & (frame["period"] == period)]


# -- a fast harness for property tests -------------------------------------------------------

STAGED_AS_OF = date(2026, 4, 1)
STAGED_SALES = [["K1", date(2026, 1, 2), "E1", "C1", "10000.00"],
                ["K2", date(2026, 1, 3), "E1", "C2", "5000.00"],
                ["K3", date(2026, 1, 4), "E1", "C3", "2500.55"]]


@functools.cache
def _staged_tables() -> tuple[Tables, pd.DataFrame]:
    """E1 (hired 2020, default rate) graded January to March 2026 with three contracts,
    validated once, and the scores of a run without cash. Cash cannot change a commission
    rate here: the 2026-Q1 rates follow 2025-Q3 and 2025-Q4, which are unknown."""
    book = company(months=("2026-01", "2026-02", "2026-03"), sales=STAGED_SALES, payments=[])
    tables, problems = validate(book)
    assert not [p for p in problems if p.severity == "error"], problems
    return tables, compute(tables, STAGED_AS_OF).scores


def staged(cash: Sequence[tuple[str, date, Decimal]], person: Person | None = None
           ) -> dict[str, pd.DataFrame]:
    """The payout stage with ``cash`` (contract, date, amount) as the Payments sheet and
    ``person``'s hire date, salary and rate in Employees, typed as validation types them:
    the same core path as a run from the facts on, many times faster."""
    tables, scores = _staged_tables()
    frames = {**tables.frames, "Payments": pd.DataFrame({
        ROW: pd.Series(range(2, 2 + len(cash)), dtype="int64"),
        "contract_id": pd.Series([c for c, _, _ in cash], dtype=object),
        "date": pd.Series(pd.to_datetime([d for _, d, _ in cash]), dtype="datetime64[ns]"),
        "amount": pd.Series([a for _, _, a in cash], dtype=object)})}
    if person is not None:
        frames["Employees"] = frames["Employees"].assign(
            hire_date=pd.Timestamp(person.hired), base_salary=[person.salary],
            commission_rate=[float("nan") if person.rate is None else person.rate])
    facts, _ = cut(replace(tables, frames=frames), STAGED_AS_OF)
    return payout_stage(facts, scores, frames["Payroll"])
