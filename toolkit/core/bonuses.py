"""Monthly and annual bonuses of one employee (SPEC section 6).

- monthly_bonus for month M = monthly bonus base × coefficient(grade of M) × employed
  fraction of M (the fraction only when ``prorate = yes``). The base is
  Employees.monthly_bonus_base, else base_salary × monthly_bonus_ratio.
- annual_bonus for year Y = annual bonus base × coefficient(grade of Y) × employed fraction
  of Y, plus one month of base_salary (never prorated) when the grade is S. The base is
  Employees.annual_bonus_base, else base_salary × annual_bonus_months.

The employed fraction is employment days / calendar days, exact; the amount is rounded
once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from toolkit.core.money import ZERO, round_money
from toolkit.core.payees import Payee
from toolkit.core.periods import Period
from toolkit.core.plan import Plan

BonusKind = Literal["monthly_bonus", "annual_bonus"]


@dataclass(frozen=True)
class BonusFigures:
    """The numbers of one bonus line, kept apart so the explanation can show each."""

    employee_id: str
    kind: BonusKind
    period: Period
    base: Decimal
    base_set: bool          # True: the Employees column; False: salary × multiplier
    salary: Decimal
    multiplier: Decimal     # monthly_bonus_ratio or annual_bonus_months
    grade: str
    coefficient: Decimal
    days: int
    calendar_days: int
    prorated: bool
    extra: Decimal          # one month of salary for an annual S, else 0
    # round_money(unrounded): worked out once, as the line and its sentence both need it
    amount: Decimal = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", round_money(self.unrounded))

    @property
    def fraction(self) -> Decimal:
        """The employed fraction applied: days / calendar days, or 1 without proration."""
        if not self.prorated:
            return Decimal(1)
        return Decimal(self.days) / Decimal(self.calendar_days)

    @property
    def unrounded(self) -> Decimal:
        return self.base * self.coefficient * self.fraction + self.extra


def monthly_bonus(payee: Payee, month: Period, grade: str, plan: Plan) -> BonusFigures:
    """The monthly bonus of ``payee`` for ``month`` graded ``grade``."""
    base_set = payee.monthly_base is not None
    base = payee.monthly_base if payee.monthly_base is not None else \
        payee.salary * plan.monthly_bonus_ratio
    return BonusFigures(payee.employee_id, "monthly_bonus", month, base, base_set, payee.salary,
                        plan.monthly_bonus_ratio, grade, plan.bands.coefficient(grade),
                        payee.job.days(month), month.days, plan.prorate, ZERO)


def annual_bonus(payee: Payee, year: Period, grade: str, plan: Plan) -> BonusFigures:
    """The annual bonus of ``payee`` for ``year`` graded ``grade`` (S adds a month's salary)."""
    base_set = payee.annual_base is not None
    base = payee.annual_base if payee.annual_base is not None else \
        payee.salary * plan.annual_bonus_months
    extra = payee.salary if grade == "S" else ZERO
    return BonusFigures(payee.employee_id, "annual_bonus", year, base, base_set, payee.salary,
                        plan.annual_bonus_months, grade, plan.bands.coefficient(grade),
                        payee.job.days(year), year.days, plan.prorate, extra)
