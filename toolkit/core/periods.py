"""Periods: a month ``2026-03``, a quarter ``2026-Q1`` or a year ``2026`` (SPEC section 2).

A period is a frozen value with a cycle (``month``, ``quarter`` or ``year``), its first and
last calendar day, and the periods it contains or belongs to. Periods order by start date,
then by length (month before quarter before year), so sorted output reads naturally.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

Cycle = Literal["month", "quarter", "year"]
CYCLES: tuple[Cycle, ...] = ("month", "quarter", "year")
_CYCLE_RANK = {"month": 0, "quarter": 1, "year": 2}

_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:年\s*)?(?:Q|第)\s*([1-4])\s*(?:季度?)?$",
                      re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})\s*年?$")


@dataclass(frozen=True, order=False)
class Period:
    """One month (index 1-12), quarter (index 1-4) or year (index 0).

    Its calendar (first and last day, length, text, hash) is worked out once, when it is
    made, and the constructors below hand out one shared instance per period: a run looks
    the same few periods up hundreds of thousands of times.
    """

    cycle: Cycle
    year: int
    index: int = 0
    start: date = field(init=False, repr=False, compare=False)
    end: date = field(init=False, repr=False, compare=False)  # the last day (inclusive)
    days: int = field(init=False, repr=False, compare=False)
    _text: str = field(init=False, repr=False, compare=False)
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        limit = {"month": 12, "quarter": 4, "year": 0}[self.cycle]
        low = 0 if self.cycle == "year" else 1
        if not (low <= self.index <= limit) or not (1900 <= self.year <= 9999):
            raise ValueError(f"not a valid {self.cycle}: {self.year}/{self.index}")
        first, last = _first_and_last_month(self.cycle, self.index)
        start = date(self.year, first, 1)
        end = date(self.year, last, calendar.monthrange(self.year, last)[1])
        text = {"month": f"{self.year}-{self.index:02d}", "quarter": f"{self.year}-Q{self.index}",
                "year": f"{self.year}"}[self.cycle]
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "days", (end - start).days + 1)
        object.__setattr__(self, "_text", text)
        # From integers only, so equal periods hash equally in every process (a string's
        # hash changes from one process to the next).
        object.__setattr__(self, "_hash", hash((self.year, self.index, _CYCLE_RANK[self.cycle])))

    def __hash__(self) -> int:
        return self._hash

    # -- constructors (one shared instance per period) ------------------------------------
    @staticmethod
    def month(year: int, month: int) -> Period:
        return _shared("month", year, month)

    @staticmethod
    def quarter(year: int, quarter: int) -> Period:
        return _shared("quarter", year, quarter)

    @staticmethod
    def of_year(year: int) -> Period:
        return _shared("year", year, 0)

    @staticmethod
    def parse(text: str) -> Period:
        """Parse ``2026-03``, ``2026/3``, ``2026年3月``, ``2026-Q1``, ``2026Q1``, ``2026``.

        Raises ``ValueError`` naming the text when it is none of these.
        """
        return _parse(text)

    @staticmethod
    def _parse_uncached(text: str) -> Period:
        value = text.strip()
        try:
            if m := _YEAR.match(value):
                return Period.of_year(int(m.group(1)))
            if m := _QUARTER.match(value):
                return Period.quarter(int(m.group(1)), int(m.group(2)))
            if m := _MONTH.match(value):
                return Period.month(int(m.group(1)), int(m.group(2)))
        except ValueError:
            pass
        raise ValueError(f"not a period: {text!r}")

    @staticmethod
    def from_cell(value: object) -> Period:
        """A period from a cell: text, a whole number year, or a date on a month's first day.

        Excel turns a typed ``2026-03`` into the date 2026-03-01; that reads as the month.
        """
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            if value.day != 1:
                raise ValueError(f"not a period: {value.isoformat()}")
            return Period.month(value.year, value.month)
        if isinstance(value, bool):
            raise ValueError(f"not a period: {value!r}")
        if isinstance(value, int | float) and float(value).is_integer():
            return Period.of_year(int(value))
        return Period.parse(str(value))

    @staticmethod
    def containing(day: date, cycle: Cycle) -> Period:
        if cycle == "month":
            return Period.month(day.year, day.month)
        if cycle == "quarter":
            return Period.quarter(day.year, (day.month - 1) // 3 + 1)
        return Period.of_year(day.year)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> tuple[Period, ...]:
        if self.cycle == "month":
            return (self,)
        first = self.start.month
        count = 3 if self.cycle == "quarter" else 12
        return tuple(Period.month(self.year, m) for m in range(first, first + count))

    def quarters(self) -> tuple[Period, ...]:
        """The quarters of a year; a quarter is its own only quarter; a month has none."""
        if self.cycle == "year":
            return tuple(Period.quarter(self.year, q) for q in range(1, 5))
        return (self,) if self.cycle == "quarter" else ()

    def parent(self) -> Period | None:
        """The quarter of a month, the year of a quarter; a year has none."""
        if self.cycle == "month":
            return Period.containing(self.start, "quarter")
        if self.cycle == "quarter":
            return Period.of_year(self.year)
        return None

    def previous(self) -> Period:
        """The period of the same cycle just before this one."""
        if self.cycle == "year":
            return Period.of_year(self.year - 1)
        size = 12 if self.cycle == "month" else 4
        if self.index == 1:
            return _shared(self.cycle, self.year - 1, size)
        return _shared(self.cycle, self.year, self.index - 1)

    def next(self) -> Period:
        if self.cycle == "year":
            return Period.of_year(self.year + 1)
        size = 12 if self.cycle == "month" else 4
        if self.index == size:
            return _shared(self.cycle, self.year + 1, 1)
        return _shared(self.cycle, self.year, self.index + 1)

    # -- display and order --------------------------------------------------------------
    def __str__(self) -> str:
        return self._text

    def sort_key(self) -> tuple[date, int]:
        return (self.start, _CYCLE_RANK[self.cycle])

    def __lt__(self, other: Period) -> bool:
        return self.sort_key() < other.sort_key()


def parsed_periods(texts: Iterable[str]) -> dict[str, Period]:
    """Each distinct period text parsed once: a table's period column as a lookup."""
    return {text: Period.parse(text) for text in set(texts)}


_parse = lru_cache(maxsize=4096)(Period._parse_uncached)
_shared = lru_cache(maxsize=4096)(Period)


def _first_and_last_month(cycle: Cycle, index: int) -> tuple[int, int]:
    if cycle == "month":
        return index, index
    if cycle == "quarter":
        return 3 * index - 2, 3 * index
    return 1, 12


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative); a day missing in that month
    becomes its last day: 2026-01-31 + 1 -> 2026-02-28."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods_between(first: date, last: date, cycle: Cycle) -> list[Period]:
    """Every period of ``cycle`` that overlaps the days ``first`` to ``last`` inclusive."""
    out: list[Period] = []
    current = Period.containing(first, cycle)
    while current.start <= last:
        out.append(current)
        current = current.next()
    return out


def overlap_days(first: date, last: date, period: Period) -> int:
    """Days of ``period`` between ``first`` and ``last``, both included (0 when disjoint)."""
    start = max(first, period.start)
    end = min(last, period.end)
    return max((end - start).days + 1, 0)
