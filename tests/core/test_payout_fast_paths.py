"""The shortcuts of the payout stage give exactly what the plain rules give.

The explanations format each distinct rate and rate decision once (``plain``,
``percent``, ``rate_reason`` are cached; ``money`` is ``format_money``), a month's shares
are split for its sentence in one pass (``split_shares``), a detail line's note is only
worked out when the share was collected after termination or has excess cash, and the
reconciliation reads
paid cells that are already Decimals as they are. Each is checked against the rule written
out directly, with generated amounts that include zeros of either sign, half cents and
equal values written with different exponents.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.strategies import amounts, shares
from toolkit.core.commission import Change, ContractShare, RateDecision, month_bounds, runs
from toolkit.core.explain import (
    EN,
    ZH,
    Words,
    _changed_rate_reason,
    coefficient_text,
    money,
    percent,
    plain,
    rate_reason,
    share_note,
    split_shares,
)
from toolkit.core.money import ZERO, format_money, round_money, to_money
from toolkit.core.payees import optional_decimal
from toolkit.core.reconcile import paid_cell, reconciliation_table

CHECKS = settings(max_examples=300, deadline=None)

languages = st.sampled_from([EN, ZH])


@CHECKS
@given(st.lists(amounts, max_size=30))
def test_cached_formatting_equals_formatting_each_amount(found: list[Decimal]) -> None:
    """Money, plain numbers, percents and coefficients read the same from the cache as
    formatted afresh, in any order of values equal but written differently."""
    for amount in found:
        assert money(amount) == format_money(amount)
        text = format(amount.normalize(), "f")
        assert plain(amount) == ("0" if text in ("-0", "") else text)
        assert percent(amount) == f"{plain(amount * 100)}%"
        assert coefficient_text(amount) in (plain(amount), f"{plain(amount)}.0")


def test_a_negative_zero_keeps_its_sign_after_a_positive_zero_was_cached() -> None:
    """-0.00 prints as ``-0.00`` even when 0.00, an equal key, was formatted first."""
    assert money(Decimal("0.00")) == "0.00"
    assert money(Decimal("-0.00")) == format_money(Decimal("-0.00")) == "-0.00"
    assert money(Decimal("-0.001")) == "-0.00"


@CHECKS
@given(st.lists(st.tuples(amounts, amounts, st.sampled_from(["raise", "reduce", "none"]),
                          st.booleans()), max_size=20), languages)
def test_rate_reasons_read_the_same_for_equal_decisions(
        found: list[tuple[Decimal, Decimal, Change, bool]], w: Words) -> None:
    """A reason from the cache equals the reason worked out afresh for a decision with the
    same values written with other exponents."""
    grades = (("2026-Q1", "A"), ("2025-Q4", "S"))
    for base, factor, change, applied in found:
        first = RateDecision(base, base * factor, change, applied, factor, grades)
        again = RateDecision(base.scaleb(0) + ZERO, base * factor, change, applied,
                             factor * 1, grades)
        fresh = "" if change == "none" else _changed_rate_reason.__wrapped__(again, w)
        assert rate_reason(first, w) == rate_reason(again, w) == fresh


@CHECKS
@given(st.lists(shares, max_size=12))
def test_splitting_shares_in_one_pass_equals_each_filter(found: list[ContractShare]) -> None:
    """counted, after, forfeited and over are the shares the SPEC's filters pick, in order."""
    split = split_shares(found)
    earned = [s for s in found if not s.forfeited]
    counted = [s for s in earned if s.basis != 0]
    assert split.counted == counted
    assert split.after == [s for s in counted if s.after_termination]
    assert split.forfeited == [s for s in found if s.forfeited]
    assert split.over == [s for s in found if s.excess > 0]


@CHECKS
@given(shares, st.sampled_from([None, date(2026, 3, 15)]), languages)
def test_a_share_neither_after_termination_nor_in_excess_has_no_note(
        share: ContractShare, termination: date | None, w: Words) -> None:
    """The detail frame skips ``share_note`` exactly when the note would be empty."""
    skipped = not (share.after_termination or share.excess > 0)
    if skipped:
        assert share_note(share, termination, w) == ""


cells = st.one_of(st.none(), st.just(float("nan")), amounts,
                  st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(-999, 999))


@CHECKS
@given(cells)
def test_a_paid_cell_reads_as_the_money_rule_reads_it(cell: object) -> None:
    """paid_cell equals to_money of the cell, a blank being 0, down to the exponent."""
    blank = cell is None or (isinstance(cell, float) and cell != cell)
    expected = ZERO if blank else to_money(cell)
    if not blank and expected == 0:
        expected = ZERO  # ``optional_decimal(cell) or ZERO``: a zero cell reads as ZERO
    assert repr(paid_cell(cell)) == repr(expected)


payroll_rows = st.tuples(st.sampled_from(["E1", "E2"]),
                         st.sampled_from(["2026-01", "2026-02", "2026-Q1", "2026"]),
                         cells, cells, cells)


STAFF = pd.DataFrame({"employee_id": ["E1", "E2"], "department": ["East", None]})
PAYROLL_PERIODS = ["2026-01", "2026-02", "2026-Q1", "2026"]


def _ledger(keys: list[tuple[str, str, str]], amount: Decimal) -> pd.DataFrame:
    return pd.DataFrame({"employee_id": [k[0] for k in keys], "period": [k[1] for k in keys],
                         "kind": [k[2] for k in keys], "amount": [amount] * len(keys)},
                        columns=["employee_id", "period", "kind", "amount"])


@CHECKS
@given(st.lists(payroll_rows, max_size=25))
def test_paid_amounts_equal_the_sum_row_by_row(rows: list[tuple[object, ...]]) -> None:
    """Per employee, period and kind: round_money of the paid cells summed row by row, listed
    as unexpected when not 0 (no ledger line); quarter rows pay nothing; a ledger line is
    not_paid exactly when no Payroll row has its employee and period."""
    frame = pd.DataFrame(rows, columns=["employee_id", "period", "commission_paid",
                                        "bonus_paid", "annual_bonus_paid"], dtype=object)
    expected: dict[tuple[str, str, str], Decimal] = {}
    columns = {"commission": "commission_paid", "monthly_bonus": "bonus_paid",
               "annual_bonus": "annual_bonus_paid"}
    for employee, period, *values in rows:
        kinds = ["commission", "monthly_bonus"] if len(str(period)) == 7 and "Q" not in \
            str(period) else ["annual_bonus"] if len(str(period)) == 4 else []
        for kind in kinds:
            cell = values[list(columns).index(kind)]
            key = (str(employee), str(period), kind)
            expected[key] = expected.get(key, ZERO) + (optional_decimal(cell) or ZERO)
    paid = reconciliation_table(_ledger([], ZERO), frame, STAFF)
    assert {(e, p, k): repr(v) for e, p, k, v in zip(
        paid["employee_id"], paid["period"], paid["kind"], paid["paid"], strict=True)} == \
        {k: repr(round_money(v)) for k, v in expected.items() if round_money(v) != 0}
    assert set(paid["status"]) <= {"unexpected"}
    everyone = [(e, p, "commission") for e in ("E1", "E2") for p in PAYROLL_PERIODS]
    owed = reconciliation_table(_ledger(everyone, Decimal("1.00")), frame, STAFF)
    not_paid = owed[owed["status"] == "not_paid"]
    assert set(zip(not_paid["employee_id"], not_paid["period"], strict=True)) == \
        {(e, p) for e, p, _ in everyone} - {(str(e), str(p)) for e, p, *_ in rows}


@CHECKS
@given(st.lists(st.tuples(st.sampled_from(["E1", "E2", "E10", None]),
                          st.sampled_from(["2026-01", "2026-02", None])), max_size=30))
def test_employee_month_bounds_equal_the_grouping(keys: list[tuple[str | None, str | None]]
                                                  ) -> None:
    """On rows sorted by employee and month, comparing neighbours finds the groups that
    grouping finds (blank keys go through the grouping itself)."""
    rows = sorted(keys, key=lambda k: (k[0] or "", k[1] or ""))
    frame = pd.DataFrame(rows, columns=["employee_id", "month"], dtype=object)
    expected = runs(frame, ["employee_id", "month"])[1].tolist() if rows else []
    assert month_bounds(frame) == expected
