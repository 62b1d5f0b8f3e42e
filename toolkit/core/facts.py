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

import pandas as pd

from toolkit.core.money import ZERO, format_money
from toolkit.core.plan import Plan
from toolkit.core.problems import Problem, warning
from toolkit.core.validate import ROW, Tables

PERIOD_COLUMNS = ("month", "quarter", "year")


def period_keys(dates: pd.Series) -> dict[str, pd.Series]:
    """``month`` ``2026-03``, ``quarter`` ``2026-Q1`` and ``year`` ``2026`` of each date."""
    years = dates.dt.year.astype("Int64").astype(str)
    months = dates.dt.month.astype("Int64")
    return {
        "month": years + "-" + months.astype(str).str.zfill(2),
        "quarter": years + "-Q" + ((months - 1) // 3 + 1).astype(str),
        "year": years,
    }


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
    cash = cash[(cash["date"] < limit) & cash["contract_id"].isin(sales["contract_id"])]
    contract_amounts = dict(zip(sales["contract_id"], sales["amount"], strict=True))
    cash = cash.sort_values(["contract_id", "date", ROW], kind="stable")
    counted: list[Decimal] = []
    excess: list[Decimal] = []
    problems: list[Problem] = []
    received: dict[str, Decimal] = {}
    for contract, amount, row in zip(cash["contract_id"], cash["amount"], cash[ROW],
                                     strict=True):
        limit_amount = max(contract_amounts[contract], ZERO)
        before = received.get(contract, ZERO)
        room = max(limit_amount - before, ZERO)
        take = min(amount, room) if amount > 0 else amount
        counted.append(take)
        excess.append(amount - take)
        received[contract] = before + take
        if amount - take > 0:
            problems.append(warning(
                tables.title(sheet), f"contract {contract}: cash beyond its amount "
                f"{format_money(limit_amount)} is excess and counts nowhere "
                f"({format_money(amount - take)})", row=int(row), column="amount"))
    result = cash.assign(counted=pd.Series(counted, index=cash.index, dtype=object),
                         excess=pd.Series(excess, index=cash.index, dtype=object))
    result = result.merge(sales[["contract_id", "employee_id", "customer_id", "due"]],
                          on="contract_id", how="left", validate="many_to_one")
    return with_periods(result, "date"), problems
