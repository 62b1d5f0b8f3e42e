"""The bulk paths of the facts and the indicator books give exactly what the rules give.

``cut`` sorts and splits the cash with integer sorts and whole cents, and the indicators
group rows by numbered (employee, period) pairs, sum whole cents with numpy and share the
Sales arrays between the sales indicators. Each is checked against its rule written out
one row at a time, as SPEC section 5 states it, on generated workbooks: amounts with and
without fractions of a cent (the Decimal fallback), refunds, credit notes, cash for unknown
contracts, rows dated after the as-of date, and Sales in and out of contract order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import raw
from tests.core.helpers import LONG_AGO, company, customers, leads, payments, sales, staff
from toolkit.core import indicators as ind
from toolkit.core.facts import Facts, cut
from toolkit.core.money import ZERO, from_cents
from toolkit.core.periods import CYCLES, Period, add_months
from toolkit.core.validate import validate

AS_OF = date(2026, 10, 1)
START = date(2025, 1, 1)
STAFF = ("E1", "E2", "E3")
CUSTOMERS = ("C1", "C2", "C3", "C4")
WHOLE = [Decimal(x) for x in ("3000", "5000.50", "6999.99", "0.01", "12000", "-200", "0")]
FRACTIONS = [Decimal(x) for x in ("0.005", "4000.125")]

Key = tuple[str, str]

days = st.integers(min_value=0, max_value=700).map(lambda n: START + timedelta(days=n))


def _amounts(fractions: bool) -> st.SearchStrategy[Decimal]:
    return st.sampled_from(WHOLE + FRACTIONS if fractions else WHOLE)


@dataclass(frozen=True)
class Book:
    """A generated workbook's rows, as plain tuples, and its facts; ``fractions`` when its
    amounts may have fractions of a cent."""

    fractions: bool
    sales: list[tuple[str, date, str, str, Decimal, date | None]]
    payments: list[tuple[str, date, Decimal]]
    since: dict[str, date]
    leads: list[tuple[str, date, date | None]]
    facts: Facts


@st.composite
def books(draw: st.DrawFn) -> Book:
    """A workbook with Sales (contract ids in or out of order), Payments, Customers, Leads."""
    fractions = draw(st.booleans())
    count = draw(st.integers(min_value=1, max_value=10))
    numbers = list(range(count))
    if draw(st.booleans()):
        numbers = draw(st.permutations(numbers))
    sale_rows = [(f"K{n:02d}", draw(days), draw(st.sampled_from(STAFF)),
                  draw(st.sampled_from(CUSTOMERS)), draw(_amounts(fractions)),
                  draw(st.none() | days)) for n in numbers]
    cash_rows = draw(st.lists(st.tuples(
        st.sampled_from([*(row[0] for row in sale_rows), "K99"]), days, _amounts(fractions)),
        max_size=12))
    since = draw(st.dictionaries(st.sampled_from(CUSTOMERS), days))
    lead_rows = draw(st.lists(st.tuples(st.sampled_from(STAFF), days, st.none() | days),
                              max_size=10))
    sheets = company(
        Employees=staff(*((e, e, LONG_AGO) for e in STAFF)),
        Sales=sales(*sale_rows), Payments=payments(*cash_rows),
        Customers=customers(*((c, c, None, d) for c, d in since.items())),
        Leads=leads(*((f"L{i}", e, made, None, done)
                      for i, (e, made, done) in enumerate(lead_rows))))
    tables, problems = validate(raw(sheets))
    assert not [p for p in problems if p.severity == "error"], problems
    return Book(fractions, sale_rows, cash_rows, since, lead_rows, cut(tables, AS_OF)[0])


def _key(employee: str, day: date, cycle: Any) -> Key:
    return employee, str(Period.containing(day, cycle))


def _add(totals: dict[Key, Any], employee: str, day: date, value: Any) -> None:
    """Add ``value`` to the employee's month, quarter and year of ``day``."""
    for cycle in CYCLES:
        key = _key(employee, day, cycle)
        totals[key] = totals.get(key, ZERO if isinstance(value, Decimal) else 0) + value


def _same_sums(found: dict[Key, Decimal], expected: dict[Key, Decimal], book: Book) -> None:
    """Equal keys and values; sums of whole cents are given as ``from_cents`` gives them."""
    assert found.keys() == expected.keys()
    for key, total in expected.items():
        assert found[key] == total, key
        if not book.fractions:
            assert repr(found[key]) == repr(from_cents(int(total.scaleb(2)))), key


def _kept_sales(book: Book) -> list[tuple[str, date, str, str, Decimal, date | None]]:
    return [row for row in book.sales if row[1] < AS_OF]


def _first_purchases(book: Book) -> dict[str, tuple[date, str]]:
    """Per customer: the earlier of its since and its earliest sale (sheet order on ties),
    and the employee of that earliest sale."""
    first: dict[str, tuple[date, str]] = {}
    for _, day, employee, customer, _, _ in sorted(
            _kept_sales(book), key=lambda row: row[1]):  # sorted() is stable: sheet order
        if customer not in first:
            since = book.since.get(customer)
            earliest = since if since is not None and since < AS_OF and since < day else day
            first[customer] = (earliest, employee)
    return first


def _books(facts: Facts) -> dict[str, Any]:
    rows = ind.SalesRows.of(facts.sales)
    first = ind.first_purchases(facts, rows)
    total, new = ind.sales_values(facts, rows, first)
    due, on_time = ind.collection_values(facts, rows)
    made, converted = ind.lead_values(facts)
    return {"sales": total, "new_sales": new, "new_customers": ind.new_customer_counts(
        facts, rows, first), "due": due, "on_time": on_time, "leads": made,
        "converted": converted}


@settings(max_examples=60, deadline=None)
@given(books())
def test_sales_and_new_customer_sales_equal_the_sums_row_by_row(book: Book) -> None:
    """Sales sum per employee and period; new-customer sales are the rows before the window
    after the customer's first purchase ends."""
    found = _books(book.facts)
    window = book.facts.plan.new_customer_window_months
    first = _first_purchases(book)
    total: dict[Key, Decimal] = {}
    new: dict[Key, Decimal] = {}
    for _, day, employee, customer, amount, _ in _kept_sales(book):
        _add(total, employee, day, amount)
        if day < add_months(first[customer][0], window):
            _add(new, employee, day, amount)
    _same_sums(found["sales"], total, book)
    _same_sums(found["new_sales"], new, book)


@settings(max_examples=60, deadline=None)
@given(books())
def test_effective_new_customers_equal_the_rule_customer_by_customer(book: Book) -> None:
    """A customer counts for its first sale's employee in each period of its first purchase
    whose sales up to the period's end reach the minimum."""
    minimum = book.facts.plan.effective_customer_min_amount
    counts: dict[Key, int] = {}
    for customer, (day, employee) in _first_purchases(book).items():
        for cycle in CYCLES:
            end = Period.containing(day, cycle).end
            bought = sum((row[4] for row in _kept_sales(book)
                          if row[3] == customer and row[1] <= end), ZERO)
            if bought >= minimum:
                key = _key(employee, day, cycle)
                counts[key] = counts.get(key, 0) + 1
    assert _books(book.facts)["new_customers"] == counts


def _counted_cash(book: Book) -> list[tuple[str, int, Decimal, Decimal]]:
    """(contract, sheet row, counted, excess) of the cash in contract, date, row order: a
    payment takes what room its contract has left, a refund always counts."""
    owed = {row[0]: row[4] for row in _kept_sales(book)}
    cash = sorted(((contract, day, index + 2, amount)
                   for index, (contract, day, amount) in enumerate(book.payments)
                   if day < AS_OF and contract in owed), key=lambda row: row[:3])
    received: dict[str, Decimal] = {}
    split = []
    for contract, _, sheet_row, amount in cash:
        before = received.get(contract, ZERO)
        room = max(max(owed[contract], ZERO) - before, ZERO)
        counted = min(amount, room) if amount > 0 else amount
        received[contract] = before + counted
        split.append((contract, sheet_row, counted, amount - counted))
    return split


@settings(max_examples=60, deadline=None)
@given(books())
def test_cash_is_ordered_and_split_as_replayed_row_by_row(book: Book) -> None:
    """The collections come in contract, date and sheet-row order, each row counted and
    excess as a replay of its contract's cash gives, down to the Decimal's exponent."""
    cash = book.facts.collections
    found = list(zip(cash["contract_id"], cash["_row"].tolist(), cash["counted"],
                     cash["excess"], strict=True))
    expected = _counted_cash(book)
    assert [(c, r) for c, r, _, _ in found] == [(c, r) for c, r, _, _ in expected]
    assert [(repr(n), repr(x)) for _, _, n, x in found] == [
        (repr(n), repr(x)) for _, _, n, x in expected]


@settings(max_examples=60, deadline=None)
@given(books())
def test_collection_due_and_on_time_equal_the_rule_invoice_by_invoice(book: Book) -> None:
    """Each invoice (amount > 0) is due in the period of its due date; collected on time is
    its counted cash dated by the due date, at most its amount."""
    terms = timedelta(days=book.facts.plan.payment_terms_days)
    due_of = {row[0]: row[5] or row[1] + terms for row in _kept_sales(book)}
    dated = {index + 2: day for index, (_, day, _) in enumerate(book.payments)}
    paid: dict[str, Decimal] = {}
    for contract, sheet_row, counted, _ in _counted_cash(book):
        if dated[sheet_row] <= due_of[contract]:
            paid[contract] = paid.get(contract, ZERO) + counted
    due: dict[Key, Decimal] = {}
    on_time: dict[Key, Decimal] = {}
    for contract, _, employee, _, amount, _ in _kept_sales(book):
        if amount > 0:
            _add(due, employee, due_of[contract], amount)
            _add(on_time, employee, due_of[contract], min(paid.get(contract, ZERO), amount))
    found = _books(book.facts)
    _same_sums(found["due"], due, book)
    _same_sums(found["on_time"], on_time, book)


@settings(max_examples=40, deadline=None)
@given(books())
def test_leads_and_conversions_are_counted_per_period_of_creation(book: Book) -> None:
    """Leads created before the as-of date count in their creation's periods; converted
    ones only when converted before the as-of date (a period without any counts 0)."""
    made: dict[Key, int] = {}
    converted: dict[Key, int] = {}
    for employee, day, done in book.leads:
        if day < AS_OF:
            _add(made, employee, day, 1)
            _add(converted, employee, day, int(done is not None and done < AS_OF))
    found = _books(book.facts)
    assert found["leads"] == made
    assert found["converted"] == converted


@given(st.lists(st.tuples(st.sampled_from(STAFF), days), max_size=30))
def test_period_groups_name_each_row_by_its_employee_and_period_keys(
        rows: list[tuple[str, date]]) -> None:
    """Group ``g`` of a row is named (employee, period text of the row's date)."""
    grouped = ind.period_groups(np.array([e for e, _ in rows], dtype=object),
                                pd.to_datetime(pd.Series([d for _, d in rows], dtype=object))
                                .to_numpy(dtype="datetime64[ns]"))
    for cycle, groups in zip(CYCLES, grouped, strict=True):
        assert len(set(groups.keys)) == len(groups.keys)
        assert [groups.keys[g] for g in groups.rows.tolist()] == [
            _key(e, d, cycle) for e, d in rows]


@given(st.lists(st.integers(min_value=-10**15, max_value=10**15), max_size=20))
def test_totals_in_cents_become_the_decimals_from_cents_gives(totals: list[int]) -> None:
    """Each total is converted as ``from_cents`` converts it, exponent included."""
    found = ind.decimals_of(np.array(totals, dtype=np.int64))
    assert [repr(d) for d in found] == [repr(from_cents(t)) for t in totals]


def test_amounts_whose_sum_could_overflow_int64_are_summed_as_decimals() -> None:
    """Cents that could overflow int64 when summed fall back to exact Decimal sums."""
    big = Decimal("50000000000000000")  # 5e18 cents: two of them overflow int64
    amounts = ind.Amounts.of(np.array([big, big, Decimal("0.01")], dtype=object))
    assert amounts.cents is None
    assert amounts.sums(np.array([0, 0, 1]), 2) == [big * 2, Decimal("0.01")]
