"""An action (one row of the actions table) and the words of actions and the HR summary.

Every human sentence about an action is one template here, in English and Chinese, filled
with values already formatted (periods as text, money with thousands separators, scores
without trailing zeros), so the rules in ``actions`` and ``awards`` never build language
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.core.periods import CYCLES, Period

ACTION_COLUMNS = ["employee_id", "period", "action", "detail", "start_date", "end_date"]
ACTION_ORDER = ("pip", "satisfaction_plan", "rate_raise", "rate_reduce",
                "promotion_candidate", "trainee_pool", "award_sales_champion",
                "award_satisfaction_star", "award_newcomer")


@dataclass(frozen=True)
class Action:
    """One consequence of a grade or an award; dates only where the action has a term."""

    employee_id: str
    period: str
    action: str
    detail: str
    start_date: date | None = None
    end_date: date | None = None

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "pip": "{reason}; mentor {mentor}; targets: {targets}",
        "mentor": "{id} ({name})",
        "no_mentor": "none assigned",
        "sep": ", ",
        "satisfaction_plan": "satisfaction {value} below the baseline {baseline}",
        "rate_raise": "{history}: commission rate × {factor} in {next}",
        "rate_reduce": "{history}: commission rate × {factor} in {next}",
        "rate_suspend": "{history}: commission suspended in {next}",
        "applied": " (applied)",
        "eligible": " (eligible only: auto_rate_change is no)",
        "promotion_candidate": "{period} S, teamwork {teamwork} ≥ {excellent}",
        "trainee_pool": "{history}: management-trainee pool",
        "award_sales_champion": "highest sales in {period}: {sales}",
        "award_satisfaction_star": "highest satisfaction in {period}: {value}",
        "award_newcomer": "hired {hired}; first full quarter {period} graded {grade}",
        "shared": " (shared by {count})",
        # HR summary lines
        "sum_pip": "PIP needed ({count}): {items}",
        "sum_overdue": "Overdue review steps ({count}): {items}",
        "sum_too_short": "One-on-ones too short ({count}): {items}",
        "sum_action": "{label} ({count}): {items}",
        "sum_none": "No PIP, overdue review step or award.",
        "more": "… and {count} more",
        "label_satisfaction_plan": "Satisfaction plans",
        "label_rate_raise": "Commission rate raised",
        "label_rate_reduce": "Commission rate reduced",
        "label_promotion_candidate": "Promotion candidates",
        "label_trainee_pool": "Management-trainee pool",
        "label_award_sales_champion": "Sales champions",
        "label_award_satisfaction_star": "Satisfaction stars",
        "label_award_newcomer": "Newcomer awards",
    },
    "zh": {
        "pip": "{reason}；导师 {mentor}；改进目标：{targets}",
        "mentor": "{id}（{name}）",
        "no_mentor": "未指定",
        "sep": "，",
        "satisfaction_plan": "客户满意度 {value}，低于基线 {baseline}",
        "rate_raise": "{history}：{next} 提成比例 × {factor}",
        "rate_reduce": "{history}：{next} 提成比例 × {factor}",
        "rate_suspend": "{history}：{next} 暂停提成",
        "applied": "（已执行）",
        "eligible": "（仅符合条件，未自动执行）",
        "promotion_candidate": "{period} 年度 S，团队协作 {teamwork} ≥ {excellent}",
        "trainee_pool": "{history}：纳入管理培训生储备",
        "award_sales_champion": "{period} 公司最高销售额：{sales}",
        "award_satisfaction_star": "{period} 公司最高客户满意度：{value}",
        "award_newcomer": "{hired} 入职；首个完整季度 {period} 等级 {grade}",
        "shared": "（{count} 人并列）",
        "sum_pip": "需要绩效改进计划（{count}）：{items}",
        "sum_overdue": "逾期的考核步骤（{count}）：{items}",
        "sum_too_short": "面谈时长不足（{count}）：{items}",
        "sum_action": "{label}（{count}）：{items}",
        "sum_none": "没有绩效改进计划、逾期考核步骤或奖项。",
        "more": "……另有 {count} 项",
        "label_satisfaction_plan": "满意度改进计划",
        "label_rate_raise": "提成比例上调",
        "label_rate_reduce": "提成比例下调",
        "label_promotion_candidate": "晋升候选人",
        "label_trainee_pool": "管理培训生储备",
        "label_award_sales_champion": "销售冠军",
        "label_award_satisfaction_star": "满意度之星",
        "label_award_newcomer": "新人奖",
    },
}

STEP_ZH: dict[str, str] = {
    "self_review": "自评", "manager_review": "上级评分", "one_on_one": "绩效面谈",
    "appeal_window": "申诉期", "appeal_decision": "申诉处理",
}


def period_order(text: str) -> tuple[date, int]:
    """Sort key of a period text by when it ends, a month before its quarter before its
    year: actions arise when a period is over, so 2026-03 comes before 2026-Q1."""
    period = Period.parse(text)
    return period.end, CYCLES.index(period.cycle)


def say(language: str, key: str, **values: object) -> str:
    """The ``key`` sentence in ``language`` (``zh``, else English) filled with ``values``."""
    return TEXT["zh" if language == "zh" else "en"][key].format(**values)
