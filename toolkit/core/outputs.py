"""Output contracts: every result table's columns, their kinds and headers in en and zh.

The CSV exports of SPEC section 10 use the snake_case names exactly; result sheets in the
workbook use the plan's language. ``export_cell`` is the one place a value becomes export
text: ratios as fractions, scores and money with 2 decimals, dates ISO, blanks empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, cast

import pandas as pd

from toolkit.core.money import half_up_formatting, round_money, round_score
from toolkit.core.plan import INDICATOR_ZH, INDICATORS
from toolkit.core.problems import Problem

OutKind = Literal["text", "period", "money", "score", "ratio", "count", "number", "date",
                  "grade"]


@dataclass(frozen=True)
class OutColumn:
    name: str
    kind: OutKind
    zh: str


@dataclass(frozen=True)
class Output:
    name: str          # the export file's and the CSV's name: scores, problems, ...
    sheet: str         # the result sheet's English name
    sheet_zh: str
    columns: tuple[OutColumn, ...]

    def headers(self, language: str) -> list[str]:
        return [c.zh if language == "zh" else c.name for c in self.columns]

    def sheet_name(self, language: str) -> str:
        return self.sheet_zh if language == "zh" else self.sheet


def _o(name: str, kind: OutKind, zh: str) -> OutColumn:
    return OutColumn(name, kind, zh)


SCORES = Output("scores", "Scores", "绩效得分", (
    _o("employee_id", "text", "工号"), _o("name", "text", "姓名"),
    _o("department", "text", "部门"), _o("period", "period", "期间"),
    _o("cycle", "text", "周期"), _o("sales", "money", "销售额"),
    _o("sales_target", "money", "销售额目标"), _o("sales_attainment", "ratio", "销售额达成率"),
    _o("new_customer_sales", "money", "新客户销售额"),
    _o("existing_customer_sales", "money", "老客户销售额"),
    _o("new_customers", "count", "有效新客户数"), _o("new_customer_target", "number", "新客户目标"),
    _o("collection_due", "money", "应回款金额"), _o("collected_on_time", "money", "按时回款金额"),
    _o("collection_rate", "ratio", "回款及时率"), _o("leads", "count", "线索数"),
    _o("leads_converted", "count", "已转化线索数"), _o("lead_conversion", "ratio", "线索转化率"),
    _o("satisfaction", "score", "客户满意度"), _o("compliance", "score", "合规"),
    _o("teamwork", "score", "团队协作"), _o("learning", "score", "学习成长"),
    *(_o(f"score_{i}", "score", f"{INDICATOR_ZH[i]}得分") for i in INDICATORS),
    _o("missing_indicators", "text", "缺失指标"), _o("total_score", "score", "总分"),
    _o("grade_computed", "grade", "计算等级"), _o("grade", "grade", "最终等级"),
    _o("appeal", "text", "申诉结果"), _o("manager_id", "text", "上级工号"),
    _o("employed_fraction", "ratio", "在职比例"),
    _o("lead_conversion_target", "ratio", "线索转化率目标"),
    _o("collection_target", "ratio", "回款及时率目标"), _o("peer_ratings", "count", "互评人数"),
))

PAYOUTS = Output("payouts", "Payouts", "奖金提成明细", (
    _o("employee_id", "text", "工号"), _o("period", "period", "期间"), _o("kind", "text", "类型"),
    _o("basis", "money", "计算基数"), _o("rate_or_coefficient", "number", "比例或系数"),
    _o("amount", "money", "金额"), _o("explain", "text", "计算说明"),
))

COMMISSION_LINES = Output("commission_lines", "CommissionLines", "提成明细", (
    _o("employee_id", "text", "工号"), _o("period", "period", "期间"),
    _o("contract_id", "text", "合同编号"), _o("customer_id", "text", "客户编号"),
    _o("date", "date", "日期"), _o("basis", "money", "计算基数"), _o("rate", "number", "比例"),
    _o("commission_unrounded", "number", "提成(未舍入)"), _o("note", "text", "备注"),
))

RECONCILIATION = Output("reconciliation", "Reconciliation", "薪资核对", (
    _o("employee_id", "text", "工号"), _o("department", "text", "部门"),
    _o("period", "period", "期间"), _o("kind", "text", "类型"),
    _o("computed", "money", "应发"), _o("paid", "money", "实发"),
    _o("difference", "money", "差额"), _o("status", "text", "状态"),
))

# Not a SPEC section 10 export of its own: the reconciliation's totals per kind, per
# department and overall ("Totals per kind and per department", section 6).
RECONCILIATION_TOTALS = Output("reconciliation_totals", "ReconciliationTotals", "薪资核对汇总", (
    _o("by", "text", "汇总方式"), _o("group", "text", "分组"),
    _o("computed", "money", "应发"), _o("paid", "money", "实发"),
    _o("difference", "money", "差额"), _o("rows", "count", "行数"),
    _o("match", "count", "一致"), _o("underpaid", "count", "少发"),
    _o("overpaid", "count", "多发"), _o("not_paid", "count", "未发"),
    _o("unexpected", "count", "无依据发放"),
))

ACTIONS = Output("actions", "Actions", "后续行动", (
    _o("employee_id", "text", "工号"), _o("period", "period", "期间"),
    _o("action", "text", "行动"), _o("detail", "text", "说明"),
    _o("start_date", "date", "开始日期"), _o("end_date", "date", "结束日期"),
))

SCHEDULE = Output("schedule", "Schedule", "考核日程", (
    _o("employee_id", "text", "工号"), _o("period", "period", "期间"), _o("step", "text", "步骤"),
    _o("due_date", "date", "截止日期"), _o("done_date", "date", "完成日期"),
    _o("status", "text", "状态"),
))

PROBLEMS = Output("problems", "Problems", "问题清单", (
    _o("severity", "text", "级别"), _o("sheet", "text", "工作表"), _o("row", "count", "行"),
    _o("column", "text", "列"), _o("message", "text", "说明"),
))

SEVERITY_ZH = {"error": "错误", "warning": "警告"}


def problems_frame(problems: list[Problem] | tuple[Problem, ...]) -> pd.DataFrame:
    """One row per problem; the cell (``F14``) goes with the column name when known."""
    rows = [{"severity": p.severity, "sheet": p.sheet, "row": p.row,
             "column": f"{p.column} ({p.cell})" if p.column and p.cell else p.column or p.cell,
             "message": p.message} for p in problems]
    return pd.DataFrame(rows, columns=[c.name for c in PROBLEMS.columns])


def is_blank_value(value: object) -> bool:
    """None, NaN, NaT and pandas' NA are blank; text (even empty), numbers and dates not.

    The usual cell types are answered without pandas: this runs for every cell of every
    document and export.
    """
    if value is None:
        return True
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return False
    if kind is float:
        return value != value
    if kind is Decimal:
        return cast(Decimal, value).is_nan()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def export_cell(value: object, kind: OutKind) -> str:
    """The text of one export cell (SPEC section 10 formats)."""
    if is_blank_value(value):
        return ""
    if kind == "money":
        return f"{round_money(Decimal(str(value))):.2f}"
    if kind == "score":
        return f"{round_score(Decimal(str(value))):.2f}"
    if kind == "ratio":
        with half_up_formatting():
            return _trim(f"{Decimal(str(value)):.6f}")
    if kind == "count":
        return str(int(cast(float, value)))
    if kind == "number":
        with half_up_formatting():
            return _trim(f"{Decimal(str(value)):.4f}")
    if kind == "date":
        return value.date().isoformat() if isinstance(value, datetime) else \
            value.isoformat() if isinstance(value, date) else str(value)
    return str(value)


def _trim(text: str) -> str:
    """``0.950000`` -> ``0.95``; ``2.0000`` -> ``2``."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def export_column(values: Iterable[object], kind: OutKind) -> list[str]:
    """``export_cell`` of every value, with the common cases taken without a detour.

    A finite Decimal needs no trip through its text, a whole count and a text no
    conversion; anything else goes through ``export_cell``, so the text is the same.
    """
    if kind in ("money", "score"):
        with half_up_formatting():  # half-up, as round_money and round_score round
            return ["" if v is None else format(v, ".2f")
                    if type(v) is Decimal and v.is_finite() else export_cell(v, kind)
                    for v in values]
    if kind in _DECIMAL_TEXT:
        decimal_text = _DECIMAL_TEXT[kind]
        with half_up_formatting():
            return ["" if v is None else decimal_text(v)
                    if type(v) is Decimal and v.is_finite() else export_cell(v, kind)
                    for v in values]
    if kind == "count":
        return [str(v) if type(v) is int else export_cell(v, kind) for v in values]
    if kind in ("text", "period", "grade"):
        return [v if type(v) is str else export_cell(v, kind) for v in values]
    return [export_cell(v, kind) for v in values]


def export_columns(frame: pd.DataFrame, output: Output) -> list[list[str]]:
    """Every cell as export text, column by column in the contract's order."""
    return [_export_series(frame[c.name], c.kind) for c in output.columns]


def _export_series(series: pd.Series, kind: OutKind) -> list[str]:
    if kind == "date" and pd.api.types.is_datetime64_dtype(series.dtype):
        days: list[str] = series.dt.strftime("%Y-%m-%d").fillna("").tolist()
        return days
    return export_column(series.tolist(), kind)


# How a finite Decimal prints, per kind: the same text ``export_cell`` gives.
_DECIMAL_TEXT: dict[OutKind, Callable[[Decimal], str]] = {
    "ratio": lambda v: _trim(f"{v:.6f}"), "number": lambda v: _trim(f"{v:.4f}"),
}


def export_frame(frame: pd.DataFrame, output: Output) -> pd.DataFrame:
    """Every cell as export text, in the contract's column order."""
    data = dict(zip([c.name for c in output.columns], export_columns(frame, output),
                    strict=True))
    return pd.DataFrame(data, columns=[c.name for c in output.columns])
