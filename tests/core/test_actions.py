"""SPEC section 7: the actions a grade triggers.

Most cases feed ``actions_table`` hand-written score rows (the grade and the few values a
rule reads) with Employees and History from a small workbook, so each test states exactly
the grades it is about. Dates are on the official China calendar; see test_calendar.py for
how each deadline is counted. The cast: E1 Ann (manager E3, no mentor), E2 Bob (manager
E3, mentor E4), E3 Carol and E4 Dan (no manager), all hired 2020.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from tests.builders import raw
from toolkit.core.actions import actions_table
from toolkit.core.awards import first_full_quarter
from toolkit.core.facts import Facts, cut
from toolkit.core.outputs import ACTIONS, SCHEDULE
from toolkit.core.periods import Period
from toolkit.core.pip import describe_target, pip_targets
from toolkit.core.pipeline import run
from toolkit.core.plan import INDICATORS, Plan
from toolkit.core.validate import validate

HIRED = date(2020, 1, 1)
EMPLOYEE_HEADERS = ["employee_id", "name", "manager_id", "mentor_id", "hire_date",
                    "termination_date", "base_salary"]
CAST: list[list[Any]] = [["E1", "Ann", "E3", None, HIRED, None, 10000],
        ["E2", "Bob", "E3", "E4", HIRED, None, 10000],
        ["E3", "Carol", None, None, HIRED, None, 20000],
        ["E4", "Dan", None, None, HIRED, None, 20000]]
AS_OF = date(2027, 3, 1)


def _facts(people: list[list[Any]] | None = None, history: list[list[Any]] | None = None,
           plan: Plan | None = None) -> Facts:
    """Facts of a workbook with the cast (or ``people``) and History rows."""
    sheets = {
        "Employees": [EMPLOYEE_HEADERS, *(people or CAST)],
        "Targets": [["employee_id", "period", "sales_target"]],
        "Sales": [["contract_id", "date", "employee_id", "customer_id", "amount"]],
        "Reviews": [["employee_id", "period", "satisfaction"]],
        "History": [["employee_id", "period", "grade"], *(history or [])],
    }
    tables, problems = validate(raw(sheets))
    assert not [p for p in problems if p.severity == "error"], problems
    facts = cut(tables, AS_OF)[0]
    return facts if plan is None else replace(facts, plan=plan)


def row(employee: str, period: str, grade: str, **values: Any) -> dict[str, Any]:
    """A score row: grade and the values a rule reads (numbers given as text)."""
    base: dict[str, Any] = {
        "employee_id": employee, "name": employee, "period": period,
        "cycle": Period.parse(period).cycle, "grade": grade, "sales": Decimal(0),
        "satisfaction": None, "teamwork": None, **{f"score_{i}": None for i in INDICATORS}}
    base.update({k: Decimal(v) if isinstance(v, str) else v for k, v in values.items()})
    return base


def _actions(*rows: dict[str, Any], facts: Facts | None = None) -> pd.DataFrame:
    return actions_table(facts or _facts(), pd.DataFrame(list(rows)))


def _of(frame: pd.DataFrame, action: str) -> list[tuple[Any, ...]]:
    """(employee, period, start, end) of every ``action`` row, in table order."""
    found = frame[frame["action"] == action]
    return list(zip(found["employee_id"], found["period"], found["start_date"],
                    found["end_date"], strict=True))


def _detail(frame: pd.DataFrame, action: str, employee: str, period: str) -> str:
    found = frame[(frame["action"] == action) & (frame["employee_id"] == employee)
                  & (frame["period"] == period)]
    assert len(found) == 1, f"expected one {action} for {employee} {period}, found {len(found)}"
    return str(found["detail"].iloc[0])


# -- pip --------------------------------------------------------------------------------------

def test_a_quarter_graded_d_starts_a_pip_after_its_manager_review_deadline() -> None:
    """Q1 2026 D: manager deadline Apr 13 -> PIP Apr 14 to Jul 13 (3 months less a day)."""
    frame = _actions(row("E1", "2026-Q1", "D"))
    assert _of(frame, "pip") == [("E1", "2026-Q1", date(2026, 4, 14), date(2026, 7, 13))]


def test_c_then_b_gives_no_pip() -> None:
    """Q1 C then Q2 B: neither quarter is D and they are not both C or D."""
    frame = _actions(row("E1", "2026-Q1", "C"), row("E1", "2026-Q2", "B"))
    assert _of(frame, "pip") == []


def test_c_then_d_gives_one_pip_for_the_d_quarter_naming_both_grades() -> None:
    """Q1 C alone is no PIP; Q2 D after it is one PIP (not two), dated from Q2's calendar:
    Q2 ends Tue Jun 30, self-review Jul 3, manager review Jul 10 -> Mon Jul 13 to Oct 12."""
    frame = _actions(row("E1", "2026-Q1", "C"), row("E1", "2026-Q2", "D"))
    assert _of(frame, "pip") == [("E1", "2026-Q2", date(2026, 7, 13), date(2026, 10, 12))]
    assert _detail(frame, "pip", "E1", "2026-Q2").startswith("2026-Q1 C, 2026-Q2 D; ")


def test_two_c_quarters_give_a_pip_and_a_streak_gives_one_per_quarter() -> None:
    """C, C, C: Q2 and Q3 each follow a C quarter; Q1 follows nothing."""
    frame = _actions(*(row("E1", f"2026-Q{q}", "C") for q in (1, 2, 3)))
    assert [p for _, p, _, _ in _of(frame, "pip")] == ["2026-Q2", "2026-Q3"]


def test_a_c_in_history_before_a_c_quarter_starts_a_pip() -> None:
    """History says 2025-Q4 C (before the data); 2026-Q1 graded C -> PIP for 2026-Q1."""
    facts = _facts(history=[["E1", "2025-Q4", "C"]])
    frame = _actions(row("E1", "2026-Q1", "C"), facts=facts)
    assert _of(frame, "pip") == [("E1", "2026-Q1", date(2026, 4, 14), date(2026, 7, 13))]
    assert _detail(frame, "pip", "E1", "2026-Q1").startswith("2025-Q4 C, 2026-Q1 C; ")


def test_a_history_grade_never_starts_a_pip_by_itself() -> None:
    """History D for 2025-Q4 is the past: only graded periods raise actions."""
    facts = _facts(history=[["E1", "2025-Q4", "D"]])
    assert _of(_actions(row("E1", "2026-Q1", "B"), facts=facts), "pip") == []


def test_an_annual_d_starts_a_pip_and_two_c_years_do_not() -> None:
    """2025 D: manager deadline Tue Jan 13 2026 -> PIP Jan 14 to Apr 13. The two-in-a-row
    rule is for quarters only, so 2024 C (History) then 2025 C is no PIP."""
    facts = _facts(history=[["E2", "2024", "C"]])
    frame = _actions(row("E1", "2025", "D"), row("E2", "2025", "C"), facts=facts)
    assert _of(frame, "pip") == [("E1", "2025", date(2026, 1, 14), date(2026, 4, 13))]


def test_a_pip_names_the_mentor_else_the_manager_and_the_three_lowest_indicators() -> None:
    """Scores: sales 40, satisfaction 70, teamwork 72.5, compliance 95, learning 90. The
    lowest three: sales_attainment -> 100 %, satisfaction -> 85, teamwork -> 72.5 + 10."""
    scores = {"score_sales_attainment": "40", "score_satisfaction": "70",
              "score_teamwork": "72.5", "score_compliance": "95", "score_learning": "90"}
    frame = _actions(row("E1", "2026-Q1", "D", **scores), row("E2", "2026-Q1", "D", **scores),
                     row("E3", "2026-Q1", "D", **scores))
    targets = "targets: sales_attainment 100%, satisfaction 85, teamwork 82.5"
    assert _detail(frame, "pip", "E2", "2026-Q1") == f"2026-Q1 D; mentor E4 (Dan); {targets}"
    assert _detail(frame, "pip", "E1", "2026-Q1") == f"2026-Q1 D; mentor E3 (Carol); {targets}"
    assert _detail(frame, "pip", "E3", "2026-Q1") == \
        f"2026-Q1 D; mentor none assigned; {targets}"


def test_a_pip_detail_is_written_in_the_plans_language() -> None:
    """language = zh: Chinese punctuation and indicator names."""
    facts = _facts(plan=Plan(language="zh"))
    frame = _actions(row("E2", "2026-Q1", "D", score_sales_attainment="40",
                         score_compliance="60", score_learning="95"), facts=facts)
    assert _detail(frame, "pip", "E2", "2026-Q1") == (
        "2026-Q1 D；导师 E4（Dan）；改进目标：销售额达成率 100%，合规 不再扣分，学习成长 100")


PIP_TARGET_CASES = [
    # (scores, expected descriptions)
    ({"compliance": "50", "learning": "95", "new_customers": "60", "sales_attainment": "120"},
     # lowest: compliance 50, new_customers 60, learning 95 (95 + 10 capped at 100)
     ["compliance no new deductions", "new_customers 100%", "learning 100"]),
    ({"sales_attainment": "50", "lead_conversion": "50", "satisfaction": "50", "learning": "50"},
     # a four-way tie: the plan's indicator order decides
     ["sales_attainment 100%", "lead_conversion 100%", "satisfaction 85"]),
    ({"teamwork": "70"},
     # one scored indicator: one target, 70 + 10
     ["teamwork 80"]),
    ({"learning": "33.333", "collection_rate": "0"},
     # 33.333 + 10 = 43.333, shown to 2 decimals
     ["collection_rate 100%", "learning 43.33"]),
]


@pytest.mark.parametrize(("scores", "expected"), PIP_TARGET_CASES)
def test_pip_targets_are_the_three_lowest_scoring_indicators(
        scores: dict[str, str], expected: list[str]) -> None:
    """Ratio -> 100 %; satisfaction -> satisfaction_pip_target; compliance -> no new
    deductions; teamwork and learning -> score + 10, at most 100. Missing ones are skipped."""
    score_row = row("E1", "2026-Q1", "D", **{f"score_{k}": v for k, v in scores.items()})
    targets = pip_targets(score_row, Plan())
    assert [describe_target(t, "en") for t in targets] == expected


def test_pip_targets_are_structured_for_the_pip_letter() -> None:
    """The letter prints indicator, current score, kind and target value."""
    (target,) = pip_targets(row("E1", "2026-Q1", "D", score_satisfaction="62.5"),
                            Plan(satisfaction_pip_target=Decimal(88)))
    assert (target.indicator, target.score, target.kind, target.target) == (
        "satisfaction", Decimal("62.5"), "points", Decimal(88))


@pytest.mark.parametrize(("left", "has_pip"), [(date(2026, 4, 13), False),
                                               (date(2026, 4, 14), True)])
def test_no_pip_for_someone_who_has_left_before_it_would_start(left: date,
                                                                has_pip: bool) -> None:
    """Q1 2026 D, PIP would start Apr 14: left Apr 13 (last day worked) -> none; leaving
    Apr 14 -> still employed on the start day -> PIP."""
    people = [["E1", "Ann", None, None, HIRED, left, 10000]]
    frame = _actions(row("E1", "2026-Q1", "D"), facts=_facts(people=people))
    assert bool(_of(frame, "pip")) is has_pip


# -- satisfaction_plan ------------------------------------------------------------------------

def test_satisfaction_below_the_baseline_needs_a_plan_and_exactly_at_it_does_not() -> None:
    """Baseline 80: 79.9 -> plan; 80 -> none; blank -> none; a month below -> none."""
    frame = _actions(row("E1", "2026-Q1", "B", satisfaction="79.9"),
                     row("E2", "2026-Q1", "B", satisfaction="80"),
                     row("E3", "2026-Q1", "B"),
                     row("E4", "2026-01", "B", satisfaction="50"))
    assert _of(frame, "satisfaction_plan") == [("E1", "2026-Q1", None, None)]
    assert _detail(frame, "satisfaction_plan", "E1", "2026-Q1") == \
        "satisfaction 79.9 below the baseline 80"


# -- rate_raise / rate_reduce -----------------------------------------------------------------

def test_rate_raise_during_a_streak_gives_one_action_per_quarter() -> None:
    """History 2025-Q4 A, then S, A, S: each graded quarter with the one before both S/A
    raises the next quarter's rate: Q1 -> Q2 (Apr 1-Jun 30), Q2 -> Q3, Q3 -> Q4."""
    facts = _facts(history=[["E1", "2025-Q4", "A"]])
    frame = _actions(row("E1", "2026-Q1", "S"), row("E1", "2026-Q2", "A"),
                     row("E1", "2026-Q3", "S"), facts=facts)
    assert _of(frame, "rate_raise") == [
        ("E1", "2026-Q1", date(2026, 4, 1), date(2026, 6, 30)),
        ("E1", "2026-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("E1", "2026-Q3", date(2026, 10, 1), date(2026, 12, 31))]
    assert _detail(frame, "rate_raise", "E1", "2026-Q1") == \
        "2025-Q4 A, 2026-Q1 S: commission rate × 1.5 in 2026-Q2 (applied)"


def test_mixed_neighbours_change_no_rate() -> None:
    """A then B, B then A, C then A, A then C: no pair is both S/A or both C/D."""
    frame = _actions(row("E1", "2026-Q1", "A"), row("E1", "2026-Q2", "B"),
                     row("E2", "2026-Q1", "B"), row("E2", "2026-Q2", "A"),
                     row("E3", "2026-Q1", "C"), row("E3", "2026-Q2", "A"),
                     row("E4", "2026-Q1", "A"), row("E4", "2026-Q2", "C"))
    assert _of(frame, "rate_raise") == [] and _of(frame, "rate_reduce") == []


def test_rate_reduce_is_only_eligible_when_auto_rate_change_is_no() -> None:
    """C then D with auto_rate_change = no: reported, not applied; × reduce_factor 0.5."""
    facts = _facts(plan=Plan(auto_rate_change=False))
    frame = _actions(row("E1", "2026-Q1", "C"), row("E1", "2026-Q2", "D"), facts=facts)
    # Q2's grade with Q1's changes Q3's rate: Jul 1 to Sep 30.
    assert _of(frame, "rate_reduce") == [("E1", "2026-Q2", date(2026, 7, 1),
                                          date(2026, 9, 30))]
    assert _detail(frame, "rate_reduce", "E1", "2026-Q2") == (
        "2026-Q1 C, 2026-Q2 D: commission rate × 0.5 in 2026-Q3 "
        "(eligible only: auto_rate_change is no)")


def test_a_reduce_factor_of_zero_is_reported_as_suspended_commission() -> None:
    """reduce_factor 0 suspends commission (SPEC section 4)."""
    facts = _facts(plan=Plan(reduce_factor=Decimal(0)))
    frame = _actions(row("E1", "2026-Q1", "D"), row("E1", "2026-Q2", "D"), facts=facts)
    assert _detail(frame, "rate_reduce", "E1", "2026-Q2") == \
        "2026-Q1 D, 2026-Q2 D: commission suspended in 2026-Q3 (applied)"


# -- promotion_candidate and trainee_pool -----------------------------------------------------

def test_a_year_graded_s_with_excellent_teamwork_is_a_promotion_candidate() -> None:
    """teamwork_excellent 90: S with 90 -> candidate; S with 89.99, A with 95, S with blank
    teamwork -> not."""
    frame = _actions(row("E1", "2026", "S", teamwork="90"),
                     row("E2", "2026", "S", teamwork="89.99"),
                     row("E3", "2026", "A", teamwork="95"), row("E4", "2026", "S"))
    assert _of(frame, "promotion_candidate") == [("E1", "2026", None, None)]
    assert _detail(frame, "promotion_candidate", "E1", "2026") == "2026 S, teamwork 90 ≥ 90"


def test_two_years_graded_s_or_a_join_the_trainee_pool_history_counting() -> None:
    """E1: History 2025 A, 2026 S -> pool. E2: History 2025 B, 2026 S -> not. E3: 2025 S and
    2026 A both graded -> pool for 2026 (2025 has no graded year before it)."""
    facts = _facts(history=[["E1", "2025", "A"], ["E2", "2025", "B"]])
    frame = _actions(row("E1", "2026", "S"), row("E2", "2026", "S"),
                     row("E3", "2025", "S"), row("E3", "2026", "A"), facts=facts)
    assert [(e, p) for e, p, _, _ in _of(frame, "trainee_pool")] == [("E1", "2026"),
                                                                        ("E3", "2026")]
    assert _detail(frame, "trainee_pool", "E1", "2026") == \
        "2025 A, 2026 S: management-trainee pool"


# -- awards -----------------------------------------------------------------------------------

def test_tied_sales_champions_share_the_award_in_a_month_and_a_quarter() -> None:
    """2026-03: E1 and E2 5,000 each, E3 100 -> E1 and E2. 2026-Q1: E1 9,000 alone."""
    frame = _actions(row("E1", "2026-03", "B", sales=Decimal(5000)),
                     row("E2", "2026-03", "B", sales=Decimal(5000)),
                     row("E3", "2026-03", "B", sales=Decimal(100)),
                     row("E1", "2026-Q1", "B", sales=Decimal(9000)),
                     row("E2", "2026-Q1", "B", sales=Decimal(8000)),
                     row("E1", "2026", "B", sales=Decimal(9000)))
    assert [(e, p) for e, p, _, _ in _of(frame, "award_sales_champion")] == [
        ("E1", "2026-03"), ("E2", "2026-03"), ("E1", "2026-Q1")]
    assert _detail(frame, "award_sales_champion", "E2", "2026-03") == \
        "highest sales in 2026-03: 5,000.00 (shared by 2)"
    assert _detail(frame, "award_sales_champion", "E1", "2026-Q1") == \
        "highest sales in 2026-Q1: 9,000.00"


def test_no_sales_champion_when_nobody_sold_more_than_nothing() -> None:
    """Best sales 0 (E1) and -500 (E2, returns): sales must be > 0."""
    frame = _actions(row("E1", "2026-02", "B", sales=Decimal(0)),
                     row("E2", "2026-02", "B", sales=Decimal(-500)))
    assert _of(frame, "award_sales_champion") == []


def test_the_satisfaction_star_needs_the_highest_satisfaction_and_at_least_90() -> None:
    """Q1: E1 90 (exactly the minimum) beats E2 85. Q2: best 89.5 -> none. Q3: tie at 95."""
    frame = _actions(row("E1", "2026-Q1", "B", satisfaction="90"),
                     row("E2", "2026-Q1", "B", satisfaction="85"),
                     row("E1", "2026-Q2", "B", satisfaction="89.5"),
                     row("E1", "2026-Q3", "B", satisfaction="95"),
                     row("E2", "2026-Q3", "B", satisfaction="95"))
    assert [(e, p) for e, p, _, _ in _of(frame, "award_satisfaction_star")] == [
        ("E1", "2026-Q1"), ("E1", "2026-Q3"), ("E2", "2026-Q3")]
    assert _detail(frame, "award_satisfaction_star", "E1", "2026-Q1") == \
        "highest satisfaction in 2026-Q1: 90"


def test_a_newcomer_hired_on_a_quarters_first_day_counts_that_quarter() -> None:
    """E5 hired Apr 1 2026 (Q2's first day): Q2 is the first full quarter; graded A -> award.
    E6 hired Apr 2: Q2 is not full, so Q2 graded S earns nothing; Q3 graded A -> award."""
    people = [*CAST, ["E5", "Eve", None, None, date(2026, 4, 1), None, 10000],
              ["E6", "Fay", None, None, date(2026, 4, 2), None, 10000]]
    frame = _actions(row("E5", "2026-Q2", "A"), row("E6", "2026-Q2", "S"),
                     row("E6", "2026-Q3", "A"), facts=_facts(people=people))
    assert [(e, p) for e, p, _, _ in _of(frame, "award_newcomer")] == [("E5", "2026-Q2"),
                                                                          ("E6", "2026-Q3")]
    assert _detail(frame, "award_newcomer", "E5", "2026-Q2") == \
        "hired 2026-04-01; first full quarter 2026-Q2 graded A"


def test_a_newcomer_graded_b_in_the_first_full_quarter_gets_no_award() -> None:
    """E5 hired Apr 1 2026, Q2 graded B; a later A does not count."""
    people = [*CAST, ["E5", "Eve", None, None, date(2026, 4, 1), None, 10000]]
    frame = _actions(row("E5", "2026-Q2", "B"), row("E5", "2026-Q3", "A"),
                     facts=_facts(people=people))
    assert _of(frame, "award_newcomer") == []


@pytest.mark.parametrize(("hired", "quarter"), [
    (date(2026, 4, 1), "2026-Q2"),    # the quarter's first day
    (date(2026, 4, 2), "2026-Q3"),    # its second day
    (date(2026, 12, 15), "2027-Q1"),  # the next quarter is in the next year
])
def test_the_first_full_quarter_after_hire(hired: date, quarter: str) -> None:
    """The quarter of hire_date when hire_date is its first day, else the next one."""
    assert str(first_full_quarter(hired)) == quarter


# -- The table --------------------------------------------------------------------------------

def test_the_actions_table_has_the_contract_columns_in_period_then_kind_order() -> None:
    """Columns exactly as SPEC section 10; rows by period, then action kind, then employee."""
    frame = _actions(row("E2", "2026-Q1", "D", sales=Decimal(10)),
                     row("E1", "2026-Q1", "D", sales=Decimal(10)),
                     row("E1", "2025-Q4", "B", sales=Decimal(5)))
    assert list(frame.columns) == [c.name for c in ACTIONS.columns]
    assert list(zip(frame["period"], frame["action"], frame["employee_id"], strict=True)) == [
        ("2025-Q4", "award_sales_champion", "E1"),
        ("2026-Q1", "pip", "E1"), ("2026-Q1", "pip", "E2"),
        ("2026-Q1", "award_sales_champion", "E1"), ("2026-Q1", "award_sales_champion", "E2")]


def test_no_score_rows_give_an_empty_table_with_the_contract_columns() -> None:
    """A run that graded nothing still writes an actions sheet with its headers."""
    empty = pd.DataFrame(columns=list(row("E1", "2026-Q1", "B")))
    frame = actions_table(_facts(), empty)
    assert frame.empty and list(frame.columns) == [c.name for c in ACTIONS.columns]


# -- Through the whole pipeline ---------------------------------------------------------------

def d_quarter_workbook(*appeal: Any) -> dict[str, list[list[Any]]]:
    """E1 sells 10,000 against a Q1 target of 100,000 with nothing collected by the due
    date Feb 9: sales_attainment 0.1 -> 10 points (weight 30), collection_rate 0 -> 0
    (weight 10), every other indicator missing: total (30×10 + 10×0) / 40 = 7.5 -> D."""
    sheets: dict[str, list[list[Any]]] = {
        "Employees": [EMPLOYEE_HEADERS, ["E1", "Ann", None, None, HIRED, None, 10000]],
        "Targets": [["employee_id", "period", "sales_target"], ["E1", "2026-Q1", 100000]],
        "Sales": [["contract_id", "date", "employee_id", "customer_id", "amount"],
                  ["K1", date(2026, 1, 10), "E1", "C1", 10000]],
        "Reviews": [["employee_id", "period", "satisfaction"]],
    }
    if appeal:
        sheets["Appeals"] = [["employee_id", "period", "submitted_date", "decision",
                              "revised_grade", "decided_date"], list(appeal)]
    return sheets


def test_a_run_fills_the_actions_and_schedule_of_its_results() -> None:
    """The D quarter above gets a PIP (targets: the two scored indicators) and E1, the only
    seller, is Q1's sales champion; the schedule lists Q1's three review steps."""
    results = run(raw(d_quarter_workbook()), date(2026, 5, 1))
    assert results.actions is not None and results.schedule is not None
    assert _of(results.actions, "pip") == [("E1", "2026-Q1", date(2026, 4, 14),
                                            date(2026, 7, 13))]
    assert _detail(results.actions, "pip", "E1", "2026-Q1") == (
        "2026-Q1 D; mentor none assigned; targets: collection_rate 100%, "
        "sales_attainment 100%")
    assert list(results.schedule.columns) == [c.name for c in SCHEDULE.columns]
    assert list(results.schedule["step"]) == ["self_review", "manager_review", "one_on_one"]
    assert list(results.schedule["status"]) == ["overdue", "overdue", "overdue"]


def test_an_upheld_appeal_that_lifts_a_d_removes_the_pip() -> None:
    """Actions use the final grade: the D above revised to B on appeal -> no PIP, and the
    schedule gains the appeal steps (window closes Apr 16, submitted Apr 15: on_time)."""
    sheets = d_quarter_workbook("E1", "2026-Q1", date(2026, 4, 15), "upheld", "B",
                                date(2026, 4, 20))
    results = run(raw(sheets), date(2026, 5, 1))
    assert results.actions is not None and results.schedule is not None
    assert _of(results.actions, "pip") == []
    window = results.schedule[results.schedule["step"] == "appeal_window"]
    assert list(zip(window["due_date"], window["status"], strict=True)) == [
        (date(2026, 4, 16), "on_time")]


def test_equal_values_written_differently_tie_and_blank_values_do_not_compete() -> None:
    """Satisfaction 95 as a float and 95.00 as a Decimal tie for the star; a NaN or blank
    value never wins; sales 700.0 and 700 share the champion award."""
    frame = _actions(row("E1", "2026-Q1", "B", satisfaction=95.0, sales=Decimal("700.0")),
                     row("E2", "2026-Q1", "B", satisfaction="95.00", sales=Decimal(700)),
                     row("E3", "2026-Q1", "B", satisfaction=float("nan"),
                         sales=Decimal("NaN")),
                     row("E4", "2026-Q1", "B", satisfaction=None, sales=None))
    assert [e for e, _, _, _ in _of(frame, "award_satisfaction_star")] == ["E1", "E2"]
    assert _detail(frame, "award_satisfaction_star", "E2", "2026-Q1") == \
        "highest satisfaction in 2026-Q1: 95 (shared by 2)"
    assert [e for e, _, _, _ in _of(frame, "award_sales_champion")] == ["E1", "E2"]
    assert _detail(frame, "award_sales_champion", "E1", "2026-Q1") == \
        "highest sales in 2026-Q1: 700.00 (shared by 2)"


def test_a_mentor_missing_from_employees_is_named_by_id_and_a_blank_one_gives_the_manager(
        ) -> None:
    """E1's mentor E9 is nobody in Employees: ``E9 (E9)``; E2's mentor E4 has a name; E3
    has neither mentor nor manager: none assigned."""
    facts = _facts()
    people = facts.employees.assign(mentor_id=facts.employees["mentor_id"].where(
        facts.employees["employee_id"] != "E1", "E9"))
    frame = _actions(row("E1", "2026-Q1", "D"), row("E2", "2026-Q1", "D"),
                     row("E3", "2026-Q1", "D"), facts=replace(facts, employees=people))
    assert "mentor E9 (E9)" in _detail(frame, "pip", "E1", "2026-Q1")
    assert "mentor E4 (Dan)" in _detail(frame, "pip", "E2", "2026-Q1")
    assert "mentor none assigned" in _detail(frame, "pip", "E3", "2026-Q1")
