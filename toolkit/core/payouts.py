"""The payout ledger and the commission detail lines (SPEC section 6).

The ledger has, also when the amount is 0 (the explanation then says why):
- a ``commission`` and a ``monthly_bonus`` line for every graded employee-month;
- an ``annual_bonus`` line for every graded employee-year;
- a ``commission`` line for an employee-month that is not graded for that employee (a
  leaver's months after termination, a non-sales employee who sold) when the month is
  graded for someone and the employee has basis rows in it, so cash collected after
  termination is paid or visibly forfeited.

Each line: employee_id, period, kind, basis (the money the rate or coefficient applies
to), rate_or_coefficient, amount (Decimal, rounded once per line) and explain. Grades are
the final grades of ``scores``; the quarter grades behind a rate change come from
``scores`` and, for quarters not graded there, from the History sheet. The rules of each
kind are in ``toolkit.core.commission`` and ``toolkit.core.bonuses``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from toolkit.core.bonuses import BonusFigures, annual_bonus, monthly_bonus
from toolkit.core.commission import (
    CommissionMonth,
    RateDecision,
    commission_month,
    contract_shares,
    month_rate,
)
from toolkit.core.explain import bonus_explain, commission_explain, share_note, words
from toolkit.core.facts import Facts
from toolkit.core.money import ZERO
from toolkit.core.outputs import COMMISSION_LINES, PAYOUTS
from toolkit.core.payees import Payee, payees
from toolkit.core.periods import Period, parsed_periods
from toolkit.core.plan import Plan
from toolkit.core.reconcile import payroll_as_of, reconciliation_table

KINDS: tuple[str, ...] = ("commission", "monthly_bonus", "annual_bonus")
LEDGER_COLUMNS = [c.name for c in PAYOUTS.columns]
DETAIL_COLUMNS = [c.name for c in COMMISSION_LINES.columns]
_RANK = {"month": 0, "quarter": 1, "year": 2}
Key = tuple[str, str]


@dataclass(frozen=True)
class PayoutLine:
    """One ledger line."""

    employee_id: str
    period: Period
    kind: str
    basis: Decimal
    rate_or_coefficient: Decimal
    amount: Decimal
    explain: str

    def sort_key(self) -> tuple[str, object, int, int]:
        return (self.employee_id, self.period.end, _RANK[self.period.cycle],
                KINDS.index(self.kind))


def payout_tables(facts: Facts, scores: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(payouts ledger, commission detail lines) for every graded employee and period.

    ``scores`` is ``Results.scores``: one row per graded employee and period with its
    final ``grade``, ``period`` text and ``cycle``.
    """
    plan = facts.plan
    people = payees(facts.employees)
    texts = scores["period"].tolist()
    periods = parsed_periods(texts)
    graded = zip(scores["employee_id"].tolist(), (periods[p] for p in texts),
                 scores["grade"].tolist(), strict=True)
    lines = [bonus_line(f, plan.language) for f in bonus_figures(graded, people, plan)]
    months = commission_months(facts, scores, people)
    lines.extend(commission_line(m, plan.language) for m in months)
    lines.sort(key=PayoutLine.sort_key)
    return ledger_frame(lines), detail_frame(months, plan.language)


def bonus_figures(graded: Iterable[tuple[str, Period, str]], people: dict[str, Payee],
                  plan: Plan) -> list[BonusFigures]:
    """A monthly bonus per graded month and an annual bonus per graded year."""
    found: list[BonusFigures] = []
    for employee, period, grade in graded:
        if period.cycle == "month":
            found.append(monthly_bonus(people[employee], period, grade, plan))
        elif period.cycle == "year":
            found.append(annual_bonus(people[employee], period, grade, plan))
    return found


def bonus_line(figures: BonusFigures, language: str) -> PayoutLine:
    return PayoutLine(figures.employee_id, figures.period, figures.kind,
                      figures.base, figures.coefficient, figures.amount,
                      bonus_explain(figures, language))


def commission_months(facts: Facts, scores: pd.DataFrame, people: dict[str, Payee]
                      ) -> list[CommissionMonth]:
    """The commission of every graded employee-month, and of every employee-month in a
    graded month where the employee has basis rows without being graded."""
    plan = facts.plan
    # The termination rule is about collected cash, so it does not apply to sales.
    terminations = {e: p.termination for e, p in people.items()} \
        if plan.commission_basis == "collected" else {}
    shares = contract_shares(basis_rows(facts), terminations,
                             plan.post_termination_commission == "forfeit")
    grades = quarter_grades(scores, facts.history)
    months = scores[scores["cycle"] == "month"]
    keys = set(zip(months["employee_id"].tolist(), months["period"].tolist(), strict=True))
    graded_months = set(months["period"].tolist())
    keys |= {(e, m) for e, m in shares if m in graded_months and e in people}
    periods = parsed_periods(m for _, m in keys)
    # The rate depends on the month's quarter only: decide it once per employee-quarter.
    quarters = {text: Period.containing(p.start, "quarter") for text, p in periods.items()}
    decisions: dict[tuple[str, Period], RateDecision] = {}
    found: list[CommissionMonth] = []
    for employee, text in sorted(keys):
        month, payee = periods[text], people[employee]
        decision = decisions.get((employee, quarters[text]))
        if decision is None:
            base = payee.commission_rate if payee.commission_rate is not None \
                else plan.default_commission_rate
            decision = month_rate(employee, month, base, grades, plan)
            decisions[(employee, quarters[text])] = decision
        found.append(commission_month(employee, month, shares.get((employee, text), []),
                                      decision, payee.termination, plan))
    return found


def quarter_grades(scores: pd.DataFrame, history: pd.DataFrame) -> dict[Key, str]:
    """Final quarter grades by (employee, quarter): from ``scores``, else from History."""
    grades: dict[Key, str] = {
        (e, p): g for e, p, g in zip(history["employee_id"].tolist(),
                                     history["period"].tolist(), history["grade"].tolist(),
                                     strict=True)
        if isinstance(p, str) and p[4:6] == "-Q"}
    quarters = scores[scores["cycle"] == "quarter"]
    grades.update(zip(zip(quarters["employee_id"].tolist(), quarters["period"].tolist(),
                          strict=True),
                      quarters["grade"].tolist(), strict=True))
    return grades


def basis_rows(facts: Facts) -> pd.DataFrame:
    """The commission basis rows: counted cash (``collected``, with its excess) or Sales
    amounts (``booked``), each with its employee, month, date, contract and customer."""
    if facts.plan.commission_basis == "collected":
        frame, amount = facts.collections, "counted"
    else:
        frame, amount = facts.sales.assign(excess=[ZERO] * len(facts.sales)), "amount"
    columns = ["employee_id", "month", "contract_id", "customer_id", "date", amount, "excess"]
    return frame[columns].rename(columns={amount: "amount"})


def commission_line(month: CommissionMonth, language: str) -> PayoutLine:
    return PayoutLine(month.employee_id, month.month, "commission", month.basis,
                      month.decision.rate, month.amount, commission_explain(month, language))


def detail_frame(months: Sequence[CommissionMonth], language: str) -> pd.DataFrame:
    """One detail row per contract share of each month, unrounded."""
    w = words(language)
    rows = [(m.employee_id, str(m.month), s.contract_id, s.customer_id, s.day, s.basis, rate,
             ZERO if s.forfeited else s.basis * rate,  # share_commission, inlined
             # share_note is empty unless the share is after termination or has excess
             share_note(s, m.termination, w) if s.after_termination or s.excess > 0 else "")
            for m in months for rate in (m.decision.rate,) for s in m.shares]
    return pd.DataFrame(rows, columns=DETAIL_COLUMNS).astype({"date": "datetime64[s]"})


def ledger_frame(lines: Iterable[PayoutLine]) -> pd.DataFrame:
    rows = [(line.employee_id, str(line.period), line.kind, line.basis,
             line.rate_or_coefficient, line.amount, line.explain) for line in lines]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def payout_stage(facts: Facts, scores: pd.DataFrame, payroll: pd.DataFrame
                 ) -> dict[str, pd.DataFrame]:
    """The ``Results`` fields of section 6: ``payouts`` (the ledger), ``commission_lines``
    and ``reconciliation`` against the Payroll rows of periods ended before the as-of date.
    """
    ledger, lines = payout_tables(facts, scores)
    recon = reconciliation_table(ledger, payroll_as_of(payroll, facts.as_of), facts.employees)
    return {"payouts": ledger, "commission_lines": lines, "reconciliation": recon}
