"""The sample's people: a director, one manager per department, sales reps with profiles.

About 13 reps make a department. Each rep has a performance profile that drives every
number generated for them: ``star`` (sales about 122-132 % of target, excellent reviews),
``solid`` (86-108 %, shifted by a personal ``ability``), ``weak`` (55-80 %) and ``pip``
(solid until the middle of the sample, then two quarters of collapse and a partial
recovery). A few reps are hired during the sample (one on a quarter's first day) and one
leaves; both are spread proportionally when the company grows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from toolkit.core.periods import Period
from toolkit.sample import texts
from toolkit.sample.timeline import Timeline

REPS_PER_DEPARTMENT = 13


@dataclass(frozen=True)
class Profile:
    """How a rep performs in a month: the drivers of every sheet's numbers."""

    tier: str                        # high | mid | low: review texts
    attainment: tuple[float, float]  # monthly sales / sales target
    new_customers: tuple[int, ...]   # new customers a month, drawn uniformly
    small_share: float               # share of new customers that stay below 10,000
    on_time: float                   # chance a contract is paid in full within terms
    conversion: float                # chance a lead converts
    satisfaction: tuple[int, int]
    learning: tuple[int, int]
    deductions: tuple[int, ...]      # compliance deductions, drawn uniformly
    peer: int                        # mean peer score received
    coefficient: float               # bonus coefficient payroll pays with


PROFILES: dict[str, Profile] = {
    "star": Profile("high", (1.22, 1.32), (2, 2, 3, 3), 0.05, 0.96, 0.34, (93, 98),
                    (88, 98), (0, 0, 0, 1, 2), 93, 1.2),
    "solid": Profile("mid", (0.86, 1.08), (0, 1, 1, 2, 2), 0.15, 0.82, 0.21, (82, 92),
                     (72, 90), (0, 0, 2, 3, 5), 85, 0.8),
    "weak": Profile("low", (0.55, 0.80), (0, 0, 1, 1, 2), 0.30, 0.62, 0.11, (72, 84),
                    (60, 76), (0, 3, 5, 8, 12), 77, 0.6),
    "collapse": Profile("low", (0.38, 0.52), (0, 0, 1), 0.40, 0.50, 0.07, (66, 76),
                        (60, 70), (5, 8, 10, 15), 72, 0.0),
    "recovery": Profile("mid", (0.75, 0.92), (0, 1, 1, 2), 0.20, 0.75, 0.17, (78, 86),
                        (70, 82), (0, 2, 4), 80, 0.6),
}


@dataclass(frozen=True)
class Person:
    """One Employees row plus what drives the generated data (kind, ability, region)."""

    employee_id: str
    name: str
    name_zh: str
    email: str
    role: str                 # director | manager | rep
    department: int           # index into Org.departments; -1 for the director
    manager_id: str | None
    hire_date: date
    base_salary: int
    termination_date: date | None = None
    kind: str = ""            # star | solid | weak | pip (reps only)
    ability: float = 0.0      # -1..1: spread within the profile
    commission_rate: float | None = None
    monthly_bonus_base: int | None = None
    annual_bonus_base: int | None = None
    mentor_id: str | None = None
    language: str | None = None

    def employed_in(self, period: Period) -> bool:
        """At least one employment day in ``period``."""
        last = self.termination_date or period.end
        return self.hire_date <= period.end and last >= period.start


@dataclass(frozen=True)
class Org:
    """Everyone, with the reps singled out for special cases."""

    people: tuple[Person, ...]
    departments: tuple[tuple[str, str], ...]
    stars: tuple[str, ...]
    pips: tuple[str, ...]
    weak: tuple[str, ...]
    leavers: tuple[str, ...]
    hires: tuple[str, ...]
    reps: tuple[Person, ...] = field(init=False, repr=False)
    by_id: dict[str, Person] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reps", tuple(p for p in self.people if p.role == "rep"))
        object.__setattr__(self, "by_id", {p.employee_id: p for p in self.people})

    def manager_of(self, department: int) -> Person:
        return next(p for p in self.people if p.role == "manager"
                    and p.department == department)


def profile_at(person: Person, month_offset: int, months: int) -> Profile:
    """The profile of ``person`` in the sample's month ``month_offset``.

    A ``pip`` rep is a below-average solid rep until the middle month, collapses for six
    months (two quarters when the sample starts on a quarter), then partly recovers.
    """
    kind = person.kind
    if kind == "pip":
        collapse = round(months * 0.5)
        kind = ("solid" if month_offset < collapse
                else "collapse" if month_offset < collapse + 6 else "recovery")
    if kind != "solid":
        return PROFILES[kind]
    return _solid(person.ability)


@cache
def _solid(ability: float) -> Profile:
    """The solid profile shifted by ``ability`` (-1..1): sales +-7 points of target,
    conversion +-4 points, on-time payment +-6 points, satisfaction and peer scores +-4."""
    base = PROFILES["solid"]
    low, high = base.attainment
    return replace(base, attainment=(low + 0.07 * ability, high + 0.07 * ability),
                   conversion=base.conversion + 0.04 * ability,
                   on_time=min(base.on_time + 0.06 * ability, 0.97),
                   satisfaction=(round(base.satisfaction[0] + 4 * ability),
                                 round(base.satisfaction[1] + 4 * ability)),
                   peer=round(base.peer + 4 * ability))


def build_org(rng: random.Random, reps: int, timeline: Timeline) -> Org:
    """The director (E1001), the managers, then the reps, with their special roles."""
    if reps < 1:
        raise ValueError(f"expected at least 1 sales employee, found {reps}")
    departments = _departments(max(1, round(reps / REPS_PER_DEPARTMENT)))
    names = _names(rng, 1 + len(departments) + reps)
    roles = _roles(rng, reps)
    start = timeline.start
    director = _person(names, 0, "director", -1, None, start - timedelta(days=3000), 40000)
    managers = [_person(names, 1 + d, "manager", d, director.employee_id,
                        start - timedelta(days=rng.randint(1800, 3600)),
                        rng.randrange(22000, 28001, 1000))
                for d in range(len(departments))]
    people = [director, *managers]
    for index in range(reps):
        department = index * len(departments) // reps
        people.append(_rep(rng, names, len(people), department,
                           managers[department].employee_id, roles[index], timeline))
    people = _with_mentors(people, roles)
    ids = [p.employee_id for p in people if p.role == "rep"]

    def chosen(role: str) -> tuple[str, ...]:
        return tuple(i for i, r in zip(ids, roles, strict=True) if r.startswith(role))

    return Org(tuple(people), departments, chosen("star"), chosen("pip"), chosen("weak"),
               chosen("leaver"), chosen("hire"))


def _departments(count: int) -> tuple[tuple[str, str], ...]:
    """East, North, South, ... then numbered groups of the same regions."""
    out = []
    for index in range(count):
        en, zh = texts.REGIONS[index % len(texts.REGIONS)]
        group = index // len(texts.REGIONS)
        out.append((en, zh) if group == 0 else (f"{en} {group + 1}", f"{zh}{group + 1}部"))
    return tuple(out)


def _names(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(English name, Chinese name, email) per person; unique while the pools last."""
    size = len(texts.SURNAMES) * len(texts.GIVEN_NAMES)
    picks = (rng.sample(range(size), count) if count <= size
             else [rng.randrange(size) for _ in range(count)])
    seen: dict[str, int] = {}
    out = []
    for pick in picks:
        (surname, surname_zh) = texts.SURNAMES[pick // len(texts.GIVEN_NAMES)]
        (given, given_zh) = texts.GIVEN_NAMES[pick % len(texts.GIVEN_NAMES)]
        local = f"{given}.{surname}".lower()
        seen[local] = seen.get(local, 0) + 1
        suffix = "" if seen[local] == 1 else str(seen[local])
        out.append((f"{surname} {given}", surname_zh + given_zh,
                    f"{local}{suffix}@example.com"))
    return out


def _roles(rng: random.Random, reps: int) -> list[str]:
    """A role per rep: star, pip, weak, leaver, hire (``hire-<n>``) or solid.

    For 40 reps: 2 stars, 1 pip case, 4 weak, 1 leaver and 4 mid-period hires (the second
    hire, on a quarter's first day, is a star too), in a seeded random order.
    """
    counts = (("star", max(1, round(reps * 2 / 40))), ("pip", max(1, reps // 40)),
              ("weak", max(1, round(reps * 4 / 40))), ("leaver", max(1, reps // 40)),
              ("hire", max(1, round(reps * 4 / 40))))
    wanted: list[str] = []
    for role, count in counts:
        wanted += [f"{role}-{n}" for n in range(count)]
    wanted = wanted[:reps] + ["solid"] * max(0, reps - len(wanted))
    order = rng.sample(range(reps), reps)
    roles = [""] * reps
    for slot, role in zip(order, wanted, strict=True):
        roles[slot] = role
    return roles


def _person(names: list[tuple[str, str, str]], index: int, role: str, department: int,
            manager_id: str | None, hired: date, salary: int) -> Person:
    name, name_zh, email = names[index]
    return Person(f"E{1001 + index}", name, name_zh, email, role, department, manager_id,
                  hired, salary)


HIRE_POINTS = ((0.25, 15), (0.375, 1), (0.55, 10), (0.7, 18))  # (fraction, day of month)


def _rep(rng: random.Random, names: list[tuple[str, str, str]], index: int, department: int,
         manager_id: str, role: str, timeline: Timeline) -> Person:
    """A rep; a hire joins during the sample, a leaver's last day is ~80 % through it."""
    kind = {"star": "star", "pip": "pip", "weak": "weak"}.get(role.split("-")[0], "solid")
    hired = timeline.start - timedelta(days=rng.randint(3 * 365 if kind == "star" else 90,
                                                        9 * 365))
    terminated = None
    number = int(role.split("-")[1]) if "-" in role else 0
    if role.startswith("hire"):
        hired = _hire_date(timeline, number)
        kind = "star" if number == 1 else "solid"
    if role.startswith("leaver"):
        month = timeline.month_at(0.8 - (number % 6) / len(timeline.months))
        terminated = date(month.year, month.index, 20)
        hired = min(hired, terminated - timedelta(days=400))
    years = min((timeline.start - hired).days / 365, 8.0)
    salary = 8000 + round(max(years, 0) / 8 * 7000 / 500) * 500
    person = _person(names, index, "rep", department, manager_id, hired, salary)
    return replace(person, termination_date=terminated, kind=kind,
                   ability=round(rng.uniform(-1, 1), 3) if kind == "solid" else 0.0,
                   commission_rate=None if rng.random() < 0.4
                   else rng.choice((0.01, 0.012, 0.015, 0.02)),
                   monthly_bonus_base=rng.choice((2000, 2500, 3000))
                   if rng.random() < 0.1 else None,
                   annual_bonus_base=rng.choice((20000, 30000, 40000))
                   if rng.random() < 0.1 else None,
                   language="zh" if rng.random() < 0.1 else None)


def _hire_date(timeline: Timeline, number: int) -> date:
    """The ``number``-th mid-period hire date; every fourth-plus-one is a quarter's first day."""
    fraction, day = HIRE_POINTS[number % len(HIRE_POINTS)]
    month = timeline.month_at(fraction + (number // len(HIRE_POINTS)) % 3 * 3
                              / len(timeline.months))
    if day == 1:
        while month.index % 3 != 1 and month != timeline.months[-1]:
            month = month.next()
    return date(month.year, month.index, day)


def _with_mentors(people: list[Person], roles: list[str]) -> list[Person]:
    """Hires and weak reps get their department's most senior rep as mentor; a PIP case
    gets the first star of the company."""
    reps = [p for p in people if p.role == "rep"]
    stars = [p.employee_id for p, r in zip(reps, roles, strict=True) if r.startswith("star")]
    senior: dict[int, Person] = {}
    for rep in reps:
        best = senior.get(rep.department)
        if rep.termination_date is None and (best is None or rep.hire_date < best.hire_date):
            senior[rep.department] = rep
    out = list(people[: len(people) - len(reps)])
    for rep, role in zip(reps, roles, strict=True):
        mentor = None
        if role.startswith(("hire", "weak")) and rep.department in senior:
            mentor = senior[rep.department].employee_id
        if role.startswith("pip") and stars:
            mentor = stars[0]
        out.append(replace(rep, mentor_id=mentor if mentor != rep.employee_id else None))
    return out
