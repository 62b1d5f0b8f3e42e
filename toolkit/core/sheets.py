"""Sheet contracts: every input sheet and column, declared once, by name with aliases.

A sheet is found by its English name or a Chinese alias, ignoring case, spaces and
underscores, or as an Excel table of that name; headers are matched the same way. Columns
marked required must be present when the sheet is; unknown extra columns are kept and
ignored. ``kind`` says how a cell is read (see ``toolkit.core.validate``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["id", "text", "date", "money", "number", "count", "rate", "period", "grade",
               "decision", "language"]


def normalize_name(name: object) -> str:
    """Fold a sheet or header name for matching: NFKC, lower case, no spaces or ``_``/``-``.

    ``" Employee ID "``, ``"employee_id"`` and ``"ＥｍｐｌｏｙｅｅＩＤ"`` all fold to
    ``employeeid``.
    """
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return re.sub(r"[\s_\-]+", "", text)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    zh: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.zh, *self.aliases)


@dataclass(frozen=True)
class Sheet:
    name: str
    zh: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = False
    aliases: tuple[str, ...] = ()
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.zh, *self.aliases)

    def column(self, name: str) -> Column:
        return self.by_name[name]

    def match_header(self, header: object) -> Column | None:
        folded = normalize_name(header)
        for column in self.columns:
            if any(normalize_name(n) == folded for n in column.names):
                return column
        return None


def _c(name: str, kind: Kind, zh: str, required: bool = False, *aliases: str) -> Column:
    return Column(name, kind, zh, required, aliases)


EMPLOYEE_ID = _c("employee_id", "id", "工号", True, "员工工号", "员工编号")
PERIOD = _c("period", "period", "期间", True, "考核期间")

EMPLOYEES = Sheet("Employees", "员工", key=("employee_id",), required=True, columns=(
    EMPLOYEE_ID,
    _c("name", "text", "姓名", True),
    _c("department", "text", "部门"),
    _c("manager_id", "id", "上级工号"),
    _c("email", "text", "邮箱"),
    _c("hire_date", "date", "入职日期", True),
    _c("termination_date", "date", "离职日期"),
    _c("base_salary", "money", "月基本工资", True),
    _c("commission_rate", "rate", "提成比例"),
    _c("monthly_bonus_base", "money", "月度绩效奖金基数"),
    _c("annual_bonus_base", "money", "年终奖基数"),
    _c("mentor_id", "id", "导师工号"),
    _c("language", "language", "语言"),
))

TARGETS = Sheet("Targets", "目标", key=("employee_id", "period"), required=True, columns=(
    EMPLOYEE_ID,
    PERIOD,
    _c("sales_target", "money", "销售额目标"),
    _c("new_customer_target", "number", "新客户目标"),
    _c("lead_conversion_target", "rate", "线索转化率目标"),
    _c("collection_target", "rate", "回款及时率目标"),
))

SALES = Sheet("Sales", "销售", key=("contract_id",), required=True, columns=(
    _c("contract_id", "id", "合同编号", True),
    _c("date", "date", "签约日期", True),
    EMPLOYEE_ID,
    _c("customer_id", "id", "客户编号", True),
    _c("customer_name", "text", "客户名称"),
    _c("amount", "money", "金额", True),
    _c("due_date", "date", "应收到期日"),
    _c("collected_amount", "money", "已回款金额"),
    _c("collected_date", "date", "回款日期"),
))

PAYMENTS = Sheet("Payments", "回款", columns=(
    _c("contract_id", "id", "合同编号", True),
    _c("date", "date", "回款日期", True),
    _c("amount", "money", "金额", True),
))

CUSTOMERS = Sheet("Customers", "客户", key=("customer_id",), columns=(
    _c("customer_id", "id", "客户编号", True),
    _c("customer_name", "text", "客户名称"),
    _c("owner_id", "id", "负责人工号"),
    _c("since", "date", "首次合作日期"),
))

LEADS = Sheet("Leads", "线索", key=("lead_id",), columns=(
    _c("lead_id", "id", "线索编号", True),
    EMPLOYEE_ID,
    _c("created_date", "date", "创建日期", True),
    _c("source", "text", "来源"),
    _c("converted_date", "date", "转化日期"),
))

REVIEWS = Sheet("Reviews", "评价", key=("employee_id", "period"), required=True, columns=(
    EMPLOYEE_ID,
    PERIOD,
    _c("satisfaction", "number", "客户满意度"),
    _c("compliance_deductions", "number", "合规扣分"),
    _c("learning", "number", "学习成长"),
    _c("self_review_date", "date", "自评日期"),
    _c("manager_review_date", "date", "上级评分日期"),
    _c("one_on_one_date", "date", "面谈日期"),
    _c("one_on_one_minutes", "number", "面谈时长"),
    _c("manager_comment", "text", "上级评语"),
    _c("strengths", "text", "优势"),
    _c("improvements", "text", "待改进"),
))

PEER_REVIEWS = Sheet("PeerReviews", "互评", columns=(
    PERIOD,
    _c("rater_id", "id", "评价人工号", True),
    _c("ratee_id", "id", "被评价人工号", True),
    _c("score", "number", "分数", True),
), aliases=("Peer Reviews",))

APPEALS = Sheet("Appeals", "申诉", columns=(
    EMPLOYEE_ID,
    PERIOD,
    _c("submitted_date", "date", "提交日期", True),
    _c("reason", "text", "理由"),
    _c("decision", "decision", "结果"),
    _c("revised_grade", "grade", "调整后等级"),
    _c("decided_date", "date", "决定日期"),
))

HISTORY = Sheet("History", "历史等级", key=("employee_id", "period"), columns=(
    EMPLOYEE_ID,
    PERIOD,
    _c("grade", "grade", "等级", True),
))

PAYROLL = Sheet("Payroll", "薪资发放", key=("employee_id", "period"), columns=(
    EMPLOYEE_ID,
    PERIOD,
    _c("commission_paid", "money", "已发提成"),
    _c("bonus_paid", "money", "已发绩效奖金"),
    _c("annual_bonus_paid", "money", "已发年终奖"),
))

SEPARATIONS = Sheet("Separations", "离职", columns=(
    EMPLOYEE_ID,
    _c("request_date", "date", "申请日期", True),
    _c("last_day", "date", "最后工作日", True),
    _c("reason", "text", "原因"),
    _c("handover_to", "id", "交接人工号"),
    _c("approved_by", "id", "审批人"),
))

ASSETS = Sheet("Assets", "资产", columns=(
    EMPLOYEE_ID,
    _c("asset_id", "id", "资产编号"),
    _c("item", "text", "物品", True),
    _c("issued_date", "date", "领用日期"),
))

PLAN = Sheet("Plan", "方案", columns=(), aliases=("考核方案",))

INPUT_SHEETS: tuple[Sheet, ...] = (
    EMPLOYEES, TARGETS, SALES, PAYMENTS, CUSTOMERS, LEADS, REVIEWS, PEER_REVIEWS, APPEALS,
    HISTORY, PAYROLL, SEPARATIONS, ASSETS,
)
SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in (*INPUT_SHEETS, PLAN)}

# Columns (besides a sheet's own key) that must name an existing employee.
EMPLOYEE_REFERENCES: tuple[tuple[str, str], ...] = (
    ("Employees", "manager_id"), ("Employees", "mentor_id"),
    ("Targets", "employee_id"), ("Sales", "employee_id"), ("Customers", "owner_id"),
    ("Leads", "employee_id"), ("Reviews", "employee_id"), ("PeerReviews", "rater_id"),
    ("PeerReviews", "ratee_id"), ("Appeals", "employee_id"), ("History", "employee_id"),
    ("Payroll", "employee_id"), ("Separations", "employee_id"),
    ("Separations", "handover_to"), ("Separations", "approved_by"), ("Assets", "employee_id"),
)


def find_sheet(name: object) -> Sheet | None:
    """The contract whose English name or alias matches ``name`` (folded), if any."""
    folded = normalize_name(name)
    for sheet in SHEETS_BY_NAME.values():
        if any(normalize_name(n) == folded for n in sheet.names):
            return sheet
    return None
