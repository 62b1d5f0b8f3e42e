"""The whole computation: raw workbook -> validated tables -> scores and grades.

``run`` is what every shell calls. It raises ``WorkbookInvalid`` with every problem when the
workbook has errors, before anything is computed for output; otherwise it returns
``Results`` with the warnings attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from toolkit.core import indicators as ind
from toolkit.core.actions import actions_table
from toolkit.core.facts import Facts, cut
from toolkit.core.frames import records
from toolkit.core.money import ZERO
from toolkit.core.outputs import ACTIONS, SCHEDULE, SCORES, Output
from toolkit.core.payouts import payout_stage
from toolkit.core.periods import Period
from toolkit.core.plan import INDICATORS, Plan
from toolkit.core.problems import Problem, WorkbookInvalid, sort_problems, warning
from toolkit.core.qualitative import PeerBook, ReviewBook
from toolkit.core.raw import RawWorkbook
from toolkit.core.schedule import schedule_table
from toolkit.core.scoring import Scorer, final_grades, ratio, ratios
from toolkit.core.targets import (
    Employment,
    Grading,
    Target,
    employed_fractions,
    employments,
    grading,
)
from toolkit.core.validate import Tables, validate


@dataclass(frozen=True)
class Results:
    """Everything a run produces; frames hold typed values (Decimal money, Period text)."""

    as_of: date
    plan: Plan
    periods: tuple[Period, ...]
    scores: pd.DataFrame
    problems: tuple[Problem, ...]
    row_counts: dict[str, int] = field(default_factory=dict)
    # Filled by later stages; ``None`` means the stage did not run.
    payouts: pd.DataFrame | None = None
    commission_lines: pd.DataFrame | None = None
    reconciliation: pd.DataFrame | None = None
    actions: pd.DataFrame | None = None
    schedule: pd.DataFrame | None = None
    # The facts the run computed from (for documents that list customers, leads, assets).
    facts: Facts | None = None
    tables: Tables | None = None

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


# Told each result table that is final before the run's end, with the run's language:
# the scores, the actions and the schedule, then the commission lines and the payouts (the
# command line starts writing each then, while the rest is computed).
TableDone = Callable[[Output, pd.DataFrame, str], object]


def run(raw: RawWorkbook, as_of: date, language: str | None = None,
        final: TableDone | None = None) -> Results:
    """Validate ``raw`` and compute every result as of ``as_of``.

    ``language`` (``en``/``zh``) overrides the plan's. Raises ``WorkbookInvalid`` listing
    every problem when any is an error. ``final`` is told each table that is final before
    the end (see ``compute``).
    """
    tables, problems = validate(raw)
    tables = Tables(tables.frames, tables.plan.with_language(language), tables.titles,
                    tables.letters, tables.present)
    if any(p.severity == "error" for p in problems):
        # Missing targets are reported with the other errors, so one run shows them all.
        raise WorkbookInvalid([*problems, *_grading(tables, as_of).problems])
    return compute(tables, as_of, problems, final)


def _grading(tables: Tables, as_of: date) -> Grading:
    staff = employments(tables["Employees"].dropna(subset=["employee_id", "hire_date"]))
    targets = tables["Targets"].dropna(subset=["employee_id", "period"])
    return grading(targets, staff, tables.plan, as_of, tables.title("Targets"))


def compute(tables: Tables, as_of: date, problems: list[Problem] | None = None,
            final: TableDone | None = None) -> Results:
    """Scores and grades for every graded employee and period of valid ``tables``.

    ``final(output, frame, language)`` is told each table once it is final and no error
    can follow (the stages after the score table add no problems): the scores, the
    actions, the schedule, the commission lines and the payouts, in that order, each as
    soon as it is made.
    """
    found = list(problems or [])
    facts, cash_problems = cut(tables, as_of)
    found.extend(cash_problems)
    staff = employments(facts.employees)
    graded = grading(facts.targets, staff, facts.plan, as_of, tables.title("Targets"))
    found.extend(graded.problems)
    if any(p.severity == "error" for p in found):
        raise WorkbookInvalid(found)
    scores, peer_problems = score_table(facts, graded, tables.title("PeerReviews"))
    found.extend(peer_problems)

    def tell(output: Output, frame: pd.DataFrame) -> None:
        if final is not None:
            final(output, frame, facts.plan.language)

    tell(SCORES, scores)
    actions = actions_table(facts, scores)
    tell(ACTIONS, actions)
    schedule = schedule_table(facts, scores)
    tell(SCHEDULE, schedule)
    counts = {name: len(frame) for name, frame in tables.frames.items() if tables.has(name)}
    return Results(as_of, facts.plan, graded.periods, scores,
                   tuple(sort_problems(found)), counts, actions=actions, schedule=schedule,
                   facts=facts, tables=tables,
                   **payout_stage(facts, scores, tables["Payroll"], tell))


@dataclass(frozen=True)
class _Books:
    """Every per-employee-and-period lookup the score rows need, built once."""

    sales: dict[tuple[str, str], Decimal]
    new_sales: dict[tuple[str, str], Decimal]
    new_customers: dict[tuple[str, str], int]
    due: dict[tuple[str, str], Decimal]
    on_time: dict[tuple[str, str], Decimal]
    leads: dict[tuple[str, str], int]
    converted: dict[tuple[str, str], int]
    reviews: ReviewBook
    peers: PeerBook
    appeals: dict[tuple[str, str], tuple[str | None, str]]
    people: dict[str, dict[str, Any]]
    staff: dict[str, Employment]

    @staticmethod
    def build(facts: Facts) -> _Books:
        rows = ind.SalesRows.of(facts.sales)
        first = ind.first_purchases(facts, rows)
        sales, new_sales = ind.sales_values(facts, rows, first)
        due, on_time = ind.collection_values(facts, rows)
        leads, converted = ind.lead_values(facts)
        return _Books(
            sales, new_sales, ind.new_customer_counts(facts, rows, first), due, on_time, leads,
            converted,
            ReviewBook(facts.reviews), PeerBook(facts.peer_reviews, facts.plan.min_peer_reviews),
            final_grades(facts.appeals),
            {r["employee_id"]: r for r in records(facts.employees.drop_duplicates("employee_id"))},
            employments(facts.employees))

    def measures(self, keys: list[tuple[str, str]]) -> tuple[
            list[Decimal], list[Decimal], list[int], list[Decimal], list[Decimal], list[int],
            list[int]]:
        """Sales, new-customer sales and count, collection due and on time, leads and
        converted leads of each (employee, period text) key; 0 where it has none."""
        return ([self.sales.get(key, ZERO) for key in keys],
                [self.new_sales.get(key, ZERO) for key in keys],
                [self.new_customers.get(key, 0) for key in keys],
                [self.due.get(key, ZERO) for key in keys],
                [self.on_time.get(key, ZERO) for key in keys],
                [self.leads.get(key, 0) for key in keys],
                [self.converted.get(key, 0) for key in keys])


def score_table(facts: Facts, graded: Grading, peer_title: str
                ) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per graded employee and period with every value, score and grade.

    A quarter or year whose teamwork is missing for too few peer ratings gets a warning.
    Each period's rows are computed column by column (see ``_score_rows``).
    """
    books = _Books.build(facts)
    columns: list[list[Any]] = [[] for _ in SCORE_COLUMNS]
    problems: list[Problem] = []
    minimum = facts.plan.min_peer_reviews
    teamwork_at, ratings_at = SCORE_COLUMNS.index("teamwork"), SCORE_COLUMNS.index("peer_ratings")
    for period in graded.periods:
        employees = graded.employees_in(period)
        block = _score_rows(books, Scorer.of(facts.plan, period.cycle), period, employees,
                            [graded.targets[(e, period)] for e in employees])
        for column, values in zip(columns, block, strict=True):
            column.extend(values)
        if period.cycle == "month":
            continue
        for employee, teamwork, ratings in zip(employees, block[teamwork_at], block[ratings_at],
                                               strict=True):
            if teamwork is None:
                problems.append(warning(peer_title, f"{employee} {period}: expected at least "
                                        f"{minimum} peer ratings, found {ratings}; "
                                        "teamwork is missing"))
    return _frame(columns), problems


def _frame(columns: list[list[Any]]) -> pd.DataFrame:
    """The score table from its SCORE_COLUMNS lists.

    Built column by column rather than through row tuples; pandas infers each column's
    dtype from its values the same way (Decimal columns stay object, all-int columns
    int64, text str). Without rows, every column is object, as from an empty row list.
    """
    if not columns[0]:
        return pd.DataFrame([], columns=SCORE_COLUMNS)
    return pd.DataFrame(dict(zip(SCORE_COLUMNS, columns, strict=True)))


def _score_rows(books: _Books, scorer: Scorer, period: Period, employees: list[str],
                targets: list[Target]) -> list[list[Any]]:
    """The SCORE_COLUMNS of ``employees`` in ``period``, one list per column."""
    text, rows = str(period), len(employees)
    keys = [(employee, text) for employee in employees]
    sold, new_sold, new_count, due, on_time, leads, converted = books.measures(keys)
    rate_collected = ratios(on_time, [amount or None for amount in due])
    rate_converted = _conversion_rates(converted, leads)
    attainment = ratios(sold, [t.sales for t in targets])
    new_customers = ratios(new_count, [t.new_customers for t in targets])
    reviews = books.reviews.values_in(period, employees)
    satisfaction = [r.satisfaction if r else None for r in reviews]
    compliance = [r.compliance if r else None for r in reviews]
    learning = [r.learning if r else None for r in reviews]
    peers = books.peers.teamwork_in(period, employees)
    teamwork = [mean for mean, _ in peers]
    graded = scorer.grade([
        attainment, new_customers, ratios(rate_collected, [t.collection for t in targets]),
        ratios(rate_converted, [t.lead_conversion for t in targets]), satisfaction,
        compliance, teamwork, learning])
    appeals = [books.appeals.get(key, (None, None)) for key in keys]
    people = [books.people[employee] for employee in employees]
    return [
        employees, [p["name"] for p in people], [p["department"] for p in people],
        [text] * rows, [period.cycle] * rows, sold, [t.sales for t in targets], attainment,
        new_sold, [all_ - new for all_, new in zip(sold, new_sold, strict=True)],
        # A missing indicator has a blank value cell too (SPEC section 10).
        [None if r is None else n for r, n in zip(new_customers, new_count, strict=True)],
        [t.new_customers for t in targets], due, on_time, rate_collected, leads, converted,
        rate_converted, satisfaction, compliance, teamwork, learning, *graded.scores,
        [";".join(missing) for missing in graded.missing], graded.total,
        graded.grade_computed,
        [revised or g for (revised, _), g in zip(appeals, graded.grade_computed, strict=True)],
        [decision for _, decision in appeals], [p["manager_id"] for p in people],
        employed_fractions(period, [books.staff[employee] for employee in employees]),
        [t.lead_conversion for t in targets], [t.collection for t in targets],
        [count for _, count in peers],
    ]


def _conversion_rates(converted: list[int], leads: list[int]) -> list[Decimal | None]:
    """converted / leads of each row, ``None`` without leads (``ratio``). Many rows share
    the same pair of counts, so each distinct pair is divided once."""
    pairs = list(zip(converted, leads, strict=True))
    rates = {(made, count): ratio(made, Decimal(count) or None) for made, count in set(pairs)}
    return [rates[pair] for pair in pairs]


SCORE_COLUMNS = [
    "employee_id", "name", "department", "period", "cycle", "sales", "sales_target",
    "sales_attainment", "new_customer_sales", "existing_customer_sales", "new_customers",
    "new_customer_target", "collection_due", "collected_on_time", "collection_rate", "leads",
    "leads_converted", "lead_conversion", "satisfaction", "compliance", "teamwork", "learning",
    *(f"score_{i}" for i in INDICATORS), "missing_indicators", "total_score",
    "grade_computed", "grade", "appeal", "manager_id", "employed_fraction",
    "lead_conversion_target", "collection_target", "peer_ratings",
]
