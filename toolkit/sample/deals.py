"""Customers, Sales and Payments of the sample.

Each rep starts with a book of existing customers (first cooperation before the sample)
and signs 2-6 contracts a month, in total about sales_target x attainment x employed
fraction. Some contracts go to customers new that month; a share of those stay below
10,000 for good, so they are not *effective* new customers. A few rows are returns
(negative amounts) to a customer of the rep's book. Payments follow the rep's collection
habit: in full within terms, late, partly, or never; a couple of contracts are overpaid.
Nothing is paid on or after the sample's as-of date.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from toolkit.core.periods import Period
from toolkit.sample import texts
from toolkit.sample.staff import Org, Person, Profile, profile_at
from toolkit.sample.table import Table
from toolkit.sample.timeline import (
    Timeline,
    below,
    between,
    employed_fraction,
    employed_span,
    random_day,
)

PAYMENT_TERMS = 30      # the plan's default payment_terms_days
EXPLICIT_TERMS = 60     # days of the due dates written out explicitly
SMALL_AMOUNTS = (2000, 9500)
RETURN_CHANCE = 0.03    # per rep and month


@dataclass(frozen=True)
class Customer:
    customer_id: str
    name: str
    name_zh: str
    owner_id: str
    since: date | None


@dataclass
class _Contract:
    """A Sales row before it has an id (ids follow signing dates)."""

    signed: date
    seq: int
    rep: Person
    customer: Customer
    amount: float
    due_date: date | None
    on_time: float

    @property
    def due(self) -> date:
        return self.due_date or self.signed + timedelta(days=PAYMENT_TERMS)


@dataclass(frozen=True)
class Deals:
    customers: Table
    sales: Table
    payments: Table
    collected: dict[tuple[str, Period], float]  # cash per rep and month, for Payroll


class _CustomerPool:
    """Creates customers with ids in order of creation and names from the rep's region."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.created: list[Customer] = []
        self.names: dict[int, list[tuple[int, int, int]]] = {}

    def create(self, region: int, owner: str, since: date | None) -> Customer:
        region %= len(texts.CITIES)
        cities = texts.CITIES[region]
        if not self.names.get(region):
            combos = [(c, b, i) for c in range(len(cities)) for b in range(len(texts.BRANDS))
                      for i in range(len(texts.INDUSTRIES))]
            self.rng.shuffle(combos)
            self.names[region] = combos
        c, b, i = self.names[region].pop()
        (city, city_zh), (brand, brand_zh) = cities[c], texts.BRANDS[b]
        industry, industry_zh = texts.INDUSTRIES[i]
        customer = Customer(f"C{len(self.created) + 1:04d}",
                            f"{city} {brand} {industry} Co., Ltd.",
                            f"{city_zh}{brand_zh}{industry_zh}有限公司", owner, since)
        self.created.append(customer)
        return customer


def generate_deals(rng: random.Random, org: Org, timeline: Timeline,
                   targets: dict[tuple[str, Period], int]) -> Deals:
    """Customers, sales and payments, month by month and rep by rep."""
    pool = _CustomerPool(rng)
    books = {rep.employee_id: _opening_book(rng, pool, rep, timeline) for rep in org.reps}
    contracts: list[_Contract] = []
    for month in timeline.months:
        for rep in org.reps:
            target = targets.get((rep.employee_id, month))
            if target is not None:
                contracts += _month_contracts(rng, pool, books[rep.employee_id], rep, month,
                                              target, timeline, len(contracts))
    contracts.sort(key=lambda c: (c.signed, c.seq))
    payments = _payments(rng, contracts, timeline.as_of)
    return Deals(_customer_table(pool.created), _sales_table(contracts, payments),
                 _payment_table(payments), _collected(contracts, payments))


def _opening_book(rng: random.Random, pool: _CustomerPool, rep: Person,
                  timeline: Timeline) -> list[Customer]:
    """Existing customers, first served in the three years before the sample."""
    size = {"star": (15, 20), "weak": (8, 12)}.get(rep.kind, (10, 15))
    if rep.hire_date >= timeline.start:
        size = (4, 6)  # house accounts handed to a new hire
    first = timeline.start - timedelta(days=3 * 365)
    return [pool.create(rep.department, rep.employee_id,
                        random_day(rng, first, timeline.start - timedelta(days=1)))
            for _ in range(rng.randint(*size))]


def _month_contracts(rng: random.Random, pool: _CustomerPool, book: list[Customer],
                     rep: Person, month: Period, target: int, timeline: Timeline,
                     seq: int) -> list[_Contract]:
    """One rep's contracts in one month; new non-small customers join the book after."""
    span = employed_span(rep.hire_date, rep.termination_date, month)
    if span is None:
        return []
    fraction = employed_fraction(rep.hire_date, rep.termination_date, month)
    profile = profile_at(rep, timeline.offset(month), len(timeline.months))
    total = target * rng.uniform(*profile.attainment) * fraction
    count = max(1, round(rng.randint(2, 6) * fraction))
    new = count if not book else min(round(rng.choice(profile.new_customers) * fraction),
                                     count)
    out: list[_Contract] = []
    joined: list[Customer] = []
    small_total = 0.0
    for index in range(count):
        signed = random_day(rng, *span)
        if index < new:
            customer = pool.create(rep.department, rep.employee_id,
                                   signed if rng.random() < 0.5 else None)
            if rng.random() < profile.small_share:
                amount = float(rng.randrange(SMALL_AMOUNTS[0], SMALL_AMOUNTS[1] + 1, 100))
                small_total += amount
                out.append(_contract(rng, signed, seq + index, rep, customer, amount, profile))
                continue
            joined.append(customer)
        else:
            customer = book[below(rng, len(book))]
        out.append(_contract(rng, signed, seq + index, rep, customer, 0.0, profile))
    _split(rng, [c for c in out if c.amount == 0.0], max(total - small_total, 0.0))
    if book and rng.random() < RETURN_CHANCE:
        amount = -float(rng.randrange(2000, 15001, 100))
        out.append(_contract(rng, random_day(rng, *span), seq + count, rep, rng.choice(book),
                             amount, profile))
    book.extend(joined)
    return out


def _contract(rng: random.Random, signed: date, seq: int, rep: Person, customer: Customer,
              amount: float, profile: Profile) -> _Contract:
    """A contract; one in ten sales (not returns) has an explicit, longer due date."""
    explicit = (signed + timedelta(days=EXPLICIT_TERMS)
                if amount >= 0 and rng.random() < 0.1 else None)
    return _Contract(signed, seq, rep, customer, amount, explicit, profile.on_time)


def _split(rng: random.Random, contracts: list[_Contract], total: float) -> None:
    """Share ``total`` among ``contracts`` at random, in hundreds, at least 1,000 each."""
    weights = [rng.uniform(0.5, 1.5) for _ in contracts]
    scale = total / sum(weights) if weights else 0.0
    for contract, weight in zip(contracts, weights, strict=True):
        contract.amount = float(max(1000, round(weight * scale / 100) * 100))


def _payments(rng: random.Random, contracts: list[_Contract], as_of: date
              ) -> list[tuple[date, int, float]]:
    """(date, contract index, amount) of every payment made before ``as_of``.

    A positive contract is paid in full within terms with the profile's on-time chance;
    otherwise late in full, partly (a first part within terms, the rest late or never) or
    not at all. About one contract in 2,500 (at least two) is then overpaid by up to 5,000.
    """
    out: list[tuple[date, int, float]] = []
    for index, contract in enumerate(contracts):
        if contract.amount > 0:
            out += [(day, index, amount) for day, amount in _schedule(rng, contract)]
    out = [p for p in out if p[0] < as_of]
    paid: dict[int, float] = defaultdict(float)
    last: dict[int, date] = {}
    for day, index, amount in out:
        paid[index] += amount
        last[index] = max(day, last.get(index, day))
    full = [i for i in sorted(paid) if round(paid[i], 2) == contracts[i].amount
            and last[i] + timedelta(days=7) < as_of]
    for index in rng.sample(full, min(len(full), max(2, len(contracts) // 2500))):
        extra = round(min(5000.0, contracts[index].amount * 0.1), 2)
        out.append((last[index] + timedelta(days=7), index, extra))
    return sorted(out, key=lambda p: (p[0], p[1]))


def _schedule(rng: random.Random, contract: _Contract) -> list[tuple[date, float]]:
    amount, signed, due = contract.amount, contract.signed, contract.due
    draw = rng.random()
    within = (due - signed).days
    if draw < contract.on_time:
        return [(signed + timedelta(days=between(rng, min(3, within), within)), amount)]
    rest = (draw - contract.on_time) / (1 - contract.on_time)
    if rest < 0.45:
        return [(due + timedelta(days=between(rng, 3, 60)), amount)]
    if rest < 0.8:
        first = round(amount * rng.uniform(0.3, 0.7), 2)
        paid = [(signed + timedelta(days=between(rng, min(3, within), within)), first)]
        if rng.random() < 0.6:
            paid.append((due + timedelta(days=between(rng, 10, 90)), round(amount - first, 2)))
        return paid
    return []


def _customer_table(customers: list[Customer]) -> Table:
    return Table(("customer_id", "customer_name", "customer_name_zh", "owner_id", "since"),
                 [(c.customer_id, c.name, c.name_zh, c.owner_id, c.since) for c in customers])


def _sales_table(contracts: list[_Contract], payments: list[tuple[date, int, float]]
                 ) -> Table:
    """Sales rows; collected_amount / collected_date repeat the Payments (capped at the
    amount, so the sheet stays valid) as the total paid and the last payment date."""
    paid: dict[int, float] = defaultdict(float)
    last: dict[int, date] = {}
    for day, index, amount in payments:
        paid[index] += amount
        last[index] = day
    rows = []
    for index, c in enumerate(contracts):
        collected = round(min(paid[index], c.amount), 2) if index in paid else None
        rows.append((_contract_id(index), c.signed, c.rep.employee_id, c.customer.customer_id,
                     c.customer.name, c.customer.name_zh, c.amount, c.due_date, collected,
                     last.get(index)))
    return Table(("contract_id", "date", "employee_id", "customer_id", "customer_name",
                  "customer_name_zh", "amount", "due_date", "collected_amount",
                  "collected_date"), rows)


def _payment_table(payments: list[tuple[date, int, float]]) -> Table:
    return Table(("contract_id", "date", "amount"),
                 [(_contract_id(index), day, amount) for day, index, amount in payments])


def _contract_id(index: int) -> str:
    return f"K{index + 1:06d}"


def _collected(contracts: list[_Contract], payments: list[tuple[date, int, float]]
               ) -> dict[tuple[str, Period], float]:
    """Cash received per rep and calendar month."""
    by_month: dict[tuple[str, int, int], float] = defaultdict(float)
    for day, index, amount in payments:
        by_month[(contracts[index].rep.employee_id, day.year, day.month)] += amount
    return {(employee_id, Period.month(year, month)): amount
            for (employee_id, year, month), amount in by_month.items()}
