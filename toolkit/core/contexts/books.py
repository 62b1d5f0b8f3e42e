"""Lookups every document builder needs, built once per run (not once per document).

A year-end close renders thousands of documents, so nothing here scans a whole frame per
document: frames are grouped by employee (or by employee and period) once. Payout
explanations and action details are sentences in the plan's language; a document in the
other language (an employee's ``language`` overrides the plan's) gets them recomputed once
in that language, from the same facts, so the amounts are the same lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

import pandas as pd

from toolkit.core.actions import GradeBook, actions_table, grade_book
from toolkit.core.facts import Facts
from toolkit.core.frames import Record, records
from toolkit.core.money import ZERO
from toolkit.core.outputs import is_blank_value
from toolkit.core.payouts import payout_tables
from toolkit.core.periods import CYCLES, Period
from toolkit.core.pipeline import Results
from toolkit.core.schedule import AppealDates, latest_appeals
from toolkit.core.validate import Tables

Key = tuple[str, str]


@dataclass(frozen=True)
class People:
    """Employees by id: name, department, manager, mentor and document language."""

    records: dict[str, Record]
    default_language: str

    def get(self, employee: str) -> Record:
        return self.records.get(employee, {})

    def name(self, employee: object) -> str | None:
        if is_blank_value(employee):
            return None
        value = self.get(str(employee)).get("name")
        return None if is_blank_value(value) else str(value)

    def text(self, employee: str, column: str) -> str | None:
        value = self.get(employee).get(column)
        return None if is_blank_value(value) else str(value)

    def language(self, employee: str) -> str:
        """The employee's ``language`` when set, else the plan's."""
        return self.text(employee, "language") or self.default_language


def people_of(employees: pd.DataFrame, default_language: str) -> People:
    unique = employees.drop_duplicates("employee_id")
    return People({str(r["employee_id"]): r for r in records(unique)}, default_language)


def by_employee(frame: pd.DataFrame | None) -> dict[str, list[Record]]:
    """The rows of ``frame`` per employee_id, in frame order."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records(frame):
        grouped[str(record["employee_id"])].append(record)
    return dict(grouped)


def by_period(frame: pd.DataFrame | None) -> dict[Key, list[Record]]:
    """The rows of ``frame`` per (employee_id, period), in frame order."""
    grouped: dict[Key, list[Record]] = defaultdict(list)
    for record in records(frame):
        grouped[(str(record["employee_id"]), str(record["period"]))].append(record)
    return dict(grouped)


def by_key(frame: pd.DataFrame) -> dict[Key, Record]:
    """The first row per (employee_id, period)."""
    out: dict[Key, Record] = {}
    for record in records(frame):
        out.setdefault((str(record["employee_id"]), str(record["period"])), record)
    return out


def inner_periods(period: Period) -> list[str]:
    """``period`` and the periods inside it, in the order result tables sort them (by
    end, a month before its quarter before its year)."""
    inside = [*period.months(), *period.quarters(), period]
    return [str(p) for p in sorted(set(inside), key=lambda p: (p.end, CYCLES.index(p.cycle)))]


@dataclass(frozen=True)
class Worded:
    """The ledger lines and actions per employee and period, sentences in one language."""

    payouts: dict[Key, list[Record]]
    actions: dict[Key, list[Record]]

    def within(self, table: str, employee: str, period: Period) -> list[Record]:
        """The rows of ``table`` (payouts or actions) for ``period`` and the periods in
        it, in table order."""
        rows: dict[Key, list[Record]] = getattr(self, table)
        return [r for p in inner_periods(period) for r in rows.get((employee, p), [])]


@dataclass(frozen=True)
class Books:
    """Everything the builders look up, per employee or per employee and period."""

    results: Results
    facts: Facts
    tables: Tables
    people: People
    scores: dict[Key, Record]
    grades: GradeBook
    reviews: dict[Key, Record]
    appeals: dict[Key, AppealDates]
    appeal_rows: dict[Key, Record]
    worded: dict[str, Worded]
    reconciliation: dict[str, list[Record]]
    commission_lines: dict[str, list[Record]]
    balances: dict[str, Decimal]  # contract -> amount not yet collected (checklists)

    @property
    def currency(self) -> str:
        return self.facts.plan.currency

    @cached_property
    def customer_names(self) -> dict[str, str]:
        """Customer id -> name: the Customers sheet's, else the name on a Sales row (built
        once, when the first checklist needs it)."""
        sales, customers = self.facts.sales, self.facts.customers
        names = {c: n for c, n in zip(sales["customer_id"].tolist(),
                                      sales["customer_name"].tolist(), strict=True)
                 if not is_blank_value(n)}
        names.update((c, n) for c, n in zip(customers["customer_id"].tolist(),
                                            customers["customer_name"].tolist(), strict=True)
                     if not is_blank_value(n))
        return names

    def words(self, language: str) -> Worded:
        return self.worded.get(language) or self.worded[self.facts.plan.language]


def open_balances(facts: Facts) -> dict[str, Decimal]:
    """Contract id -> amount not yet collected (positive contracts only), before as-of."""
    sales = facts.sales[facts.sales["amount"] > 0].drop_duplicates("contract_id")
    collected: dict[str, Decimal] = {}
    for contract, counted in zip(facts.collections["contract_id"],
                                 facts.collections["counted"], strict=True):
        collected[contract] = collected.get(contract, ZERO) + counted
    return {c: a - collected.get(c, ZERO) for c, a in zip(sales["contract_id"], sales["amount"],
                                                          strict=True)}


def build_books(results: Results, languages: Iterable[str]) -> Books:
    """The lookups of a run, with payout and action sentences in each of ``languages``."""
    facts, tables = results.facts, results.tables
    if facts is None or tables is None:
        raise ValueError("documents need Results computed by pipeline.run (facts, tables)")
    worded: dict[str, Worded] = {facts.plan.language: Worded(by_period(results.payouts),
                                          by_period(results.actions))}
    for language in sorted(set(languages) - set(worded)):
        local = replace(facts, plan=facts.plan.with_language(language))
        ledger, _ = payout_tables(local, results.scores)
        worded[language] = Worded(by_period(ledger),
                                  by_period(actions_table(local, results.scores)))
    appeals = facts.appeals.sort_values(["submitted_date"], kind="stable")
    return Books(
        results=results, facts=facts, tables=tables,
        people=people_of(facts.employees, facts.plan.language),
        scores=by_key(results.scores), grades=grade_book(results.scores, facts.history),
        reviews=by_key(facts.reviews),
        appeals=latest_appeals(facts.appeals, facts.as_of),
        appeal_rows={(str(r["employee_id"]), str(r["period"])): r
                     for r in records(appeals)},
        worded=worded, reconciliation=by_employee(results.reconciliation),
        commission_lines=by_employee(results.commission_lines),
        balances=open_balances(facts))
