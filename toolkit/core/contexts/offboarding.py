"""What an offboarding checklist prints (SPEC section 9), one per Separations row.

- Customers to hand over: those the leaver owns (Customers.owner_id) or sold to in the 12
  months up to the last day; for each, the customer's last purchase, its sales in those
  12 months and its open receivables (whoever sold, since the recipient takes over the
  whole customer). Largest 12-month sales first.
- Open leads: the leaver's leads created in the ``OPEN_LEAD_MONTHS`` up to the last day and
  not converted (the Leads sheet has no "lost" status, so older ones are only counted).
- Open receivables: the leaver's contracts whose amount is not fully collected (counted
  cash, as for commission), with the due date and how overdue they are on the as-of date.
- Commission settlement (``settlement``): computed and paid to date and the difference,
  from the reconciliation, and the commission forfeited under the plan on cash collected
  after the termination date; bonuses earned and not paid are listed too.
- Assets to return: the Assets rows of the leaver.
Standard steps and sign-off lines are the template's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pandas as pd

from toolkit.core.contexts.books import Books
from toolkit.core.contexts.common import Person, department, manager_of, person
from toolkit.core.contexts.fmt import DASH, Formatter, clean
from toolkit.core.contexts.settlement import SettlementRow, settlement_note, settlement_rows
from toolkit.core.contexts.words import word
from toolkit.core.frames import Record, records
from toolkit.core.money import ZERO, total
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import add_months
from toolkit.core.schedule import as_day

OPEN_LEAD_MONTHS = 6
CUSTOMER_MONTHS = 12


@dataclass(frozen=True)
class CustomerRow:
    id: str
    name: str
    relation: str
    last_purchase: str
    sales_12m: str
    open: str


@dataclass(frozen=True)
class LeadRow:
    id: str
    created: str
    source: str


@dataclass(frozen=True)
class ReceivableRow:
    contract: str
    customer: str
    date: str
    amount: str
    open: str
    status: str


@dataclass(frozen=True)
class AssetRow:
    id: str
    item: str
    issued: str


@dataclass(frozen=True)
class ChecklistContext:
    prepared: str
    employee: Person
    department: str
    manager: Person
    request_date: str
    last_day: str
    reason: str
    handover: Person
    approved_by: Person
    customers: tuple[CustomerRow, ...]
    customers_note: str
    leads: tuple[LeadRow, ...]
    leads_note: str
    receivables: tuple[ReceivableRow, ...]
    receivables_total: str
    settlement: tuple[SettlementRow, ...]
    settlement_note: str
    assets: tuple[AssetRow, ...]


def checklist_context(books: Books, separation: Record, language: str) -> ChecklistContext:
    """The checklist of one Separations row (``employee_id``, ``last_day``...)."""
    employee = str(separation["employee_id"])
    last_day = as_day(separation["last_day"])
    if last_day is None:
        raise ValueError(f"Separations row of {employee} has no last_day")
    fmt = Formatter(language, books.currency)
    receivables = _receivables(books, employee, books.balances, fmt)
    leads, leads_note = _leads(books, employee, last_day, fmt)
    termination = _termination(books, employee, last_day)
    people = books.people
    return ChecklistContext(
        prepared=fmt.date(books.facts.as_of),
        employee=person(people, employee, language, "not_named"),
        department=department(people, employee), manager=manager_of(people, employee,
                                                                    language),
        request_date=fmt.date(separation.get("request_date")), last_day=fmt.date(last_day),
        reason=clean(separation.get("reason")),
        handover=person(people, separation.get("handover_to"), language, "not_named"),
        approved_by=person(people, separation.get("approved_by"), language, "not_named"),
        customers=_customers(books, employee, last_day, books.balances, fmt),
        customers_note=word(language, "customers_window", first=fmt.date(
            _window_start(last_day, CUSTOMER_MONTHS)), last=fmt.date(last_day)),
        leads=leads, leads_note=leads_note,
        receivables=receivables[0], receivables_total=receivables[1],
        settlement=settlement_rows(books, employee, termination, fmt),
        settlement_note=settlement_note(books, termination, fmt),
        assets=_assets(books, employee, fmt))


def _window_start(last_day: object, months: int) -> object:
    day = as_day(last_day)
    assert day is not None
    return add_months(day, -months) + timedelta(days=1)


def _termination(books: Books, employee: str, last_day: object) -> object:
    """Employees.termination_date (what the commission rule uses), else the last day."""
    recorded = books.people.get(employee).get("termination_date")
    return last_day if is_blank_value(recorded) else recorded


def _customers(books: Books, employee: str, last_day: object, balances: dict[str, Decimal],
               fmt: Formatter) -> tuple[CustomerRow, ...]:
    sales, customers = books.facts.sales, books.facts.customers
    start, end = pd.Timestamp(_window_start(last_day, CUSTOMER_MONTHS)), pd.Timestamp(
        as_day(last_day))
    in_window = (sales["date"] >= start) & (sales["date"] <= end)
    sold = set(sales.loc[in_window & (sales["employee_id"] == employee), "customer_id"])
    owned = set(customers.loc[customers["owner_id"] == employee, "customer_id"])
    names = books.customer_names
    theirs: dict[str, list[Record]] = {}
    for record in records(sales[sales["customer_id"].isin(owned | sold)].assign(
            recent=in_window)):
        theirs.setdefault(record["customer_id"], []).append(record)
    rows = []
    for customer in owned | sold:
        mine = theirs.get(customer, [])
        window = total(r["amount"] for r in mine if r["recent"])
        still = total(b for b in (balances.get(r["contract_id"], ZERO) for r in mine) if b > 0)
        relation = "owner_sold" if customer in owned and customer in sold else \
            "owner" if customer in owned else "sold_to"
        rows.append((-window, str(customer), CustomerRow(
            str(customer), clean(names.get(customer)), word(fmt.language, relation),
            fmt.date(max((r["date"] for r in mine), default=None)), fmt.money(window),
            fmt.money(still))))
    rows.sort(key=lambda r: (r[0], r[1]))
    return tuple(r[2] for r in rows) or (
        CustomerRow(DASH, word(fmt.language, "none_customers"), "", "", "", ""),)


def _leads(books: Books, employee: str, last_day: object, fmt: Formatter
           ) -> tuple[tuple[LeadRow, ...], str]:
    leads = books.facts.leads
    mine = leads[(leads["employee_id"] == employee) & ~leads["converted"]]
    first = pd.Timestamp(_window_start(last_day, OPEN_LEAD_MONTHS))
    end = pd.Timestamp(as_day(last_day))
    recent = mine[(mine["created_date"] >= first) & (mine["created_date"] <= end)]
    older = int((mine["created_date"] < first).sum())
    rows = tuple(LeadRow(str(r["lead_id"]), fmt.date(r["created_date"]), clean(r["source"]))
                 for r in records(recent.sort_values(["created_date", "lead_id"])))
    note = word(fmt.language, "leads_window", first=fmt.date(first), last=fmt.date(end),
                older=word(fmt.language, "leads_older", count=older) if older else "")
    return rows or (LeadRow(DASH, word(fmt.language, "none_leads"), ""),), note


def _receivables(books: Books, employee: str, balances: dict[str, Decimal], fmt: Formatter
                 ) -> tuple[tuple[ReceivableRow, ...], str]:
    sales = books.facts.sales
    mine = sales[(sales["employee_id"] == employee) & (sales["amount"] > 0)]
    as_of = pd.Timestamp(books.facts.as_of)
    names = books.customer_names
    rows, owed = [], ZERO
    for record in records(mine.sort_values(["due", "contract_id"])):
        still = balances.get(record["contract_id"], ZERO)
        if still <= 0:
            continue
        owed += still
        late = (as_of - record["due"]).days
        status = word(fmt.language, "overdue", days=late) if late > 0 else \
            word(fmt.language, "due", day=fmt.date(record["due"]))
        rows.append(ReceivableRow(str(record["contract_id"]), clean(names.get(
            record["customer_id"])),
                                  fmt.date(record["date"]), fmt.money(record["amount"]),
                                  fmt.money(still), status))
    empty = ReceivableRow(DASH, word(fmt.language, "none_receivables"), "", "", "", "")
    return tuple(rows) or (empty,), fmt.money(owed)


def _assets(books: Books, employee: str, fmt: Formatter) -> tuple[AssetRow, ...]:
    assets = books.tables["Assets"]
    mine = assets[assets["employee_id"] == employee]
    rows = tuple(AssetRow(clean(r["asset_id"]), clean(r["item"]), fmt.date(r["issued_date"]))
                 for r in records(mine))
    return rows or (AssetRow(DASH, word(fmt.language, "none_assets"), ""),)
