"""The words documents print that come from data, not from the template, in en and zh.

A template holds its own headings and sentences (HR edits them in Word); the values it
prints are built here and in the builders: an indicator's name, a payout kind, an action,
the phrase for "none". ``word(language, key, **values)`` fills a phrase.
"""

from __future__ import annotations

from toolkit.core.plan import INDICATOR_ZH

INDICATOR_EN: dict[str, str] = {
    "sales_attainment": "Sales attainment", "new_customers": "New customers",
    "collection_rate": "On-time collection", "lead_conversion": "Lead conversion",
    "satisfaction": "Customer satisfaction", "compliance": "Compliance",
    "teamwork": "Teamwork", "learning": "Learning and growth",
}

PAYOUT_KIND: dict[str, tuple[str, str]] = {
    "commission": ("Commission", "提成"),
    "monthly_bonus": ("Monthly bonus", "月度绩效奖金"),
    "annual_bonus": ("Annual bonus", "年终奖"),
}

ACTION_LABEL: dict[str, tuple[str, str]] = {
    "pip": ("Performance improvement plan", "绩效改进计划"),
    "satisfaction_plan": ("Satisfaction improvement plan", "满意度改进计划"),
    "rate_raise": ("Commission rate raised", "提成比例上调"),
    "rate_reduce": ("Commission rate reduced", "提成比例下调"),
    "promotion_candidate": ("Promotion candidate", "晋升候选人"),
    "trainee_pool": ("Management-trainee pool", "管理培训生储备"),
    "award_sales_champion": ("Award: sales champion", "奖项：销售冠军"),
    "award_satisfaction_star": ("Award: satisfaction star", "奖项：满意度之星"),
    "award_newcomer": ("Award: newcomer", "奖项：新人奖"),
}

DOCUMENT_WORD: dict[str, tuple[str, str]] = {
    "report": ("evaluation-report", "考核报告"),
    "pip_letter": ("pip-letter", "绩效改进计划"),
    "checklist": ("offboarding-checklist", "离职交接清单"),
}

_PHRASES: dict[str, tuple[str, str]] = {
    "none_actions": ("No actions or awards for this period.", "本期无后续行动或奖项。"),
    "none_payouts": ("No bonus or commission lines for this period.", "本期无奖金或提成记录。"),
    "quarter_sum": ("sum of {count} monthly lines, explained in the {period} report",
                    "{count} 笔月度明细之和，详见{period}考核报告"),
    "none_missing": ("None: every indicator was scored.", "无：所有指标均已评分。"),
    "missing": ("Not scored (weight shared by the others): {items}",
                "未评分（权重由其他指标分摊）：{items}"),
    "missing_zero": ("Not scored (counted as 0): {items}", "未评分（按 0 分计）：{items}"),
    "no_manager": ("no manager", "无上级"),
    "no_mentor": ("none assigned", "未指定"),
    "not_named": ("not named", "未指定"),
    "person": ("{name} ({id})", "{name}（{id}）"),
    "grade_note": ("computed grade {computed}, revised on appeal",
                   "计算等级 {computed}，经申诉调整"),
    "no_appeal": ("No appeal has been filed.", "未提出申诉。"),
    "appeal_pending": ("Appeal submitted on {submitted}; decision pending.",
                       "已于 {submitted} 提出申诉，待处理。"),
    "appeal_upheld": ("Appeal submitted on {submitted}, upheld on {decided}: grade {grade}.",
                      "已于 {submitted} 提出申诉，{decided} 维持申诉：等级调整为 {grade}。"),
    "appeal_upheld_same": ("Appeal submitted on {submitted}, upheld on {decided}.",
                           "已于 {submitted} 提出申诉，{decided} 维持申诉。"),
    "appeal_late": (" It was submitted after the deadline.", "（逾期提交）"),
    "appeal_rejected": ("Appeal submitted on {submitted}, rejected on {decided}.",
                        "已于 {submitted} 提出申诉，{decided} 驳回。"),
    "sales_split": ("new customers {new} · existing customers {existing}",
                    "新客户 {new} · 老客户 {existing}"),
    "grade_scale": ("S ≥ {S} · A ≥ {A} · B ≥ {B} · C ≥ {C} · D below {C}",
                    "S ≥ {S} · A ≥ {A} · B ≥ {B} · C ≥ {C} · D 低于 {C}"),
    "leads_of": ("{converted} of {leads} leads", "{leads} 条线索转化 {converted} 条"),
    "on_time_of": ("{on_time} of {due} on time", "应收 {due}，按时 {on_time}"),
    "peer_ratings": ("{value} ({count} peer ratings)", "{value}（{count} 人互评）"),
    "deductions": ("{value} (100 − deductions)", "{value}（100 − 扣分）"),
    "at_least": ("≥ {value}", "≥ {value}"),
    "duration": ("{months} months", "{months} 个月"),
    "checkin": ("Check-in {number}", "第 {number} 次跟进"),
    "final_review": ("Final review", "最终评估"),
    "reason_one": ("The {period} evaluation was graded {grade} (total score {score}).",
                   "{period}考核等级为 {grade}（总分 {score}）。"),
    "reason_two": ("Two consecutive quarters were graded C or D: {history}.",
                   "连续两个季度考核等级为 C 或 D：{history}。"),
    "history_item": ("{period} {grade}", "{period} {grade}"),
    "target_ratio": ("{value} of target", "达成目标的 {value}"),
    "target_points": ("{value} points", "{value} 分"),
    "target_clean": ("no new deductions", "不再扣分"),
    "owner": ("owner", "负责人"),
    "sold_to": ("sold to", "曾销售"),
    "owner_sold": ("owner, sold to", "负责人、曾销售"),
    "none_customers": ("No customers to hand over.", "无需交接的客户。"),
    "none_leads": ("No open leads.", "无未转化线索。"),
    "none_receivables": ("No open receivables.", "无未收回款。"),
    "none_assets": ("No assets on record.", "无领用资产记录。"),
    "leads_window": ("Leads created from {first} to {last} and not converted.{older}",
                     "{first}至{last}创建且尚未转化的线索。{older}"),
    "leads_older": (" {count} older unconverted leads are not listed.",
                    "另有 {count} 条更早的未转化线索未列出。"),
    "customers_window": ("Customers the leaver owns or sold to from {first} to {last}.",
                         "离职人员负责或于{first}至{last}期间有销售的客户。"),
    "overdue": ("overdue {days} days", "逾期 {days} 天"),
    "due": ("due {day}", "{day} 到期"),
    "computed_to_date": ("{kind}: computed to date", "{kind}：截至目前应发"),
    "paid_to_date": ("{kind}: paid to date", "{kind}：截至目前实发"),
    "earned_unpaid": ("{kind}: earned, not yet paid", "{kind}：已产生未发放"),
    "overpaid": ("{kind}: paid above the plan", "{kind}：超额发放"),
    "forfeited": ("Commission forfeited (cash collected after the last day)",
                  "离职后回款对应的提成（不予发放）"),
    "policy_forfeit": ("Under the plan, cash collected after {day} earns no commission "
                       "(post_termination_commission = forfeit).",
                       "根据方案，{day}之后收回的款项不计提成（post_termination_commission = "
                       "forfeit）。"),
    "policy_pay": ("Under the plan, cash collected after {day} still earns commission "
                   "(post_termination_commission = pay).",
                   "根据方案，{day}之后收回的款项仍计提成（post_termination_commission = "
                   "pay）。"),
}


def word(language: str, key: str, **values: object) -> str:
    """The phrase ``key`` in ``language`` (``zh``, else English), filled with ``values``."""
    english, chinese = _PHRASES[key]
    return (chinese if language == "zh" else english).format(**values)


def pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "zh" else pair[0]


def indicator_name(indicator: str, language: str) -> str:
    return INDICATOR_ZH[indicator] if language == "zh" else INDICATOR_EN[indicator]


def person_label(employee_id: str, name: str | None, language: str) -> str:
    """``Liang Xia (E1024)`` / ``Liang Xia（E1024）``; just the id when the name is blank."""
    if not name:
        return employee_id
    return word(language, "person", name=name, id=employee_id)
