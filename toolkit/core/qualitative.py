"""Qualitative indicators: satisfaction, compliance and learning from Reviews; teamwork
from PeerReviews (SPEC section 5).

Review values for a period come from the Reviews row for exactly that period; a month
without one takes its quarter's row; a year without one takes, per value, the mean over its
quarters' rows (blanks ignored). Teamwork is the mean score received, self-ratings
excluded: a month with no ratings takes its quarter's; a year takes those of the year and of
its quarters. Fewer than ``min_peer_reviews`` ratings: missing. Nobody's rater is reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from toolkit.core.periods import Period

REVIEW_VALUES = ("satisfaction", "compliance", "learning")


@dataclass(frozen=True)
class ReviewValues:
    satisfaction: Decimal | None
    compliance: Decimal | None
    learning: Decimal | None


def _decimals(column: pd.Series) -> list[Decimal | None]:
    """Each value as a Decimal from its shortest float form; a blank as None."""
    return [None if blank else Decimal(repr(float(value)))
            for value, blank in zip(column.tolist(), column.isna().tolist(), strict=True)]


class ReviewBook:
    """Reviews rows by (employee, period), with the fallbacks of SPEC section 5."""

    def __init__(self, reviews: pd.DataFrame) -> None:
        self.rows: dict[tuple[str, str], ReviewValues] = {}
        keys = zip(reviews["employee_id"].tolist(), reviews["period"].tolist(), strict=True)
        values = (_decimals(reviews[name]) for name in ("satisfaction", "compliance_deductions",
                                                        "learning"))
        for key, satisfaction, deductions, learning in zip(keys, *values, strict=True):
            if key in self.rows:
                continue
            self.rows[key] = ReviewValues(
                satisfaction=satisfaction,
                compliance=Decimal(100) - (deductions or Decimal(0)),
                learning=learning,
            )

    def values(self, employee: str, period: Period) -> ReviewValues | None:
        return self.values_in(period, [employee])[0]

    def values_in(self, period: Period, employees: Sequence[str]) -> list[ReviewValues | None]:
        """``values`` of each of ``employees`` in ``period``, the period's texts made once."""
        rows, text = self.rows, str(period)
        exact = [rows.get((employee, text)) for employee in employees]
        if period.cycle == "quarter":
            return exact
        if period.cycle == "month":
            quarter = str(period.parent())
            return [found if found is not None else rows.get((employee, quarter))
                    for employee, found in zip(employees, exact, strict=True)]
        return [found if found is not None else self._mean_of_quarters(employee, period)
                for employee, found in zip(employees, exact, strict=True)]

    def _mean_of_quarters(self, employee: str, year: Period) -> ReviewValues | None:
        found = [v for q in year.quarters() if (v := self.rows.get((employee, str(q))))]
        if not found:
            return None
        means: dict[str, Decimal | None] = {}
        for name in REVIEW_VALUES:
            present = [x for v in found if (x := getattr(v, name)) is not None]
            means[name] = sum(present, Decimal(0)) / len(present) if present else None
        return ReviewValues(**means)


class PeerBook:
    """Peer ratings received per (ratee, period), self-ratings dropped."""

    def __init__(self, peer_reviews: pd.DataFrame, minimum: int) -> None:
        self.minimum = minimum
        self.scores: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
        rows = peer_reviews[peer_reviews["rater_id"] != peer_reviews["ratee_id"]]
        for ratee, period, score in zip(rows["ratee_id"].tolist(), rows["period"].tolist(),
                                        rows["score"].tolist(), strict=True):
            self.scores[(ratee, period)].append(Decimal(repr(float(score))))

    def ratings(self, employee: str, period: Period) -> list[Decimal]:
        return list(self.ratings_in(period, [employee])[0])

    def ratings_in(self, period: Period, employees: Sequence[str]) -> list[list[Decimal]]:
        """``ratings`` of each of ``employees`` in ``period``, the period's texts made once.

        The lists may be the book's own: read them, do not change them.
        """
        scores, text = self.scores, str(period)
        none: list[Decimal] = []
        own = [scores.get((employee, text), none) for employee in employees]
        if period.cycle == "quarter":
            return own
        if period.cycle == "month":
            quarter = str(period.parent())
            return [found or scores.get((employee, quarter), none)
                    for employee, found in zip(employees, own, strict=True)]
        quarters = [str(q) for q in period.quarters()]
        return [found + [s for q in quarters for s in scores.get((employee, q), none)]
                for employee, found in zip(employees, own, strict=True)]

    def teamwork(self, employee: str, period: Period) -> tuple[Decimal | None, int]:
        """Mean rating and the number of ratings (``None`` below the minimum)."""
        return self.teamwork_in(period, [employee])[0]

    def teamwork_in(self, period: Period, employees: Sequence[str]
                    ) -> list[tuple[Decimal | None, int]]:
        """``teamwork`` of each of ``employees`` in ``period``."""
        return [self._mean(found) for found in self.ratings_in(period, employees)]

    def _mean(self, found: list[Decimal]) -> tuple[Decimal | None, int]:
        if len(found) < self.minimum or not found:
            return None, len(found)
        return sum(found, Decimal(0)) / len(found), len(found)
