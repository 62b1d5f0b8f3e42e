"""The raw indicator values of SPEC section 5, summed per employee and period.

Each function returns a mapping ``(employee_id, period text) -> value`` for every month,
quarter and year at once, so scoring only looks values up. Money stays ``Decimal``.

The work is columnar: rows are numbered by their (employee, period) group once, then summed
or counted per group number with numpy, which is exact for integer cents and counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from toolkit.core.facts import PERIOD_COLUMNS, Facts, period_keys
from toolkit.core.money import ZERO, from_cents, to_cents
from toolkit.core.periods import add_months
from toolkit.core.validate import ROW

Key = tuple[str, str]


@dataclass(frozen=True)
class Groups:
    """Rows grouped by employee and one cycle's period key.

    ``rows`` holds the group number of each row; ``keys`` the (employee, period text) of
    each group number.
    """

    rows: np.ndarray
    keys: list[Key]


def period_groups(employees: pd.Series, keys: pd.DataFrame | Mapping[str, pd.Series]
                  ) -> list[Groups]:
    """The rows grouped by (employee, month), (employee, quarter) and (employee, year).

    Every row needs an employee and its period keys (the facts drop rows without them).
    """
    staff, staff_names = pd.factorize(employees.to_numpy(dtype=object))
    names = staff_names.tolist()
    grouped: list[Groups] = []
    for cycle in PERIOD_COLUMNS:
        periods, period_texts = pd.factorize(keys[cycle].to_numpy(dtype=object))
        texts = period_texts.tolist()
        # One number per (employee, period) pair, renumbered densely in order of appearance.
        rows, pairs = pd.factorize(staff * len(texts) + periods)
        employee_of, period_of = np.divmod(pairs, len(texts))
        grouped.append(Groups(rows, [(names[e], texts[p]) for e, p in zip(
            employee_of.tolist(), period_of.tolist(), strict=True)]))
    return grouped


@dataclass(frozen=True)
class Amounts:
    """Decimal amounts, one per row, with their whole cents when none has a fraction of one.

    Sums of whole cents are taken in bulk as integers; any fraction of a cent sends them
    through Decimal arithmetic, in row order, instead. Both are exact.
    """

    decimals: np.ndarray
    cents: np.ndarray | None

    @staticmethod
    def of(decimals: np.ndarray) -> Amounts:
        return Amounts(decimals, to_cents(decimals))

    def subset(self, rows: np.ndarray) -> Amounts:
        return Amounts(self.decimals[rows], None if self.cents is None else self.cents[rows])

    def sums(self, groups: np.ndarray, count: int) -> list[Decimal]:
        """The exact sum in each of ``count`` groups (0 for a group without rows)."""
        if self.cents is not None:
            return [from_cents(total) for total in _cent_sums(self.cents, groups, count).tolist()]
        exact = np.full(count, ZERO, dtype=object)
        np.add.at(exact, groups, self.decimals)
        return list(exact)

    def reach(self, groups: np.ndarray, count: int, minimum: Decimal) -> np.ndarray:
        """Whether the sum in each of ``count`` groups is at least ``minimum``."""
        if self.cents is not None:
            # A whole number of cents reaches the minimum iff it reaches its ceiling.
            return _cent_sums(self.cents, groups, count) >= math.ceil(minimum.scaleb(2))
        return np.array([total >= minimum for total in self.sums(groups, count)], dtype=bool)


def _cent_sums(cents: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    totals = np.zeros(count, dtype=np.int64)
    np.add.at(totals, groups, cents)
    return totals


def sum_by(grouped: list[Groups], amounts: Amounts) -> dict[Key, Decimal]:
    """Exact sums of ``amounts`` per (employee, month/quarter/year key)."""
    sums: dict[Key, Decimal] = {}
    for groups in grouped:
        sums.update(zip(groups.keys, amounts.sums(groups.rows, len(groups.keys)), strict=True))
    return sums


def count_by(grouped: list[Groups], flags: np.ndarray | None = None) -> dict[Key, int]:
    """How many rows (with ``flags``: how many flagged rows) per employee and period key."""
    counts: dict[Key, int] = {}
    for groups in grouped:
        rows = groups.rows if flags is None else groups.rows[flags]
        counts.update(zip(groups.keys, np.bincount(rows, minlength=len(groups.keys)).tolist(),
                          strict=True))
    return counts


def first_purchases(facts: Facts) -> pd.DataFrame:
    """Per customer with a sale: first purchase date and the employee credited with it.

    First purchase = the earlier of Customers.since and the earliest Sales.date; the
    customer is credited to the employee of its earliest sale row (sheet order on ties).
    """
    ordered = facts.sales.sort_values(["date", ROW], kind="stable")
    first = ordered.drop_duplicates("customer_id")[["customer_id", "date", "employee_id"]]
    customers = facts.customers.dropna(subset=["customer_id"]).drop_duplicates("customer_id")
    since = (customers.set_index("customer_id")["since"].reindex(first["customer_id"])
             .set_axis(first.index))
    earliest = first["date"].where(since.isna() | (first["date"] <= since), since)
    return pd.DataFrame({"customer_id": first["customer_id"], "first_purchase": earliest,
                         "employee_id": first["employee_id"]}).reset_index(drop=True)


def sales_values(facts: Facts, first: pd.DataFrame) -> tuple[dict[Key, Decimal],
                                                             dict[Key, Decimal]]:
    """Sales and new-customer sales per employee and period.

    New-customer sales are the rows dated within ``new_customer_window_months`` of the
    customer's first purchase (``first``, from ``first_purchases``).
    """
    sales = facts.sales
    if sales.empty:
        return {}, {}
    window = facts.plan.new_customer_window_months
    purchases = first["first_purchase"].dropna().unique()
    window_ends = {d: pd.Timestamp(add_months(d.date(), window)) for d in purchases}
    first_of_row = sales["customer_id"].map(first.set_index("customer_id")["first_purchase"])
    is_new = (sales["date"] < first_of_row.map(window_ends)).to_numpy()
    amounts = Amounts.of(sales["amount"].to_numpy(dtype=object))
    total = sum_by(period_groups(sales["employee_id"], sales), amounts)
    new_rows = sales[is_new]
    new = sum_by(period_groups(new_rows["employee_id"], new_rows), amounts.subset(is_new))
    return total, new


_PERIOD_ENDS = {"month": pd.offsets.MonthEnd(0), "quarter": pd.offsets.QuarterEnd(0),
                "year": pd.offsets.YearEnd(0)}


def new_customer_counts(facts: Facts, first: pd.DataFrame) -> dict[Key, int]:
    """Effective new customers per crediting employee and period of the first purchase.

    A customer is effective in period P when its sales from the first purchase to the end
    of P reach ``effective_customer_min_amount``. ``first`` comes from ``first_purchases``.
    """
    first = first.dropna(subset=["first_purchase"])
    sales = facts.sales
    customer_of_row = pd.Index(first["customer_id"]).get_indexer(sales["customer_id"])
    bought_by = customer_of_row >= 0
    customers = customer_of_row[bought_by]
    dates = sales["date"].to_numpy()[bought_by]
    amounts = Amounts.of(sales["amount"].to_numpy(dtype=object)[bought_by])
    minimum = facts.plan.effective_customer_min_amount
    counts: dict[Key, int] = {}
    grouped = period_groups(first["employee_id"], period_keys(first["first_purchase"]))
    for cycle, groups in zip(PERIOD_COLUMNS, grouped, strict=True):
        ends = (first["first_purchase"] + _PERIOD_ENDS[cycle]).to_numpy()
        in_time = dates <= ends[customers]
        effective = amounts.subset(in_time).reach(customers[in_time], len(first), minimum)
        counts.update((key, count) for key, count in count_by([groups], effective).items()
                      if count > 0)
    return counts


def collection_values(facts: Facts) -> tuple[dict[Key, Decimal], dict[Key, Decimal]]:
    """Amount due and collected on time per employee and period of the due date.

    Invoices are Sales rows with amount > 0, due in the period; collected on time is the
    counted cash dated on or before the due date, capped per contract at its amount.
    """
    invoices = facts.sales[facts.sales["amount"] > 0]
    cash = facts.collections
    on_time_cash = cash[cash["date"] <= cash["due"]]
    paid: dict[str, Decimal] = {}
    for contract, counted in zip(on_time_cash["contract_id"].tolist(),
                                 on_time_cash["counted"].tolist(), strict=True):
        paid[contract] = paid.get(contract, ZERO) + counted
    amounts = invoices["amount"].to_numpy(dtype=object)
    on_time = np.array([min(paid.get(c, ZERO), a) for c, a in zip(
        invoices["contract_id"].tolist(), amounts.tolist(), strict=True)], dtype=object)
    grouped = period_groups(invoices["employee_id"], period_keys(invoices["due"]))
    return sum_by(grouped, Amounts.of(amounts)), sum_by(grouped, Amounts.of(on_time))


def lead_values(facts: Facts) -> tuple[dict[Key, int], dict[Key, int]]:
    """Leads created in the period, and those converted before the as-of date."""
    leads = facts.leads
    grouped = period_groups(leads["employee_id"], leads)
    return count_by(grouped), count_by(grouped, leads["converted"].to_numpy(dtype=bool))
