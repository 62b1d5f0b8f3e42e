"""Payroll reconciliation (SPEC section 6, "Reconciliation"), computed by hand.

The ledger and Payroll below give one row of every status:

    employee period  kind           computed    paid       difference  status
    E1       2026-01 commission       480.00     480.00        0.00    match
    E1       2026-01 monthly_bonus  2,000.00   1,800.00     -200.00    underpaid
    E1       2026-02 commission       300.00  (no row)      -300.00    not_paid
    E1       2026    annual_bonus  34,000.00  34,000.00        0.00    match
    E2       2026-01 commission       100.00     150.00       50.00    overpaid
    E2       2026-01 monthly_bonus      0.00   (blank)                 (both 0: no row)
    E2       2026-02 commission        50.00   (blank)       -50.00    underpaid
    E3       2026-01 monthly_bonus  (no line)    500.00      500.00    unexpected
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.payout_books import company
from toolkit.core.pipeline import run
from toolkit.core.reconcile import payroll_as_of, reconciliation_table, reconciliation_totals

D = Decimal


def ledger(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Ledger lines (employee, period, kind, amount); the other columns do not matter here."""
    return pd.DataFrame({
        "employee_id": [r[0] for r in rows], "period": [r[1] for r in rows],
        "kind": [r[2] for r in rows], "basis": D("0.00"), "rate_or_coefficient": D(0),
        "amount": [D(r[3]) for r in rows], "explain": ""})


def payroll(*rows: tuple[str, str, object, object, object]) -> pd.DataFrame:
    """Payroll rows (employee, period, commission_paid, bonus_paid, annual_bonus_paid)."""
    return pd.DataFrame(
        [[e, p, *(None if v is None else D(str(v)) for v in paid)] for e, p, *paid in rows],
        columns=["employee_id", "period", "commission_paid", "bonus_paid",
                 "annual_bonus_paid"])


EMPLOYEES = pd.DataFrame({"employee_id": ["E1", "E2", "E3"],
                          "department": ["East", "West", None]})
LEDGER = ledger(("E1", "2026-01", "commission", "480.00"),
                ("E1", "2026-01", "monthly_bonus", "2000.00"),
                ("E1", "2026-02", "commission", "300.00"),
                ("E1", "2026", "annual_bonus", "34000.00"),
                ("E2", "2026-01", "commission", "100.00"),
                ("E2", "2026-01", "monthly_bonus", "0.00"),
                ("E2", "2026-02", "commission", "50.00"))
PAYROLL = payroll(("E1", "2026-01", 480, 1800, None),
                  ("E1", "2026", None, None, 34000),
                  ("E2", "2026-01", 150, None, None),
                  ("E2", "2026-02", None, 0, None),
                  ("E3", "2026-01", None, 500, None))


@pytest.fixture(scope="module")
def recon() -> pd.DataFrame:
    return reconciliation_table(LEDGER, PAYROLL, EMPLOYEES)


@pytest.mark.parametrize(("key", "expected"), [
    pytest.param(("E1", "2026-01", "commission"), ("480.00", "480.00", "0.00", "match"),
                 id="paid_equal_to_computed_is_a_match"),
    pytest.param(("E1", "2026-01", "monthly_bonus"),
                 ("2000.00", "1800.00", "-200.00", "underpaid"),
                 id="paid_below_computed_is_underpaid"),        # 1,800 − 2,000
    pytest.param(("E1", "2026-02", "commission"), ("300.00", "0.00", "-300.00", "not_paid"),
                 id="computed_without_a_payroll_row_is_not_paid"),
    pytest.param(("E1", "2026", "annual_bonus"),
                 ("34000.00", "34000.00", "0.00", "match"),
                 id="a_year_row_carries_the_annual_bonus"),
    pytest.param(("E2", "2026-01", "commission"), ("100.00", "150.00", "50.00", "overpaid"),
                 id="paid_above_computed_is_overpaid"),          # 150 − 100
    pytest.param(("E2", "2026-02", "commission"), ("50.00", "0.00", "-50.00", "underpaid"),
                 id="a_blank_paid_cell_on_an_existing_row_is_0_and_underpaid"),
    pytest.param(("E3", "2026-01", "monthly_bonus"),
                 ("0.00", "500.00", "500.00", "unexpected"),
                 id="paid_without_a_ledger_line_is_unexpected"),
])
def test_each_reconciliation_status(recon: pd.DataFrame, key: tuple[str, str, str],
                                    expected: tuple[str, str, str, str]) -> None:
    """computed, paid, difference = paid − computed, and the status of one row."""
    employee, period, kind = key
    row = recon[(recon["employee_id"] == employee) & (recon["period"] == period)
                & (recon["kind"] == kind)]
    assert len(row) == 1
    found = row.iloc[0]
    assert (found["computed"], found["paid"], found["difference"], found["status"]) == (
        D(expected[0]), D(expected[1]), D(expected[2]), expected[3])


def test_rows_where_computed_and_paid_are_both_zero_are_left_out(recon: pd.DataFrame) -> None:
    """E2's January monthly bonus is 0.00 in the ledger and blank in Payroll: no row; the
    other 7 rows are listed in employee, period and kind order with their department."""
    assert recon[["employee_id", "period", "kind"]].values.tolist() == [
        ["E1", "2026-01", "commission"], ["E1", "2026-01", "monthly_bonus"],
        ["E1", "2026-02", "commission"], ["E1", "2026", "annual_bonus"],
        ["E2", "2026-01", "commission"], ["E2", "2026-02", "commission"],
        ["E3", "2026-01", "monthly_bonus"]]
    departments = recon["department"].tolist()
    assert departments[:6] == ["East"] * 4 + ["West"] * 2
    assert pd.isna(departments[6])  # E3 has no department


def test_a_zero_ledger_line_paid_anyway_is_overpaid_not_unexpected() -> None:
    """A grade-D month: computed 0.00, payroll paid 100 → difference +100.00, overpaid."""
    found = reconciliation_table(ledger(("E1", "2026-03", "monthly_bonus", "0.00")),
                                 payroll(("E1", "2026-03", None, 100, None)), EMPLOYEES)
    assert found[["computed", "paid", "difference", "status"]].values.tolist() == [
        [D("0.00"), D("100.00"), D("100.00"), "overpaid"]]


def test_a_payroll_month_row_does_not_pay_an_annual_bonus() -> None:
    """annual_bonus_paid belongs on a year row: on a month row it is no payout of any kind."""
    found = reconciliation_table(ledger(("E1", "2026-01", "commission", "10.00")),
                                 payroll(("E1", "2026-01", 10, None, 999)), EMPLOYEES)
    assert found[["kind", "status"]].values.tolist() == [["commission", "match"]]


def test_totals_per_kind_per_department_and_overall(recon: pd.DataFrame) -> None:
    """commission: computed 480 + 300 + 100 + 50 = 930, paid 480 + 150 = 630, -300;
    monthly_bonus: 2,000 / 1,800 + 500 = 2,300 / +300; annual_bonus: 34,000 / 34,000 / 0.
    East (E1): 36,780 / 36,280 / -500; West (E2): 150 / 150 / 0; (none) (E3): 0 / 500 / 500.
    All: 36,930 / 36,930 / 0.00 over 7 rows."""
    totals = reconciliation_totals(recon)
    columns = ["by", "group", "computed", "paid", "difference", "rows", "match", "underpaid",
               "overpaid", "not_paid", "unexpected"]
    assert totals[columns].values.tolist() == [
        ["kind", "commission", D("930.00"), D("630.00"), D("-300.00"), 4, 1, 1, 1, 1, 0],
        ["kind", "monthly_bonus", D("2000.00"), D("2300.00"), D("300.00"), 2, 0, 1, 0, 0, 1],
        ["kind", "annual_bonus", D("34000.00"), D("34000.00"), D("0.00"), 1, 1, 0, 0, 0, 0],
        ["department", "(none)", D("0.00"), D("500.00"), D("500.00"), 1, 0, 0, 0, 0, 1],
        ["department", "East", D("36780.00"), D("36280.00"), D("-500.00"), 4, 2, 1, 0, 1, 0],
        ["department", "West", D("150.00"), D("150.00"), D("0.00"), 2, 0, 1, 1, 0, 0],
        ["all", "", D("36930.00"), D("36930.00"), D("0.00"), 7, 2, 2, 1, 1, 1],
    ]


def test_payroll_rows_of_periods_not_ended_before_the_as_of_date_are_ignored() -> None:
    """As of 1 May 2026, April has ended; May and the year 2026 have not."""
    rows = payroll(("E1", "2026-04", 1, 1, None), ("E1", "2026-05", 1, 1, None),
                   ("E1", "2026", None, None, 1))
    assert payroll_as_of(rows, date(2026, 5, 1))["period"].tolist() == ["2026-04"]


def test_a_run_reconciles_the_payroll_sheet() -> None:
    """January graded A: monthly bonus 2,000.00 paid 2,000 → match; commission 0.00 paid
    blank → no row; February has not ended on 1 February, so its row is ignored."""
    book = company(grades={("E1", "2026-01"): "A"},
                   payroll=[["E1", "2026-01", None, 2000, None],
                            ["E1", "2026-02", 100, 100, None]])
    recon = run(book, date(2026, 2, 1)).reconciliation
    assert recon is not None
    assert recon[["period", "kind", "computed", "paid", "status"]].values.tolist() == [
        ["2026-01", "monthly_bonus", D("2000.00"), D("2000.00"), "match"]]


def test_computed_sums_a_keys_lines_from_zero_in_line_order() -> None:
    """Computed is 0 + each ledger line of the key in order, exponent included: 1E+1 alone
    reads 10; 1E+1 then -0.00 reads 10.00; a key in the ledger twice is one row."""
    found = reconciliation_table(
        ledger(("E1", "2026-01", "commission", "1E+1"),
               ("E2", "2026-01", "commission", "1E+1"),
               ("E1", "2026-01", "monthly_bonus", "5.00"),
               ("E2", "2026-01", "commission", "-0.00")),
        payroll(("E1", "2026-01", 10, 5, None), ("E2", "2026-01", "10.5", None, None)),
        EMPLOYEES)
    assert [[str(v) for v in row] for row in found[
        ["employee_id", "kind", "computed", "paid", "difference", "status"]].values] == [
        ["E1", "commission", "10", "10.00", "0.00", "match"],
        ["E1", "monthly_bonus", "5.00", "5.00", "0.00", "match"],
        ["E2", "commission", "10.00", "10.50", "0.50", "overpaid"]]


def test_no_ledger_and_no_payroll_give_an_empty_table() -> None:
    """Nothing computed and nothing paid: no rows, the columns still there."""
    found = reconciliation_table(ledger(), payroll(), EMPLOYEES)
    assert found.empty
    assert list(found.columns) == ["employee_id", "department", "period", "kind", "computed",
                                   "paid", "difference", "status"]


RECON_ROWS = st.lists(st.tuples(
    st.sampled_from(["commission", "monthly_bonus", "annual_bonus", "other"]),
    st.sampled_from(["East", "West", None]),
    st.sampled_from(["match", "underpaid", "overpaid", "not_paid", "unexpected"]),
    st.decimals(-10**9, 10**9, places=2), st.decimals(-10**9, 10**9, places=2)), max_size=40)


@given(RECON_ROWS)
def test_totals_are_the_sums_and_counts_of_each_groups_rows(
        rows: list[tuple[str, str | None, str, Decimal, Decimal]]) -> None:
    """Each totals row against its rows picked one by one: a kind's row has that kind's
    rows, a department's that department's (blank: ``(none)``), "all" every row, whatever
    the kind; the sums of computed, paid and difference are exact."""
    recon = pd.DataFrame({
        "employee_id": "E1", "department": [r[1] for r in rows], "period": "2026-01",
        "kind": [r[0] for r in rows], "computed": [r[3] for r in rows],
        "paid": [r[4] for r in rows], "difference": [r[4] - r[3] for r in rows],
        "status": [r[2] for r in rows]})
    expected = [("kind", kind, [r for r in rows if r[0] == kind])
                for kind in ("commission", "monthly_bonus", "annual_bonus")]
    departments = sorted({r[1] or "(none)" for r in rows})
    expected += [("department", d, [r for r in rows if (r[1] or "(none)") == d])
                 for d in departments]
    expected.append(("all", "", rows))
    wanted = [[by, group, sum((r[3] for r in part), D("0.00")),
               sum((r[4] for r in part), D("0.00")), sum((r[4] - r[3] for r in part), D("0.00")),
               len(part), *(sum(r[2] == s for r in part) for s in
                            ("match", "underpaid", "overpaid", "not_paid", "unexpected"))]
              for by, group, part in expected if part or by == "all"]
    assert reconciliation_totals(recon).values.tolist() == wanted
