"""Scores, totals and grades (SPEC sections 4 and 5).

A ratio indicator scores 100 × min(max(ratio, 0), score_cap); a qualitative one scores its
value clamped to 0..100. The total is the weighted mean over the indicators that are not
missing (``renormalize``) or over all of them with missing ones scored 0 (``zero``), using
the period's cycle column of the weights. Scores are not rounded before the total; the total
is rounded half-up to 2 decimals, then graded. An upheld appeal with a revised grade
replaces the grade; both are kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import pandas as pd

from toolkit.core.money import round_score
from toolkit.core.periods import Cycle
from toolkit.core.plan import INDICATORS, RATIO_INDICATORS, GradeBands, Plan

HUNDRED = Decimal(100)
_ZERO = Decimal(0)


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


def ratios(actuals: Sequence[Decimal | int | None], targets: Sequence[Decimal | None]
           ) -> list[Decimal | None]:
    """``ratio`` of each actual and target, pairwise (an int actual converts exactly, as
    ``Decimal(actual)`` would). A target that is ``None`` or 0 is exactly a falsy one."""
    return [None if actual is None or not target else actual / target
            for actual, target in zip(actuals, targets, strict=True)]


def total_score(scores: Mapping[str, Decimal | None], plan: Plan, cycle: Cycle) -> Decimal:
    """The weighted total, unrounded, under the plan's missing-indicator policy.

    With ``renormalize`` and every weighted indicator missing, the total is 0.
    """
    return Scorer.of(plan, cycle).totals([[scores.get(i)] for i in INDICATORS])[0][0]


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
    graded = Scorer.of(plan, cycle).grade([[values.get(i)] for i in INDICATORS])
    return Graded({i: column[0] for i, column in zip(INDICATORS, graded.scores, strict=True)},
                  graded.missing[0], graded.total_exact[0], graded.total[0],
                  graded.grade_computed[0])


@dataclass(frozen=True)
class GradedColumns:
    """``Graded`` for many rows at once, column by column (``scores`` in INDICATORS order)."""

    scores: list[list[Decimal | None]]
    missing: list[tuple[str, ...]]
    total_exact: list[Decimal]
    total: list[Decimal]
    grade_computed: list[str]


@dataclass(frozen=True)
class Scorer:
    """The scoring rules of one plan and cycle, applied to whole columns of rows.

    A score table grades tens of thousands of rows with the same few plans and cycles, so
    the weights, the cap and the bands are read once, and each rule runs over a column
    instead of being called once per indicator and row. Every score and total is the same
    Decimal arithmetic, in the same order, as ``ratio_score``, ``clamp_score`` and the
    weighted mean of ``total_score`` describe, so the results are identical to the last digit.
    """

    weights: tuple[Decimal, ...]  # in INDICATORS order
    cap: Decimal
    zero_policy: bool
    bands: GradeBands

    @staticmethod
    def of(plan: Plan, cycle: Cycle) -> Scorer:
        return Scorer(tuple(plan.weights.of(i, cycle) for i in INDICATORS), plan.score_cap,
                      plan.missing_policy == "zero", plan.bands)

    def grade(self, values: Sequence[Sequence[Decimal | None]]) -> GradedColumns:
        """Score, total and grade rows given one column of ratios or values per indicator
        (INDICATORS order, ``None`` = missing)."""
        scores = [self.ratio_scores(column) for column in values[:_RATIOS]]
        scores += [clamp_scores(column) for column in values[_RATIOS:]]
        exact, missing = self.totals(scores)
        total = [round_score(value) for value in exact]
        return GradedColumns(scores, [_MISSING[mask] for mask in missing], exact, total,
                             [self.grade_of(value) for value in total])

    def ratio_scores(self, column: Sequence[Decimal | None]) -> list[Decimal | None]:
        """``ratio_score`` of each ratio, written out inline: ``max(value, 0)`` is 0 below
        0, else the value itself (its exponent kept); ``min(that, cap)`` is the cap above it.
        The two bounds' scores are the same products whichever row reaches them."""
        cap, zero = self.cap, _ZERO
        below, above = HUNDRED * min(zero, cap), HUNDRED * cap
        return [None if value is None else below if value < zero
                else above if cap < value else HUNDRED * value for value in column]

    def totals(self, scores: Sequence[Sequence[Decimal | None]]
               ) -> tuple[list[Decimal], list[int]]:
        """The unrounded weighted total of each row, and its missing indicators as a bit mask
        (bit i: INDICATORS[i] is missing), from one column of scores per indicator.

        Each row adds weight × score indicator by indicator, as ``total_score`` does; the
        sum of the weights used depends only on which indicators are missing, so it is
        added up once per mask, in the same order.
        """
        rows = len(scores[0])
        weighted = [Decimal(0)] * rows
        missing = [0] * rows
        for bit, (weight, column) in enumerate(zip(self.weights, scores, strict=True)):
            # The usual column: every row adds, none is missing. (``None not in column``
            # would compare each Decimal with None, an ABC check each: 0.5 µs a row.)
            if all(score is not None for score in column):
                weighted = [total + weight * score for total, score
                            in zip(weighted, cast(Sequence[Decimal], column), strict=True)]
                continue
            weighted = [total if score is None else total + weight * score
                        for total, score in zip(weighted, column, strict=True)]
            missing = [mask if score is not None else mask | (1 << bit)
                       for mask, score in zip(missing, column, strict=True)]
        sums = {mask: self._weight_sum(mask) for mask in set(missing)}
        return [Decimal(0) if sums[mask] == 0 else total / sums[mask]
                for total, mask in zip(weighted, missing, strict=True)], missing

    def _weight_sum(self, missing: int) -> Decimal:
        """The sum of the weights used when the indicators of mask ``missing`` are missing:
        all of them under ``zero``, else those present; added in INDICATORS order."""
        weight_sum = Decimal(0)
        for bit, weight in enumerate(self.weights):
            if self.zero_policy or not missing & (1 << bit):
                weight_sum += weight
        return weight_sum

    def grade_of(self, total: Decimal) -> str:
        """The grade of a rounded total under the plan's bands."""
        return self.bands.grade(total)


def clamp_scores(column: Sequence[Decimal | None]) -> list[Decimal | None]:
    """``clamp_score`` of each value, written out inline as ``ratio_scores`` is: 0 below 0,
    100 above 100, else the value itself (its exponent kept)."""
    zero = _ZERO
    return [None if value is None else zero if value < zero
            else HUNDRED if value > HUNDRED else value for value in column]


_RATIOS = len(RATIO_INDICATORS)  # the first indicators (plan.py)
# The names of the missing indicators for each bit mask.
_MISSING: tuple[tuple[str, ...], ...] = tuple(
    tuple(i for bit, i in enumerate(INDICATORS) if mask & (1 << bit))
    for mask in range(1 << len(INDICATORS)))


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
