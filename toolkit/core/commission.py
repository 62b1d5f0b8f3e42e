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

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from toolkit.core.money import ZERO, round_money
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


class ContractShare(NamedTuple):
    """A contract's part of one month's commission: one detail line. Its basis is the Σ cash
    (or sales) of the contract's rows on one side of the termination date, so a contract
    whose cash falls on both sides gets two shares, each earned or forfeited as a whole."""

    contract_id: str
    customer_id: str      # the first row's
    day: date             # the latest cash date in the month, or the contract date
    basis: Decimal
    excess: Decimal
    after_termination: bool
    forfeited: bool


MonthKey = tuple[str, str]  # employee, month text
SHARE_ORDER = ["employee_id", "month", "date", "contract_id", "after_termination"]


def contract_shares(rows: pd.DataFrame, terminations: Mapping[str, date | None],
                    forfeit: bool) -> dict[MonthKey, tuple[ContractShare, ...]]:
    """Each employee-month's shares: basis rows grouped by employee, month, contract and
    side of the employee's ``terminations`` date (the last day worked; a row after it is
    ``after_termination`` and forfeited when ``forfeit``).

    ``rows`` has employee_id, month, contract_id, customer_id, date, amount and excess.
    Contracts whose rows are all zero (no cash, no excess) contribute nothing and get no
    share. Each month's shares are in date order, then by contract.
    """
    if rows.empty:
        return {}
    days = rows["date"].to_numpy(dtype="datetime64[D]")
    # each employee's termination day converted once, then spread over their rows
    codes, employees = pd.factorize(rows["employee_id"])
    last_days = np.array([terminations.get(e) for e in employees],
                         dtype="datetime64[D]")[codes]
    # never after a blank termination date (NaT)
    rows = rows.assign(date=days, after_termination=days > last_days)
    sums = sorted_sums(rows)
    if sums is None:  # a blank or non-text key: grouping decides, as it always has
        sums = contract_sums(rows)
        sums = sums[sums["nonzero"]].sort_values(SHARE_ORDER, kind="stable")
    after = sums["after_termination"].to_numpy(dtype=bool)
    # tuple.__new__ makes each share straight from its fields (ContractShare(...) and
    # _make each run Python code per share)
    shares = tuple(map(partial(tuple.__new__, ContractShare), zip(
        sums["contract_id"].tolist(), sums["customer_id"].tolist(),
        sums["date"].to_numpy(dtype="datetime64[D]").astype(object).tolist(),
        sums["basis"].tolist(), sums["excess"].tolist(), after.tolist(),
        (after & forfeit).tolist(), strict=True)))
    employees, months = sums["employee_id"].tolist(), sums["month"].tolist()
    return {(employees[a], months[a]): shares[a:b]
            for a, b in itertools.pairwise(month_bounds(sums))}


def sorted_sums(rows: pd.DataFrame) -> pd.DataFrame | None:
    """``contract_sums`` of the shares not all zero, in ``SHARE_ORDER``, found by sorting
    integer codes instead of grouping and sorting text and dates; ``None`` when a key or a
    date is blank or a key is not text (grouping, with its own way with blanks, decides).

    One stable sort by employee, month, contract and side brings each share's rows
    together in their sheet order (the first row gives the customer, sums run in row
    order); a second sort of the shares by employee, month, latest date, contract and side
    gives ``SHARE_ORDER`` (unique per share, so no tie is left to stability). The codes
    order as their texts do (``text_ranks``).
    """
    keys = [rows[c] for c in ("employee_id", "month", "contract_id")]
    dates = rows["date"].to_numpy(dtype="datetime64[D]")
    if np.isnat(dates).any() or any(
            k.hasnans or pd.api.types.infer_dtype(k, skipna=False) != "string" for k in keys):
        return None
    employee, month, contract = (text_ranks(k) for k in keys)
    after = rows["after_termination"].to_numpy(dtype=bool)
    order = np.lexsort((after, contract, month, employee))
    employee, month, contract, after = (a[order] for a in (employee, month, contract, after))
    changed = np.ones(len(order), dtype=bool)
    changed[1:] = ((employee[1:] != employee[:-1]) | (month[1:] != month[:-1])
                   | (contract[1:] != contract[:-1]) | (after[1:] != after[:-1]))
    starts = np.flatnonzero(changed)
    amounts = rows["amount"].to_numpy(dtype=object)[order]
    excess = rows["excess"].to_numpy(dtype=object)[order]
    nonzero = np.logical_or.reduceat((amounts != 0) | (excess != 0), starts)
    kept = starts[nonzero]
    latest = np.maximum.reduceat(dates.view(np.int64)[order], starts)[nonzero]
    share_order = np.lexsort((after[kept], contract[kept], latest, month[kept],
                              employee[kept]))
    firsts = order[kept][share_order]
    return pd.DataFrame({
        **{c: rows[c].to_numpy()[firsts] for c in ("employee_id", "month", "contract_id",
                                                   "customer_id", "after_termination")},
        "date": latest[share_order].view("datetime64[D]"),
        # summed from ZERO, as ``total`` does, so they carry the same exponent
        "basis": ZERO + np.add.reduceat(amounts, starts)[nonzero][share_order],
        "excess": ZERO + np.add.reduceat(excess, starts)[nonzero][share_order],
    })


def text_ranks(texts: pd.Series | np.ndarray) -> np.ndarray:
    """Integer codes of non-blank texts that order as the texts do (equal texts, equal
    codes): each distinct text ranked once, by numpy's code-point sort (Python's order
    of ``str``; xlsx text cannot hold the NUL characters numpy would drop at the end)."""
    codes, distinct = pd.factorize(texts)
    ranks = np.empty(len(distinct), dtype=np.int64)
    ranks[np.argsort(np.asarray(distinct, dtype=str), kind="stable")] = \
        np.arange(len(distinct))
    result: np.ndarray = ranks[codes]
    return result


def month_bounds(sums: pd.DataFrame) -> list[int]:
    """Where each employee-month of ``sums`` (sorted by employee and month first) starts,
    then the number of rows: one comparison of neighbours instead of a grouping, unless a
    key is blank (grouping has its own way with blanks)."""
    if sums.empty:
        return []
    keys = sums[["employee_id", "month"]]
    if keys.isna().to_numpy().any():
        grouped: list[int] = runs(sums, ["employee_id", "month"])[1].tolist()
        return grouped
    owners, months = keys["employee_id"].to_numpy(), keys["month"].to_numpy()
    changes = np.flatnonzero((owners[1:] != owners[:-1]) | (months[1:] != months[:-1])) + 1
    return [0, *changes.tolist(), len(sums)]


def contract_sums(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per employee, month, contract and side of the termination date: the first
    row's customer, the latest date, Σ amount as ``basis``, Σ excess (both summed from
    ``ZERO``, as ``total`` does, so they carry the same exponent) and whether any row is
    not zero."""
    order, bounds = runs(rows, ["employee_id", "month", "contract_id", "after_termination"])
    starts = bounds[:-1]
    firsts = order[starts]
    amounts = rows["amount"].to_numpy(dtype=object)[order]
    excess = rows["excess"].to_numpy(dtype=object)[order]
    return pd.DataFrame({
        **{c: rows[c].to_numpy()[firsts] for c in ("employee_id", "month", "contract_id",
                                                   "customer_id", "after_termination")},
        "date": np.maximum.reduceat(rows["date"].to_numpy()[order], starts),
        "basis": ZERO + np.add.reduceat(amounts, starts),
        "excess": ZERO + np.add.reduceat(excess, starts),
        "nonzero": np.logical_or.reduceat((amounts != 0) | (excess != 0), starts),
    })


def runs(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The row order that brings each group of equal ``keys`` together (stable) and the
    group bounds in that order: where each group starts, then the number of rows."""
    codes = frame.groupby(keys, sort=False).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    return order, np.flatnonzero(np.diff(codes[order], prepend=-1, append=-1))


@dataclass(frozen=True)
class CommissionMonth:
    """Everything about one employee's commission for one month."""

    employee_id: str
    month: Period
    basis_kind: Basis
    decision: RateDecision
    shares: tuple[ContractShare, ...]
    termination: date | None
    basis: Decimal        # the money the rate applies to: Σ basis of the shares earned
    unrounded: Decimal    # Σ commission of the shares
    # The month's commission, rounded once for the whole line: round_money(unrounded),
    # worked out once, as the line and its sentence both need it.
    amount: Decimal = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", round_money(self.unrounded))

    @property
    def earned(self) -> tuple[ContractShare, ...]:
        return tuple(s for s in self.shares if not s.forfeited)

    @property
    def forfeited(self) -> tuple[ContractShare, ...]:
        return tuple(s for s in self.shares if s.forfeited)

    def commission(self, share: ContractShare) -> Decimal:
        return share_commission(share, self.decision.rate)


def share_commission(share: ContractShare, rate: Decimal) -> Decimal:
    """The share's basis × the month's rate, unrounded; 0 when forfeited."""
    return ZERO if share.forfeited else share.basis * rate


def commission_month(employee: str, month: Period, shares: Iterable[ContractShare],
                     decision: RateDecision, termination: date | None,
                     plan: Plan) -> CommissionMonth:
    """The commission of ``employee`` in ``month`` from the month's ``contract_shares``:
    Σ basis of the shares earned, and Σ ``share_commission`` (a forfeited share's 0 left
    out of the sum, which starts from ZERO, changes neither value nor exponent), both in
    share order and in one pass."""
    found = tuple(shares)
    rate = decision.rate
    basis = unrounded = ZERO
    for share in found:
        if not share.forfeited:
            basis += share.basis
            unrounded += share.basis * rate
    return CommissionMonth(
        employee, month, plan.commission_basis, decision, found,
        termination if plan.commission_basis == "collected" else None, basis, unrounded)
