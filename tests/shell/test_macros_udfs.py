"""The worksheet functions answer what-if questions under the calling workbook's Plan sheet.

Driven like the buttons: the sample macro workbook's content opened in xlwings' remote
engine as the mock caller (the functions read ``xw.Book.caller()``, as in Excel).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.shell.remote_book import book_json, open_caller
from toolkit.shell.macro_layout import TEMPLATE_NAME, WORKBOOKS
from toolkit.udfs import toolkit_bonus, toolkit_coefficient, toolkit_grade, toolkit_total


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return book_json(WORKBOOKS / TEMPLATE_NAME)


def with_plan_value(data: dict[str, Any], key: str, column: str, value: Any) -> dict[str, Any]:
    """A copy whose Plan sheet has ``value`` in the row starting with ``key``, in the
    column headed ``column`` of that row's block."""
    changed = copy.deepcopy(data)
    rows = next(s for s in changed["sheets"] if s["name"] == "Plan")["values"]
    index = next(i for i, r in enumerate(rows) if r[0] == key)
    header = next(r for r in reversed(rows[:index]) if column in r)
    rows[index][header.index(column)] = value
    return changed


@pytest.mark.parametrize(("score", "grade"), [
    (105, "S"), (104.995, "S"), (104.994, "A"), (95, "A"), (84.99, "C"), (0, "D"),
])
def test_the_grade_of_a_score_follows_the_default_bands(template: dict[str, Any],
                                                        score: float, grade: str) -> None:
    """=toolkit_grade(score): bands on the score rounded half-up to 2 decimals."""
    open_caller(template)
    assert toolkit_grade(score) == grade


def test_the_grade_follows_the_workbook_s_own_plan(template: dict[str, Any]) -> None:
    """Raising A's lower bound to 98 on the Plan sheet makes 97.3 a B."""
    open_caller(with_plan_value(template, "A", "min_score", 98))
    assert toolkit_grade(97.3) == "B"


def test_coefficient_and_bonus_use_the_plan_s_coefficients(template: dict[str, Any]) -> None:
    """=toolkit_coefficient("s") is 1.2; =toolkit_bonus(base, grade[, fraction]) is
    base × coefficient × fraction rounded half-up to the cent."""
    open_caller(template)
    assert toolkit_coefficient("s") == 1.2
    assert toolkit_bonus(2000, "A", 0.5) == 1000.0
    assert toolkit_bonus(1234.565, "S") == 1481.48
    assert toolkit_bonus(2000, "D") == 0.0


def test_the_total_of_indicator_scores_renormalizes_missing_ones(
        template: dict[str, Any]) -> None:
    """Quarter weights without the two blanks (collection, teamwork) sum to 80:
    (30×100 + 10×100 + 10×100 + 15×90 + 10×100 + 5×80) / 80 = 96.875 -> 96.88."""
    open_caller(template)
    assert toolkit_total([100, 100, None, 100, 90, 100, None, 80], "quarter") == 96.88


def test_a_wrong_argument_or_plan_shows_in_the_cell(template: dict[str, Any]) -> None:
    """A bad argument or a broken plan gives an '#toolkit: expected ..., found ...' text."""
    open_caller(template)
    assert toolkit_grade("n/a") == "#toolkit: expected a number, found 'n/a'"
    assert toolkit_coefficient("X") == "#toolkit: expected a grade S, A, B, C or D, found 'X'"
    assert toolkit_total([100] * 8, "week") == \
        "#toolkit: expected a cycle month, quarter or year, found 'week'"
    open_caller(with_plan_value(template, "B", "min_score", 99))
    assert toolkit_grade(90).startswith("#toolkit: Plan!")
