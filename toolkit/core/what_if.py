"""What-if figures under a plan, for the worksheet functions HR types into cells.

Each answers one question the way a run would (SPEC sections 4 to 6), for numbers typed in
rather than computed from the data:

- ``grade_for_score``: the grade of a total score (rounded half-up to 2 decimals first);
- ``coefficient_for``: a grade's bonus coefficient;
- ``bonus_for``: base × coefficient(grade) × employed fraction, rounded half-up to the cent
  once (the monthly bonus rule; the annual S extra month is not included);
- ``total_for``: the weighted total of the eight indicator scores for a cycle under the
  plan's weights and missing-indicator policy (``None`` = missing), rounded like a run's.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from toolkit.core.cells import CellError
from toolkit.core.money import round_money, round_score
from toolkit.core.periods import CYCLES, Cycle
from toolkit.core.plan import GRADES, INDICATORS, Plan
from toolkit.core.scoring import total_score


def grade_for_score(plan: Plan, score: Decimal) -> str:
    """The grade of ``score`` under the plan's bands: the first band whose lower bound the
    rounded score reaches (105 -> S, 104.995 -> S, 104.994 -> A with the default bands)."""
    return plan.bands.grade(round_score(score))


def coefficient_for(plan: Plan, grade: str) -> Decimal:
    """The bonus coefficient of ``grade`` (S, A, B, C or D, any case)."""
    key = grade.strip().upper()
    if key not in GRADES:
        raise CellError("a grade S, A, B, C or D", grade)
    return plan.bands.coefficient(key)


def bonus_for(plan: Plan, base: Decimal, grade: str, fraction: Decimal = Decimal(1)) -> Decimal:
    """base × coefficient(grade) × fraction, rounded half-up to 0.01 once."""
    if not Decimal(0) <= fraction <= Decimal(1):
        raise CellError("an employed fraction from 0 to 1", float(fraction))
    return round_money(base * coefficient_for(plan, grade) * fraction)


def total_for(plan: Plan, scores: Sequence[Decimal | None], cycle: str) -> Decimal:
    """The rounded total of the indicator ``scores`` (in ``INDICATORS`` order) for ``cycle``."""
    if len(scores) != len(INDICATORS):
        raise CellError(f"{len(INDICATORS)} scores ({', '.join(INDICATORS)})",
                        f"{len(scores)} values")
    chosen = _cycle(cycle)
    return round_score(total_score(dict(zip(INDICATORS, scores, strict=True)), plan, chosen))


def _cycle(text: str) -> Cycle:
    for cycle in CYCLES:
        if text.strip().casefold() == cycle:
            return cycle
    raise CellError("a cycle month, quarter or year", text)
