"""A leaver's commission settlement, from the reconciliation and the commission detail.

- commission computed to date and paid to date: the reconciliation rows of kind
  ``commission`` summed;
- earned, not yet paid: the sum of the shortfalls (``underpaid`` and ``not_paid`` rows,
  −difference); paid above the plan: the sum of the excesses, only when there are some;
- forfeited: with ``post_termination_commission = forfeit``, the commission the cash
  collected after the termination date would have earned (``forfeited``);
- monthly and annual bonuses earned and not yet paid, when there are some.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from toolkit.core.commission import month_rate
from toolkit.core.contexts.books import Books
from toolkit.core.contexts.fmt import Formatter
from toolkit.core.contexts.words import PAYOUT_KIND, pick, word
from toolkit.core.frames import Record
from toolkit.core.money import ZERO, round_money, total
from toolkit.core.payees import payees
from toolkit.core.payouts import quarter_grades
from toolkit.core.periods import Period


@dataclass(frozen=True)
class SettlementRow:
    item: str
    amount: str


def _sums(records: list[Record], kind: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(computed, paid, short, over) of the reconciliation rows of ``kind``."""
    rows = [r for r in records if r["kind"] == kind]
    differences = [Decimal(str(r["difference"])) for r in rows]
    return (total(Decimal(str(r["computed"])) for r in rows),
            total(Decimal(str(r["paid"])) for r in rows),
            total(-d for d in differences if d < 0), total(d for d in differences if d > 0))


def forfeited(books: Books, employee: str, termination: object) -> Decimal:
    """Commission not earned on cash collected after ``termination``: with the
    ``collected`` basis and the ``forfeit`` policy, each such collection's counted cash ×
    the rate of its month (base rate and grade factor, as the ledger decides it), summed
    and rounded once. Months after the last graded one count too (they have no ledger
    line yet, but the money is lost all the same)."""
    plan = books.facts.plan
    if plan.post_termination_commission != "forfeit" or plan.commission_basis != "collected":
        return ZERO
    cash = books.facts.collections
    after = cash[(cash["employee_id"] == employee) & (cash["date"] > pd.Timestamp(
        termination))]
    if after.empty:
        return ZERO
    payee = payees(books.facts.employees)[employee]
    base = payee.commission_rate if payee.commission_rate is not None \
        else plan.default_commission_rate
    grades = quarter_grades(books.results.scores, books.facts.history)
    rates = {m: month_rate(employee, Period.parse(m), base, grades, plan).rate
             for m in set(after["month"])}
    return round_money(total(Decimal(str(amount)) * rates[month] for amount, month in
                             zip(after["counted"], after["month"], strict=True)))


def settlement_rows(books: Books, employee: str, termination: object, fmt: Formatter
                    ) -> tuple[SettlementRow, ...]:
    records = books.reconciliation.get(employee, [])
    computed, paid, short, over = _sums(records, "commission")
    kind = pick(PAYOUT_KIND["commission"], fmt.language)
    rows = [SettlementRow(word(fmt.language, "computed_to_date", kind=kind),
                          fmt.money(computed)),
            SettlementRow(word(fmt.language, "paid_to_date", kind=kind), fmt.money(paid)),
            SettlementRow(word(fmt.language, "earned_unpaid", kind=kind), fmt.money(short))]
    if over > 0:
        rows.append(SettlementRow(word(fmt.language, "overpaid", kind=kind), fmt.money(over)))
    rows.append(SettlementRow(word(fmt.language, "forfeited"),
                              fmt.money(forfeited(books, employee, termination))))
    for bonus in ("monthly_bonus", "annual_bonus"):
        short = _sums(records, bonus)[2]
        if short > 0:
            rows.append(SettlementRow(word(fmt.language, "earned_unpaid", kind=pick(
                PAYOUT_KIND[bonus], fmt.language)), fmt.money(short)))
    return tuple(rows)


def settlement_note(books: Books, termination: object, fmt: Formatter) -> str:
    key = "policy_forfeit" if books.facts.plan.post_termination_commission == "forfeit" \
        else "policy_pay"
    return word(fmt.language, key, day=fmt.date(termination))
