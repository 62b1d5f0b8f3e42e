"""The sample's calendar: its months, quarters and years, employment spans, working days.

Working days are the toolkit's own calendar of the plan's holiday country (public
holidays off, official make-up weekend days on), so a review step drawn "1-3 working days
after the period" is on time by the same rule that grades it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from toolkit.core import workdays
from toolkit.core.periods import Period
from toolkit.core.plan import Plan

# Days after the last month on which late facts (payments) may still fall; the day after
# them is the as-of date the sample is meant to be graded at (2027-01-20 for the defaults).
CUTOFF_DAYS = 19
# The sample's Plan sheet is the default plan, so its calendar is the default country's.
HOLIDAY_COUNTRY = Plan().holiday_country


@dataclass(frozen=True)
class Timeline:
    """The months of the sample, in order, and the as-of date it is meant to be graded at."""

    months: tuple[Period, ...]

    @staticmethod
    def of(start: date, count: int) -> Timeline:
        """``count`` consecutive months from the month of ``start``."""
        first = Period.containing(start, "month")
        months = [first]
        while len(months) < count:
            months.append(months[-1].next())
        return Timeline(tuple(months))

    @property
    def start(self) -> date:
        return self.months[0].start

    @property
    def end(self) -> date:
        return self.months[-1].end

    @property
    def as_of(self) -> date:
        """The first day not covered: facts on or after it are left out (or ignored)."""
        return self.end + timedelta(days=CUTOFF_DAYS + 1)

    @property
    def quarters(self) -> tuple[Period, ...]:
        """Quarters overlapping the months, in order."""
        return _unique(m.parent() for m in self.months)

    @property
    def years(self) -> tuple[Period, ...]:
        return _unique(Period.of_year(m.year) for m in self.months)

    def full(self, period: Period) -> bool:
        """Whether every day of ``period`` lies inside the sample."""
        return self.start <= period.start and period.end <= self.end

    def offset(self, month: Period) -> int:
        """Index of ``month`` in the sample (0 = the first month)."""
        return (month.year - self.months[0].year) * 12 + month.index - self.months[0].index

    def last_offset(self, period: Period) -> int:
        """Offset of the last month of ``period`` inside the sample (clamped to its range)."""
        return min(max(self.offset(period.months()[-1]), 0), len(self.months) - 1)

    def month_at(self, fraction: float) -> Period:
        """The month ``fraction`` of the way through the sample (clamped to its range)."""
        index = min(max(round(fraction * len(self.months)), 0), len(self.months) - 1)
        return self.months[index]


def _unique(periods: Iterable[Period | None]) -> tuple[Period, ...]:
    out: list[Period] = []
    for period in periods:
        if period is not None and period not in out:
            out.append(period)
    return tuple(out)


@cache
def bounds(period: Period) -> tuple[date, date, int]:
    """First day, last day and length in days of ``period`` (cached: used per row)."""
    return period.start, period.end, period.days


def employed_span(hire: date, termination: date | None, period: Period
                  ) -> tuple[date, date] | None:
    """First and last employment day within ``period`` (both included), or None."""
    start, end, _ = bounds(period)
    first = max(hire, start)
    last = min(termination or end, end)
    return (first, last) if first <= last else None


def employed_fraction(hire: date, termination: date | None, period: Period) -> float:
    """Employment days in ``period`` / calendar days of ``period``."""
    span = employed_span(hire, termination, period)
    return 0.0 if span is None else ((span[1] - span[0]).days + 1) / bounds(period)[2]


def below(rng: random.Random, count: int) -> int:
    """A whole number from 0 to ``count`` - 1: ``randrange(count)`` at a fraction of the
    cost (one ``random()`` call), for the per-row draws of large samples."""
    return int(rng.random() * count)


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` inclusive (cheap, like ``below``)."""
    return low + below(rng, high - low + 1)


def random_day(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn day from ``first`` to ``last`` inclusive."""
    return first + timedelta(days=below(rng, (last - first).days + 1))


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` on the ``HOLIDAY_COUNTRY`` calendar
    (``day`` itself never counts; ``count`` = 0 gives ``day``)."""
    return workdays.add_working_days(day, count, HOLIDAY_COUNTRY)


def before(day: date | None, limit: date) -> date | None:
    """``day`` when it falls before ``limit``, else None (not happened yet)."""
    return day if day is not None and day < limit else None
