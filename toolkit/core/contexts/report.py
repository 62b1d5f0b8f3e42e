"""What an evaluation report prints (SPEC section 9), one employee and graded period.

Header (period, employee, department, manager), total score and grade (with the computed
grade when an appeal changed it), the indicator table (value, target, ratio, score,
weight), the score chart, the bonus and commission lines of the period with their
explanations, actions and awards, the manager's comment, strengths and improvements, the
appeal notice with its deadline (the one-on-one date, else the manager-review deadline,
+ ``appeal_days`` working days) and what the signature lines name.

The chart is a table of bars the template draws with cell spans: 25 columns of 5 points
(0-125); a bar spans ``round(score / 5)`` columns (at least 1: a missing or zero score
prints a white bar), the rest of the row spans the remainder, so ``span + rest == 25``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from toolkit.core.contexts.books import Books
from toolkit.core.contexts.common import Person, department, manager_of, person
from toolkit.core.contexts.fmt import DASH, Formatter, clean
from toolkit.core.contexts.payout_lines import PayoutRow, payout_rows, payout_totals
from toolkit.core.contexts.words import ACTION_LABEL, indicator_name, pick, word
from toolkit.core.frames import Record
from toolkit.core.money import ZERO
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import Period
from toolkit.core.plan import INDICATORS, RATIO_INDICATORS
from toolkit.core.schedule import AppealDates, appeal_deadline, as_day

CHART_COLUMNS = 25
POINTS_PER_COLUMN = Decimal(5)
BAR_COLORS = ((Decimal(100), "2E7D32"), (Decimal(85), "2F5597"), (Decimal(70), "BF8F00"),
              (Decimal("0.01"), "C00000"))
NO_BAR = "FFFFFF"
TARGET_COLUMNS = {"collection_rate": "collection_target",
                  "lead_conversion": "lead_conversion_target"}


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    value: str
    target: str
    ratio: str
    score: str
    weight: str


@dataclass(frozen=True)
class ChartBar:
    name: str
    score: str
    span: int
    rest: int
    color: str


@dataclass(frozen=True)
class ActionRow:
    period: str
    action: str
    detail: str
    dates: str


@dataclass(frozen=True)
class ReportContext:
    prepared: str
    period: str
    period_code: str
    period_dates: str
    employee: Person
    department: str
    manager: Person
    total_score: str
    grade: str
    grade_note: str
    grade_scale: str
    indicators: tuple[IndicatorLine, ...]
    notes: tuple[str, ...]
    chart: tuple[ChartBar, ...]
    payouts: tuple[PayoutRow, ...]
    payout_totals: tuple[PayoutRow, ...]
    actions: tuple[ActionRow, ...]
    comment: str
    strengths: str
    improvements: str
    appeal_deadline: str
    appeal_status: str


def report_context(books: Books, employee: str, period: Period,
                   language: str) -> ReportContext:
    """The evaluation report of ``employee`` for graded ``period`` in ``language``."""
    row = books.scores[(employee, str(period))]
    fmt = Formatter(language, books.currency)
    review = books.reviews.get((employee, str(period)), {})
    worded = books.words(language)
    payouts = worded.within("payouts", employee, period)
    deadline = appeal_deadline(period, as_day(review.get("one_on_one_date")),
                               books.facts.plan)
    return ReportContext(
        prepared=fmt.date(books.facts.as_of), period=fmt.period(period),
        period_code=str(period), period_dates=fmt.span(period.start, period.end),
        employee=person(books.people, employee, language, "not_named"),
        department=department(books.people, employee),
        manager=manager_of(books.people, employee, language),
        total_score=fmt.score(row["total_score"]), grade=str(row["grade"]),
        grade_note=_grade_note(row, language), grade_scale=_grade_scale(books, fmt),
        indicators=tuple(_indicator(row, i, books, fmt, period) for i in INDICATORS),
        notes=_notes(row, fmt), chart=tuple(_bar(row, i, fmt) for i in INDICATORS),
        payouts=payout_rows(payouts, fmt, period), payout_totals=payout_totals(payouts, fmt),
        actions=_actions(worded.within("actions", employee, period), fmt),
        comment=clean(review.get("manager_comment")),
        strengths=clean(review.get("strengths")),
        improvements=clean(review.get("improvements")),
        appeal_deadline=fmt.date(deadline),
        appeal_status=_appeal_status(books, employee, period, deadline, fmt))


def _grade_note(row: Record, language: str) -> str:
    if row["grade"] == row["grade_computed"]:
        return ""
    return word(language, "grade_note", computed=row["grade_computed"])


def _grade_scale(books: Books, fmt: Formatter) -> str:
    bounds = {g: fmt.number(m) for g, m in books.facts.plan.bands.minimums}
    return word(fmt.language, "grade_scale", **bounds)


def _ratio(value: object, target: object) -> Decimal | None:
    if is_blank_value(value) or is_blank_value(target) or Decimal(str(target)) == 0:
        return None
    return Decimal(str(value)) / Decimal(str(target))


def _indicator(row: Record, indicator: str, books: Books, fmt: Formatter,
               period: Period) -> IndicatorLine:
    value, target, ratio = _figures(row, indicator, books, fmt)
    weight = books.facts.plan.weights.of(indicator, period.cycle) / 100
    return IndicatorLine(indicator_name(indicator, fmt.language), value, target, ratio,
                         fmt.score(row[f"score_{indicator}"]), fmt.percent(weight, 0))


def _figures(row: Record, indicator: str, books: Books, fmt: Formatter
             ) -> tuple[str, str, str]:
    """(value, target, ratio) as printed; qualitative indicators have no ratio."""
    missing = is_blank_value(row[f"score_{indicator}"])
    if indicator == "sales_attainment":
        return (fmt.money(row["sales"]), fmt.money(row["sales_target"]),
                fmt.percent(row["sales_attainment"]))
    if indicator == "new_customers":
        return (fmt.number(row["new_customers"]), fmt.number(row["new_customer_target"]),
                fmt.percent(_ratio(row["new_customers"], row["new_customer_target"])))
    if indicator in RATIO_INDICATORS:
        target = row[TARGET_COLUMNS[indicator]]
        value = None if missing else row[indicator]
        return fmt.percent(value), fmt.percent(target), fmt.percent(_ratio(value, target))
    if indicator == "satisfaction":
        baseline = fmt.number(books.facts.plan.satisfaction_baseline)
        return fmt.number(row[indicator]), word(fmt.language, "at_least", value=baseline), DASH
    return fmt.number(row[indicator]), DASH, DASH


def _notes(row: Record, fmt: Formatter) -> tuple[str, ...]:
    """How the quantitative values came about, and which indicators were not scored."""
    notes = [
        f"{indicator_name('sales_attainment', fmt.language)}: " + word(
            fmt.language, "sales_split", new=fmt.money(row["new_customer_sales"]),
            existing=fmt.money(row["existing_customer_sales"])),
        f"{indicator_name('collection_rate', fmt.language)}: " + word(
            fmt.language, "on_time_of", on_time=fmt.money(row["collected_on_time"]),
            due=fmt.money(row["collection_due"])),
        f"{indicator_name('lead_conversion', fmt.language)}: " + word(
            fmt.language, "leads_of", converted=row["leads_converted"], leads=row["leads"]),
    ]
    if not is_blank_value(row["teamwork"]):
        notes.append(f"{indicator_name('teamwork', fmt.language)}: " + word(
            fmt.language, "peer_ratings", value=fmt.number(row["teamwork"]),
            count=row["peer_ratings"]))
    missing = [m for m in str(row["missing_indicators"] or "").split(";") if m]
    names = fmt.join([indicator_name(m, fmt.language) for m in missing])
    notes.append(word(fmt.language, "missing", items=names) if missing
                 else word(fmt.language, "none_missing"))
    return tuple(notes)


def _bar(row: Record, indicator: str, fmt: Formatter) -> ChartBar:
    value = row[f"score_{indicator}"]
    score = ZERO if is_blank_value(value) else Decimal(str(value))
    columns = int((score / POINTS_PER_COLUMN).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    span = min(max(columns, 1), CHART_COLUMNS - 1)
    color = next((c for floor, c in BAR_COLORS if score >= floor), NO_BAR)
    return ChartBar(indicator_name(indicator, fmt.language), fmt.score(value), span,
                    CHART_COLUMNS - span, color)


def _actions(records: list[Record], fmt: Formatter) -> tuple[ActionRow, ...]:
    """The employee's actions and awards for the period and the periods inside it."""
    rows = [ActionRow(fmt.period(str(r["period"])), pick(ACTION_LABEL[r["action"]],
                                                          fmt.language),
                      clean(r["detail"]), _dates(r, fmt)) for r in records]
    return tuple(rows) or (ActionRow(DASH, "", word(fmt.language, "none_actions"), ""),)


def _dates(record: Record, fmt: Formatter) -> str:
    if is_blank_value(record["start_date"]):
        return DASH
    return fmt.span(record["start_date"], record["end_date"])


def _appeal_status(books: Books, employee: str, period: Period, deadline: date,
                   fmt: Formatter) -> str:
    """The appeal's state in a sentence; one submitted after the deadline says so."""
    key = (employee, str(period))
    dates, row = books.appeals.get(key), books.appeal_rows.get(key)
    if dates is None or row is None:
        return word(fmt.language, "no_appeal")
    late = word(fmt.language, "appeal_late") if dates.submitted > deadline else ""
    return _decision(row, dates, fmt) + late


def _decision(row: Record, dates: AppealDates, fmt: Formatter) -> str:
    submitted, decided = fmt.date(dates.submitted), fmt.date(dates.decided)
    decision = row["decision"] if dates.decided is not None else "pending"
    if decision == "upheld":
        revised = row.get("revised_grade")
        if is_blank_value(revised):
            return word(fmt.language, "appeal_upheld_same", submitted=submitted,
                        decided=decided)
        return word(fmt.language, "appeal_upheld", submitted=submitted, decided=decided,
                    grade=revised)
    if decision == "rejected":
        return word(fmt.language, "appeal_rejected", submitted=submitted, decided=decided)
    return word(fmt.language, "appeal_pending", submitted=submitted)
