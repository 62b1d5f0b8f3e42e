"""Reviews, PeerReviews and Appeals of the sample.

Reviews: a row per rep and quarter employed, a year row for about a third of the reps and
a month row for two; values and texts follow the rep's profile in that period. The review
steps fall a few working days after the period (one in ten self-reviews late, a few short
one-on-ones); a step not yet done by the as-of date is blank, and a leaver's last quarter
has values but no dates. PeerReviews: 3-5 colleagues of the same department rate each rep
each quarter; a few self-ratings (ignored by the toolkit), one rep-quarter with only two
ratings, and a few monthly ratings. Appeals: one upheld, one rejected, one pending.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from toolkit.core.periods import Period
from toolkit.sample import texts
from toolkit.sample.staff import Org, Person, Profile, profile_at
from toolkit.sample.table import Row, Table
from toolkit.sample.timeline import Timeline, add_working_days, before

REVIEW_COLUMNS = (
    "employee_id", "period", "satisfaction", "compliance_deductions", "learning",
    "self_review_date", "manager_review_date", "one_on_one_date", "one_on_one_minutes",
    "manager_comment", "manager_comment_zh", "strengths", "strengths_zh", "improvements",
    "improvements_zh",
)
OneOnOnes = dict[tuple[str, str], date | None]


def _order(period: Period) -> tuple[date, int]:
    """Chronological by end date; a month before the quarter and year ending with it."""
    return (period.end, {"month": 0, "quarter": 1, "year": 2}[period.cycle])


def reviews_table(rng: random.Random, org: Org, timeline: Timeline) -> tuple[Table, OneOnOnes]:
    """Review rows rep by rep, and each row's one-on-one date (for the appeals)."""
    solid = [r.employee_id for r in org.reps if r.kind == "solid"]
    month_reps = rng.sample(solid, min(2, len(solid)))
    rows: list[Row] = []
    for rep in org.reps:
        periods = [q for q in timeline.quarters if rep.employed_in(q)]
        if rng.random() < 0.33:
            periods += [y for y in timeline.years if timeline.full(y) and rep.employed_in(y)]
        if rep.employee_id in month_reps:
            periods.append(timeline.month_at(0.6))
        rows += [_review(rng, rep, p, timeline) for p in sorted(periods, key=_order)]
    one_on_ones = {(r[0], r[1]): r[7] for r in rows}
    return Table(REVIEW_COLUMNS, rows), one_on_ones


def _review(rng: random.Random, rep: Person, period: Period, timeline: Timeline
            ) -> Row:
    profile = profile_at(rep, timeline.last_offset(period), len(timeline.months))
    deductions = None if rng.random() < 0.3 else rng.choice(profile.deductions)
    values = (rng.randint(*profile.satisfaction), deductions, rng.randint(*profile.learning))
    left = rep.termination_date is not None and rep.termination_date < period.end
    dates = (None, None, None, None) if left else _review_dates(rng, period.end, timeline.as_of)
    return (rep.employee_id, str(period), *values, *dates, *_texts(rng, profile))


def _review_dates(rng: random.Random, end: date, as_of: date) -> Row:
    """Self review 1-3 working days after ``end`` (one in ten 6-8: late), the manager's
    1-4 days later (a few 6-8), the one-on-one 0-3 days after that, 30-60 minutes (a few
    20-29). Dates on or after ``as_of`` have not happened yet: blank."""
    self_review = add_working_days(end, rng.randint(6, 8) if rng.random() < 0.1
                                   else rng.randint(1, 3))
    manager = add_working_days(self_review, rng.randint(6, 8) if rng.random() < 0.06
                               else rng.randint(1, 4))
    gap = rng.randint(0, 3)
    one_on_one = add_working_days(manager, gap) if gap else manager
    minutes = rng.randint(20, 29) if rng.random() < 0.08 else rng.randrange(30, 61, 5)
    held = before(one_on_one, as_of)
    return (before(self_review, as_of), before(manager, as_of), held,
            minutes if held else None)


def _texts(rng: random.Random, profile: Profile) -> tuple[str, ...]:
    out: list[str] = []
    for pool in (texts.COMMENTS, texts.STRENGTHS, texts.IMPROVEMENTS):
        out += rng.choice(pool[profile.tier])
    return tuple(out)


def peer_reviews_table(rng: random.Random, org: Org, timeline: Timeline) -> Table:
    """Ratings quarter by quarter and department by department, then the monthly ones."""
    solid = [r for r in org.reps if r.kind == "solid"]
    few = rng.choice(solid).employee_id if solid else ""
    few_quarter = timeline.quarters[min(2, len(timeline.quarters) - 1)]
    rows: list[Row] = []
    for quarter in timeline.quarters:
        for department in range(len(org.departments)):
            members = [r for r in org.reps if r.department == department
                       and r.employed_in(quarter)]
            for ratee in members:
                count = 2 if (ratee.employee_id, quarter) == (few, few_quarter) else None
                rows += _ratings(rng, ratee, members, quarter, timeline, count)
    month = timeline.month_at(0.6)
    for ratee in rng.sample(solid, min(2, len(solid))):
        members = [r for r in org.reps if r.department == ratee.department]
        rows += _ratings(rng, ratee, members, month, timeline, 3, self_rating=False)
    return Table(("period", "rater_id", "ratee_id", "score"), rows)


def _ratings(rng: random.Random, ratee: Person, members: list[Person], period: Period,
             timeline: Timeline, count: int | None, self_rating: bool = True
             ) -> list[Row]:
    """``count`` (else 3-5) colleagues rate ``ratee`` around the profile's peer mean; one
    rep in 25 also rates themself."""
    others = [m.employee_id for m in members if m.employee_id != ratee.employee_id]
    wanted = rng.randint(3, 5) if count is None else count
    mean = profile_at(ratee, timeline.last_offset(period), len(timeline.months)).peer
    rows: list[Row] = [
        (str(period), rater, ratee.employee_id, min(max(round(rng.gauss(mean, 4)), 60), 100))
        for rater in rng.sample(others, min(wanted, len(others)))]
    if self_rating and rng.random() < 0.04:
        rows.append((str(period), ratee.employee_id, ratee.employee_id, rng.randint(95, 100)))
    return rows


APPEAL_COLUMNS = ("employee_id", "period", "submitted_date", "reason", "reason_zh",
                  "decision", "decision_zh", "revised_grade", "decided_date")


def appeals_table(rng: random.Random, org: Org, timeline: Timeline,
                  one_on_ones: OneOnOnes) -> Table:
    """Three appeals, each 1-2 working days after the quarter's one-on-one: a weak rep's,
    upheld with grade B; the PIP case's for its worst quarter, rejected; and a solid rep's
    for the latest quarter possible, submitted late, just before the as-of date, and still
    pending."""
    quarters = [q for q in timeline.quarters if timeline.full(q)]
    collapse = timeline.month_at(0.5 + 3 / len(timeline.months)).parent()
    solid = [r.employee_id for r in org.reps if r.kind == "solid"]
    wanted = (
        (org.weak[:1], quarters[3:4] or quarters[:1], "upheld", "B"),
        (org.pips[:1], [collapse] if collapse in quarters else quarters[-1:], "rejected", None),
        (solid, quarters[::-1], "pending", None),
    )
    rows: list[Row] = []
    for reason, (candidates, periods, decision, grade) in enumerate(wanted):
        found = _appealable(candidates, periods, one_on_ones, timeline.as_of)
        if found is None:
            continue
        employee_id, period, held = found
        submitted = add_working_days(held, rng.randint(1, 2))
        if decision == "pending":
            # Submitted days before the as-of date, so its decision is not due yet.
            submitted = max(submitted, add_working_days(timeline.as_of - timedelta(days=4), 1))
        decided = None if decision == "pending" else add_working_days(submitted,
                                                                      rng.randint(2, 4))
        rows.append((employee_id, str(period), submitted, *texts.APPEAL_REASONS[reason],
                     decision, texts.APPEAL_DECISIONS[decision], grade,
                     before(decided, timeline.as_of)))
    return Table(APPEAL_COLUMNS, rows)


def _appealable(candidates: Sequence[str], periods: list[Period],
                one_on_ones: OneOnOnes, as_of: date) -> tuple[str, Period, date] | None:
    """The first period (in the order given), then candidate, whose one-on-one was held
    early enough for an appeal to be submitted before ``as_of``."""
    for period in periods:
        for employee_id in candidates:
            held = one_on_ones.get((employee_id, str(period)))
            if held is not None and held + timedelta(days=5) < as_of:
                return employee_id, period, held
    return None
