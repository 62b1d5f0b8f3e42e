"""The raw indicator values of SPEC section 5, summed per employee and period.

Each function returns a mapping ``(employee_id, period text) -> value`` for every month,
quarter and year at once, so scoring only looks values up. Money stays ``Decimal``.

The work is columnar: rows are numbered by their (employee, period) group once, then summed
or counted per group number with numpy, which is exact for integer cents and counts. The
Sales facts are read into arrays once (``SalesRows``) and shared by every sales indicator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from toolkit.core.facts import PERIOD_COLUMNS, Facts, period_keys
from toolkit.core.money import ZERO, from_cents, to_cents
from toolkit.core.periods import add_months
from toolkit.core.validate import ROW

Key = tuple[str, str]

# Months per period of each cycle; months are counted from 1970-01, which starts a quarter
# and a year, so a month's quarter and year are floor divisions of its number.
_MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


@dataclass(frozen=True)
class Groups:
    """Rows grouped by employee and one cycle's period key.

    ``rows`` holds the group number of each row; ``keys`` the (employee, period text) of
    each group number.
    """

    rows: np.ndarray
    keys: list[Key]


@dataclass(frozen=True)
class PeriodCodes:
    """Each row's (employee, period) pair of every cycle as one integer, and its name.

    The code of a pair is ``staff number * periods + period number``; ``names`` holds the
    employee of each staff number, ``texts`` the period text of each period number.
    """

    codes: tuple[np.ndarray, ...]
    names: np.ndarray
    texts: tuple[np.ndarray, ...]

    @staticmethod
    def of(employees: np.ndarray, dates: np.ndarray) -> PeriodCodes:
        """The codes of rows with these employees and (datetime64) dates, none missing."""
        staff, names = pd.factorize(employees)
        return PeriodCodes.numbered(staff, np.asarray(names, dtype=object), dates)

    @staticmethod
    def numbered(staff: np.ndarray, names: np.ndarray, dates: np.ndarray) -> PeriodCodes:
        """The codes of rows with these staff numbers (``names`` holds each number's
        employee) and (datetime64) dates, none missing.

        The period texts come from ``period_keys`` of each distinct month's first day, so
        they are the texts the facts carry.
        """
        months, distinct = pd.factorize(dates.astype("datetime64[M]").astype(np.int64))
        keys = period_keys(pd.Series(distinct.astype("datetime64[M]").astype("datetime64[ns]")))
        codes, texts = [], []
        for cycle in PERIOD_COLUMNS:
            period_of_month, _ = pd.factorize(distinct // _MONTHS_IN[cycle])
            width = int(period_of_month.max(initial=-1)) + 1
            text = np.empty(width, dtype=object)
            text[period_of_month] = keys[cycle].to_numpy(dtype=object)
            codes.append(staff.astype(np.int64) * width + period_of_month[months])
            texts.append(text)
        return PeriodCodes(tuple(codes), names, tuple(texts))

    def groups(self, rows: np.ndarray | None = None) -> list[Groups]:
        """The month, quarter and year groups of all rows, or of the ``rows`` selected
        (a boolean mask or row numbers): only pairs with a selected row get a group."""
        grouped = []
        for codes, texts in zip(self.codes, self.texts, strict=True):
            numbers, pairs = pd.factorize(codes if rows is None else codes[rows])
            employee_of, period_of = np.divmod(pairs, max(len(texts), 1))
            grouped.append(Groups(numbers, list(zip(
                self.names[employee_of].tolist(), texts[period_of].tolist(), strict=True))))
        return grouped


def period_groups(employees: np.ndarray, dates: np.ndarray) -> list[Groups]:
    """The rows grouped by (employee, month), (employee, quarter) and (employee, year)
    of their dates. Every row needs an employee and a date (the facts drop the others)."""
    return PeriodCodes.of(employees, dates).groups()


def decimals_of(cents: np.ndarray) -> list[Decimal]:
    """``from_cents`` of each total, converting each distinct total once."""
    distinct, where = np.unique(cents, return_inverse=True)
    converted = np.array([from_cents(total) for total in distinct.tolist()], dtype=object)
    decimals: list[Decimal] = converted[where].tolist()
    return decimals


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
            return decimals_of(cent_sums(self.cents, groups, count))
        exact = np.full(count, ZERO, dtype=object)
        np.add.at(exact, groups, self.decimals)
        return list(exact)

    def reach(self, groups: np.ndarray, count: int, minimum: Decimal) -> np.ndarray:
        """Whether the sum in each of ``count`` groups is at least ``minimum``."""
        if self.cents is not None:
            # A whole number of cents reaches the minimum iff it reaches its ceiling.
            return cent_sums(self.cents, groups, count) >= math.ceil(minimum.scaleb(2))
        return np.array([total >= minimum for total in self.sums(groups, count)], dtype=bool)


def cent_sums(cents: np.ndarray, groups: np.ndarray, count: int) -> np.ndarray:
    """The int64 sum of ``cents`` in each of ``count`` groups."""
    totals = np.zeros(count, dtype=np.int64)
    np.add.at(totals, groups, cents)
    return totals


def sum_by(grouped: list[Groups], amounts: Amounts) -> dict[Key, Decimal]:
    """Exact sums of ``amounts`` per (employee, month/quarter/year key)."""
    if amounts.cents is not None:
        return cents_by(grouped, amounts.cents)
    sums: dict[Key, Decimal] = {}
    for groups in grouped:
        sums.update(zip(groups.keys, amounts.sums(groups.rows, len(groups.keys)), strict=True))
    return sums


def cents_by(grouped: list[Groups], cents: np.ndarray) -> dict[Key, Decimal]:
    """``sum_by`` of amounts known by their whole cents."""
    sums: dict[Key, Decimal] = {}
    for groups in grouped:
        totals = cent_sums(cents, groups.rows, len(groups.keys))
        sums.update(zip(groups.keys, decimals_of(totals), strict=True))
    return sums


def count_by(grouped: list[Groups], flags: np.ndarray | None = None) -> dict[Key, int]:
    """How many rows (with ``flags``: how many flagged rows) per employee and period key."""
    counts: dict[Key, int] = {}
    for groups in grouped:
        rows = groups.rows if flags is None else groups.rows[flags]
        counts.update(zip(groups.keys, np.bincount(rows, minlength=len(groups.keys)).tolist(),
                          strict=True))
    return counts


@dataclass(frozen=True)
class SalesRows:
    """The Sales facts as arrays, read once for every sales indicator.

    ``staff`` numbers each row's employee (``names`` holds the employee of each number),
    ``customers`` each row's customer (``customer_ids`` holds the customer of each number);
    ``periods`` groups the rows by employee and the period of their date.
    """

    staff: np.ndarray
    names: np.ndarray
    dates: np.ndarray
    customers: np.ndarray
    customer_ids: np.ndarray
    amounts: Amounts
    periods: PeriodCodes

    @staticmethod
    def of(sales: pd.DataFrame) -> SalesRows:
        staff, staff_names = pd.factorize(sales["employee_id"].to_numpy(dtype=object))
        names = np.asarray(staff_names, dtype=object)
        dates = sales["date"].to_numpy(dtype="datetime64[ns]")
        customers, customer_ids = pd.factorize(sales["customer_id"].to_numpy(dtype=object),
                                               use_na_sentinel=False)
        return SalesRows(staff, names, dates, customers, np.asarray(customer_ids, dtype=object),
                         Amounts.of(sales["amount"].to_numpy(dtype=object)),
                         PeriodCodes.numbered(staff, names, dates))


@dataclass(frozen=True)
class FirstPurchases:
    """Per customer number of ``SalesRows``: its first purchase date and the staff number
    of the employee credited with it."""

    dates: np.ndarray
    staff: np.ndarray


def first_purchases(facts: Facts, sales: SalesRows) -> FirstPurchases:
    """Per customer with a sale: first purchase date and the employee credited with it.

    First purchase = the earlier of Customers.since and the earliest Sales.date; the
    customer is credited to the employee of its earliest sale row (sheet order on ties).
    """
    order = np.lexsort((facts.sales[ROW].to_numpy(), sales.dates))
    _, first_at = np.unique(sales.customers[order], return_index=True)
    first_row = order[first_at]  # customer numbers are 0..n-1, so this is per number
    customers = facts.customers.dropna(subset=["customer_id"]).drop_duplicates("customer_id")
    since = (customers.set_index("customer_id")["since"].reindex(sales.customer_ids)
             .to_numpy(dtype="datetime64[ns]"))
    earliest = sales.dates[first_row]
    later = ~np.isnat(since) & (earliest > since)
    return FirstPurchases(np.where(later, since, earliest), sales.staff[first_row])


def sales_values(facts: Facts, sales: SalesRows, first: FirstPurchases
                 ) -> tuple[dict[Key, Decimal], dict[Key, Decimal]]:
    """Sales and new-customer sales per employee and period.

    New-customer sales are the rows dated within ``new_customer_window_months`` of the
    customer's first purchase (``first``, from ``first_purchases``).
    """
    if len(sales.dates) == 0:
        return {}, {}
    window = facts.plan.new_customer_window_months
    purchase_of, purchases = pd.factorize(first.dates)
    window_ends = np.array([add_months(d.date(), window) for d in pd.DatetimeIndex(purchases)],
                           dtype="datetime64[ns]")
    is_new = sales.dates < window_ends[purchase_of][sales.customers]
    total = sum_by(sales.periods.groups(), sales.amounts)
    new = sum_by(sales.periods.groups(is_new), sales.amounts.subset(is_new))
    return total, new


_PERIOD_ENDS = {"month": pd.offsets.MonthEnd(0), "quarter": pd.offsets.QuarterEnd(0),
                "year": pd.offsets.YearEnd(0)}


def new_customer_counts(facts: Facts, sales: SalesRows, first: FirstPurchases
                        ) -> dict[Key, int]:
    """Effective new customers per crediting employee and period of the first purchase.

    A customer is effective in period P when its sales from the first purchase to the end
    of P reach ``effective_customer_min_amount``. ``first`` comes from ``first_purchases``.
    """
    minimum = facts.plan.effective_customer_min_amount
    customers = len(first.dates)
    counts: dict[Key, int] = {}
    grouped = PeriodCodes.numbered(first.staff, sales.names, first.dates).groups()
    purchases = pd.Series(first.dates)
    for cycle, groups in zip(PERIOD_COLUMNS, grouped, strict=True):
        ends = (purchases + _PERIOD_ENDS[cycle]).to_numpy(dtype="datetime64[ns]")
        in_time = sales.dates <= ends[sales.customers]
        effective = sales.amounts.subset(in_time).reach(sales.customers[in_time], customers,
                                                        minimum)
        counts.update((key, count) for key, count in count_by([groups], effective).items()
                      if count > 0)
    return counts


def collection_values(facts: Facts, sales: SalesRows
                      ) -> tuple[dict[Key, Decimal], dict[Key, Decimal]]:
    """Amount due and collected on time per employee and period of the due date.

    Invoices are Sales rows with amount > 0, due in the period; collected on time is the
    counted cash dated on or before the due date, capped per contract at its amount.
    """
    cash = facts.collections
    on_time_cash = cash[cash["date"] <= cash["due"]]
    counted = Amounts.of(on_time_cash["counted"].to_numpy(dtype=object))
    if sales.amounts.cents is None or counted.cents is None:
        return _collection_values_exactly(facts)
    invoiced = sales.amounts.cents > 0
    contracts = facts.sales["contract_id"].to_numpy(dtype=object)
    # Numbering the Sales contracts (one row each, their key) and then the cash's, in one
    # pass, numbers each cash row by the Sales row of its contract.
    numbers, _ = pd.factorize(np.concatenate(
        [contracts, on_time_cash["contract_id"].to_numpy(dtype=object)]))
    if not np.array_equal(numbers[:len(contracts)], np.arange(len(contracts))):
        return _collection_values_exactly(facts)
    paid = cent_sums(counted.cents, numbers[len(contracts):], int(numbers.max(initial=-1)) + 1)
    due = sales.amounts.cents[invoiced]
    on_time = np.minimum(paid[:len(contracts)][invoiced], due)
    grouped = PeriodCodes.numbered(
        sales.staff[invoiced], sales.names,
        facts.sales["due"].to_numpy(dtype="datetime64[ns]")[invoiced]).groups()
    return cents_by(grouped, due), cents_by(grouped, on_time)


def _collection_values_exactly(facts: Facts) -> tuple[dict[Key, Decimal], dict[Key, Decimal]]:
    """``collection_values`` in Decimal arithmetic, row by row: for amounts with fractions of
    a cent, and Sales whose contracts are not one per row."""
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
    grouped = period_groups(invoices["employee_id"].to_numpy(dtype=object),
                            invoices["due"].to_numpy(dtype="datetime64[ns]"))
    return sum_by(grouped, Amounts.of(amounts)), sum_by(grouped, Amounts.of(on_time))


def lead_values(facts: Facts) -> tuple[dict[Key, int], dict[Key, int]]:
    """Leads created in the period, and those converted before the as-of date."""
    leads = facts.leads
    grouped = period_groups(leads["employee_id"].to_numpy(dtype=object),
                            leads["created_date"].to_numpy(dtype="datetime64[ns]"))
    return count_by(grouped), count_by(grouped, leads["converted"].to_numpy(dtype=bool))
