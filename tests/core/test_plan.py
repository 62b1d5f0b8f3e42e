"""SPEC section 4: the plan's defaults, weights and grade bands, and the Plan sheet."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import holidays
import pytest

from tests.builders import raw
from tests.core.helpers import Rows, company, plan, targets
from toolkit.core.periods import CYCLES, Cycle
from toolkit.core.plan import INDICATORS, GradeBands, Plan, Weights, _holiday_countries
from toolkit.core.problems import PlanInvalid
from toolkit.core.validate import validate

DEFAULT_SETTINGS = [
    ("language", "en"), ("currency", "CNY"), ("score_cap", Decimal("1.2")),
    ("missing_policy", "renormalize"), ("prorate", True),
    ("effective_customer_min_amount", Decimal(10000)), ("new_customer_window_months", 12),
    ("payment_terms_days", 30), ("default_lead_conversion_target", Decimal("0.20")),
    ("default_collection_target", Decimal("1.00")), ("min_peer_reviews", 3),
    ("default_commission_rate", Decimal("0.01")), ("commission_basis", "collected"),
    ("raise_factor", Decimal("1.5")), ("reduce_factor", Decimal("0.5")),
    ("auto_rate_change", True), ("post_termination_commission", "forfeit"),
    ("monthly_bonus_ratio", Decimal("0.20")), ("annual_bonus_months", Decimal(2)),
    ("satisfaction_baseline", Decimal(80)), ("satisfaction_pip_target", Decimal(85)),
    ("teamwork_excellent", Decimal(90)), ("pip_months", 3), ("holiday_country", "CN"),
    ("self_review_days", 3), ("manager_review_days", 5), ("appeal_days", 3),
    ("appeal_decision_days", 5), ("min_one_on_one_minutes", Decimal(30)),
]


@pytest.mark.parametrize(("key", "value"), [pytest.param(k, v, id=f"default_{k}")
                                            for k, v in DEFAULT_SETTINGS])
def test_every_setting_has_its_spec_default(key: str, value: object) -> None:
    """A plan built with no values holds the defaults of the SPEC section 4 table."""
    assert getattr(Plan(), key) == value


DEFAULT_WEIGHTS = {
    "sales_attainment": (20, 30, 30), "new_customers": (10, 10, 10),
    "collection_rate": (10, 10, 10), "lead_conversion": (20, 10, 10),
    "satisfaction": (15, 15, 15), "compliance": (10, 10, 10), "teamwork": (10, 10, 10),
    "learning": (5, 5, 5),
}


@pytest.mark.parametrize("indicator", INDICATORS)
def test_default_weights_per_cycle(indicator: str) -> None:
    """The default month, quarter and year weights of each indicator."""
    weights = Plan().weights
    assert tuple(weights.of(indicator, c) for c in CYCLES) == \
        tuple(Decimal(w) for w in DEFAULT_WEIGHTS[indicator])


@pytest.mark.parametrize("cycle", CYCLES)
def test_each_default_weight_column_sums_to_100(cycle: Cycle) -> None:
    """month 20+10+10+20+15+10+10+5, quarter and year 30+10+10+10+15+10+10+5: all 100."""
    assert sum((Plan().weights.of(i, cycle) for i in INDICATORS), Decimal(0)) == 100


BAND_CASES = [
    ("120", "S"), ("105", "S"), ("104.99", "A"), ("95", "A"), ("94.99", "B"), ("85", "B"),
    ("84.99", "C"), ("70", "C"), ("69.99", "D"), ("0", "D"),
]


@pytest.mark.parametrize(("total", "grade"), [
    pytest.param(t, g, id=f"a_rounded_total_of_{t.replace('.', '_')}_is_{g.lower()}")
    for t, g in BAND_CASES])
def test_default_grade_bands_are_half_open(total: str, grade: str) -> None:
    """S ≥ 105 > A ≥ 95 > B ≥ 85 > C ≥ 70 > D: each band includes its lower bound only."""
    assert Plan().bands.grade(Decimal(total)) == grade


def test_default_bonus_coefficients() -> None:
    """S 1.2, A 1.0, B 0.8, C 0.6, D 0.0."""
    bands = Plan().bands
    assert [bands.coefficient(g) for g in "SABCD"] == [
        Decimal("1.2"), Decimal("1.0"), Decimal("0.8"), Decimal("0.6"), Decimal("0.0")]


def test_weights_not_summing_to_100_are_rejected_when_built() -> None:
    """A weight column summing to 110 cannot be built."""
    table = {i: dict(cells) for i, cells in Weights.default().table.items()}
    table["sales_attainment"]["month"] = Decimal(30)  # month column: 100 − 20 + 30 = 110
    with pytest.raises(PlanInvalid, match="110"):
        Weights(table)


def test_grade_bands_not_strictly_decreasing_are_rejected_when_built() -> None:
    """A at 105, the same as S, is not strictly decreasing."""
    default = GradeBands.default()
    minimums = tuple((g, Decimal(105) if g == "A" else m) for g, m in default.minimums)
    with pytest.raises(PlanInvalid, match="decrease"):
        GradeBands(minimums, default.coefficients)


def test_an_unknown_missing_policy_is_rejected() -> None:
    """missing_policy is renormalize or zero, nothing else."""
    with pytest.raises(PlanInvalid, match="missing_policy"):
        replace(Plan(), missing_policy="sometimes")  # type: ignore[arg-type]


SHEET_CASES = [
    pytest.param("missing_policy", "zero", "zero", id="missing_policy_zero"),
    pytest.param("prorate", "no", False, id="prorate_no"),
    pytest.param("score_cap", 1.5, Decimal("1.5"), id="score_cap_1_5"),
    pytest.param("effective_customer_min_amount", 5000, Decimal(5000),
                 id="effective_customer_min_amount_5000"),
    pytest.param("payment_terms_days", 45, 45, id="payment_terms_days_45"),
    pytest.param("min_peer_reviews", 2, 2, id="min_peer_reviews_2"),
]


@pytest.mark.parametrize(("key", "cell", "value"), SHEET_CASES)
def test_a_plan_sheet_row_overrides_one_default(key: str, cell: object, value: object) -> None:
    """A (key, value) row of the Plan sheet sets that setting; the others keep defaults."""
    tables, problems = validate(raw(company(Targets=targets(("E1", "2026-01", 1000)),
                                            Plan=plan(**{key: cell}))))
    assert not [p for p in problems if p.severity == "error"], problems
    assert getattr(tables.plan, key) == value
    assert replace(tables.plan, **{key: getattr(Plan(), key)}) == Plan()


def test_plan_sheet_weights_typed_as_percent_fractions_are_read_as_percent() -> None:
    """Weights shown as 20 % in Excel arrive as 0.2 and sum to 1: read as 20."""
    rows: Rows = [["indicator", "month", "quarter", "year"],
                  *([i, m / 100, q / 100, y / 100] for i, (m, q, y) in DEFAULT_WEIGHTS.items())]
    tables, problems = validate(raw(company(Plan=rows)))
    assert not [p for p in problems if p.severity == "error"], problems
    assert tables.plan.weights.of("sales_attainment", "month") == 20


def test_plan_sheet_grade_bands_replace_the_defaults() -> None:
    """A grade block with new lower bounds changes the grading."""
    rows: Rows = [["grade", "min_score", "coefficient"], ["S", 110, 1.5], ["A", 100, 1.1]]
    tables, problems = validate(raw(company(Plan=rows)))
    assert not [p for p in problems if p.severity == "error"], problems
    assert tables.plan.bands.grade(Decimal("105")) == "A"   # below the new S bound 110
    assert tables.plan.bands.grade(Decimal("99.99")) == "B"  # below the new A bound 100
    assert tables.plan.bands.coefficient("S") == Decimal("1.5")


def test_an_unknown_holiday_country_on_the_plan_sheet_is_a_problem_not_a_crash() -> None:
    """A holiday_country the holidays package does not know is reported with the other
    problems when the workbook is validated, before any date is computed with it."""
    _, problems = validate(raw(company(Targets=targets(("E1", "2026-01", 1000)),
                                       Plan=plan(holiday_country="=HYPERLINK(1)"))))
    errors = [p for p in problems if p.severity == "error"]
    assert [p.sheet for p in errors] == ["Plan"]
    assert "holiday_country: expected a country code such as CN, found '=HYPERLINK(1)'" in \
        errors[0].message


def test_the_holiday_countries_are_every_code_the_holidays_package_supports() -> None:
    """Read from its registry, the codes are those it lists (two and three letters and
    aliases such as UK), so CN, CHN and US are accepted and XX is not."""
    assert _holiday_countries() == set(holidays.list_supported_countries())
    assert {"CN", "CHN", "US", "UK"} <= _holiday_countries()
    assert "XX" not in _holiday_countries()
