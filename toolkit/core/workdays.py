"""Working days on a country's official calendar (SPEC sections 4, 7 and 8).

A working day is a weekday that is not a public holiday, or a weekend day the government
declared an official make-up working day (China moves weekends around its Golden Weeks:
2026-10-01..07 are off and Saturday 2026-10-10 is worked). The calendar comes from the
``holidays`` package, a pure data library; each country's year is computed once and cached.

"Date + N working days" is the N-th working day after that date: the date itself never
counts, even when it is a working day, and N = 0 leaves the date unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from toolkit.core.problems import PlanInvalid

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=256)
def _working_days(country: str, year: int) -> frozenset[date]:
    """Every working day of ``year`` in ``country`` (public holidays off, make-up days on).

    Raises ``PlanInvalid`` naming the code when the holidays package does not know it.
    """
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        raise PlanInvalid(f"holiday_country: expected a country code such as CN, found "
                          f"{country!r}") from None
    day, days = date(year, 1, 1), set[date]()
    while day.year == year:
        if calendar.is_working_day(day):
            days.add(day)
        day += _ONE_DAY
    return frozenset(days)


def is_working_day(day: date, country: str) -> bool:
    """True when ``day`` is worked in ``country`` (make-up weekend days included)."""
    return day in _working_days(country.strip().upper(), day.year)


@lru_cache(maxsize=4096)  # a run asks for the same review deadlines thousands of times
def add_working_days(day: date, n: int, country: str) -> date:
    """The ``n``-th working day after ``day`` (``day`` itself never counts; n = 0: ``day``).

    Example (CN): 2026-09-30 + 3 = 2026-10-10, because Oct 1-7 are off and Saturday Oct 10
    is an official make-up working day (Oct 8 is the 1st, Oct 9 the 2nd).
    Raises ``ValueError`` for a negative ``n``.
    """
    if n < 0:
        raise ValueError(f"expected 0 or more working days, found {n}")
    current, counted = day, 0
    while counted < n:
        current += _ONE_DAY
        if is_working_day(current, country):
            counted += 1
    return current


def next_working_day(day: date, country: str) -> date:
    """The first working day after ``day``."""
    return add_working_days(day, 1, country)
