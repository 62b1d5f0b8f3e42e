"""Commission of one employee for one month (SPEC section 6, "commission").

Basis: with ``commission_basis = collected``, the counted cash dated in the month on the
contracts whose Sales row is the employee's (cash beyond a contract's amount is excess and
earns nothing); with ``booked``, the Sales amounts dated in the month (returns negative).

Rate: the employee's commission_rate, else the plan's default_commission_rate,
× raise_factor when the two quarters before the month's quarter both have final grade S or
A, × reduce_factor when both are C or D, unchanged otherwise or when either grade is
unknown. With ``auto_rate_change = no`` the base rate stays; the eligibility is reported.

With ``post_termination_commission = forfeit``, cash dated after the termination date (the
last day worked) earns 0; with ``pay`` it earns as usual. The termination rule is about
collected cash, so it does not apply to the ``booked`` basis.

The month's amount is rounded once: round_money(Σ unrounded contract commissions), never
per contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from toolkit.core.money import ZERO, round_money, total
from toolkit.core.periods import Period
from toolkit.core.plan import Plan

Change = Literal["raise", "reduce", "none"]
Basis = Literal["collected", "booked"]
RAISE_GRADES = frozenset({"S", "A"})
REDUCE_GRADES = frozenset({"C", "D"})


@dataclass(frozen=True)
class RateDecision:
    """The rate of one month and why: the base, the change the grades call for, whether it
    was applied, and the two quarters' grades (latest first; ``None`` = unknown)."""

    base: Decimal
    rate: Decimal
    change: Change
    applied: bool
    factor: Decimal
    grades: tuple[tuple[str, str | None], ...]


def quarters_before(month: Period) -> tuple[Period, Period]:
    """The two quarters before the month's quarter, latest first (2026-05 -> Q1, 2025-Q4)."""
    quarter = Period.containing(month.start, "quarter")
    latest = quarter.previous()
    return latest, latest.previous()


def decide_rate(base: Decimal, grades: tuple[tuple[str, str | None], ...],
                plan: Plan) -> RateDecision:
    """Raise when every grade is S or A, reduce when every grade is C or D, else unchanged.

    An unknown grade (``None``) means unchanged. The factor is applied only when
    ``plan.auto_rate_change``; otherwise the decision only records the eligibility.
    """
    known = [grade for _, grade in grades]
    change: Change = "none"
    factor = Decimal(1)
    if known and all(g in RAISE_GRADES for g in known):
        change, factor = "raise", plan.raise_factor
    elif known and all(g in REDUCE_GRADES for g in known):
        change, factor = "reduce", plan.reduce_factor
    applied = change != "none" and plan.auto_rate_change
    return RateDecision(base, base * factor if applied else base, change, applied, factor,
                        grades)


def month_rate(employee: str, month: Period, base: Decimal,
               quarter_grades: Mapping[tuple[str, str], str], plan: Plan) -> RateDecision:
    """The rate decision for ``employee`` in ``month`` from the final quarter grades."""
    grades = tuple((str(q), quarter_grades.get((employee, str(q))))
                   for q in quarters_before(month))
    return decide_rate(base, grades, plan)


@dataclass(frozen=True)
class BasisRow:
    """One row of the basis: a collection (counted cash and excess) or a sale."""

    contract_id: str
    customer_id: str
    day: date
    amount: Decimal
    excess: Decimal = ZERO


@dataclass(frozen=True)
class ContractShare:
    """A contract's part of a month's commission: one detail line.

    A contract whose cash falls on both sides of the termination date gets one share per
    side, so each share is either earned or forfeited as a whole.
    """

    contract_id: str
    customer_id: str
    day: date             # the latest cash date in the month, or the contract date
    basis: Decimal
    excess: Decimal
    rate: Decimal
    after_termination: bool
    forfeited: bool

    @property
    def commission(self) -> Decimal:
        """basis × rate, unrounded; 0 when forfeited."""
        return ZERO if self.forfeited else self.basis * self.rate


def contract_shares(rows: Iterable[BasisRow], rate: Decimal, termination: date | None,
                    forfeit: bool) -> tuple[ContractShare, ...]:
    """Group a month's basis rows by contract (and side of ``termination``).

    A row dated after ``termination`` is forfeited when ``forfeit``. Contracts whose rows
    are all zero (no cash, no excess) contribute nothing and get no share. Shares are in
    date order, then by contract.
    """
    groups: dict[tuple[str, bool], list[BasisRow]] = {}
    for row in rows:
        after = termination is not None and row.day > termination
        groups.setdefault((row.contract_id, after), []).append(row)
    shares = [
        ContractShare(contract, members[0].customer_id, max(r.day for r in members),
                      total(r.amount for r in members), total(r.excess for r in members),
                      rate, after, after and forfeit)
        for (contract, after), members in groups.items()
        if any(r.amount != 0 or r.excess != 0 for r in members)
    ]
    return tuple(sorted(shares, key=lambda s: (s.day, s.contract_id, s.after_termination)))


@dataclass(frozen=True)
class CommissionMonth:
    """Everything about one employee's commission for one month."""

    employee_id: str
    month: Period
    basis_kind: Basis
    decision: RateDecision
    shares: tuple[ContractShare, ...]
    termination: date | None

    @property
    def earned(self) -> tuple[ContractShare, ...]:
        return tuple(s for s in self.shares if not s.forfeited)

    @property
    def forfeited(self) -> tuple[ContractShare, ...]:
        return tuple(s for s in self.shares if s.forfeited)

    @property
    def basis(self) -> Decimal:
        """The money the rate applies to: the basis of the shares not forfeited."""
        return total(s.basis for s in self.earned)

    @property
    def unrounded(self) -> Decimal:
        return total(s.commission for s in self.shares)

    @property
    def amount(self) -> Decimal:
        """The month's commission, rounded once for the whole line."""
        return round_money(self.unrounded)


def commission_month(employee: str, month: Period, rows: Iterable[BasisRow],
                     decision: RateDecision, termination: date | None,
                     plan: Plan) -> CommissionMonth:
    """The commission of ``employee`` in ``month`` from the month's basis rows."""
    collected = plan.commission_basis == "collected"
    cutoff = termination if collected else None
    shares = contract_shares(rows, decision.rate, cutoff,
                             plan.post_termination_commission == "forfeit")
    return CommissionMonth(employee, month, plan.commission_basis, decision, shares, cutoff)
