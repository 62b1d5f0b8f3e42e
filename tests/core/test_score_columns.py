"""SPEC section 10, the ``scores`` table: its columns, raw values beside capped scores,
blank cells for missing indicators, period text and 2-decimal totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.core.helpers import (
    LONG_AGO,
    blank,
    company,
    results,
    reviews,
    sales,
    score_row,
    staff,
    targets,
)
from toolkit.core.pipeline import SCORE_COLUMNS
from toolkit.core.plan import INDICATORS

SPEC_COLUMNS = [
    "employee_id", "name", "department", "period", "cycle", "sales", "sales_target",
    "sales_attainment", "new_customer_sales", "existing_customer_sales", "new_customers",
    "new_customer_target", "collection_due", "collected_on_time", "collection_rate", "leads",
    "leads_converted", "lead_conversion", "satisfaction", "compliance", "teamwork", "learning",
    *(f"score_{i}" for i in INDICATORS), "missing_indicators", "total_score",
    "grade_computed", "grade", "appeal",
]


def test_the_scores_table_has_every_column_the_spec_names() -> None:
    """Every column of the SPEC's scores export is present, in the SPEC's order."""
    assert [c for c in SCORE_COLUMNS if c in SPEC_COLUMNS] == SPEC_COLUMNS


def test_one_row_per_employee_and_graded_period_with_period_text() -> None:
    """Months, quarters and years appear once per graded employee as ``2026-01``,
    ``2026-Q1`` and ``2026`` with their cycle."""
    book = company(Employees=staff(("E1", "Ann", LONG_AGO), ("E2", "Bob", LONG_AGO)),
                   Targets=targets(*[(e, p, 1000) for e in ("E1", "E2")
                                     for p in ("2026-01", "2026-02", "2026-03", "2026-Q2",
                                               "2026-Q3", "2026-Q4")]))
    frame = results(book, date(2027, 1, 1)).scores
    keys = list(zip(frame["employee_id"], frame["period"], frame["cycle"], strict=True))
    assert len(keys) == len(set(keys)) == 2 * 8  # 3 months + 4 quarters + 1 year each
    assert {(p, c) for _, p, c in keys} == {
        ("2026-01", "month"), ("2026-02", "month"), ("2026-03", "month"),
        ("2026-Q1", "quarter"), ("2026-Q2", "quarter"), ("2026-Q3", "quarter"),
        ("2026-Q4", "quarter"), ("2026", "year")}


def test_value_columns_hold_raw_values_and_score_columns_the_capped_scores() -> None:
    """sales_attainment is the uncapped ratio 1.5 while its score is capped at 120;
    collection_rate is the rate, not the rate over its target."""
    book = company(
        Targets=targets(("E1", "2026-01", 100000, None, None, 0.5)),
        Sales=sales(("K1", date(2026, 1, 2), "E1", "C1", 150000, date(2026, 1, 31),
                     30000, date(2026, 1, 20))))
    row = score_row(book, date(2026, 2, 1), "E1", "2026-01")
    assert row["sales_attainment"] == Decimal("1.5")            # 150,000 / 100,000
    assert row["score_sales_attainment"] == Decimal(120)
    assert row["collection_rate"] == Decimal("0.2")             # 30,000 / 150,000
    assert row["score_collection_rate"] == Decimal(40)          # 100 × 0.2 / 0.5


MISSING_CASES = [
    pytest.param("collection_rate", id="no_invoice_due_leaves_collection_rate_blank"),
    pytest.param("lead_conversion", id="no_lead_leaves_lead_conversion_blank"),
    pytest.param("teamwork", id="too_few_peer_ratings_leave_teamwork_blank"),
    pytest.param("satisfaction", id="no_review_row_leaves_satisfaction_blank"),
    pytest.param("new_customers", id="no_new_customer_target_leaves_new_customers_blank"),
]


@pytest.mark.parametrize("indicator", MISSING_CASES)
def test_a_missing_indicator_has_blank_value_and_score_cells(indicator: str) -> None:
    """January: a new customer C1 won but no new_customer_target, no invoice due in the
    month, no lead, no peer rating, no review row."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", date(2026, 1, 20), "E1", "C1", 50000)))
    row = score_row(book, date(2026, 2, 1), "E1", "2026-01")
    assert indicator in row["missing_indicators"].split(";")
    assert blank(row[f"score_{indicator}"])
    assert blank(row[indicator]), f"{indicator} = {row[indicator]!r}"


def test_missing_indicators_are_joined_with_semicolons_in_indicator_order() -> None:
    """Only sales and the review values present: the other four, in SPEC order."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", date(2026, 1, 20), "E1", "C1", 50000)),
                   Reviews=reviews(("E1", "2026-01", 90, 0, 80)))
    row = score_row(book, date(2026, 2, 1), "E1", "2026-01")
    assert row["missing_indicators"] == (
        "new_customers;collection_rate;lead_conversion;teamwork")


def test_total_score_has_exactly_two_decimals() -> None:
    """A total of exactly 95 is held as 95.00."""
    book = company(Targets=targets(("E1", "2026-01", 100000)),
                   Sales=sales(("K1", date(2026, 1, 20), "E1", "C1", 95000)))
    total = score_row(book, date(2026, 2, 1), "E1", "2026-01")["total_score"]
    assert total == Decimal("95.00")
    assert total.as_tuple().exponent == -2
