"""Employees, History, Separations and Assets of the sample."""

from __future__ import annotations

import random
from datetime import timedelta

from toolkit.core.periods import Period, add_months
from toolkit.sample import texts
from toolkit.sample.staff import Org, Person
from toolkit.sample.table import Row, Table
from toolkit.sample.timeline import Timeline

EMPLOYEE_COLUMNS = (
    "employee_id", "name", "name_zh", "department", "department_zh", "manager_id", "email",
    "hire_date", "termination_date", "base_salary", "commission_rate", "monthly_bonus_base",
    "annual_bonus_base", "mentor_id", "language",
)


def employees_table(org: Org) -> Table:
    """Everyone in id order: the director, the managers, the reps."""
    rows = []
    for p in org.people:
        department = (texts.DIRECTOR_DEPARTMENT if p.department < 0
                      else org.departments[p.department])
        rows.append((p.employee_id, p.name, p.name_zh, *department, p.manager_id, p.email,
                     p.hire_date, p.termination_date, p.base_salary, p.commission_rate,
                     p.monthly_bonus_base, p.annual_bonus_base, p.mentor_id, p.language))
    return Table(EMPLOYEE_COLUMNS, rows)


def history_table(rng: random.Random, org: Org, timeline: Timeline) -> Table:
    """Grades of the two quarters and the year before the sample, for reps employed then.

    Stars: S, S or A, S and the year S; the PIP case: C then B, year B; the first weak rep:
    C then D, year C; other weak reps C or B; solid reps mostly B with some A and C.
    """
    second = timeline.months[0].parent()
    assert second is not None  # a month always has a quarter
    quarters = (second.previous().previous(), second.previous())
    year = Period.of_year(timeline.start.year - 1)
    rows = []
    for rep in org.reps:
        grades = _history_grades(rng, rep, org)
        for period, grade in zip((*quarters, year), grades, strict=True):
            if rep.hire_date <= period.end:
                rows.append((rep.employee_id, str(period), grade))
    return Table(("employee_id", "period", "grade"), rows)


def _history_grades(rng: random.Random, rep: Person, org: Org) -> tuple[str, str, str]:
    if rep.kind == "star":
        return (*rng.choice((("S", "S"), ("A", "S"))), "S")
    if rep.kind == "pip":
        return ("C", "B", "B")
    if rep.kind == "weak":
        return ("C", "D", "C") if rep.employee_id == org.weak[0] else (
            rng.choice("CB"), rng.choice("CCB"), "C")
    first, second = rng.choice("AABBBBBC"), rng.choice("AABBBBBC")
    return (first, second, "A" if first + second == "AA" else "B")


def separations_table(rng: random.Random, org: Org) -> Table:
    """A row per leaver: requested a month before the last day, handed over to a colleague
    of the same department, approved by the manager."""
    rows = []
    for leaver_id in org.leavers:
        leaver = org.by_id[leaver_id]
        last_day = leaver.termination_date
        assert last_day is not None  # leavers have a termination date
        colleagues = [r.employee_id for r in org.reps if r.department == leaver.department
                      and r.termination_date is None and r.hire_date < last_day]
        handover = rng.choice(colleagues) if colleagues else leaver.manager_id
        request = add_months(last_day, -1)
        rows.append((leaver_id, request, last_day,
                     *texts.SEPARATION_REASONS[rng.randrange(len(texts.SEPARATION_REASONS))],
                     handover, leaver.manager_id))
    return Table(("employee_id", "request_date", "last_day", "reason", "reason_zh",
                  "handover_to", "approved_by"), rows)



def assets_table(rng: random.Random, org: Org, timeline: Timeline) -> Table:
    """A leaver holds a laptop, a phone and a badge; about one rep in six a laptop and
    sometimes a fuel card or a sample kit."""
    rows: list[Row] = []
    counters: dict[str, int] = {}

    def issue(person: Person, code: str) -> None:
        counters[code] = counters.get(code, 0) + 1
        earliest = max(person.hire_date, timeline.start - timedelta(days=1000))
        last = person.termination_date or timeline.end
        issued = earliest + timedelta(days=rng.randint(0, max((last - earliest).days // 4, 0)))
        rows.append((person.employee_id, f"{code}{counters[code]:04d}",
                     *texts.ASSET_ITEMS[code], issued))

    for rep in org.reps:
        if rep.employee_id in org.leavers:
            for code in ("LT", "PH", "BD"):
                issue(rep, code)
        elif rng.random() < 1 / 6:
            issue(rep, "LT")
            if rng.random() < 0.5:
                issue(rep, rng.choice(("FC", "SK")))
    return Table(("employee_id", "asset_id", "item", "item_zh", "issued_date"), rows)
