"""Invariants checked with generated inputs (STYLE point 11)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.core.helpers import LONG_AGO, company, scores, staff, targets
from tests.core.helpers import sales as sales_rows
from toolkit.core.money import round_money
from toolkit.core.periods import CYCLES
from toolkit.core.plan import INDICATORS, RATIO_INDICATORS, Plan
from toolkit.core.scoring import grade_indicators

# Each pipeline example runs the whole core on a small workbook (a few tenths of a second),
# and compares several employees at once, so fewer examples cover as many pairs.
PIPELINE = settings(max_examples=50, deadline=None)
PURE = settings(max_examples=200, deadline=None)

amounts = st.decimals(min_value=-200000, max_value=400000, places=2, allow_nan=False,
                      allow_infinity=False)


@PIPELINE
@given(st.lists(amounts, min_size=2, max_size=4),
       st.integers(min_value=1, max_value=500000))
def test_a_higher_sales_amount_never_lowers_the_sales_score(sold: list[Decimal],
                                                          target: int) -> None:
    """Employees with the same January target, each selling one amount: sorted by amount,
    their score_sales_attainment never decreases."""
    sold = sorted(sold)
    ids = [f"E{i}" for i in range(len(sold))]
    book = company(
        Employees=staff(*((e, e, LONG_AGO) for e in ids)),
        Targets=targets(*((e, "2026-01", target) for e in ids)),
        Sales=sales_rows(*((f"K{i}", date(2026, 1, 10), e, f"C{i}", amount)
                           for i, (e, amount) in enumerate(zip(ids, sold, strict=True)))))
    frame = scores(book, date(2026, 2, 1)).set_index("employee_id")
    by_amount = [frame.at[e, "score_sales_attainment"] for e in ids]
    assert by_amount == sorted(by_amount)


ratio_values = st.none() | st.decimals(min_value=-1, max_value=3, places=4, allow_nan=False,
                                       allow_infinity=False)
review_values = st.none() | st.decimals(min_value=-50, max_value=150, places=2,
                                        allow_nan=False, allow_infinity=False)
indicator_values = st.fixed_dictionaries(
    {i: ratio_values if i in RATIO_INDICATORS else review_values for i in INDICATORS})


@PURE
@given(indicator_values, st.sampled_from(CYCLES), st.sampled_from(["renormalize", "zero"]))
def test_the_total_lies_between_the_lowest_and_highest_score_used(
        values: dict[str, Decimal | None], cycle: str, policy: str) -> None:
    """The weighted total is a weighted mean: never below the lowest nor above the highest
    score it uses (with ``zero``, every missing indicator is used as a 0)."""
    plan = replace(Plan(), missing_policy=policy)  # type: ignore[arg-type]
    graded = grade_indicators(values, plan, cycle)  # type: ignore[arg-type]
    present = [s for s in graded.scores.values() if s is not None]
    used = present + [Decimal(0)] * len(graded.missing) if policy == "zero" else present
    assume(used)
    assert min(used) <= graded.total_exact <= max(used)


money = st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False,
                    allow_infinity=False)


def _half_up(amount: Decimal) -> Decimal:
    """Half away from zero, written out: floor(|x| × 100 + ½) / 100 with x's sign."""
    cents = (abs(amount) * 100 + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)
    return (cents / 100 if amount >= 0 else -cents / 100).quantize(Decimal("0.01"))


@PURE
@given(money)
def test_round_money_is_half_up_and_idempotent(amount: Decimal) -> None:
    """round_money equals half-up rounding to the cent, rounding twice changes nothing,
    and the result is never more than half a cent away."""
    once = round_money(amount)
    assert once == _half_up(amount)
    assert round_money(once) == once
    assert abs(once - amount) <= Decimal("0.005")


@PURE
@given(st.integers(min_value=-10**9, max_value=10**9))
def test_an_exact_half_cent_always_rounds_away_from_zero(cents: int) -> None:
    """x.xx5 rounds to the cent further from zero."""
    half = Decimal(cents) / 100 + (Decimal("0.005") if cents >= 0 else Decimal("-0.005"))
    step = Decimal("0.01") if cents >= 0 else Decimal("-0.01")
    assert round_money(half) == Decimal(cents) / 100 + step
