"""What-if figures under a plan answer as a run would (SPEC sections 4 to 6)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from toolkit.core.cells import CellError
from toolkit.core.plan import Plan
from toolkit.core.what_if import bonus_for, coefficient_for, grade_for_score, total_for

D = Decimal


@pytest.mark.parametrize(("score", "grade"), [
    ("105", "S"), ("104.995", "S"), ("104.994", "A"), ("95", "A"), ("94.99", "B"),
    ("70", "C"), ("69.995", "C"), ("69.994", "D"), ("-5", "D"),
])
def test_a_score_is_rounded_half_up_to_2_decimals_before_the_bands(score: str,
                                                                   grade: str) -> None:
    """The total is rounded, then graded: 104.995 is 105.00, an S."""
    assert grade_for_score(Plan(), D(score)) == grade


def test_a_grade_s_coefficient_comes_from_the_plan_in_any_case() -> None:
    """'s' and ' S ' name grade S; an unknown grade says what was expected."""
    assert coefficient_for(Plan(), " s ") == D("1.2")
    with pytest.raises(CellError, match="expected a grade S, A, B, C or D, found 'E'"):
        coefficient_for(Plan(), "E")


def test_a_bonus_is_base_times_coefficient_times_fraction_rounded_once() -> None:
    """1234.565 × 1.2 = 1481.478 -> 1481.48; a fraction outside 0..1 is refused."""
    assert bonus_for(Plan(), D("1234.565"), "S") == D("1481.48")
    assert bonus_for(Plan(), D("2000"), "A", D("0.5")) == D("1000.00")
    with pytest.raises(CellError, match="an employed fraction from 0 to 1"):
        bonus_for(Plan(), D("2000"), "A", D("1.5"))


def test_a_total_renormalizes_or_scores_missing_indicators_zero_as_the_plan_says() -> None:
    """Quarter weights: two missing indicators drop out (renormalize) or count 0 (zero)."""
    scores = [D(100), D(100), None, D(100), D(90), D(100), None, D(80)]
    assert total_for(Plan(), scores, "quarter") == D("96.88")
    assert total_for(replace(Plan(), missing_policy="zero"), scores, " Quarter ") == D("77.50")
    with pytest.raises(CellError, match="expected 8 scores"):
        total_for(Plan(), scores[:7], "quarter")
