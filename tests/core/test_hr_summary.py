"""The HR summary of a run: who needs a PIP, what is overdue, who won what.

Lines for the console and the results workbook's Summary sheet, in the plan's language.
The workbook is the one of test_actions.py: E1 sells 10,000 against a Q1 2026 target of
100,000 and is graded D (a PIP) and Q1's sales champion, with no review done.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.builders import raw
from tests.core.test_actions import d_quarter_workbook
from toolkit.core.hr_summary import hr_summary, results_summary
from toolkit.core.outputs import ACTIONS, SCHEDULE
from toolkit.core.pipeline import run


def test_the_hr_summary_says_who_needs_a_pip_what_is_overdue_and_who_won() -> None:
    """One line per kind with a count, newest first, names where known."""
    results = run(raw(d_quarter_workbook()), date(2026, 5, 1))
    assert results_summary(results) == [
        "PIP needed (1): E1 Ann 2026-Q1",
        "Overdue review steps (3): E1 Ann 2026-Q1 self_review, E1 Ann 2026-Q1 "
        "manager_review, E1 Ann 2026-Q1 one_on_one",
        "Sales champions (1): E1 Ann 2026-Q1",
    ]


def test_the_hr_summary_lists_at_most_a_few_items_then_counts_the_rest() -> None:
    """Three pips with limit 2: the two newest, then '… and 1 more'; in Chinese too."""
    actions = pd.DataFrame({"employee_id": ["E1", "E2", "E3"],
                            "period": ["2025-Q4", "2026-Q2", "2026-Q1"],
                            "action": ["pip"] * 3, "detail": [""] * 3,
                            "start_date": [None] * 3, "end_date": [None] * 3})
    schedule = pd.DataFrame(columns=[c.name for c in SCHEDULE.columns])
    assert hr_summary(actions, schedule, limit=2) == [
        "PIP needed (3): E2 2026-Q2, E3 2026-Q1, … and 1 more"]
    assert hr_summary(actions, schedule, "zh", {"E2": "王芳"}, limit=2) == [
        "需要绩效改进计划（3）：E2 王芳 2026-Q2，E3 2026-Q1，……另有 1 项"]


def test_a_quiet_run_has_a_one_line_summary() -> None:
    """Nothing to report is said, not left blank."""
    empty_actions = pd.DataFrame(columns=[c.name for c in ACTIONS.columns])
    empty_schedule = pd.DataFrame(columns=[c.name for c in SCHEDULE.columns])
    assert hr_summary(empty_actions, empty_schedule) == [
        "No PIP, overdue review step or award."]
