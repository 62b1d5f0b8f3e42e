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
        exact = self.rows.get((employee, str(period)))
        if exact is not None:
            return exact
        if period.cycle == "month":
            return self.rows.get((employee, str(period.parent())))
        if period.cycle == "year":
            return self._mean_of_quarters(employee, period)
        return None

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
        own = self.scores.get((employee, str(period)), [])
        if period.cycle == "month" and not own:
            return self.scores.get((employee, str(period.parent())), [])
        if period.cycle == "year":
            quarters = [s for q in period.quarters()
                        for s in self.scores.get((employee, str(q)), [])]
            return own + quarters
        return own

    def teamwork(self, employee: str, period: Period) -> tuple[Decimal | None, int]:
        """Mean rating and the number of ratings (``None`` below the minimum)."""
        found = self.ratings(employee, period)
        if len(found) < self.minimum or not found:
            return None, len(found)
        return sum(found, Decimal(0)) / len(found), len(found)
