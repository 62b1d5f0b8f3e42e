"""The raw indicator values of SPEC section 5, summed per employee and period.

Each function returns a mapping ``(employee_id, period text) -> value`` for every month,
quarter and year at once, so scoring only looks values up. Money stays ``Decimal``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pandas as pd

from toolkit.core.facts import PERIOD_COLUMNS, Facts, period_keys
from toolkit.core.money import ZERO, from_cents, to_cents
from toolkit.core.periods import CYCLES, add_months
from toolkit.core.validate import ROW

Key = tuple[str, str]


def group_sums(groups: list[list[Any]], values: list[Decimal]) -> dict[Any, Decimal]:
    """Exact sums of ``values`` per group (a tuple key with several group lists).

    Amounts in whole cents are summed in bulk as integers; any fraction of a cent sends
    the sum through Decimal arithmetic instead. Both are exact.
    """
    if not values:
        return {}
    cents = to_cents(values)
    if cents is not None:
        grouped = pd.Series(cents, dtype="int64").groupby(groups, sort=False).sum()
        return {key: from_cents(total) for key, total in grouped.items()}
    exact: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    keys = zip(*groups, strict=True) if len(groups) > 1 else groups[0]
    for key, value in zip(keys, values, strict=True):
        exact[key] += value
    return dict(exact)


def sum_by(employees: Iterable[str], keys: dict[str, pd.Series] | pd.DataFrame,
           values: Iterable[Decimal]) -> dict[Key, Decimal]:
    """Exact sums of ``values`` per (employee, month/quarter/year key)."""
    employee_list, value_list = list(employees), list(values)
    sums: dict[Key, Decimal] = {}
    for cycle in PERIOD_COLUMNS:
        sums.update(group_sums([employee_list, list(keys[cycle])], value_list))
    return sums


def count_by(employees: Iterable[str], keys: dict[str, pd.Series] | pd.DataFrame,
             flags: Iterable[bool] | None = None) -> dict[Key, int]:
    """How many rows (with ``flags``: how many flagged rows) per employee and period key."""
    employee_list = list(employees)
    if not employee_list:
        return {}
    flag_list = [True] * len(employee_list) if flags is None else [bool(f) for f in flags]
    counts: dict[Key, int] = {}
    for cycle in PERIOD_COLUMNS:
        grouped = pd.Series(flag_list, dtype="int64").groupby(
            [employee_list, list(keys[cycle])], sort=False).sum()
        counts.update({key: int(total) for key, total in grouped.items()})
    return counts


def first_purchases(facts: Facts) -> pd.DataFrame:
    """Per customer with a sale: first purchase date and the employee credited with it.

    First purchase = the earlier of Customers.since and the earliest Sales.date; the
    customer is credited to the employee of its earliest sale row (sheet order on ties).
    """
    ordered = facts.sales.sort_values(["date", ROW], kind="stable")
    first = ordered.drop_duplicates("customer_id")[["customer_id", "date", "employee_id"]]
    since = facts.customers.dropna(subset=["customer_id"]).drop_duplicates("customer_id")
    first = first.merge(since[["customer_id", "since"]], on="customer_id", how="left",
                        validate="one_to_one")
    earliest = first["date"].where(first["since"].isna() | (first["date"] <= first["since"]),
                                   first["since"])
    return pd.DataFrame({"customer_id": first["customer_id"], "first_purchase": earliest,
                         "employee_id": first["employee_id"]})


def sales_values(facts: Facts) -> tuple[dict[Key, Decimal], dict[Key, Decimal]]:
    """Sales and new-customer sales per employee and period.

    New-customer sales are the rows dated within ``new_customer_window_months`` of the
    customer's first purchase.
    """
    sales = facts.sales
    if sales.empty:
        return {}, {}
    first = first_purchases(facts).set_index("customer_id")["first_purchase"]
    window = facts.plan.new_customer_window_months
    ends = {d: pd.Timestamp(add_months(d.date(), window)) for d in first.dropna().unique()}
    first_of_row = sales["customer_id"].map(first)
    is_new = [pd.notna(f) and d < ends[f] for d, f in zip(sales["date"], first_of_row,
                                                            strict=True)]
    keys = sales[list(PERIOD_COLUMNS)]
    total = sum_by(sales["employee_id"], keys, sales["amount"])
    new_rows = sales[is_new]
    new = sum_by(new_rows["employee_id"], new_rows[list(PERIOD_COLUMNS)], new_rows["amount"])
    return total, new


_PERIOD_ENDS = {"month": pd.offsets.MonthEnd(0), "quarter": pd.offsets.QuarterEnd(0),
                "year": pd.offsets.YearEnd(0)}


def new_customer_counts(facts: Facts) -> dict[Key, int]:
    """Effective new customers per crediting employee and period of the first purchase.

    A customer is effective in period P when its sales from the first purchase to the end
    of P reach ``effective_customer_min_amount``.
    """
    first = first_purchases(facts).dropna(subset=["first_purchase"])
    keys = period_keys(first["first_purchase"])
    sales = facts.sales[["customer_id", "date", "amount"]]
    minimum = facts.plan.effective_customer_min_amount
    counts: dict[Key, int] = defaultdict(int)
    for cycle in CYCLES:
        ends = first.assign(end=first["first_purchase"] + _PERIOD_ENDS[cycle])
        joined = sales.merge(ends[["customer_id", "end"]], on="customer_id",
                             validate="many_to_one")
        joined = joined[joined["date"] <= joined["end"]]
        bought = group_sums([list(joined["customer_id"])], list(joined["amount"]))
        for customer, employee, key in zip(first["customer_id"], first["employee_id"],
                                           keys[cycle], strict=True):
            if bought.get(customer, ZERO) >= minimum:
                counts[(employee, key)] += 1
    return dict(counts)


def collection_values(facts: Facts) -> tuple[dict[Key, Decimal], dict[Key, Decimal]]:
    """Amount due and collected on time per employee and period of the due date.

    Invoices are Sales rows with amount > 0, due in the period; collected on time is the
    counted cash dated on or before the due date, capped per contract at its amount.
    """
    invoices = facts.sales[facts.sales["amount"] > 0]
    cash = facts.collections
    on_time_cash = cash[cash["date"] <= cash["due"]]
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for contract, counted in zip(on_time_cash["contract_id"], on_time_cash["counted"],
                                 strict=True):
        paid[contract] += counted
    keys = period_keys(invoices["due"])
    on_time = [min(paid.get(c, ZERO), a) for c, a in zip(invoices["contract_id"],
                                                         invoices["amount"], strict=True)]
    due = sum_by(invoices["employee_id"], keys, invoices["amount"])
    collected = sum_by(invoices["employee_id"], keys, on_time)
    return due, collected


def lead_values(facts: Facts) -> tuple[dict[Key, int], dict[Key, int]]:
    """Leads created in the period, and those converted before the as-of date."""
    leads = facts.leads
    keys = leads[list(PERIOD_COLUMNS)]
    return (count_by(leads["employee_id"], keys),
            count_by(leads["employee_id"], keys, leads["converted"]))
