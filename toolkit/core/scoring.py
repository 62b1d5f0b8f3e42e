"""Scores, totals and grades (SPEC sections 4 and 5).

A ratio indicator scores 100 × min(max(ratio, 0), score_cap); a qualitative one scores its
value clamped to 0..100. The total is the weighted mean over the indicators that are not
missing (``renormalize``) or over all of them with missing ones scored 0 (``zero``), using
the period's cycle column of the weights. Scores are not rounded before the total; the total
is rounded half-up to 2 decimals, then graded. An upheld appeal with a revised grade
replaces the grade; both are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from toolkit.core.money import round_score
from toolkit.core.periods import Cycle
from toolkit.core.plan import INDICATORS, RATIO_INDICATORS, Plan

HUNDRED = Decimal(100)


def ratio(actual: Decimal | int | None, target: Decimal | None) -> Decimal | None:
    """actual / target, or ``None`` when either is missing or the target is 0."""
    if actual is None or target is None or target == 0:
        return None
    return Decimal(actual) / target


def ratio_score(value: Decimal | None, cap: Decimal) -> Decimal | None:
    """100 × min(max(ratio, 0), cap)."""
    if value is None:
        return None
    return HUNDRED * min(max(value, Decimal(0)), cap)


def clamp_score(value: Decimal | None) -> Decimal | None:
    """A qualitative value clamped to 0..100."""
    if value is None:
        return None
    return min(max(value, Decimal(0)), HUNDRED)


def total_score(scores: Mapping[str, Decimal | None], plan: Plan, cycle: Cycle) -> Decimal:
    """The weighted total, unrounded, under the plan's missing-indicator policy.

    With ``renormalize`` and every weighted indicator missing, the total is 0.
    """
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


@dataclass(frozen=True)
class Graded:
    scores: dict[str, Decimal | None]
    missing: tuple[str, ...]
    total_exact: Decimal
    total: Decimal
    grade_computed: str


def grade_indicators(values: Mapping[str, Decimal | None], plan: Plan, cycle: Cycle) -> Graded:
    """Score every indicator from its ratio (quantitative) or value (qualitative), total and
    grade. ``values`` maps each indicator to its ratio or value (``None`` = missing).
    """
    scores: dict[str, Decimal | None] = {}
    for indicator in INDICATORS:
        value = values.get(indicator)
        scores[indicator] = (ratio_score(value, plan.score_cap)
                             if indicator in RATIO_INDICATORS else clamp_score(value))
    missing = tuple(i for i in INDICATORS if scores[i] is None)
    exact = total_score(scores, plan, cycle)
    total = round_score(exact)
    return Graded(scores, missing, exact, total, plan.bands.grade(total))


def final_grades(appeals: pd.DataFrame) -> dict[tuple[str, str], tuple[str | None, str]]:
    """(employee, period) -> (revised grade or ``None``, decision) of the latest appeal.

    Only an ``upheld`` decision with a revised grade changes the grade.
    """
    latest = appeals.sort_values(["submitted_date"], kind="stable")
    out: dict[tuple[str, str], tuple[str | None, str]] = {}
    for employee, period, decision, revised in zip(
            latest["employee_id"], latest["period"], latest["decision"],
            latest["revised_grade"], strict=True):
        decision_text = decision if isinstance(decision, str) else "pending"
        grade = revised if decision_text == "upheld" and isinstance(revised, str) else None
        out[(employee, period)] = (grade, decision_text)
    return out
