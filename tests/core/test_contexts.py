"""Document contexts (SPEC section 9, STYLE point 12): what each document prints, formatted
by the core in the document's language, planned one document per person and purpose."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from tests.core.document_books import COMMENT, LEAVER, MANAGER, REP, results
from toolkit.core.contexts.fmt import DASH, Formatter, clean
from toolkit.core.contexts.jobs import DocumentJob, plan_documents
from toolkit.core.contexts.offboarding import ChecklistContext
from toolkit.core.contexts.payout_lines import payout_rows
from toolkit.core.contexts.pip_letter import PipLetterContext
from toolkit.core.contexts.report import CHART_COLUMNS, ReportContext
from toolkit.core.contexts.shapes import shape_of
from toolkit.core.money import round_money
from toolkit.core.periods import Period
from toolkit.core.pipeline import Results

EN, ZH = Formatter("en", "CNY"), Formatter("zh", "CNY")

FORMAT_CASES = [
    pytest.param(EN.date(date(2027, 1, 20)), "20 Jan 2027", id="an_english_date"),
    pytest.param(ZH.date(date(2027, 1, 20)), "2027年1月20日", id="a_chinese_date"),
    pytest.param(EN.money(Decimal("1234567.5")), "CNY 1,234,567.50", id="english_money"),
    pytest.param(ZH.money(Decimal("1234567.5")), "1,234,567.50 元", id="chinese_money"),
    pytest.param(EN.money(Decimal("2.675")), "CNY 2.68", id="money_rounds_half_up"),
    pytest.param(EN.percent(Decimal("0.97349")), "97.3%", id="a_percentage_of_a_fraction"),
    pytest.param(EN.percent(Decimal("0.00049")), "0.0%", id="a_tiny_fraction_is_zero_percent"),
    pytest.param(EN.score(Decimal("88.505")), "88.51", id="a_score_has_two_decimals"),
    pytest.param(EN.number(Decimal("82.50")), "82.5", id="a_number_drops_trailing_zeros"),
    pytest.param(EN.period("2026-Q4"), "Q4 2026", id="an_english_quarter"),
    pytest.param(ZH.period("2026-Q4"), "2026年第4季度", id="a_chinese_quarter"),
    pytest.param(EN.period("2026-03"), "Mar 2026", id="an_english_month"),
    pytest.param(ZH.period("2026"), "2026年度", id="a_chinese_year"),
    pytest.param(EN.money(None), DASH, id="a_blank_amount_is_a_dash"),
    pytest.param(EN.date(float("nan")), DASH, id="a_missing_date_is_a_dash"),
]


@pytest.mark.parametrize(("printed", "expected"), FORMAT_CASES)
def test_values_are_formatted_for_the_documents_language(printed: str, expected: str) -> None:
    """Dates, money with its currency, percentages and periods read naturally in en and
    zh; a blank prints as a dash, never as ``nan`` or ``None``."""
    assert printed == expected


def test_clean_keeps_markup_characters_and_line_breaks_but_drops_control_characters() -> None:
    """``& < > " '`` and newlines reach the renderer unchanged (it escapes them); bell and
    form-feed characters, which docxtpl would turn into paragraph and page breaks, and
    other characters XML cannot hold are dropped; CR LF becomes a newline."""
    assert clean(COMMENT) == COMMENT
    assert clean("a\r\nb\x07c\x0cd\x00e") == "a\nbcde"
    assert clean("   ") == DASH


@pytest.fixture(scope="module")
def run_results() -> Results:
    return results()


@pytest.fixture(scope="module")
def jobs(run_results: Results) -> list[DocumentJob]:
    return plan_documents(run_results)


def _one(jobs: list[DocumentJob], kind: str, employee: str) -> DocumentJob:
    found = [j for j in jobs if j.kind == kind and j.employee_id == employee]
    assert len(found) == 1, [j.path for j in jobs]
    return found[0]


def test_a_run_plans_a_report_per_graded_quarter_a_letter_per_pip_and_a_checklist_per_leaver(
        run_results: Results, jobs: list[DocumentJob]) -> None:
    """Reports for every graded quarter and year (no months unless asked), a PIP letter per
    pip action, an offboarding checklist per Separations row."""
    assert run_results.actions is not None
    quarters = run_results.scores[run_results.scores["cycle"] != "month"]
    pips = run_results.actions[run_results.actions["action"] == "pip"]
    assert Counter(j.kind for j in jobs) == {"report": len(quarters),
                                             "pip_letter": len(pips), "checklist": 1}
    assert {(j.employee_id, j.period) for j in jobs if j.kind == "report"} == set(
        zip(quarters["employee_id"], quarters["period"], strict=True))


def test_a_requested_month_gets_reports_for_that_month_only(run_results: Results) -> None:
    """``--period 2026-02`` asks for the month's reports; letters and checklists stay."""
    jobs = plan_documents(run_results, Period.parse("2026-02"))
    reports = [j for j in jobs if j.kind == "report"]
    assert {j.period for j in reports} == {"2026-02"}
    assert {j.kind for j in jobs} == {"report", "pip_letter", "checklist"}


def test_documents_go_to_the_managers_folder_in_the_employees_language(
        jobs: list[DocumentJob]) -> None:
    """The folder is the manager's name made safe; the employee's ``language`` overrides
    the plan's; file names carry id, name, period and the document, and are unique."""
    assert {j.folder for j in jobs} == {"Mia & _Boss_"}
    assert {j.employee_id: j.language for j in jobs} == {"E1": "en", "E2": "zh"}
    report = _one(jobs, "report", "E1")
    assert report.file_name == "E1_Ann _Tex_ O'Neil_2026-Q1_evaluation-report.docx"
    assert _one(jobs, "checklist", "E2").file_name == "E2_王小明_2026-03-20_离职交接清单.docx"
    assert len({j.path.casefold() for j in jobs}) == len(jobs)


def test_a_report_prints_the_grade_the_scores_the_chart_and_the_ledger_of_its_period(
        run_results: Results, jobs: list[DocumentJob]) -> None:
    """E1's 2026-Q1 report: grade, total, one indicator line and one bar per indicator
    (each bar and its remainder fill the 25 columns), the three months' ledger lines with
    their total, the PIP action, the comment as written, and the appeal deadline."""
    context = _one(jobs, "report", "E1").context
    assert isinstance(context, ReportContext)
    row = run_results.scores.query("employee_id == 'E1' and period == '2026-Q1'").iloc[0]
    assert (context.grade, context.total_score) == (row["grade"], f"{row['total_score']:.2f}")
    assert context.employee.name == REP and context.manager.name == MANAGER
    assert len(context.indicators) == len(context.chart) == 8
    assert all(b.span + b.rest == CHART_COLUMNS and b.span >= 1 for b in context.chart)
    assert run_results.payouts is not None
    ledger = run_results.payouts.query("employee_id == 'E1'")
    assert [p.amount for p in context.payouts] == [EN.money(a) for a in ledger["amount"]]
    assert context.payout_totals[-1].amount == EN.money(sum(ledger["amount"]))
    assert "Performance improvement plan" in [a.action for a in context.actions]
    assert context.comment == COMMENT
    assert context.appeal_deadline == "17 Apr 2026"  # one-on-one 04-14 + 3 working days


def test_a_missing_indicator_has_a_dash_and_no_bar(jobs: list[DocumentJob]) -> None:
    """Teamwork has no peer ratings: its score prints as a dash, its bar is one white
    column, and a note names it as not scored."""
    context = _one(jobs, "report", "E1").context
    assert isinstance(context, ReportContext)
    teamwork = context.chart[6]
    assert (teamwork.name, teamwork.score, teamwork.span, teamwork.color) == (
        "Teamwork", DASH, 1, "FFFFFF")
    assert context.notes[-1] == "Not scored (weight shared by the others): Teamwork"


def test_a_year_report_sums_each_quarters_monthly_lines_and_keeps_the_annual_bonus() -> None:
    """A year's report lists a row per quarter and kind (the quarter's report explains the
    months) and the annual bonus line with its explanation."""
    lines = [{"period": m, "kind": "commission", "amount": Decimal("10.005"), "explain": m}
             for m in ("2026-01", "2026-02", "2026-04")]
    lines.append({"period": "2026", "kind": "annual_bonus", "amount": Decimal(500),
                  "explain": "base 500 × 1.0"})
    rows = payout_rows(lines, EN, Period.of_year(2026))
    assert [(r.period, r.amount) for r in rows] == [
        ("Q1 2026", "CNY 20.01"), ("Q2 2026", "CNY 10.01"), ("2026", "CNY 500.00")]
    assert rows[0].explain == "sum of 2 monthly lines, explained in the Q1 2026 report"


def test_a_pip_letter_prints_the_actions_dates_the_three_lowest_targets_and_check_ins(
        run_results: Results, jobs: list[DocumentJob]) -> None:
    """Start and end come from the pip action; targets are the three lowest scores; one
    check-in a month, the last being the final review; no mentor_id: the manager."""
    context = _one(jobs, "pip_letter", "E1").context
    assert isinstance(context, PipLetterContext)
    assert run_results.actions is not None
    action = run_results.actions.query("action == 'pip'").iloc[0]
    assert (context.start_date, context.end_date) == (EN.date(action["start_date"]),
                                                      EN.date(action["end_date"]))
    assert [t.indicator for t in context.targets] == [
        "New customers", "Sales attainment", "Learning and growth"]
    assert [t.target for t in context.targets] == ["100% of target", "100% of target",
                                                   "60 points"]
    assert [c.label for c in context.checkins] == ["Check-in 1", "Check-in 2", "Final review"]
    assert context.mentor.name == MANAGER
    assert context.reason == "The Q1 2026 evaluation was graded D (total score 51.67)."


def test_a_checklist_lists_customers_leads_receivables_settlement_and_assets_in_chinese(
        jobs: list[DocumentJob]) -> None:
    """E2 (zh) leaves on 2026-03-20: her customers with 12-month sales and open amounts,
    the unconverted lead, the open contract K4, commission earned and not paid, the
    commission forfeited on the 30,000.00 collected after her last day (× 2 % = 600.00),
    and the laptop to return."""
    context = _one(jobs, "checklist", "E2").context
    assert isinstance(context, ChecklistContext)
    assert context.employee.name == LEAVER and context.handover.name == REP
    assert context.last_day == "2026年3月20日"
    assert [(c.id, c.sales_12m, c.open) for c in context.customers] == [
        ("C2", "80,000.00 元", "0.00 元"), ("C3", "8,000.00 元", "8,000.00 元")]
    assert [lead.id for lead in context.leads] == ["L1"]
    assert [(r.contract, r.customer, r.open) for r in context.receivables] == [
        ("K4", "Beta", "8,000.00 元")]
    settlement = {s.item: s.amount for s in context.settlement}
    assert settlement["提成：已产生未发放"] == "1,000.00 元"
    assert settlement["离职后回款对应的提成（不予发放）"] == ZH.money(
        round_money(Decimal(30000) * Decimal("0.02")))
    assert [(a.id, a.item) for a in context.assets] == [("LT1", "Laptop")]


def test_a_context_shape_names_every_field_and_the_fields_of_looped_items() -> None:
    """The template check compares templates with these shapes: records are dicts, loops
    are one-item lists, printed values are None."""
    shape = shape_of(ReportContext)
    assert isinstance(shape, dict)
    assert shape["employee"] == {"id": None, "name": None, "label": None}
    assert shape["chart"] == [{"name": None, "score": None, "span": None, "rest": None,
                               "color": None}]
    assert shape["grade"] is None
