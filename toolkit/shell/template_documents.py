"""The content of each Word template, in English and Chinese (see ``template_builder``).

Every ``{{ ... }}`` here names a field of the document's context
(``toolkit.core.contexts``); ``toolkit templates check`` and a test hold them together.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt

from toolkit.shell import docx_build as B
from toolkit.shell.template_builder import (
    Column,
    Page,
    info_table,
    loop_table,
    signatures,
    start,
)

REPORT = ("Performance evaluation report", "绩效考核报告")
PIP = ("Performance improvement plan", "绩效改进计划书")
CHECKLIST = ("Offboarding checklist", "离职交接清单")
CHART_BARS = 25          # 5 points a column, 0-125 (toolkit.core.contexts.report)
LABEL_CM, SCORE_CM = 4.0, 1.5


def report(language: str) -> Page:
    page = start(language, REPORT, "{{ period }} · {{ period_dates }}",
                 "{{ employee.label }} · {{ period }}")
    _report_scores(page)
    _report_money(page)
    _report_closing(page)
    return page


def _report_scores(page: Page) -> None:
    t = page.t
    info_table(page, [(("Employee", "员工"), "{{ employee.label }}"),
                      (("Department", "部门"), "{{ department }}"),
                      (("Manager", "上级"), "{{ manager.label }}"),
                      (("Period", "考核期间"), "{{ period_code }}"),
                      (("Prepared", "出具日期"), "{{ prepared }}"),
                      (("Appeal by", "申诉截止"), "{{ appeal_deadline }}")])
    _scorecard(page)
    page.heading("1. Indicators", "一、考核指标")
    loop_table(page, [
        Column(("Indicator", "指标"), "{{ row.name }}", 3.9),
        Column(("Result", "实际"), "{{ row.value }}", 3.3, "right"),
        Column(("Target", "目标"), "{{ row.target }}", 3.3, "right"),
        Column(("Attained", "达成率"), "{{ row.ratio }}", 2.3, "right"),
        Column(("Score", "得分"), "{{ row.score }}", 2.1, "right"),
        Column(("Weight", "权重"), "{{ row.weight }}", 2.1, "right")], "row in indicators")
    page.loop_paragraphs("note in notes", "• {{ note }}", "Small")
    page.heading("2. Indicator scores", "二、指标得分图")
    _chart(page)
    page.text(t("Bars: green 100 or more · blue 85 or more · amber 70 or more · red below "
                "70 · no bar: not scored.",
                "图例：绿色 ≥ 100 · 蓝色 ≥ 85 · 橙色 ≥ 70 · 红色 < 70 · 无色：未评分。"),
              "Small")


def _report_money(page: Page) -> None:
    page.heading("3. Bonus and commission", "三、奖金与提成")
    loop_table(page, [
        Column(("Period", "期间"), "{{ row.period }}", 2.2),
        Column(("Kind", "类型"), "{{ row.kind }}", 2.9),
        Column(("Amount", "金额"), "{{ row.amount }}", 3.1, "right"),
        Column(("How it was computed", "计算说明"), "{{ row.explain }}", 8.8)],
        "row in payouts")
    loop_table(page, [Column(("", ""), "", 8.0), Column(("", ""), "{{ row.kind }}", 5.0,
                                                          "right"),
                      Column(("", ""), "{{ row.amount }}", 4.0, "right")],
               "row in payout_totals", fill=B.LIGHT, header=False)
    page.heading("4. Actions and awards", "四、后续行动与奖项")
    loop_table(page, [
        Column(("Period", "期间"), "{{ row.period }}", 2.8),
        Column(("Action", "事项"), "{{ row.action }}", 3.7),
        Column(("Detail", "说明"), "{{ row.detail }}", 6.5),
        Column(("Dates", "起止日期"), "{{ row.dates }}", 4.0)], "row in actions")


def _report_closing(page: Page) -> None:
    t = page.t
    page.heading("5. Manager's assessment", "五、上级评价")
    _assessment(page)
    page.heading("6. Appeal", "六、申诉")
    page.text(t("If you disagree with this evaluation, you may appeal in writing to HR "
                "until {{ appeal_deadline }}. HR decides within five working days; the "
                "decision is final for this period.",
                "如对本次考核结果有异议，可在 {{ appeal_deadline }} 前向人力资源部书面申诉。"
                "人力资源部在五个工作日内作出决定，该决定为本期最终结果。"))
    page.text("{{ appeal_status }}", bold=True)
    page.heading("7. Signatures", "七、签字确认")
    signatures(page, [(("Employee", "员工"), "{{ employee.name }}"),
                      (("Manager", "上级"), "{{ manager.name }}"),
                      (("HR", "人力资源部"), "")])


def _scorecard(page: Page) -> None:
    t = page.t
    grid = B.table(page.doc, (4.0, 3.0, 10.0), rows=2, borders="none")
    for cell in grid.rows[0].cells + grid.rows[1].cells:
        B.shade(cell, B.LIGHT)
    B.cell_text(grid.cell(0, 0), t("Total score", "总分"), "Small")
    B.cell_text(grid.cell(0, 1), t("Grade", "等级"), "Small")
    B.cell_text(grid.cell(0, 2), t("Grade scale", "等级标准"), "Small")
    B.cell_text(grid.cell(1, 0), "{{ total_score }}", "Big")
    B.cell_text(grid.cell(1, 1), "{{ grade }}", "Big")
    B.cell_text(grid.cell(1, 2), "{{ grade_scale }}")
    page.doc.add_paragraph("{{ grade_note }}", style="Small")


def _chart(page: Page) -> None:
    """Bars as table cells: docxtpl's ``colspan`` sizes them, ``cellbg`` colours them."""
    bar_cm = (B.TEXT_WIDTH_CM - LABEL_CM - SCORE_CM) / CHART_BARS
    widths = [LABEL_CM, *([bar_cm] * CHART_BARS), SCORE_CM]
    grid = B.table(page.doc, widths, rows=5, borders="none")
    B.cell_text(B.merge_row(grid.rows[0]), "{%tr for bar in chart %}")
    bar = grid.rows[1]
    cells = bar.cells
    label, score = cells[0], cells[-1]
    filled = cells[1].merge(cells[12])
    rest = cells[13].merge(cells[CHART_BARS])
    B.cell_text(label, "{{ bar.name }}")
    B.cell_text(filled, "{% colspan bar.span %}{% cellbg bar.color %}")
    B.cell_text(rest, "{% colspan bar.rest %}")
    B.cell_text(score, "{{ bar.score }}", align="right")
    for cell in (filled, rest):
        B.strip_widths(cell, keep_span=True)
    bar.height, bar.height_rule = Cm(0.5), WD_ROW_HEIGHT_RULE.EXACTLY
    gap = grid.rows[2]
    B.cell_text(B.merge_row(gap), "", size=2)
    gap.height, gap.height_rule = Cm(0.12), WD_ROW_HEIGHT_RULE.EXACTLY
    B.cell_text(B.merge_row(grid.rows[3]), "{%tr endfor %}")
    axis = grid.rows[4].cells
    for tick in range(5):
        first = 1 + 5 * tick
        B.cell_text(axis[first].merge(axis[first + 4]), str(25 * tick), "Small")
    B.cell_text(axis[-1], page.t("points", "分"), "Small", align="right")
    for para in label.paragraphs + score.paragraphs:
        para.paragraph_format.space_before = Pt(1)


def _assessment(page: Page) -> None:
    t = page.t
    grid = B.table(page.doc, (3.5, 13.5), rows=3, borders="rows")
    for row, (label, value) in zip(grid.rows, (
            (t("Comment", "评语"), "{{ comment }}"), (t("Strengths", "优势"), "{{ strengths }}"),
            (t("To improve", "待改进"), "{{ improvements }}")), strict=True):
        B.shade(row.cells[0], B.LIGHT)
        B.cell_text(row.cells[0], label, bold=True, color=B.GREY)
        B.cell_text(row.cells[1], value)
        row.height = Cm(0.8)


def pip_letter(language: str) -> Page:
    page = start(language, PIP, "{{ period }} · {{ prepared }}",
                 "{{ employee.label }} · {{ period }}")
    _pip_reason(page)
    _pip_plan(page)
    _pip_closing(page)
    return page


def _pip_reason(page: Page) -> None:
    t = page.t
    info_table(page, [(("Employee", "员工"), "{{ employee.label }}"),
                      (("Department", "部门"), "{{ department }}"),
                      (("Manager", "上级"), "{{ manager.label }}"),
                      (("Mentor", "导师"), "{{ mentor.label }}"),
                      (("Plan runs", "计划期间"), "{{ start_date }} – {{ end_date }}"),
                      (("Duration", "期限"), "{{ duration }}")],
               widths=(3.0, 6.8, 3.0, 4.2))  # the date range on one line, in zh too
    greeting = B.paragraph(page.doc, t("Dear {{ employee.name }},", "{{ employee.name }}："))
    greeting.paragraph_format.space_before = Pt(10)
    page.text(t("This letter sets out a performance improvement plan (PIP) following your "
                "recent evaluation results. Its purpose is to help you get back to the "
                "expected level, with clear targets and regular support.",
                "根据近期的绩效考核结果，公司为你制定本绩效改进计划。计划的目的是通过明确的"
                "目标和持续的支持，帮助你尽快恢复到期望的绩效水平。"))
    page.heading("1. Why this plan", "一、制定原因")
    page.text("{{ reason }}")
    loop_table(page, [Column(("Period", "期间"), "{{ row.period }}", 6.0),
                      Column(("Grade", "等级"), "{{ row.grade }}", 4.0, "center"),
                      Column(("Total score", "总分"), "{{ row.score }}", 4.0, "right")],
               "row in history")


def _pip_plan(page: Page) -> None:
    t = page.t
    page.heading("2. Improvement targets", "二、改进目标")
    page.text(t("By {{ end_date }} you are expected to reach these targets:",
                "请在 {{ end_date }} 前达成以下目标："))
    loop_table(page, [Column(("Indicator", "指标"), "{{ row.indicator }}", 6.0),
                      Column(("Current score", "当前得分"), "{{ row.current }}", 4.0, "right"),
                      Column(("Target", "目标"), "{{ row.target }}", 7.0)], "row in targets")
    page.heading("3. Check-ins", "三、跟进安排")
    page.text(t("Your manager and your mentor will meet you on these dates to review "
                "progress against each target:",
                "上级与导师将在以下日期与你面谈，逐项检查目标进展："))
    loop_table(page, [Column(("Meeting", "面谈"), "{{ row.label }}", 4.5),
                      Column(("Date", "日期"), "{{ row.date }}", 4.5),
                      Column(("Notes", "记录"), "", 8.0)], "row in checkins")


def _pip_closing(page: Page) -> None:
    t = page.t
    page.heading("4. Support offered", "四、公司提供的支持")
    for line in (t("Your mentor, {{ mentor.label }}, meets you at least every two weeks.",
                   "导师 {{ mentor.label }} 至少每两周与你面谈一次。"),
                 t("A weekly pipeline review with your manager, {{ manager.label }}.",
                   "上级 {{ manager.label }} 每周与你复盘销售机会。"),
                 t("Sales-skills and product training agreed with HR.",
                   "与人力资源部商定的销售技能与产品培训。"),
                 t("Priority access to presales and marketing support for key deals.",
                   "重点商机可优先获得售前与市场支持。")):
        page.text(line, "List Bullet")
    page.heading("5. If the targets are not met", "五、未达成目标的后果")
    page.text(t("If the targets are not met by {{ end_date }}, the company may transfer you "
                "to another position or terminate your employment, in accordance with your "
                "labour contract, company policy and the law. Meeting the targets closes "
                "this plan.",
                "如在 {{ end_date }} 前未能达成上述目标，公司可依据劳动合同、公司制度及相关法律"
                "规定，对你进行调岗或解除劳动合同。达成目标后，本计划即告结束。"))
    page.heading("6. Acknowledgement", "六、确认")
    page.text(t("I have read this plan and discussed it with my manager.",
                "本人已阅读本计划，并已与上级沟通。"))
    signatures(page, [(("Employee", "员工"), "{{ employee.name }}"),
                      (("Manager", "上级"), "{{ manager.name }}"),
                      (("Mentor", "导师"), "{{ mentor.name }}"),
                      (("HR", "人力资源部"), "")])


def checklist(language: str) -> Page:
    from toolkit.shell.template_checklist import checklist_body

    page = start(language, CHECKLIST, "{{ employee.label }} · {{ last_day }}",
                 "{{ employee.label }} · {{ last_day }}")
    checklist_body(page)
    return page


DOCUMENTS: dict[str, Callable[[str], Page]] = {
    "evaluation_report": report, "pip_letter": pip_letter, "offboarding_checklist": checklist,
}
