"""The whole computation: raw workbook -> validated tables -> scores and grades.

``run`` is what every shell calls. It raises ``WorkbookInvalid`` with every problem when the
workbook has errors, before anything is computed for output; otherwise it returns
``Results`` with the warnings attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from toolkit.core import indicators as ind
from toolkit.core.actions import actions_table
from toolkit.core.facts import Facts, cut
from toolkit.core.money import ZERO
from toolkit.core.payouts import payout_stage
from toolkit.core.periods import Period
from toolkit.core.plan import INDICATORS, Plan
from toolkit.core.problems import Problem, WorkbookInvalid, sort_problems, warning
from toolkit.core.qualitative import PeerBook, ReviewBook
from toolkit.core.raw import RawWorkbook
from toolkit.core.schedule import schedule_table
from toolkit.core.scoring import final_grades, grade_indicators, ratio
from toolkit.core.targets import Employment, Grading, Target, employments, grading
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


def run(raw: RawWorkbook, as_of: date, language: str | None = None,
        scored: Callable[[Results], object] | None = None) -> Results:
    """Validate ``raw`` and compute every result as of ``as_of``.

    ``language`` (``en``/``zh``) overrides the plan's. Raises ``WorkbookInvalid`` listing
    every problem when any is an error. ``scored`` is called with the results as soon as
    the scores are in, before the later stages (see ``compute``).
    """
    tables, problems = validate(raw)
    tables = Tables(tables.frames, tables.plan.with_language(language), tables.titles,
                    tables.letters, tables.present)
    if any(p.severity == "error" for p in problems):
        # Missing targets are reported with the other errors, so one run shows them all.
        raise WorkbookInvalid([*problems, *_grading(tables, as_of).problems])
    return compute(tables, as_of, problems, scored)


def _grading(tables: Tables, as_of: date) -> Grading:
    staff = employments(tables["Employees"].dropna(subset=["employee_id", "hire_date"]))
    targets = tables["Targets"].dropna(subset=["employee_id", "period"])
    return grading(targets, staff, tables.plan, as_of, tables.title("Targets"))


def compute(tables: Tables, as_of: date, problems: list[Problem] | None = None,
            scored: Callable[[Results], object] | None = None) -> Results:
    """Scores and grades for every graded employee and period of valid ``tables``, then
    payouts, actions and the schedule.

    ``scored`` gets the results with the scores only (the later stages ``None``), so that
    a shell can start writing them while the rest is computed.
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
    counts = {name: len(frame) for name, frame in tables.frames.items() if tables.has(name)}
    results = Results(as_of, facts.plan, graded.periods, scores, tuple(sort_problems(found)),
                      counts, facts=facts, tables=tables)
    if scored is not None:
        scored(results)
    return replace(results, actions=actions_table(facts, scores),
                   schedule=schedule_table(facts, scores),
                   **payout_stage(facts, scores, tables["Payroll"]))


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
        first = ind.first_purchases(facts)
        sales, new_sales = ind.sales_values(facts, first)
        due, on_time = ind.collection_values(facts)
        leads, converted = ind.lead_values(facts)
        return _Books(
            sales, new_sales, ind.new_customer_counts(facts, first), due, on_time, leads,
            converted,
            ReviewBook(facts.reviews), PeerBook(facts.peer_reviews, facts.plan.min_peer_reviews),
            final_grades(facts.appeals),
            {r["employee_id"]: r for r in facts.employees.drop_duplicates("employee_id")
             .to_dict("records")},
            employments(facts.employees))


def score_table(facts: Facts, graded: Grading, peer_title: str
                ) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per graded employee and period with every value, score and grade.

    A quarter or year whose teamwork is missing for too few peer ratings gets a warning.
    """
    books = _Books.build(facts)
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    minimum = facts.plan.min_peer_reviews
    for period in graded.periods:
        for employee in graded.employees_in(period):
            row = _score_row(books, facts.plan, employee, period,
                             graded.targets[(employee, period)])
            rows.append(row)
            if row["teamwork"] is None and period.cycle != "month":
                problems.append(warning(peer_title, f"{employee} {period}: expected at least "
                                        f"{minimum} peer ratings, found {row['peer_ratings']}; "
                                        "teamwork is missing"))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS), problems


def _score_row(books: _Books, plan: Plan, employee: str, period: Period,
               target: Target) -> dict[str, Any]:
    key = (employee, str(period))
    review = books.reviews.values(employee, period)
    teamwork, ratings = books.peers.teamwork(employee, period)
    sold = books.sales.get(key, ZERO)
    new_sold = books.new_sales.get(key, ZERO)
    new_count = books.new_customers.get(key, 0)
    due_amount, on_time = books.due.get(key, ZERO), books.on_time.get(key, ZERO)
    lead_count, converted = books.leads.get(key, 0), books.converted.get(key, 0)
    rate_collected = ratio(on_time, due_amount or None)
    rate_converted = ratio(converted, Decimal(lead_count) or None)
    values: dict[str, Decimal | None] = {
        "sales_attainment": ratio(sold, target.sales),
        "new_customers": ratio(new_count, target.new_customers),
        "collection_rate": ratio(rate_collected, target.collection),
        "lead_conversion": ratio(rate_converted, target.lead_conversion),
        "satisfaction": review.satisfaction if review else None,
        "compliance": review.compliance if review else None,
        "teamwork": teamwork,
        "learning": review.learning if review else None,
    }
    result = grade_indicators(values, plan, period.cycle)
    revised, decision = books.appeals.get(key, (None, None))
    person = books.people[employee]
    return {
        "employee_id": employee, "name": person["name"], "department": person["department"],
        "period": str(period), "cycle": period.cycle, "sales": sold,
        "sales_target": target.sales, "sales_attainment": values["sales_attainment"],
        "new_customer_sales": new_sold, "existing_customer_sales": sold - new_sold,
        # A missing indicator has a blank value cell too (SPEC section 10).
        "new_customers": None if values["new_customers"] is None else new_count,
        "new_customer_target": target.new_customers,
        "collection_due": due_amount, "collected_on_time": on_time,
        "collection_rate": rate_collected, "leads": lead_count, "leads_converted": converted,
        "lead_conversion": rate_converted, "satisfaction": values["satisfaction"],
        "compliance": values["compliance"], "teamwork": teamwork, "learning": values["learning"],
        **{f"score_{i}": result.scores[i] for i in INDICATORS},
        "missing_indicators": ";".join(result.missing), "total_score": result.total,
        "grade_computed": result.grade_computed, "grade": revised or result.grade_computed,
        "appeal": decision, "manager_id": person["manager_id"],
        "employed_fraction": books.staff[employee].fraction(period),
        "lead_conversion_target": target.lead_conversion,
        "collection_target": target.collection, "peer_ratings": ratings,
    }


SCORE_COLUMNS = [
    "employee_id", "name", "department", "period", "cycle", "sales", "sales_target",
    "sales_attainment", "new_customer_sales", "existing_customer_sales", "new_customers",
    "new_customer_target", "collection_due", "collected_on_time", "collection_rate", "leads",
    "leads_converted", "lead_conversion", "satisfaction", "compliance", "teamwork", "learning",
    *(f"score_{i}" for i in INDICATORS), "missing_indicators", "total_score",
    "grade_computed", "grade", "appeal", "manager_id", "employed_fraction",
    "lead_conversion_target", "collection_target", "peer_ratings",
]
