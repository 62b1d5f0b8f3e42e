"""Targets and Leads of the sample (Payroll is in ``toolkit.sample.payroll``).

Targets: one row per rep and employed month (hire month to termination month), the sales
target growing with tenure and 6 % a year; a few blank new-customer targets; a few reps
with their own lead-conversion or collection target; two reps with an explicit quarter
row that wins over the sum of its months. Leads: 5-15 a month per rep (fewer in a partial
month), converting with the profile's chance a few days to weeks later.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from toolkit.core.periods import Period
from toolkit.sample import texts
from toolkit.sample.staff import Org, Person, profile_at
from toolkit.sample.table import Row, Table
from toolkit.sample.timeline import (
    Timeline,
    below,
    employed_fraction,
    employed_span,
    random_day,
)

TARGET_STEP = 10_000
_Lead = tuple[date, int, str, int, date | None]  # created, order, rep, source, converted
_SOURCE_DRAW = tuple(i for i, w in enumerate(texts.LEAD_SOURCE_WEIGHTS) for _ in range(w))

TARGET_COLUMNS = ("employee_id", "period", "sales_target", "new_customer_target",
                  "lead_conversion_target", "collection_target")


def monthly_targets(rng: random.Random, org: Org, timeline: Timeline
                    ) -> dict[tuple[str, Period], int]:
    """The sales target of every rep and employed month."""
    out: dict[tuple[str, Period], int] = {}
    for rep in org.reps:
        base = _target_base(rng, rep, timeline)
        for month in timeline.months:
            if rep.employed_in(month):
                grown = base * (1 + 0.06 * (month.year - timeline.start.year))
                out[(rep.employee_id, month)] = round(grown / TARGET_STEP) * TARGET_STEP
    return out


def _target_base(rng: random.Random, rep: Person, timeline: Timeline) -> float:
    """150,000 for a newcomer up to 350,000 after eight years; stars carry 50,000 more."""
    years = min(max((timeline.start - rep.hire_date).days / 365, 0.0), 8.0)
    base = 150_000 + years / 8 * 200_000 + rng.uniform(-10_000, 10_000)
    return min(base + (50_000 if rep.kind == "star" else 0), 400_000)


def targets_table(rng: random.Random, org: Org, timeline: Timeline,
                  sales_targets: dict[tuple[str, Period], int]) -> Table:
    """Targets rows, rep by rep: the months, then any explicit quarter row."""
    quarter = timeline.month_at(0.7).parent()
    quarter_reps = _quarter_row_reps(rng, org, timeline, quarter)
    rows = []
    for rep in org.reps:
        conversion = _own_conversion_target(rng, rep)
        collection = 0.9 if rng.random() < 0.1 else None
        months = [m for m in timeline.months if (rep.employee_id, m) in sales_targets]
        for month in months:
            new = None if rng.random() < 0.04 else (2 if rep.kind == "star" else 1)
            rows.append((rep.employee_id, str(month), sales_targets[(rep.employee_id, month)],
                         new, conversion, collection))
        if quarter is not None and rep.employee_id in quarter_reps:
            total = sum(sales_targets[(rep.employee_id, m)] for m in quarter.months())
            rows.append((rep.employee_id, str(quarter),
                         round(total * 0.9 / TARGET_STEP) * TARGET_STEP, 4, 0.2, 0.95))
    return Table(TARGET_COLUMNS, rows)


def _own_conversion_target(rng: random.Random, rep: Person) -> float | None:
    """One rep in five has a lead-conversion target of their own (else the plan's 0.20)."""
    if rng.random() >= 0.2:
        return None
    return {"star": 0.25, "weak": 0.15}.get(rep.kind, 0.22)


def _quarter_row_reps(rng: random.Random, org: Org, timeline: Timeline,
                      quarter: Period | None) -> list[str]:
    """Two solid reps employed for all of ``quarter`` get an explicit quarter row."""
    if quarter is None or not timeline.full(quarter):
        return []
    fits = [r.employee_id for r in org.reps if r.kind == "solid"
            and r.hire_date <= quarter.start
            and (r.termination_date is None or r.termination_date >= quarter.end)]
    return rng.sample(fits, min(2, len(fits)))


def leads_table(rng: random.Random, org: Org, timeline: Timeline) -> Table:
    """Leads month by month; ids follow creation dates."""
    rows: list[Row] = []
    for month in timeline.months:
        month_rows: list[_Lead] = []
        for rep in org.reps:
            month_rows += _rep_leads(rng, rep, month, timeline, len(month_rows))
        month_rows.sort(key=lambda r: (r[0], r[1]))
        rows += [(f"L{len(rows) + i + 1:06d}", rep_id, created, *texts.LEAD_SOURCES[source],
                  converted)
                 for i, (created, _, rep_id, source, converted) in enumerate(month_rows)]
    return Table(("lead_id", "employee_id", "created_date", "source", "source_zh",
                  "converted_date"), rows)


def _rep_leads(rng: random.Random, rep: Person, month: Period, timeline: Timeline,
               seq: int) -> list[_Lead]:
    span = employed_span(rep.hire_date, rep.termination_date, month)
    if span is None:
        return []
    fraction = employed_fraction(rep.hire_date, rep.termination_date, month)
    conversion = profile_at(rep, timeline.offset(month), len(timeline.months)).conversion
    out: list[_Lead] = []
    for index in range(max(1, round(rng.randint(5, 15) * fraction))):
        created = random_day(rng, *span)
        source = _SOURCE_DRAW[below(rng, len(_SOURCE_DRAW))]
        converted = (created + timedelta(days=3 + below(rng, 38))
                     if rng.random() < conversion else None)
        out.append((created, seq + index, rep.employee_id, source, converted))
    return out

