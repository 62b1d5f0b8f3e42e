"""The pay facts of each employee that payouts need, read once from the Employees sheet.

Blank cells stay ``None`` so the rules can tell "not set" (use the plan's default) from 0:
a blank commission_rate means the plan's default_commission_rate, a blank
monthly_bonus_base means base_salary × monthly_bonus_ratio, a blank annual_bonus_base
means base_salary × annual_bonus_months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from toolkit.core.money import ZERO, to_money
from toolkit.core.targets import Employment, employments


@dataclass(frozen=True)
class Payee:
    """One employee's salary, bonus bases, commission rate and employment dates."""

    employee_id: str
    department: str | None
    salary: Decimal
    monthly_base: Decimal | None
    annual_base: Decimal | None
    commission_rate: Decimal | None
    job: Employment

    @property
    def termination(self) -> date | None:
        return self.job.termination_date


def optional_decimal(cell: object) -> Decimal | None:
    """A money or rate cell as an exact Decimal (floats through their repr), blank: None."""
    if cell is None:
        return None
    if not isinstance(cell, Decimal) and pd.isna(cell):
        return None
    return to_money(cell)


def payees(employees: pd.DataFrame) -> dict[str, Payee]:
    """Every employee with a hire date, by employee_id (the first row of a repeated id)."""
    jobs = employments(employees)
    found: dict[str, Payee] = {}
    for record in employees.to_dict("records"):
        employee = record["employee_id"]
        if employee in found or employee not in jobs:
            continue
        department = record.get("department")
        found[employee] = Payee(
            employee_id=employee,
            department=department if isinstance(department, str) else None,
            salary=optional_decimal(record.get("base_salary")) or ZERO,
            monthly_base=optional_decimal(record.get("monthly_bonus_base")),
            annual_base=optional_decimal(record.get("annual_bonus_base")),
            commission_rate=optional_decimal(record.get("commission_rate")),
            job=jobs[employee],
        )
    return found
