"""Performance improvement plans (SPEC section 7): dates, mentor and targets.

- Dates: a PIP for period P starts the first working day after P's manager-review deadline
  (SPEC section 8) and ends the day before the same day ``pip_months`` later; when that
  day is missing in the month, the month's last day stands in for it, so a PIP starting
  2026-01-31 runs (3 months) to 2026-04-29: 04-31 is missing -> 04-30 -> the day before.
- Mentor: Employees.mentor_id, else manager_id, else none.
- Targets: the three lowest-scoring indicators that are not missing (ties in the plan's
  indicator order). A ratio indicator targets a ratio of 100 %; satisfaction targets
  ``satisfaction_pip_target``; compliance targets no new deductions; teamwork and learning
  target the current score + 10, at most 100.

``PipTarget`` is structured data so the PIP letter can print the targets table;
``describe_target`` is its one-line text in ``en`` or ``zh``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Literal

import pandas as pd

from toolkit.core.money import round_score
from toolkit.core.outputs import is_blank_value as _blank
from toolkit.core.periods import Period, add_months
from toolkit.core.plan import INDICATOR_ZH, INDICATORS, RATIO_INDICATORS, Plan
from toolkit.core.schedule import review_deadlines
from toolkit.core.workdays import next_working_day

TargetKind = Literal["ratio", "points", "no_new_deductions"]
PIP_TARGET_COUNT = 3
_TEN, _HUNDRED = Decimal(10), Decimal(100)


@dataclass(frozen=True)
class PipTarget:
    """One improvement target: the indicator, its current score and what to reach.

    ``target`` is a fraction for ``ratio`` (1 = 100 %), points for ``points`` and ``None``
    for ``no_new_deductions`` (compliance).
    """

    indicator: str
    score: Decimal
    kind: TargetKind
    target: Decimal | None


@dataclass(frozen=True)
class Mentor:
    employee_id: str
    name: str | None


def pip_dates(period: Period, plan: Plan) -> tuple[date, date]:
    """(start, end) of a PIP for ``period``, both inclusive (see the module docstring)."""
    deadline = review_deadlines(period, plan).manager_review
    start = next_working_day(deadline, plan.holiday_country)
    return start, pip_end(start, plan.pip_months)


def pip_end(start: date, months: int) -> date:
    """The day before the same day ``months`` later (a missing day: the month's last).

    2026-01-31 + 3 -> 2026-04-30 -> 2026-04-29; 2026-11-30 + 3 -> 2027-02-28 -> 2027-02-27.
    """
    return add_months(start, months) - timedelta(days=1)


def pip_targets(score_row: Mapping[str, object], plan: Plan) -> list[PipTarget]:
    """Targets for the (up to) three lowest-scoring non-missing indicators of a score row.

    ``score_row`` needs ``score_<indicator>`` for every indicator (Decimal, or blank when
    missing). Fewer than three scored indicators give fewer targets.
    """
    scored = [(score, rank, indicator) for rank, indicator in enumerate(INDICATORS)
              if (score := _score(score_row[f"score_{indicator}"])) is not None]
    lowest = sorted(scored)[:PIP_TARGET_COUNT]
    return [_target(indicator, score, plan) for score, _, indicator in lowest]


def _score(cell: object) -> Decimal | None:
    """A score cell as a Decimal (through its text), ``None`` when blank. A finite Decimal
    is its own text read back, so it is taken as it is."""
    if type(cell) is Decimal and cell.is_finite():
        return cell
    return None if _blank(cell) else Decimal(str(cell))


def _target(indicator: str, score: Decimal, plan: Plan) -> PipTarget:
    if indicator in RATIO_INDICATORS:
        return PipTarget(indicator, score, "ratio", Decimal(1))
    if indicator == "satisfaction":
        return PipTarget(indicator, score, "points", plan.satisfaction_pip_target)
    if indicator == "compliance":
        return PipTarget(indicator, score, "no_new_deductions", None)
    return PipTarget(indicator, score, "points", min(score + _TEN, _HUNDRED))


def describe_target(target: PipTarget, language: str) -> str:
    """``sales_attainment 100%``, ``teamwork 82.5``, ``compliance no new deductions``; in
    ``zh`` the indicator's Chinese name and ``不再扣分``."""
    return _target_text(target.indicator, target.kind, target.target, language)


@lru_cache(maxsize=4096)  # PIPs share a few targets: 100 %, the satisfaction target, ...
def _target_text(indicator: str, kind: TargetKind, target: Decimal | None,
                 language: str) -> str:
    """The text depends on the target's value alone (``plain_number`` rounds it), so
    equal values of different exponents may share one entry."""
    name = INDICATOR_ZH[indicator] if language == "zh" else indicator
    if kind == "no_new_deductions":
        return f"{name} {'不再扣分' if language == 'zh' else 'no new deductions'}"
    assert target is not None
    if kind == "ratio":
        return f"{name} {plain_number(target * _HUNDRED)}%"
    return f"{name} {plain_number(target)}"


def mentors(people: pd.DataFrame) -> dict[str, Mentor | None]:
    """Each employee's mentor: Employees.mentor_id, else manager_id, with that person's
    name; ``None`` when neither.

    ``people`` is the Employees frame indexed by employee_id (each id once).
    """
    ids = people.index.tolist()
    names = dict(zip(ids, people["name"].tolist(), strict=True))
    chosen = [people[column].tolist() if column in people.columns else [None] * len(ids)
              for column in ("mentor_id", "manager_id")]
    return {employee: _mentor(mentor if not _blank(mentor) else manager, names)
            for employee, mentor, manager in zip(ids, *chosen, strict=True)}


def _mentor(chosen: object, names: dict[object, object]) -> Mentor | None:
    if _blank(chosen):
        return None
    name = names.get(chosen)
    return Mentor(str(chosen), None if _blank(name) else str(name))


def plain_number(value: Decimal) -> str:
    """At most 2 decimals, no trailing zeros: 85 -> ``85``, 82.50 -> ``82.5``."""
    text = f"{round_score(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

