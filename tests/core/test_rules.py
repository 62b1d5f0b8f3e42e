"""SPEC section 5: targets, indicators, scores, totals, grades and appeals.

Every expected number is worked out by hand in the comment beside it. Unless a case says
otherwise the company is one sales employee E1 (Ann, hired 2020) and the plan is the
default one of SPEC section 4.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.builders import minimal_sheets
from tests.core.helpers import (
    LONG_AGO,
    Rows,
    appeals,
    blank,
    cents,
    company,
    customers,
    leads,
    near,
    payments,
    peer_reviews,
    plan,
    results,
    reviews,
    sales,
    score_row,
    staff,
    targets,
)
from toolkit.core.periods import Cycle
from toolkit.core.plan import Plan
from toolkit.core.scoring import grade_indicators

MAR = date(2026, 3, 1)  # an as-of date a month after January ends
AFTER_JAN = date(2026, 2, 1)
AFTER_Q1 = date(2026, 4, 1)
AFTER_2026 = date(2027, 1, 1)


def _d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


# -- Targets -------------------------------------------------------------------------------

SALES_TARGET_CASES = [
    pytest.param(
        staff(("E1", "Ann", _d(1, 11))), targets(("E1", "2026-01", 31000)), {}, AFTER_JAN,
        "2026-01", "21000.00",  # hired Jan 11: 21 of 31 days; 31,000 × 21/31 = 21,000
        id="a_hire_on_the_11th_of_a_31_day_month_prorates_the_month_target_by_21_over_31"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO, _d(1, 20))), targets(("E1", "2026-01", 31000)), {},
        AFTER_JAN, "2026-01", "20000.00",  # Jan 1..20 both included: 31,000 × 20/31 = 20,000
        id="the_termination_date_is_the_last_day_worked_and_prorates_the_month"),
    pytest.param(
        staff(("E1", "Ann", _d(1, 11))),
        targets(("E1", "2026-01", 31000), ("E1", "2026-02", 28000), ("E1", "2026-03", 31000)),
        {}, AFTER_Q1, "2026-Q1", "80000.00",  # 31,000 × 21/31 + 28,000 + 31,000 = 80,000
        id="a_quarter_target_is_the_sum_of_its_months_with_the_first_month_prorated"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO)),
        targets(("E1", "2026-Q1", 250000), ("E1", "2026-01", 100000), ("E1", "2026-02", 100000),
                ("E1", "2026-03", 100000)),
        {}, AFTER_Q1, "2026-Q1", "250000.00",  # the Q1 row wins over 3 × 100,000 = 300,000
        id="a_targets_row_for_exactly_the_quarter_wins_over_its_months"),
    pytest.param(
        staff(("E1", "Ann", _d(2, 1))), targets(("E1", "2026-Q1", 90000)), {}, AFTER_Q1,
        "2026-Q1", "59000.00",  # Q1 has 90 days, employed Feb 1..Mar 31 = 59: 90,000 × 59/90
        id="an_exact_quarter_row_is_prorated_by_the_employed_fraction_of_the_quarter"),
    pytest.param(
        staff(("E1", "Ann", _d(2, 1))),
        targets(("E1", "2026-02", 28000), ("E1", "2026-03", 31000)), {}, AFTER_Q1,
        "2026-Q1", "59000.00",  # January has no employment day and counts 0: 28,000 + 31,000
        id="a_month_before_the_hire_date_needs_no_row_and_counts_0_in_the_quarter"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO, _d(2, 28))),
        targets(("E1", "2026-01", 31000), ("E1", "2026-02", 28000)), {}, AFTER_Q1,
        "2026-Q1", "59000.00",  # March has no employment day and counts 0: 31,000 + 28,000
        id="a_month_after_the_termination_date_needs_no_row_and_counts_0_in_the_quarter"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO)),
        targets(("E1", "2026-01", 10000), ("E1", "2026-02", 10000), ("E1", "2026-03", 10000),
                ("E1", "2026-Q2", 40000), ("E1", "2026-Q3", 50000), ("E1", "2026-Q4", 60000)),
        {}, AFTER_2026, "2026", "180000.00",  # Q1 from months 30,000 + 40,000 + 50,000 + 60,000
        id="a_year_target_is_the_sum_of_its_quarters_each_resolved_the_same_way"),
    pytest.param(
        staff(("E1", "Ann", LONG_AGO)),
        targets(("E1", "2026", 500000), ("E1", "2026-Q1", 100000), ("E1", "2026-Q2", 100000),
                ("E1", "2026-Q3", 100000), ("E1", "2026-Q4", 100000)),
        {}, AFTER_2026, "2026", "500000.00",  # the year row wins over 4 × 100,000
        id="a_targets_row_for_exactly_the_year_wins_over_its_quarters"),
    pytest.param(
        staff(("E1", "Ann", _d(8, 1))),
        targets(("E1", "2026-Q3", 92000), ("E1", "2026-Q4", 92000)), {}, AFTER_2026,
        "2026", "153000.00",  # Q1, Q2 count 0; Q3 92,000 × 61/92 = 61,000; Q4 92,000
        id="a_year_sums_prorated_quarter_rows_and_skips_quarters_before_the_hire_date"),
    pytest.param(
        staff(("E1", "Ann", _d(1, 11))), targets(("E1", "2026-01", 31000)),
        {"Plan": plan(prorate="no")}, AFTER_JAN, "2026-01", "31000.00",  # not prorated
        id="with_prorate_no_a_mid_month_hire_keeps_the_full_month_target"),
]


@pytest.mark.parametrize(("people", "target_rows", "extra", "as_of", "period", "expected"),
                         SALES_TARGET_CASES)
def test_sales_target_resolution(people: Rows, target_rows: Rows, extra: dict[str, Rows],
                                 as_of: date, period: str, expected: str) -> None:
    """A period's sales target comes from its exact row, else its months or quarters, each
    row prorated by the employed fraction of that row's period."""
    book = company(Employees=people, Targets=target_rows, **extra)
    row = score_row(book, as_of, "E1", period)
    assert cents(row["sales_target"]) == Decimal(expected)


def test_new_customer_target_is_summed_and_prorated_like_the_sales_target() -> None:
    """new_customer_target follows the sales_target rules: months summed, rows prorated."""
    book = company(
        Employees=staff(("E1", "Ann", _d(1, 11))),
        Targets=targets(("E1", "2026-01", 31000, 31), ("E1", "2026-02", 28000, 2),
                        ("E1", "2026-03", 31000, 3)))
    january = score_row(book, AFTER_Q1, "E1", "2026-01")
    quarter = score_row(book, AFTER_Q1, "E1", "2026-Q1")
    assert cents(january["new_customer_target"]) == Decimal("21.00")  # 31 × 21/31
    assert cents(quarter["new_customer_target"]) == Decimal("26.00")  # 21 + 2 + 3


def test_rate_targets_come_from_the_exact_row_else_the_plan_default() -> None:
    """lead_conversion_target and collection_target are never summed: the row for exactly
    the period, else the plan defaults 0.20 and 1.00."""
    book = company(Targets=targets(
        ("E1", "2026-01", 100000, None, 0.5, 0.9), ("E1", "2026-02", 100000),
        ("E1", "2026-03", 100000)))
    january = score_row(book, AFTER_Q1, "E1", "2026-01")
    february = score_row(book, AFTER_Q1, "E1", "2026-02")
    quarter = score_row(book, AFTER_Q1, "E1", "2026-Q1")
    assert (january["lead_conversion_target"], january["collection_target"]) == (
        Decimal("0.5"), Decimal("0.9"))
    assert (february["lead_conversion_target"], february["collection_target"]) == (
        Decimal("0.20"), Decimal("1.00"))
    assert (quarter["lead_conversion_target"], quarter["collection_target"]) == (
        Decimal("0.20"), Decimal("1.00"))


@pytest.mark.parametrize("new_customer_target", [
    pytest.param(None, id="a_blank_new_customer_target_makes_new_customers_missing"),
    pytest.param(0, id="a_zero_new_customer_target_makes_new_customers_missing"),
])
def test_missing_new_customer_target(new_customer_target: int | None) -> None:
    """A missing or zero new_customer_target makes ``new_customers`` missing, even when the
    employee won an effective new customer."""
    book = company(Targets=targets(("E1", "2026-01", 100000, new_customer_target)),
                   Sales=sales(("K1", _d(1, 10), "E1", "C1", 50000)))
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    assert blank(row["score_new_customers"])
    assert "new_customers" in row["missing_indicators"].split(";")


# -- sales_attainment ----------------------------------------------------------------------

SALES_CASES = [
    pytest.param([60000], "60000", "0.6", "60",  # 60,000 / 100,000
                 id="a_sale_of_60000_against_100000_attains_0_6_and_scores_60"),
    pytest.param([60000, -10000], "50000", "0.5", "50",  # 60,000 − 10,000 = 50,000
                 id="a_return_is_a_negative_amount_that_nets_against_sales"),
    pytest.param([20000, -50000], "-30000", "-0.3", "0",  # −30,000 / 100,000 = −0.3 → max 0
                 id="negative_attainment_after_net_returns_scores_0"),
    pytest.param([150000], "150000", "1.5", "120",  # 1.5 capped at 1.2 → 120
                 id="attainment_above_the_cap_scores_120"),
    pytest.param([120000], "120000", "1.2", "120",  # exactly the cap
                 id="attainment_exactly_at_the_cap_scores_120"),
]


@pytest.mark.parametrize(("amounts", "total", "attainment", "score"), SALES_CASES)
def test_sales_attainment(amounts: list[int], total: str, attainment: str, score: str) -> None:
    """sales = Σ Sales.amount dated in P; ratio = sales / target (uncapped in the value
    column); score = 100 × min(max(ratio, 0), 1.2)."""
    rows = [(f"K{i}", _d(1, 5 + i), "E1", f"C{i}", amount) for i, amount in enumerate(amounts)]
    rows.append(("K9", _d(2, 3), "E1", "C9", 70000))  # February: not a January sale
    book = company(Targets=targets(("E1", "2026-01", 100000)), Sales=sales(*rows))
    row = score_row(book, MAR, "E1", "2026-01")
    assert row["sales"] == Decimal(total)
    assert row["sales_attainment"] == Decimal(attainment)
    assert row["score_sales_attainment"] == Decimal(score)


def test_the_plan_score_cap_limits_a_ratio_score() -> None:
    """With score_cap 1.5 a ratio of 1.6 scores 150 (100 × min(1.6, 1.5))."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", _d(1, 5), "E1", "C1", 160000)),
                   Plan=plan(score_cap=1.5))
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    assert row["score_sales_attainment"] == Decimal(150)


def test_new_and_existing_customer_sales_split_by_the_12_month_window() -> None:
    """Sales within 12 months of the customer's first purchase are new-customer sales; the
    rest are existing-customer sales (reported, not scored)."""
    book = company(
        Targets=targets(("E1", "2026-01", 100000)),
        Sales=sales(("K0", _d(1, 15, 2025), "E1", "C1", 5000),   # C1's first purchase
                    ("K1", _d(1, 10), "E1", "C1", 30000),        # before 2026-01-15: new
                    ("K2", _d(1, 20), "E1", "C1", 20000),        # after 2026-01-15: existing
                    ("K3", _d(1, 5), "E1", "C2", 10000)))        # C2's first purchase: new
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    assert row["sales"] == Decimal(60000)                    # 30,000 + 20,000 + 10,000
    assert row["new_customer_sales"] == Decimal(40000)       # 30,000 + 10,000
    assert row["existing_customer_sales"] == Decimal(20000)  # 20,000


# -- new_customers -------------------------------------------------------------------------

NEW_CUSTOMER_CASES = [
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 5000), ("K2", _d(1, 20), "E1", "C1", 4999.99)], None,
        {("E1", "2026-01"): 0},  # 5,000 + 4,999.99 = 9,999.99 < 10,000
        id="a_customer_buying_9999_99_in_total_is_not_effective"),
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 5000), ("K2", _d(1, 20), "E1", "C1", 5000)], None,
        {("E1", "2026-01"): 1},  # 5,000 + 5,000 = 10,000 reaches the minimum
        id="a_customer_reaching_exactly_10000_is_effective"),
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 12000), ("K2", _d(1, 25), "E1", "C1", -3000)], None,
        {("E1", "2026-01"): 0},  # 12,000 − 3,000 = 9,000 < 10,000
        id="a_return_can_take_a_customer_below_the_minimum"),
    pytest.param(
        [("K1", _d(1, 20), "E1", "C1", 6000), ("K2", _d(2, 10), "E1", "C1", 4000)], None,
        {("E1", "2026-01"): 0, ("E1", "2026-02"): 0, ("E1", "2026-Q1"): 1},
        # by Jan 31: 6,000; by Mar 31: 10,000; first purchase in Jan, not in Feb
        id="sales_up_to_the_end_of_the_period_count_so_the_quarter_credits_what_january_did_not"),
    pytest.param(
        [("K1", _d(1, 5), "E2", "C1", 5000), ("K2", _d(1, 10), "E1", "C1", 8000)], None,
        {("E1", "2026-01"): 0, ("E2", "2026-01"): 1},  # 13,000 credited to E2 (earliest)
        id="the_customer_is_credited_to_the_employee_of_its_earliest_sale"),
    pytest.param(
        [("K9", _d(1, 5), "E2", "C1", 5000), ("K1", _d(1, 5), "E1", "C1", 8000)], None,
        {("E1", "2026-01"): 0, ("E2", "2026-01"): 1},  # same date: E2's row is first
        id="on_a_tie_of_dates_the_first_row_in_sheet_order_is_credited"),
    pytest.param(
        [("K1", _d(1, 10), "E1", "C1", 15000)], [("C1", "Acme", "E1", _d(6, 1, 2025))],
        {("E1", "2026-01"): 0},  # first purchase = since 2025-06-01, not in January
        id="customers_since_earlier_than_the_first_sale_is_the_first_purchase"),
    pytest.param(
        [("K1", _d(1, 10), "E1", "C1", 15000)], [("C1", "Acme", "E1", _d(3, 1))],
        {("E1", "2026-01"): 1},  # earlier of since (Mar 1) and the sale (Jan 10) = Jan 10
        id="customers_since_later_than_the_first_sale_does_not_move_the_first_purchase"),
]


@pytest.mark.parametrize(("sale_rows", "customer_rows", "expected"), NEW_CUSTOMER_CASES)
def test_effective_new_customers(sale_rows: list[tuple[Any, ...]],
                                 customer_rows: list[tuple[Any, ...]] | None,
                                 expected: dict[tuple[str, str], int]) -> None:
    """A customer whose first purchase falls in P is credited to the employee of its
    earliest sale and is effective once its sales up to the end of P reach 10,000."""
    month_targets = [(e, f"2026-0{m}", 100000, 1) for e in ("E1", "E2") for m in (1, 2, 3)]
    book = company(Employees=staff(("E1", "Ann", LONG_AGO), ("E2", "Bob", LONG_AGO)),
                   Targets=targets(*month_targets), Sales=sales(*sale_rows))
    if customer_rows is not None:
        book["Customers"] = customers(*customer_rows)
    for (employee, period), count in expected.items():
        row = score_row(book, AFTER_Q1, employee, period)
        assert row["new_customers"] == count, (employee, period)


def test_new_customers_ratio_is_the_count_over_the_target() -> None:
    """One effective new customer against a target of 2: ratio 0.5, score 50."""
    book = company(Targets=targets(("E1", "2026-01", 100000, 2)),
                   Sales=sales(("K1", _d(1, 10), "E1", "C1", 10000),
                               ("K2", _d(1, 11), "E1", "C2", 500)))  # C2 not effective
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    assert row["new_customers"] == 1
    assert row["score_new_customers"] == Decimal(50)  # 100 × 1/2


def test_effective_customer_min_amount_of_the_plan_sets_the_threshold() -> None:
    """With effective_customer_min_amount 5,000 a customer buying 5,000 is effective."""
    book = company(Targets=targets(("E1", "2026-01", 100000, 1)),
                   Sales=sales(("K1", _d(1, 10), "E1", "C1", 5000)),
                   Plan=plan(effective_customer_min_amount=5000))
    assert score_row(book, AFTER_JAN, "E1", "2026-01")["new_customers"] == 1


def test_new_customer_window_months_of_the_plan_sets_the_window() -> None:
    """With a 6-month window, a sale 12 months after the first purchase is existing."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K0", _d(1, 15, 2025), "E1", "C1", 5000),
                               ("K1", _d(1, 10), "E1", "C1", 30000)),
                   Plan=plan(new_customer_window_months=6))
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    # 2025-01-15 + 6 months = 2025-07-15: the January 2026 sale is outside the window
    assert (row["new_customer_sales"], row["existing_customer_sales"]) == (0, 30000)


# -- collection_rate -----------------------------------------------------------------------

COLLECTION_CASES = [
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31)),
         ("K2", _d(1, 5), "E1", "C2", 10000, _d(1, 31))],
        [("K1", _d(1, 20), 6000), ("K1", _d(1, 25), 7000), ("K2", _d(1, 28), 5000)], {},
        ("20000", "15000", "0.75"),  # K1 13,000 capped at 10,000; + K2 5,000 = 15,000 / 20,000
        id="a_payment_above_the_contract_amount_counts_only_up_to_the_amount"),
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31))],
        [("K1", _d(1, 31), 4000), ("K1", _d(2, 1), 6000)], {},
        ("10000", "4000", "0.4"),  # on the due date counts; the day after does not
        id="a_payment_after_the_due_date_does_not_count_as_on_time"),
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31), 10000, _d(1, 10))],
        [("K1", _d(1, 15), 2000)], {},
        ("10000", "2000", "0.2"),  # Sales.collected_amount is ignored: 2,000 / 10,000
        id="the_payments_sheet_is_the_only_source_of_cash_when_present"),
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31), 8000, _d(1, 20)),
         ("K2", _d(1, 5), "E1", "C2", 10000, _d(1, 31), 10000, _d(2, 3))], None, {},
        ("20000", "8000", "0.4"),  # K1 8,000 on time; K2 late: 8,000 / 20,000
        id="without_a_payments_sheet_sales_collected_amount_on_collected_date_counts"),
    pytest.param(
        [("K1", _d(1, 1), "E1", "C1", 10000, None, 10000, _d(1, 31)),
         ("K2", _d(1, 2), "E1", "C2", 10000, None, 10000, _d(1, 31))], None, {},
        ("10000", "10000", "1"),  # K1 due Jan 1 + 30 = Jan 31; K2 due Feb 1 is not January's
        id="a_blank_due_date_defaults_to_the_contract_date_plus_30_days"),
    pytest.param(
        [("K1", _d(1, 15), "E1", "C1", 10000, None, 10000, _d(1, 20))], None,
        {"Plan": plan(payment_terms_days=10)},
        ("10000", "10000", "1"),  # due Jan 15 + 10 = Jan 25: in January, paid Jan 20
        id="payment_terms_days_of_the_plan_sets_the_default_due_date"),
    pytest.param(
        [("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31), 10000, _d(1, 10)),
         ("K2", _d(1, 6), "E1", "C1", -5000, _d(1, 31))], None, {},
        ("10000", "10000", "1"),  # the −5,000 return is not an invoice
        id="a_return_is_not_an_invoice"),
    pytest.param(
        [("K1", _d(12, 10, 2025), "E1", "C1", 10000, _d(1, 15), 5000, _d(1, 10))], None, {},
        ("10000", "5000", "0.5"),  # signed in December, due in January: 5,000 / 10,000
        id="an_invoice_counts_in_the_period_of_its_due_date_not_its_contract_date"),
]


@pytest.mark.parametrize(("sale_rows", "payment_rows", "extra", "expected"), COLLECTION_CASES)
def test_collection_rate(sale_rows: list[tuple[Any, ...]],
                         payment_rows: list[tuple[Any, ...]] | None, extra: dict[str, Rows],
                         expected: tuple[str, str, str]) -> None:
    """collection_due = Σ amount of positive invoices due in P; collected_on_time = cash on
    them dated on or before the due date, capped per contract at its amount."""
    book = company(Targets=targets(("E1", "2026-01", 100000)), Sales=sales(*sale_rows),
                   **extra)
    if payment_rows is not None:
        book["Payments"] = payments(*payment_rows)
    row = score_row(book, MAR, "E1", "2026-01")
    due, on_time, rate = expected
    assert row["collection_due"] == Decimal(due)
    assert row["collected_on_time"] == Decimal(on_time)
    assert row["collection_rate"] == Decimal(rate)


def test_cash_beyond_the_contract_amount_is_reported_as_a_warning() -> None:
    """Cash of 13,000 on a 10,000 contract leaves 3,000 of excess, reported as a warning."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31))),
                   Payments=payments(("K1", _d(1, 20), 6000), ("K1", _d(1, 25), 7000)))
    warnings = [str(p) for p in results(book, MAR).warnings]
    assert any("K1" in w and "3,000.00" in w for w in warnings), warnings


def test_a_refund_makes_room_for_later_cash_and_only_the_rest_is_excess() -> None:
    """K1 (10,000): 6,000, a refund of 2,000, then 7,000: 4,000 received leaves room for
    6,000 of the 7,000, so 10,000 counts and 1,000 is excess. K2 (5,000) is paid in full in
    two rows and counts whole. Due 15,000, collected on time 15,000."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31)),
                               ("K2", _d(1, 6), "E1", "C2", 5000, _d(1, 31))),
                   Payments=payments(("K1", _d(1, 10), 6000), ("K2", _d(1, 11), 2000),
                                     ("K1", _d(1, 12), -2000), ("K1", _d(1, 20), 7000),
                                     ("K2", _d(1, 21), 3000)))
    run = results(book, MAR)
    row = score_row(book, MAR, "E1", "2026-01")
    assert (row["collection_due"], row["collected_on_time"]) == (15000, 15000)
    warnings = [str(p) for p in run.warnings if "excess" in str(p)]
    assert len(warnings) == 1 and "K1" in warnings[0] and "1,000.00" in warnings[0], warnings


def test_amounts_with_a_fraction_of_a_cent_are_summed_exactly() -> None:
    """0.005 + 1,999.995 is 2,000 exactly, in the month and in its quarter (the cent-based
    bulk sum cannot hold them, so they are added as Decimals)."""
    book = company(Targets=targets(("E1", "2026-01", 100000), ("E1", "2026-02", 100000),
                                   ("E1", "2026-03", 100000)),
                   Sales=sales(("K1", _d(1, 5), "E1", "C1", "0.005"),
                               ("K2", _d(1, 6), "E1", "C2", "1999.995")))
    assert score_row(book, AFTER_Q1, "E1", "2026-01")["sales"] == Decimal("2000")
    assert score_row(book, AFTER_Q1, "E1", "2026-Q1")["sales"] == Decimal("2000")


def test_collection_rate_is_divided_by_the_collection_target() -> None:
    """rate 0.4 with collection_target 0.8: ratio 0.5, score 50; the value column keeps the
    rate 0.4."""
    book = company(
        Targets=targets(("E1", "2026-01", 100000, None, None, 0.8)),
        Sales=sales(("K1", _d(1, 5), "E1", "C1", 10000, _d(1, 31), 4000, _d(1, 20))))
    row = score_row(book, MAR, "E1", "2026-01")
    assert row["collection_rate"] == Decimal("0.4")       # 4,000 / 10,000
    assert row["score_collection_rate"] == Decimal(50)    # 100 × 0.4 / 0.8


def test_no_invoice_due_makes_collection_rate_missing() -> None:
    """A contract of January 15 is due February 14 by default, so January has nothing due."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", _d(1, 15), "E1", "C1", 10000, None, 10000, _d(1, 20))))
    row = score_row(book, MAR, "E1", "2026-01")
    assert row["collection_due"] == 0
    assert blank(row["collection_rate"]) and blank(row["score_collection_rate"])
    assert "collection_rate" in row["missing_indicators"].split(";")


# -- lead_conversion -----------------------------------------------------------------------

LEAD_ROWS = [
    ("L1", "E1", _d(1, 3), "web", _d(1, 10)),   # converted in January
    ("L2", "E1", _d(1, 5), "web", _d(2, 15)),   # converted after January, before the as-of
    ("L3", "E1", _d(1, 7), "web", _d(3, 1)),    # converted on 2026-03-01
    ("L4", "E1", _d(1, 9), "web", None),
    ("L5", "E1", _d(1, 31), "web", None),
    ("L6", "E1", _d(2, 2), "web", _d(2, 3)),    # created in February: not January's
]

LEAD_CASES = [
    pytest.param(date(2026, 3, 1), 2, "0.4", "80",  # L1, L2: 2/5 = 0.4; 0.4/0.5 = 0.8
                 id="a_conversion_dated_on_the_as_of_date_is_ignored"),
    pytest.param(date(2026, 3, 2), 3, "0.6", "120",  # L1-L3: 3/5 = 0.6; 0.6/0.5 = 1.2
                 id="a_conversion_dated_before_the_as_of_date_counts_even_after_the_period"),
]


@pytest.mark.parametrize(("as_of", "converted", "rate", "score"), LEAD_CASES)
def test_lead_conversion(as_of: date, converted: int, rate: str, score: str) -> None:
    """Leads created in P; converted = those with converted_date before the as-of date;
    ratio = rate / lead_conversion_target (0.5 here)."""
    book = company(Targets=targets(("E1", "2026-01", 100000, None, 0.5)),
                   Leads=leads(*LEAD_ROWS))
    row = score_row(book, as_of, "E1", "2026-01")
    assert row["leads"] == 5
    assert row["leads_converted"] == converted
    assert row["lead_conversion"] == Decimal(rate)
    assert row["score_lead_conversion"] == Decimal(score)


def test_no_lead_makes_lead_conversion_missing() -> None:
    """An employee with no lead created in the period has lead_conversion missing."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Leads=leads(("L1", "E1", _d(2, 3), "web", _d(2, 4))))
    row = score_row(book, MAR, "E1", "2026-01")
    assert row["leads"] == 0
    assert blank(row["score_lead_conversion"])
    assert "lead_conversion" in row["missing_indicators"].split(";")


# -- Reviews: satisfaction, compliance, learning --------------------------------------------

REVIEW_ROWS = [
    ("E1", "2026-01", 70, 0, 60),
    ("E1", "2026-Q1", 90, 5, 80),
    ("E1", "2026-Q2", 80, None, None),
    ("E1", "2026-Q3", None, 20, 60),
]
YEAR_TARGETS = targets(("E1", "2026-01", 100000), ("E1", "2026-02", 100000),
                       ("E1", "2026-03", 100000), ("E1", "2026", 1200000))

REVIEW_CASES = [
    pytest.param("2026-01", "70", "100", "60",  # its own row; deductions 0 → 100
                 id="a_month_with_its_own_review_row_uses_it"),
    pytest.param("2026-02", "90", "95", "80",  # Q1 row: 100 − 5 = 95
                 id="a_month_without_a_review_row_falls_back_to_its_quarters_row"),
    pytest.param("2026-Q1", "90", "95", "80",
                 id="a_quarter_uses_its_own_review_row"),
    pytest.param("2026", "85", "91.666667", "70",
                 # satisfaction (90 + 80)/2 = 85 (Q3 blank ignored);
                 # compliance (95 + 100 + 80)/3 = 91.67 (Q2 blank deductions = 100);
                 # learning (80 + 60)/2 = 70 (Q2 blank ignored); the January row is not a
                 # quarter's and is left out
                 id="a_year_without_a_review_row_takes_the_mean_of_its_quarters_blanks_ignored"),
]


@pytest.mark.parametrize(("period", "satisfaction", "compliance", "learning"), REVIEW_CASES)
def test_review_values(period: str, satisfaction: str, compliance: str, learning: str) -> None:
    """Review values come from the exact period's row, else the quarter's (months) or the
    mean of the quarters' rows (years); compliance = 100 − deductions."""
    book = company(Targets=YEAR_TARGETS, Reviews=reviews(*REVIEW_ROWS))
    row = score_row(book, AFTER_2026, "E1", period)
    assert near(row["satisfaction"], satisfaction)
    assert near(row["compliance"], compliance)
    assert near(row["learning"], learning)


def test_a_year_review_row_wins_over_its_quarters() -> None:
    """A Reviews row for exactly the year is used as is, not the mean of the quarters."""
    book = company(Targets=YEAR_TARGETS,
                   Reviews=reviews(*REVIEW_ROWS, ("E1", "2026", 50, 30, 40)))
    row = score_row(book, AFTER_2026, "E1", "2026")
    assert (row["satisfaction"], row["compliance"], row["learning"]) == (50, 70, 40)


def test_a_quarter_without_a_review_row_has_its_review_indicators_missing() -> None:
    """A quarter has no fallback: with only a January row, Q1's satisfaction, compliance
    and learning are missing."""
    book = company(Targets=YEAR_TARGETS, Reviews=reviews(("E1", "2026-01", 70, 0, 60)))
    row = score_row(book, AFTER_2026, "E1", "2026-Q1")
    missing = row["missing_indicators"].split(";")
    assert {"satisfaction", "compliance", "learning"} <= set(missing)
    assert blank(row["score_satisfaction"]) and blank(row["score_compliance"])


QUALITATIVE_CASES = [
    pytest.param(90, 15, 80, ("90", "85", "80"),  # 100 − 15 = 85
                 id="compliance_is_100_minus_the_deductions"),
    pytest.param(90, None, 80, ("90", "100", "80"),  # blank deductions = 100
                 id="a_review_row_with_blank_deductions_has_compliance_100"),
    pytest.param(130, 120, -5, ("100", "0", "0"),  # clamped: 130 → 100, 100 − 120 = −20 → 0
                 id="qualitative_scores_are_clamped_to_0_to_100"),
]


@pytest.mark.parametrize(("satisfaction", "deductions", "learning", "expected"),
                         QUALITATIVE_CASES)
def test_qualitative_scores(satisfaction: int, deductions: int | None, learning: int,
                            expected: tuple[str, str, str]) -> None:
    """A qualitative indicator's score is its value clamped to 0..100."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Reviews=reviews(("E1", "2026-01", satisfaction, deductions, learning)))
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    scores = (row["score_satisfaction"], row["score_compliance"], row["score_learning"])
    assert scores == tuple(Decimal(x) for x in expected)


# -- teamwork ------------------------------------------------------------------------------

TEAM = staff(("E1", "Ann", LONG_AGO), ("E2", "Bob", LONG_AGO), ("E3", "Cai", LONG_AGO),
             ("E4", "Dan", LONG_AGO), ("E5", "Eve", LONG_AGO))
PEER_ROWS = [
    ("2026-Q1", "E2", "E1", 80), ("2026-Q1", "E3", "E1", 90), ("2026-Q1", "E4", "E1", 100),
    ("2026-Q1", "E1", "E1", 10),                      # a self-rating: excluded
    ("2026-02", "E2", "E1", 60), ("2026-02", "E3", "E1", 70), ("2026-02", "E4", "E1", 80),
    ("2026", "E5", "E1", 70),
]

TEAMWORK_CASES = [
    pytest.param("2026-Q1", "90", id="teamwork_is_the_mean_received_with_self_ratings_excluded"),
    # (80 + 90 + 100) / 3 = 90; with the self-rating it would be 70
    pytest.param("2026-01", "90", id="a_month_without_ratings_takes_its_quarters_ratings"),
    pytest.param("2026-02", "70", id="a_month_with_its_own_ratings_uses_them"),
    # (60 + 70 + 80) / 3 = 70
    pytest.param("2026", "85", id="a_year_uses_the_ratings_of_the_year_and_of_its_quarters"),
    # year 70 + Q1 80, 90, 100 = 340 / 4 = 85; the February ratings are a month's, left out
]


@pytest.mark.parametrize(("period", "expected"), TEAMWORK_CASES)
def test_teamwork(period: str, expected: str) -> None:
    """Teamwork = mean PeerReviews.score received, self-ratings excluded, with the month
    and year fallbacks of SPEC section 5."""
    book = company(Employees=TEAM, Targets=YEAR_TARGETS, PeerReviews=peer_reviews(*PEER_ROWS))
    row = score_row(book, AFTER_2026, "E1", period)
    assert near(row["teamwork"], expected)
    assert near(row["score_teamwork"], expected)


def test_too_few_ratings_make_teamwork_missing_and_listed() -> None:
    """Two ratings by others (the self-rating does not count) are fewer than 3: teamwork is
    missing and named in missing_indicators."""
    book = company(Employees=TEAM, Targets=YEAR_TARGETS, PeerReviews=peer_reviews(
        ("2026-Q1", "E2", "E1", 80), ("2026-Q1", "E3", "E1", 90), ("2026-Q1", "E1", "E1", 100)))
    row = score_row(book, AFTER_2026, "E1", "2026-Q1")
    assert blank(row["teamwork"]) and blank(row["score_teamwork"])
    assert "teamwork" in row["missing_indicators"].split(";")


def test_min_peer_reviews_of_the_plan_sets_the_minimum() -> None:
    """With min_peer_reviews 2, two ratings are enough: (80 + 90) / 2 = 85."""
    book = company(Employees=TEAM, Targets=YEAR_TARGETS, Plan=plan(min_peer_reviews=2),
                   PeerReviews=peer_reviews(("2026-Q1", "E2", "E1", 80),
                                            ("2026-Q1", "E3", "E1", 90)))
    row = score_row(book, AFTER_2026, "E1", "2026-Q1")
    assert near(row["teamwork"], "85")


# -- Total and grade -----------------------------------------------------------------------

def _mixed_january(policy: str) -> dict[str, Rows]:
    """sales 90,000/100,000 → 90; 1 new customer / 2 → 50; satisfaction 80; deductions 10 →
    compliance 90; learning 70; collection (due in February), leads and teamwork missing."""
    return company(Targets=targets(("E1", "2026-01", 100000, 2)),
                   Sales=sales(("K1", _d(1, 10), "E1", "C1", 90000)),
                   Reviews=reviews(("E1", "2026-01", 80, 10, 70)),
                   Plan=plan(missing_policy=policy))


MISSING_POLICY_CASES = [
    # month weights: sales 20, new 10, sat 15, comp 10, learning 5 (collection 10, leads 20,
    # teamwork 10 missing); Σ w·s = 20·90 + 10·50 + 15·80 + 10·90 + 5·70 = 4,750
    pytest.param("renormalize", "79.17", "C",  # 4,750 / 60 = 79.1666… → 79.17
                 id="renormalize_drops_the_weight_of_missing_indicators"),
    pytest.param("zero", "47.50", "D",  # 4,750 / 100 = 47.50
                 id="zero_scores_missing_indicators_0_with_their_full_weight"),
]


@pytest.mark.parametrize(("policy", "total", "grade"), MISSING_POLICY_CASES)
def test_missing_policy(policy: str, total: str, grade: str) -> None:
    """Same inputs, both missing policies: the total is the weighted mean over the present
    indicators (renormalize) or over all eight with missing ones scored 0 (zero)."""
    row = score_row(_mixed_january(policy), AFTER_JAN, "E1", "2026-01")
    assert row["missing_indicators"] == "collection_rate;lead_conversion;teamwork"
    assert row["total_score"] == Decimal(total)
    assert row["grade_computed"] == grade


BAND_CASES = [
    pytest.param(95000, "95.00", "A", id="a_total_of_exactly_95_00_is_a"),
    pytest.param(94990, "94.99", "B", id="a_total_of_94_99_is_b"),
    pytest.param(104995, "105.00", "S", id="a_total_of_104_995_rounds_half_up_to_105_00_and_is_s"),
    pytest.param(104994, "104.99", "A", id="a_total_of_104_994_rounds_down_to_104_99_and_is_a"),
    pytest.param(85000, "85.00", "B", id="a_total_of_exactly_85_00_is_b"),
    pytest.param(84990, "84.99", "C", id="a_total_of_84_99_is_c"),
    pytest.param(70000, "70.00", "C", id="a_total_of_exactly_70_00_is_c"),
    pytest.param(69990, "69.99", "D", id="a_total_of_69_99_is_d"),
    pytest.param(150000, "120.00", "S", id="a_score_above_the_cap_totals_at_most_120"),
]


@pytest.mark.parametrize(("amount", "total", "grade"), BAND_CASES)
def test_grade_bands_on_the_rounded_total(amount: int, total: str, grade: str) -> None:
    """With sales_attainment the only present indicator the total is its score
    (amount / 100,000 × 100); it is rounded half-up to 2 decimals, then banded
    S ≥ 105 > A ≥ 95 > B ≥ 85 > C ≥ 70 > D."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", _d(1, 10), "E1", "C1", amount)))
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    assert row["total_score"] == Decimal(total)
    assert row["grade_computed"] == grade


ALL_EIGHT = {
    "sales_attainment": Decimal("1.1"), "new_customers": Decimal("0.5"),
    "collection_rate": Decimal("0.8"), "lead_conversion": Decimal("1.0"),
    "satisfaction": Decimal(90), "compliance": Decimal(100), "teamwork": Decimal(80),
    "learning": Decimal(60),
}  # scores 110, 50, 80, 100, 90, 100, 80, 60

CYCLE_CASES = [
    # 20·110 + 10·50 + 10·80 + 20·100 + 15·90 + 10·100 + 10·80 + 5·60 = 8,950 / 100
    pytest.param("month", "89.50", "B", id="a_month_uses_the_month_weights"),
    # 30·110 + 10·50 + 10·80 + 10·100 + 15·90 + 10·100 + 10·80 + 5·60 = 9,050 / 100
    pytest.param("quarter", "90.50", "B", id="a_quarter_uses_the_quarter_weights"),
    pytest.param("year", "90.50", "B", id="a_year_uses_the_year_weights"),
]


@pytest.mark.parametrize(("cycle", "total", "grade"), CYCLE_CASES)
def test_the_total_uses_the_periods_cycle_column(cycle: Cycle, total: str,
                                                 grade: str) -> None:
    """total = Σ weight × score / Σ weight with the weights of the period's cycle."""
    result = grade_indicators(ALL_EIGHT, Plan(), cycle)
    assert result.missing == ()
    assert result.total == Decimal(total)
    assert result.grade_computed == grade


def test_indicator_scores_are_not_rounded_before_the_total() -> None:
    """sales 94.9949 (weight 20) and compliance 95.0049 (weight 10) in a month:
    (20 × 94.9949 + 10 × 95.0049) / 30 = 2,849.947 / 30 = 94.99823 → 95.00, an A;
    rounding the scores first would give (20 × 94.99 + 10 × 95.00) / 30 = 94.99, a B."""
    result = grade_indicators({"sales_attainment": Decimal("0.949949"),
                               "compliance": Decimal("95.0049")}, Plan(), "month")
    assert near(result.total_exact, "94.998233")
    assert result.total == Decimal("95.00")
    assert result.grade_computed == "A"


def test_with_zero_policy_and_nothing_measured_the_total_is_0() -> None:
    """Every indicator missing under ``zero``: 0 / 100 = 0, a D."""
    result = grade_indicators({}, replace(Plan(), missing_policy="zero"), "quarter")
    assert result.total == Decimal("0.00")
    assert result.grade_computed == "D"
    assert len(result.missing) == 8


def test_every_indicator_present_uses_the_month_weights() -> None:
    """A January with all eight indicators, every weight of the month column used."""
    book = company(
        Employees=TEAM,
        Targets=targets(("E1", "2026-01", 100000, 1, 0.5, 1)),
        Sales=sales(("K1", _d(1, 2), "E1", "C1", 110000, _d(1, 31), 88000, _d(1, 30))),
        Leads=leads(("L1", "E1", _d(1, 3), "web", _d(1, 4)), ("L2", "E1", _d(1, 5), "web")),
        Reviews=reviews(("E1", "2026-01", 90, 0, 60)),
        PeerReviews=peer_reviews(("2026-01", "E2", "E1", 70), ("2026-01", "E3", "E1", 80),
                                 ("2026-01", "E4", "E1", 90)))
    row = score_row(book, AFTER_JAN, "E1", "2026-01")
    # sales 1.1 → 110; new 1/1 → 100; collection 88,000/110,000 = 0.8 → 80;
    # leads 1/2 = 0.5 / 0.5 → 100; satisfaction 90; compliance 100; teamwork 80; learning 60
    assert row["missing_indicators"] == ""
    # 20·110 + 10·100 + 10·80 + 20·100 + 15·90 + 10·100 + 10·80 + 5·60
    # = 2,200 + 1,000 + 800 + 2,000 + 1,350 + 1,000 + 800 + 300 = 9,450 / 100 = 94.50
    assert row["total_score"] == Decimal("94.50")
    assert row["grade_computed"] == "B"


# -- Appeals -------------------------------------------------------------------------------

# minimal_sheets: January scores sales 100, new customers 100, satisfaction 90,
# compliance 100, learning 80 → (2,000 + 1,000 + 1,350 + 1,000 + 400) / 60 = 95.83 → A
APPEAL_CASES = [
    pytest.param("upheld", "S", ("A", "S", "upheld"),
                 id="an_upheld_appeal_replaces_the_grade_and_keeps_the_computed_one"),
    pytest.param("维持", "B", ("A", "B", "upheld"),
                 id="an_upheld_appeal_in_chinese_replaces_the_grade"),
    pytest.param("rejected", "S", ("A", "A", "rejected"),
                 id="a_rejected_appeal_leaves_the_grade_and_records_the_decision"),
    pytest.param("pending", "S", ("A", "A", "pending"),
                 id="a_pending_appeal_leaves_the_grade_and_records_the_decision"),
    pytest.param("upheld", None, ("A", "A", "upheld"),
                 id="an_upheld_appeal_without_a_revised_grade_leaves_the_grade"),
]


@pytest.mark.parametrize(("decision", "revised", "expected"), APPEAL_CASES)
def test_appeals(decision: str, revised: str | None, expected: tuple[str, str, str]) -> None:
    """Only an upheld appeal with a revised_grade replaces the grade; grade_computed is kept
    and the appeal column holds the decision."""
    book = minimal_sheets(Appeals=appeals(
        ("E1", "2026-01", _d(2, 10), "disagree", decision, revised, _d(2, 20))))
    row = score_row(book, MAR, "E1", "2026-01")
    assert row["total_score"] == Decimal("95.83")
    assert (row["grade_computed"], row["grade"], row["appeal"]) == expected


def test_no_appeal_leaves_the_appeal_column_blank() -> None:
    """Without an Appeals row the grade is the computed one and ``appeal`` is blank."""
    row = score_row(minimal_sheets(), MAR, "E1", "2026-01")
    assert row["grade"] == row["grade_computed"] == "A"
    assert blank(row["appeal"])


def test_an_appeal_submitted_on_the_as_of_date_is_ignored() -> None:
    """An appeal dated on the as-of date is a future fact: grade and appeal unchanged."""
    book = minimal_sheets(Appeals=appeals(
        ("E1", "2026-01", MAR, "disagree", "upheld", "S", MAR)))
    row = score_row(book, MAR, "E1", "2026-01")
    assert row["grade"] == "A"
    assert blank(row["appeal"])
