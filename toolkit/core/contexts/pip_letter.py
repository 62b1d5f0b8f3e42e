"""What a PIP letter prints (SPEC sections 7 and 9), one per ``pip`` action.

The letter is dated the day the plan starts (a re-run later prints the same letter). The
reason with the grade history (the quarters up to the PIP's period; for a year, its
quarters and the year), the start and end dates of the action, the mentor (mentor_id,
else the manager), the improvement targets of ``pip.pip_targets``, and the monthly
check-ins: the same day each following month, moved to the next working day when it is
not one; the last is the final review, on or after the day after the plan ends. Support
offered and the consequence of missing the targets are the template's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.core.actions import pip_trigger
from toolkit.core.contexts.books import Books
from toolkit.core.contexts.common import Person, department, manager_of, person
from toolkit.core.contexts.fmt import DASH, Formatter
from toolkit.core.contexts.words import indicator_name, word
from toolkit.core.frames import Record
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import Period, add_months
from toolkit.core.pip import PipTarget, pip_targets
from toolkit.core.schedule import as_day
from toolkit.core.workdays import is_working_day, next_working_day


@dataclass(frozen=True)
class GradeRow:
    period: str
    grade: str
    score: str


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    current: str
    target: str


@dataclass(frozen=True)
class CheckIn:
    label: str
    date: str


@dataclass(frozen=True)
class PipLetterContext:
    prepared: str
    period: str
    period_code: str
    employee: Person
    department: str
    manager: Person
    mentor: Person
    reason: str
    history: tuple[GradeRow, ...]
    start_date: str
    end_date: str
    duration: str
    targets: tuple[TargetRow, ...]
    checkins: tuple[CheckIn, ...]


def pip_letter_context(books: Books, action: Record, language: str) -> PipLetterContext:
    """The letter for one row of the actions table whose action is ``pip``."""
    employee, period = str(action["employee_id"]), Period.parse(str(action["period"]))
    fmt = Formatter(language, books.currency)
    plan = books.facts.plan
    row = books.scores[(employee, str(period))]
    start, end = as_day(action["start_date"]), as_day(action["end_date"])
    if start is None or end is None:
        raise ValueError(f"pip action of {employee} {period} has no dates")
    return PipLetterContext(
        prepared=fmt.date(start), period=fmt.period(period),
        period_code=str(period), employee=person(books.people, employee, language,
                                                 "not_named"),
        department=department(books.people, employee),
        manager=manager_of(books.people, employee, language),
        mentor=_mentor(books, employee, language),
        reason=_reason(books, employee, period, fmt), history=_history(books, employee,
                                                                        period, fmt),
        start_date=fmt.date(start), end_date=fmt.date(end),
        duration=word(language, "duration", months=plan.pip_months),
        targets=tuple(_target(t, fmt) for t in pip_targets(row, plan)),
        checkins=checkins(start, plan.pip_months, plan.holiday_country, fmt))


def _mentor(books: Books, employee: str, language: str) -> Person:
    record = books.people.get(employee)
    chosen = next((record.get(c) for c in ("mentor_id", "manager_id")
                   if not is_blank_value(record.get(c))), None)
    return person(books.people, chosen, language, "no_mentor")


def _reason(books: Books, employee: str, period: Period, fmt: Formatter) -> str:
    trigger = pip_trigger(employee, period, books.grades)
    if len(trigger) > 1:
        history = fmt.join([word(fmt.language, "history_item", period=fmt.period(p),
                                 grade=g) for p, g in trigger])
        return word(fmt.language, "reason_two", history=history)
    row = books.scores[(employee, str(period))]
    return word(fmt.language, "reason_one", period=fmt.period(period), grade=row["grade"],
                score=fmt.score(row["total_score"]))


def _history(books: Books, employee: str, period: Period, fmt: Formatter
             ) -> tuple[GradeRow, ...]:
    """Grades of the four quarters up to a quarter, or of a year's quarters and the year."""
    if period.cycle == "year":
        periods = [*period.quarters(), period]
    else:
        periods = [period.previous().previous().previous(), period.previous().previous(),
                   period.previous(), period]
    rows = []
    for each in periods:
        grade = books.grades.get((employee, str(each)))
        if grade is None:
            continue
        score = books.scores.get((employee, str(each)), {}).get("total_score")
        rows.append(GradeRow(fmt.period(each), grade, fmt.score(score)))
    return tuple(rows)


def _target(target: PipTarget, fmt: Formatter) -> TargetRow:
    name = indicator_name(target.indicator, fmt.language)
    if target.kind == "no_new_deductions" or target.target is None:
        goal = word(fmt.language, "target_clean")
    elif target.kind == "ratio":
        goal = word(fmt.language, "target_ratio", value=fmt.percent(target.target, 0))
    else:
        goal = word(fmt.language, "target_points", value=fmt.number(target.target))
    return TargetRow(name, fmt.score(target.score), goal)


def checkins(start: date, months: int, country: str, fmt: Formatter
             ) -> tuple[CheckIn, ...]:
    """A check-in each month after ``start``; the last one is the final review."""
    rows = []
    for number in range(1, months + 1):
        day = add_months(start, number)
        if not is_working_day(day, country):
            day = next_working_day(day, country)
        label = word(fmt.language, "final_review") if number == months else \
            word(fmt.language, "checkin", number=number)
        rows.append(CheckIn(label, fmt.date(day)))
    return tuple(rows) or (CheckIn(DASH, DASH),)
