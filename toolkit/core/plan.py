"""The plan: settings, indicator weights and grade bands (SPEC section 4).

Frozen data, checked when built: a weight column must sum to 100, grade bands must strictly
decrease. Bands store only their lower bounds, so a gap or an overlap cannot be written
down: a rounded total gets the first grade whose lower bound it reaches. Every value has a
default, so a workbook may leave the Plan sheet, or any row of it, out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Literal

from holidays.registry import EntityLoader

from toolkit.core.periods import CYCLES, Cycle
from toolkit.core.problems import PlanInvalid

Indicator = Literal["sales_attainment", "new_customers", "collection_rate", "lead_conversion",
                    "satisfaction", "compliance", "teamwork", "learning"]
INDICATORS: tuple[Indicator, ...] = (
    "sales_attainment", "new_customers", "collection_rate", "lead_conversion",
    "satisfaction", "compliance", "teamwork", "learning",
)
RATIO_INDICATORS: tuple[Indicator, ...] = INDICATORS[:4]
GRADES: tuple[str, ...] = ("S", "A", "B", "C", "D")

INDICATOR_ZH: dict[str, str] = {
    "sales_attainment": "销售额达成率", "new_customers": "新客户开发",
    "collection_rate": "回款及时率", "lead_conversion": "线索转化率",
    "satisfaction": "客户满意度", "compliance": "合规", "teamwork": "团队协作",
    "learning": "学习成长",
}

DEFAULT_WEIGHTS: dict[str, tuple[int, int, int]] = {
    "sales_attainment": (20, 30, 30), "new_customers": (10, 10, 10),
    "collection_rate": (10, 10, 10), "lead_conversion": (20, 10, 10),
    "satisfaction": (15, 15, 15), "compliance": (10, 10, 10), "teamwork": (10, 10, 10),
    "learning": (5, 5, 5),
}


@dataclass(frozen=True)
class Weights:
    """Percent weight of each indicator per cycle; each cycle's column sums to 100."""

    table: dict[str, dict[Cycle, Decimal]]

    def __post_init__(self) -> None:
        for cycle in CYCLES:
            column_sum = sum((self.table[i][cycle] for i in INDICATORS), Decimal(0))
            if column_sum != 100:
                raise PlanInvalid(f"the {cycle} weights sum to {column_sum}, expected 100")
            if any(self.table[i][cycle] < 0 for i in INDICATORS):
                raise PlanInvalid(f"a {cycle} weight is negative")

    def of(self, indicator: str, cycle: Cycle) -> Decimal:
        return self.table[indicator][cycle]

    @staticmethod
    def default() -> Weights:
        return Weights({i: dict(zip(CYCLES, (Decimal(v) for v in w), strict=True))
                        for i, w in DEFAULT_WEIGHTS.items()})


@dataclass(frozen=True)
class GradeBands:
    """Lower bounds, strictly decreasing from S to D, and a bonus coefficient per grade."""

    minimums: tuple[tuple[str, Decimal], ...]
    coefficients: dict[str, Decimal]

    def __post_init__(self) -> None:
        grades = tuple(g for g, _ in self.minimums)
        if grades != GRADES:
            raise PlanInvalid(f"grade bands must be S, A, B, C, D in that order, found {grades}")
        bounds = [m for _, m in self.minimums]
        if any(lower >= upper for upper, lower in pairwise(bounds)):
            raise PlanInvalid("grade bands must strictly decrease from S to D")
        if set(self.coefficients) != set(GRADES):
            raise PlanInvalid("every grade needs a bonus coefficient")

    def grade(self, total: Decimal) -> str:
        """The first grade whose lower bound the (rounded) total reaches; below all: D."""
        for grade, minimum in self.minimums:
            if total >= minimum:
                return grade
        return GRADES[-1]

    def coefficient(self, grade: str) -> Decimal:
        return self.coefficients[grade]

    @staticmethod
    def default() -> GradeBands:
        return GradeBands(
            (("S", Decimal(105)), ("A", Decimal(95)), ("B", Decimal(85)), ("C", Decimal(70)),
             ("D", Decimal(0))),
            {"S": Decimal("1.2"), "A": Decimal("1.0"), "B": Decimal("0.8"),
             "C": Decimal("0.6"), "D": Decimal("0.0")},
        )


@dataclass(frozen=True)
class Plan:
    """Every setting of SPEC section 4 with its default."""

    language: Literal["en", "zh"] = "en"
    currency: str = "CNY"
    score_cap: Decimal = Decimal("1.2")
    missing_policy: Literal["renormalize", "zero"] = "renormalize"
    prorate: bool = True
    effective_customer_min_amount: Decimal = Decimal(10000)
    new_customer_window_months: int = 12
    payment_terms_days: int = 30
    default_lead_conversion_target: Decimal = Decimal("0.20")
    default_collection_target: Decimal = Decimal("1.00")
    min_peer_reviews: int = 3
    default_commission_rate: Decimal = Decimal("0.01")
    commission_basis: Literal["collected", "booked"] = "collected"
    raise_factor: Decimal = Decimal("1.5")
    reduce_factor: Decimal = Decimal("0.5")
    auto_rate_change: bool = True
    post_termination_commission: Literal["forfeit", "pay"] = "forfeit"
    monthly_bonus_ratio: Decimal = Decimal("0.20")
    annual_bonus_months: Decimal = Decimal(2)
    satisfaction_baseline: Decimal = Decimal(80)
    satisfaction_pip_target: Decimal = Decimal(85)
    teamwork_excellent: Decimal = Decimal(90)
    pip_months: int = 3
    holiday_country: str = "CN"
    self_review_days: int = 3
    manager_review_days: int = 5
    appeal_days: int = 3
    appeal_decision_days: int = 5
    min_one_on_one_minutes: Decimal = Decimal(30)
    weights: Weights = field(default_factory=Weights.default)
    bands: GradeBands = field(default_factory=GradeBands.default)

    def __post_init__(self) -> None:
        choices = {"language": ("en", "zh"), "missing_policy": ("renormalize", "zero"),
                   "commission_basis": ("collected", "booked"),
                   "post_termination_commission": ("forfeit", "pay")}
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise PlanInvalid(f"{name} must be one of {', '.join(allowed)}")
        if self.score_cap <= 0:
            raise PlanInvalid("score_cap must be positive")
        if self.reduce_factor < 0 or self.raise_factor < 0:
            raise PlanInvalid("raise_factor and reduce_factor must not be negative")
        if self.holiday_country.strip().upper() not in _holiday_countries():
            raise PlanInvalid(f"holiday_country: expected a country code such as CN, found "
                              f"{self.holiday_country!r}")

    def with_language(self, language: str | None) -> Plan:
        return self if language is None else replace(self, language=language)  # type: ignore[arg-type]

    def settings(self) -> dict[str, object]:
        """The plain settings (no weights or bands), for the manifest and the Plan sheet."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("weights", "bands")}


@cache
def _holiday_countries() -> frozenset[str]:
    """The country codes whose working-day calendars the holidays package has, from its
    registry: ``holidays.list_supported_countries()`` says the same after importing all
    of its 250 country modules (a quarter of a second)."""
    return frozenset(EntityLoader.get_country_codes())


SETTING_KINDS: dict[str, str] = {
    f.name: ("bool" if f.type == "bool" else
             "int" if f.type == "int" else
             "decimal" if f.type == "Decimal" else "text")
    for f in fields(Plan) if f.name not in ("weights", "bands")
}

SETTING_ZH: dict[str, str] = {
    "language": "结果与文档语言 (en/zh)", "currency": "币种",
    "score_cap": "比率类指标得分上限 (1.2 = 120 分)",
    "missing_policy": "缺失指标处理: renormalize 剔除权重 / zero 记 0 分",
    "prorate": "按在职天数折算目标与奖金 (yes/no)",
    "effective_customer_min_amount": "有效新客户的最低累计销售额",
    "new_customer_window_months": "新客户销售额统计窗口 (月)",
    "payment_terms_days": "未填到期日时的账期 (天)",
    "default_lead_conversion_target": "默认线索转化率目标",
    "default_collection_target": "默认回款及时率目标",
    "min_peer_reviews": "团队协作最少互评人数",
    "default_commission_rate": "默认提成比例",
    "commission_basis": "提成基数: collected 按回款 / booked 按签约",
    "raise_factor": "连续两季度 A 及以上的提成系数",
    "reduce_factor": "连续两季度 C 及以下的提成系数 (0 = 暂停提成)",
    "auto_rate_change": "自动调整提成比例 (yes/no)",
    "post_termination_commission": "离职后回款的提成: forfeit 不发 / pay 照发",
    "monthly_bonus_ratio": "月度绩效奖金基数 = 月基本工资 × 此比例",
    "annual_bonus_months": "年终奖基数 = 月基本工资 × 此月数",
    "satisfaction_baseline": "客户满意度基线",
    "satisfaction_pip_target": "改进计划中的满意度目标",
    "teamwork_excellent": "晋升所需的团队协作分",
    "pip_months": "绩效改进计划期限 (月)",
    "holiday_country": "节假日日历国家代码",
    "self_review_days": "自评期限 (期末后工作日)",
    "manager_review_days": "上级评分期限 (自评截止后工作日)",
    "appeal_days": "申诉期限 (面谈后工作日)",
    "appeal_decision_days": "申诉处理期限 (提交后工作日)",
    "min_one_on_one_minutes": "绩效面谈最短时长 (分钟)",
}

SETTING_EN: dict[str, str] = {
    "language": "results and documents language (en/zh)", "currency": "currency shown",
    "score_cap": "a ratio indicator scores at most this × 100",
    "missing_policy": "renormalize: drop a missing indicator's weight; zero: score it 0",
    "prorate": "prorate targets and bonuses by days employed (yes/no)",
    "effective_customer_min_amount": "a new customer counts once its purchases reach this",
    "new_customer_window_months": "months after a first purchase that count as new sales",
    "payment_terms_days": "due date when blank = contract date + this",
    "default_lead_conversion_target": "lead conversion target when Targets has none",
    "default_collection_target": "collection target when Targets has none",
    "min_peer_reviews": "fewer peer ratings: teamwork is missing",
    "default_commission_rate": "when Employees.commission_rate is blank",
    "commission_basis": "collected (cash received) or booked (contract date)",
    "raise_factor": "rate multiplier after two quarters graded A or better",
    "reduce_factor": "rate multiplier after two quarters graded C or worse (0 suspends)",
    "auto_rate_change": "apply the factors (yes) or only report eligibility (no)",
    "post_termination_commission": "forfeit or pay cash collected after termination",
    "monthly_bonus_ratio": "monthly bonus base = base salary × this when blank",
    "annual_bonus_months": "annual bonus base = base salary × this when blank",
    "satisfaction_baseline": "below it, an improvement plan is required",
    "satisfaction_pip_target": "target satisfaction in a PIP",
    "teamwork_excellent": "teamwork needed with an annual S for promotion",
    "pip_months": "length of an improvement plan in months",
    "holiday_country": "working-day calendar (country code)",
    "self_review_days": "working days after period end",
    "manager_review_days": "working days after the self-review deadline",
    "appeal_days": "working days after the one-on-one",
    "appeal_decision_days": "working days after an appeal is submitted",
    "min_one_on_one_minutes": "shortest acceptable one-on-one",
}
