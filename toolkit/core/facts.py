"""Facts as of a date: the rows a run may use, with their periods attached.

Anything dated on or after the as-of date (a sale, a payment, a conversion, a review date,
an appeal) is ignored, so a run is reproducible from its inputs and as-of date. Sales rows
get their month, quarter and year; collections are matched to contracts in date order and
capped at each contract's amount, the excess reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from toolkit.core.money import ZERO, format_money, to_cents
from toolkit.core.plan import Plan
from toolkit.core.problems import Problem, warning
from toolkit.core.validate import ROW, Tables

PERIOD_COLUMNS = ("month", "quarter", "year")


def period_keys(dates: pd.Series) -> dict[str, pd.Series]:
    """``month`` ``2026-03``, ``quarter`` ``2026-Q1`` and ``year`` ``2026`` of each date.

    The keys are built once per distinct date (a sheet has far fewer days than rows) and
    then spread over the rows; a missing date has missing keys.
    """
    rows, days = pd.factorize(dates, use_na_sentinel=False)
    distinct = pd.Series(days)
    years = distinct.dt.year.astype("Int64").astype(str)
    months = distinct.dt.month.astype("Int64")
    keys = {
        "month": years + "-" + months.astype(str).str.zfill(2),
        "quarter": years + "-Q" + ((months - 1) // 3 + 1).astype(str),
        "year": years,
    }
    # Spread as text arrays: taking from one is cheaper than checking every row's text.
    return {cycle: pd.Series(pd.array(key.to_numpy(dtype=object), dtype="str").take(rows),
                             index=dates.index)
            for cycle, key in keys.items()}


def with_periods(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    keys = period_keys(frame[column])
    return frame.assign(**keys)


@dataclass(frozen=True)
class Facts:
    """The frames a run computes from, already cut at the as-of date."""

    as_of: date
    plan: Plan
    employees: pd.DataFrame
    targets: pd.DataFrame
    sales: pd.DataFrame          # + due (effective due date), month/quarter/year
    collections: pd.DataFrame    # contract_id, date, amount, counted, excess, employee_id
    customers: pd.DataFrame
    leads: pd.DataFrame          # + month/quarter/year of created_date, converted flag
    reviews: pd.DataFrame
    peer_reviews: pd.DataFrame
    appeals: pd.DataFrame
    history: pd.DataFrame
    has_payments: bool


def cut(tables: Tables, as_of: date) -> tuple[Facts, list[Problem]]:
    """The facts before ``as_of``, and warnings about cash beyond a contract's amount."""
    plan = tables.plan
    limit = pd.Timestamp(as_of)
    sales = tables["Sales"].dropna(subset=["contract_id", "date", "employee_id", "amount"])
    sales = sales[sales["date"] < limit]
    terms = pd.Timedelta(days=plan.payment_terms_days)
    sales = with_periods(sales.assign(due=sales["due_date"].fillna(sales["date"] + terms)),
                         "date")
    collections, problems = _collections(tables, sales, limit)
    leads = tables["Leads"].dropna(subset=["employee_id", "created_date"])
    leads = leads[leads["created_date"] < limit]
    leads = with_periods(leads.assign(
        converted=leads["converted_date"].notna() & (leads["converted_date"] < limit)),
        "created_date")
    reviews = tables["Reviews"].copy()
    for column in ("self_review_date", "manager_review_date", "one_on_one_date"):
        reviews[column] = reviews[column].where(reviews[column] < limit)
    appeals = tables["Appeals"].dropna(subset=["employee_id", "period", "submitted_date"])
    appeals = appeals[appeals["submitted_date"] < limit]
    undecided = appeals["decided_date"].notna() & (appeals["decided_date"] >= limit)
    appeals = appeals.assign(decision=appeals["decision"].where(~undecided, "pending"))
    customers = tables["Customers"]
    customers = customers.assign(since=customers["since"].where(customers["since"] < limit))
    return Facts(
        as_of=as_of, plan=plan, employees=tables["Employees"].dropna(subset=["employee_id"]),
        targets=tables["Targets"].dropna(subset=["employee_id", "period"]),
        sales=sales, collections=collections, customers=customers, leads=leads,
        reviews=reviews.dropna(subset=["employee_id", "period"]),
        peer_reviews=tables["PeerReviews"].dropna(subset=["period", "rater_id", "ratee_id",
                                                          "score"]),
        appeals=appeals, history=tables["History"].dropna(subset=["employee_id", "period",
                                                                  "grade"]),
        has_payments=tables.has("Payments"),
    ), problems


def _collections(tables: Tables, sales: pd.DataFrame, limit: pd.Timestamp
                 ) -> tuple[pd.DataFrame, list[Problem]]:
    """Cash per contract, in date order, split into what counts and what is excess.

    The Payments sheet is the only source when it exists; otherwise each Sales row's
    collected_amount on collected_date. Cash beyond a contract's amount (cumulative, in
    date order) is excess: it counts nowhere and is reported as a warning.
    """
    if tables.has("Payments"):
        cash = tables["Payments"].dropna(subset=["contract_id", "date", "amount"])
        sheet = "Payments"
    else:
        source = tables["Sales"].dropna(subset=["collected_amount", "collected_date"])
        cash = pd.DataFrame({ROW: source[ROW], "contract_id": source["contract_id"],
                             "date": source["collected_date"],
                             "amount": source["collected_amount"]})
        sheet = "Sales"
    cash, owner = _owned_in_order(cash[cash["date"] < limit], sales)
    contract_amounts = sales["amount"].to_numpy(dtype=object)[owner]
    counted, excess = _split_cash(cash, owner, contract_amounts)
    problems = [
        warning(tables.title(sheet), f"contract {cash['contract_id'].iat[i]}: cash beyond its "
                f"amount {format_money(max(contract_amounts[i], ZERO))} is excess and counts "
                f"nowhere ({format_money(excess[i])})", row=int(cash[ROW].iat[i]),
                column="amount")
        for i in np.flatnonzero(excess > 0).tolist()]
    result = cash.assign(
        counted=pd.Series(counted, index=cash.index, dtype=object),
        excess=pd.Series(excess, index=cash.index, dtype=object),
        **{column: sales[column].take(owner).set_axis(cash.index)
           for column in ("employee_id", "customer_id", "due")})
    return with_periods(result, "date"), problems


def _owned_in_order(cash: pd.DataFrame, sales: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The cash rows of contracts in ``sales``, sorted by contract, date and sheet row, and
    the Sales row owning each (Sales has one row per contract, its key).

    When the Sales contracts are unique and in ascending order, as a sheet numbered by
    contract is, numbering the Sales contracts and then the cash's in one pass gives each
    cash row its owner, and the owner's position sorts like the contract: the sort runs on
    integers. Otherwise the frame is sorted by the contract text itself.
    """
    contracts = sales["contract_id"].to_numpy(dtype=object)
    numbers, _ = pd.factorize(np.concatenate([contracts,
                                              cash["contract_id"].to_numpy(dtype=object)]))
    if (np.array_equal(numbers[:len(contracts)], np.arange(len(contracts)))
            and pd.Index(contracts).is_monotonic_increasing):
        owner = numbers[len(contracts):]
        kept = np.flatnonzero(owner < len(contracts))
        order = kept[np.lexsort((cash[ROW].to_numpy()[kept], cash["date"].to_numpy()[kept],
                                 owner[kept]))]
        return cash.take(order).reset_index(drop=True), owner[order]
    cash = cash[cash["contract_id"].isin(sales["contract_id"])]
    cash = cash.sort_values(["contract_id", "date", ROW], kind="stable").reset_index(drop=True)
    return cash, pd.Index(contracts).get_indexer(cash["contract_id"])


def _split_cash(cash: pd.DataFrame, owner: np.ndarray, contract_amounts: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Counted and excess part of each cash row (rows sorted by contract, then date).

    A contract whose positive cash adds up to no more than its amount counts every row in
    full: each row then finds room for all of it. Only the other contracts are replayed row
    by row, where a payment takes what room is left and a refund (amount <= 0) always counts.
    """
    amounts = cash["amount"].to_numpy(dtype=object)
    counted = amounts.copy()
    if len(cash) == 0:
        return counted, amounts - counted
    contracts, _ = pd.factorize(owner)
    room_for_all = _room_for_all(contracts, amounts, contract_amounts)
    received: dict[int, Decimal] = {}
    for index in np.flatnonzero(~room_for_all).tolist():
        contract, amount = contracts[index], amounts[index]
        before = received.get(contract, ZERO)
        room = max(max(contract_amounts[index], ZERO) - before, ZERO)
        counted[index] = min(amount, room) if amount > 0 else amount
        received[contract] = before + counted[index]
    return counted, amounts - counted


def _room_for_all(contracts: np.ndarray, amounts: np.ndarray, contract_amounts: np.ndarray
                  ) -> np.ndarray:
    """Whether each row's contract has room for all its positive cash: the sum of its
    positive amounts is at most its amount (or 0). In whole cents when every amount is."""
    cents, owed = to_cents(amounts), to_cents(contract_amounts)
    if cents is not None and owed is not None:
        paid_in = np.zeros(contracts.max() + 1, dtype=np.int64)
        np.add.at(paid_in, contracts, np.maximum(cents, 0))
        room: np.ndarray = paid_in[contracts] <= np.maximum(owed, 0)
        return room
    exact = np.full(contracts.max() + 1, ZERO, dtype=object)
    zero = np.array(ZERO, dtype=object)
    np.add.at(exact, contracts, np.where(amounts > 0, amounts, zero))
    result: np.ndarray = exact[contracts] <= np.where(contract_amounts > 0, contract_amounts,
                                                      zero)
    return result
