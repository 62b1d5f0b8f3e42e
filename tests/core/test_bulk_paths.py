"""The column-at-a-time paths of the score stage give exactly what the one-row rules give.

``Scorer`` scores and totals whole columns, ``TargetBook.targets_in`` resolves a period's
targets for many employees, ``ReviewBook.values_in`` and ``PeerBook.teamwork_in`` look a
period up for many employees, and ``employed_fractions`` works on ordinals. Each is checked
against the rule written out one row at a time, as the SPEC states it, down to the Decimal's
exponent (``repr``), with generated inputs that include the rounding and clamping edges.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.core.money import round_score
from toolkit.core.periods import CYCLES, Cycle, Period
from toolkit.core.pipeline import SCORE_COLUMNS, _conversion_rates, _frame
from toolkit.core.plan import INDICATORS, RATIO_INDICATORS, Plan, Weights
from toolkit.core.qualitative import PeerBook, ReviewBook, ReviewValues
from toolkit.core.scoring import (
    Graded,
    clamp_score,
    grade_indicators,
    ratio,
    ratio_score,
    ratios,
    total_score,
)
from toolkit.core.targets import Employment, Target, TargetBook, employed_fractions

CHECKS = settings(max_examples=300, deadline=None)
BOOKS = settings(max_examples=100, deadline=None)


# -- Scores, totals and grades ------------------------------------------------------------

def _total_one_row(scores: dict[str, Decimal | None], plan: Plan, cycle: Cycle) -> Decimal:
    """SPEC section 4 written out for one row: Σ weight × score / Σ weight."""
    weighted = Decimal(0)
    weight_sum = Decimal(0)
    for indicator in INDICATORS:
        weight = plan.weights.of(indicator, cycle)
        score = scores.get(indicator)
        if score is None:
            if plan.missing_policy == "zero":
                weight_sum += weight
            continue
        weighted += weight * score
        weight_sum += weight
    if weight_sum == 0:
        return Decimal(0)
    return weighted / weight_sum


def _graded_one_row(values: dict[str, Decimal | None], plan: Plan, cycle: Cycle) -> Graded:
    scores: dict[str, Decimal | None] = {
        i: ratio_score(values.get(i), plan.score_cap) if i in RATIO_INDICATORS
        else clamp_score(values.get(i)) for i in INDICATORS}
    exact = _total_one_row(scores, plan, cycle)
    total = round_score(exact)
    return Graded(scores, tuple(i for i in INDICATORS if scores[i] is None), exact, total,
                  plan.bands.grade(total))


def _weights(columns: dict[str, tuple[str, str, str]]) -> Weights:
    return Weights({i: dict(zip(CYCLES, (Decimal(w) for w in ws), strict=True))
                    for i, ws in columns.items()})


WEIGHT_TABLES = [
    Weights.default(),
    # Zero weights and weights with a fraction of a percent.
    _weights({"sales_attainment": ("32.5", "0", "40"), "new_customers": ("0", "20", "10"),
              "collection_rate": ("12.5", "20", "10"), "lead_conversion": ("5", "10", "0"),
              "satisfaction": ("20", "20", "15.25"), "compliance": ("10", "10", "14.75"),
              "teamwork": ("0", "10", "10"), "learning": ("20", "10", "0")}),
]

# Ratios and values at the edges: 0, just below 0, the cap, just above it, 100, and scores
# whose total lands on half a cent (94.995 rounds up to 95.00, an A).
EDGE_RATIOS = [Decimal(x) for x in ("0", "0.000", "-0.0001", "-0", "1.2", "1.20", "1.2001",
                                    "0.94995", "0.849950", "1.049949", "3")]
EDGE_VALUES = [Decimal(x) for x in ("0", "-0.01", "100", "100.00", "100.01", "94.995",
                                    "84.995", "69.995", "104.995")]
ratio_values = st.none() | st.sampled_from(EDGE_RATIOS) | st.decimals(
    min_value=-1, max_value=3, places=6, allow_nan=False, allow_infinity=False)
review_values = st.none() | st.sampled_from(EDGE_VALUES) | st.decimals(
    min_value=-50, max_value=150, places=4, allow_nan=False, allow_infinity=False)
indicator_values = st.fixed_dictionaries(
    {i: ratio_values if i in RATIO_INDICATORS else review_values for i in INDICATORS})
plans = st.builds(
    lambda weights, policy, cap: replace(Plan(), weights=weights, missing_policy=policy,
                                         score_cap=cap),
    st.sampled_from(WEIGHT_TABLES), st.sampled_from(["renormalize", "zero"]),
    st.sampled_from([Decimal("1.2"), Decimal("1"), Decimal("1.50"), Decimal("0.8")]))


@CHECKS
@given(indicator_values, plans, st.sampled_from(CYCLES))
def test_grading_by_columns_equals_the_rule_row_by_row(values: dict[str, Decimal | None],
                                                      plan: Plan, cycle: Cycle) -> None:
    """Every score, the missing list, the exact and rounded total and the grade are the
    same Decimals, exponent included, as the one-row rule gives."""
    expected = _graded_one_row(values, plan, cycle)
    found = grade_indicators(values, plan, cycle)
    assert repr(found) == repr(expected)
    assert repr(total_score(expected.scores, plan, cycle)) == repr(expected.total_exact)


def test_a_total_on_half_a_cent_rounds_up_in_the_column_path() -> None:
    """Every indicator scoring 94.995: the total is 94.995 exactly and rounds up to 95.00,
    an A (half-even would also give 95.00 here; 94.985 shows the difference: 94.99)."""
    for score, total, grade in (("94.995", "95.00", "A"), ("94.985", "94.99", "B")):
        values: dict[str, Decimal | None] = {
            i: Decimal(score) / 100 if i in RATIO_INDICATORS else Decimal(score)
            for i in INDICATORS}
        found = grade_indicators(values, Plan(), "quarter")
        assert found.total == Decimal(total)
        assert found.grade_computed == grade
        assert repr(found) == repr(_graded_one_row(values, Plan(), "quarter"))


amounts = st.none() | st.integers(min_value=0, max_value=50) | st.decimals(
    min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@CHECKS
@given(st.lists(st.tuples(amounts, amounts), max_size=20))
def test_ratios_of_a_column_equal_each_ratio(pairs: list[tuple[Any, Any]]) -> None:
    """actual / target pairwise, ``None`` when either is missing or the target is 0."""
    actuals = [a for a, _ in pairs]
    targets = [None if t is None else Decimal(t) for _, t in pairs]
    assert [repr(r) for r in ratios(actuals, targets)] == [
        repr(ratio(a, t)) for a, t in zip(actuals, targets, strict=True)]


@CHECKS
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=5),
                          st.integers(min_value=0, max_value=5)), max_size=20))
def test_conversion_rates_divided_once_per_pair_equal_each_ratio(
        pairs: list[tuple[int, int]]) -> None:
    """converted / leads row by row, ``None`` without leads, whichever rows repeat a pair."""
    converted, leads = [c for c, _ in pairs], [n for _, n in pairs]
    assert [repr(r) for r in _conversion_rates(converted, leads)] == [
        repr(r) for r in ratios(converted, [Decimal(n) or None for n in leads])]


# -- Targets ------------------------------------------------------------------------------

YEAR = Period.of_year(2026)
PERIODS_2026 = [p for q in YEAR.quarters() for p in (*q.months(), q)] + [YEAR]


def _target_one_row(rows: dict[tuple[str, str], dict[str, Any]], job: Employment,
                    period: Period, plan: Plan) -> Target:
    """SPEC section 2 "Targets" written out: the period's own row wins, else the sum over
    its employed months (a quarter) or quarters (a year), each resolved the same way."""

    def value(part: Period, column: str) -> Decimal | None:
        row = rows.get((job.employee_id, str(part)))
        cell = None if row is None else row[column]
        if cell is not None:
            found = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
            return found * job.fraction(part) if plan.prorate else found
        if part.cycle == "month":
            return None
        total = Decimal(0)
        for inner in part.months() if part.cycle == "quarter" else part.quarters():
            if job.days(inner) == 0:
                continue
            inner_value = value(inner, column)
            if inner_value is None:
                return None
            total += inner_value
        return total

    def rate(column: str, default: Decimal) -> Decimal:
        row = rows.get((job.employee_id, str(period)))
        cell = None if row is None else row[column]
        return default if cell is None else Decimal(repr(cell))

    return Target(value(period, "sales_target"), value(period, "new_customer_target"),
                  rate("lead_conversion_target", plan.default_lead_conversion_target),
                  rate("collection_target", plan.default_collection_target))


days_2026 = st.dates(date(2025, 11, 1), date(2027, 2, 1))
jobs = st.tuples(days_2026, st.none() | days_2026)
target_rows = st.tuples(
    st.sampled_from(["E1", "E2", "E3"]), st.sampled_from([str(p) for p in PERIODS_2026]),
    st.none() | st.decimals(min_value=0, max_value=500000, places=1, allow_nan=False,
                            allow_infinity=False),
    st.none() | st.sampled_from([0.0, 1.0, 2.0, 3.5, -0.0]),
    st.none() | st.sampled_from([0.2, 0.22, 0.25]),
    st.none() | st.sampled_from([1.0, 0.9]))


@BOOKS
@given(st.lists(target_rows, max_size=40), jobs, jobs, jobs, st.booleans())
def test_targets_resolved_for_a_period_equal_the_rule_one_employee_at_a_time(
        rows: list[tuple[Any, ...]], first: tuple[date, date | None],
        second: tuple[date, date | None], third: tuple[date, date | None],
        prorate: bool) -> None:
    """For every month, quarter and year of 2026: the employees with an employment day
    there, each with the targets the rule gives (same Decimals, exponent included)."""
    plan = replace(Plan(), prorate=prorate)
    staff = {e: Employment(e, hired, left)
             for e, (hired, left) in zip(("E1", "E2", "E3"), (first, second, third),
                                         strict=True)}
    frame = pd.DataFrame(rows, columns=["employee_id", "period", "sales_target",
                                        "new_customer_target", "lead_conversion_target",
                                        "collection_target"], dtype=object)
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for employee, period, *cells in rows:
        by_key.setdefault((employee, period), dict(zip(frame.columns[2:], cells,
                                                       strict=True)))
    book = TargetBook(frame, staff, plan)
    for period in PERIODS_2026:
        expected = {e: _target_one_row(by_key, job, period, plan)
                    for e, job in staff.items() if job.days(period) > 0}
        assert repr(book.targets_in(period, list(staff))) == repr(expected)
        assert all(repr(book.target(e, period)) == repr(t) for e, t in expected.items())


@CHECKS
@given(st.lists(jobs, max_size=10), st.sampled_from(PERIODS_2026))
def test_employed_fractions_equal_each_jobs_fraction(found: list[tuple[date, date | None]],
                                                   period: Period) -> None:
    """Employment days / calendar days, exact, for each job in order."""
    staff = [Employment(f"E{i}", hired, left) for i, (hired, left) in enumerate(found)]
    assert [repr(f) for f in employed_fractions(period, staff)] == [
        repr(job.fraction(period)) for job in staff]


# -- Reviews and peer ratings -------------------------------------------------------------

def _review_one_row(book: ReviewBook, employee: str, period: Period) -> ReviewValues | None:
    """SPEC section 5 written out: the period's row; a month falls back to its quarter's
    row; a year to the per-value mean over its quarters' rows (blanks ignored)."""
    exact = book.rows.get((employee, str(period)))
    if exact is not None:
        return exact
    if period.cycle == "month":
        return book.rows.get((employee, str(period.parent())))
    if period.cycle == "quarter":
        return None
    found = [v for q in period.quarters() if (v := book.rows.get((employee, str(q))))]
    if not found:
        return None
    means: dict[str, Decimal | None] = {}
    for name in ("satisfaction", "compliance", "learning"):
        present = [x for v in found if (x := getattr(v, name)) is not None]
        means[name] = sum(present, Decimal(0)) / len(present) if present else None
    return ReviewValues(**means)


def _teamwork_one_row(book: PeerBook, employee: str, period: Period
                      ) -> tuple[Decimal | None, int]:
    """The mean rating received; a month without ratings takes its quarter's; a year
    takes its own and its quarters'; fewer than the minimum: missing."""
    own = book.scores.get((employee, str(period)), [])
    if period.cycle == "month" and not own:
        found = book.scores.get((employee, str(period.parent())), [])
    elif period.cycle == "year":
        found = own + [s for q in period.quarters()
                       for s in book.scores.get((employee, str(q)), [])]
    else:
        found = own
    if len(found) < book.minimum or not found:
        return None, len(found)
    return sum(found, Decimal(0)) / len(found), len(found)


people = st.sampled_from(["E1", "E2", "E3"])
period_texts = st.sampled_from([str(p) for p in PERIODS_2026])
marks = st.none() | st.sampled_from([0.0, 55.5, 80.0, 92.25, 100.0, 3.0])
review_rows = st.tuples(people, period_texts, marks, marks, marks)
peer_rows = st.tuples(period_texts, people, people,
                      st.sampled_from([60.0, 75.5, 80.0, 90.0, 99.9, 100.0]))


@BOOKS
@given(st.lists(review_rows, max_size=30), st.lists(peer_rows, max_size=40),
       st.integers(min_value=0, max_value=4))
def test_reviews_and_teamwork_for_a_period_equal_the_rule_one_employee_at_a_time(
        reviews: list[tuple[Any, ...]], peers: list[tuple[Any, ...]], minimum: int) -> None:
    """For every month, quarter and year: each employee's review values and teamwork (mean
    and number of ratings) are what the one-employee rule gives."""
    review_book = ReviewBook(pd.DataFrame(reviews, columns=[
        "employee_id", "period", "satisfaction", "compliance_deductions", "learning"],
        dtype=object))
    peer_book = PeerBook(pd.DataFrame(peers, columns=["period", "rater_id", "ratee_id",
                                                      "score"]), minimum)
    employees = ["E1", "E2", "E3", "E4"]
    for period in PERIODS_2026:
        assert repr(review_book.values_in(period, employees)) == repr(
            [_review_one_row(review_book, e, period) for e in employees])
        assert repr(peer_book.teamwork_in(period, employees)) == repr(
            [_teamwork_one_row(peer_book, e, period) for e in employees])
        assert all(repr(peer_book.teamwork(e, period))
                   == repr(_teamwork_one_row(peer_book, e, period)) for e in employees)


# -- The score table's frame --------------------------------------------------------------

def _frame_from_rows(columns: list[list[Any]]) -> pd.DataFrame:
    """The score table built row by row, as a list of row tuples."""
    return pd.DataFrame(list(zip(*columns, strict=True)), columns=SCORE_COLUMNS)


def _typed(frame: pd.DataFrame) -> list[Any]:
    return [(str(frame[c].dtype), [(type(v), repr(v)) for v in frame[c].tolist()])
            for c in frame.columns]


cell_values = st.sampled_from([None, "E1", "", 0, 3, 2.5, float("nan"), True, Decimal("1.0"),
                               Decimal("1.00"), Decimal("-0"), date(2026, 1, 1)])


@CHECKS
@given(st.lists(st.lists(cell_values, min_size=len(SCORE_COLUMNS),
                         max_size=len(SCORE_COLUMNS)), max_size=4))
def test_the_score_frame_built_by_columns_equals_the_frame_built_by_rows(
        rows: list[list[Any]]) -> None:
    """Every column gets the dtype and every cell the type and value that building the
    frame from row tuples gives, with no rows too (every column object)."""
    columns = [list(column) for column in zip(*rows, strict=True)] or [
        [] for _ in SCORE_COLUMNS]
    found, expected = _frame(columns), _frame_from_rows(columns)
    assert list(found.columns) == list(expected.columns)
    assert found.index.equals(expected.index)
    assert _typed(found) == _typed(expected)
