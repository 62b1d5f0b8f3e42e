"""The payout stage worked out column by column gives what the rules give line by line.

Shares are grouped and ordered by sorting integer codes of their texts (``sorted_sums``,
``text_ranks``) instead of grouping and sorting the texts; a month's two sums are made in
one pass; a bonus line's figures are worked out once per distinct pattern; the ledger is
ordered by integer keys; the detail frame is built column by column. Each is checked
against the rule written out directly, with amounts that include zeros of either sign and
equal values written with different exponents.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.strategies import amounts, shares
from toolkit.core.bonuses import annual_bonus, monthly_bonus
from toolkit.core.commission import (
    SHARE_ORDER,
    CommissionMonth,
    ContractShare,
    RateDecision,
    commission_month,
    contract_sums,
    share_commission,
    sorted_sums,
    text_ranks,
)
from toolkit.core.explain import bonus_explain, share_note, words
from toolkit.core.money import ZERO, total
from toolkit.core.payees import Payee
from toolkit.core.payouts import (
    DETAIL_COLUMNS,
    KINDS,
    LEDGER_COLUMNS,
    bonus_lines,
    detail_frame,
    ledger_frame,
)
from toolkit.core.periods import Period, overlap_days, parsed_periods
from toolkit.core.plan import Plan
from toolkit.core.targets import Employment

CHECKS = settings(max_examples=200, deadline=None)

texts = st.text(alphabet=st.characters(blacklist_characters="\x00", codec="utf-8"), max_size=6)
DAYS = [date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 3), date(2026, 2, 28)]
basis_row = st.tuples(st.sampled_from(["E1", "E2", "E10", "é3"]),
                      st.sampled_from(["2026-01", "2026-02"]),
                      st.sampled_from(["K1", "K2", "K10", "k1", "K1 "]),
                      st.sampled_from(["C1", "C2"]), st.sampled_from(DAYS), amounts, amounts,
                      st.booleans())
COLUMNS = ["employee_id", "month", "contract_id", "customer_id", "date", "amount", "excess",
           "after_termination"]


def cells(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """Every cell as its type and text, so exponents and signs of zero count."""
    return [tuple(f"{type(v).__name__}:{v}" for v in row)
            for row in frame.itertuples(index=False)]


@CHECKS
@given(st.lists(texts, max_size=30))
def test_text_ranks_order_as_the_texts_do(found: list[str]) -> None:
    """Codes compare as Python compares the texts: equal texts equal codes."""
    ranks = text_ranks(np.array(found, dtype=object)).tolist()
    for i, a in enumerate(found):
        for j, b in enumerate(found):
            assert (ranks[i] < ranks[j]) == (a < b)
            assert (ranks[i] == ranks[j]) == (a == b)


@CHECKS
@given(st.lists(basis_row, min_size=1, max_size=25), st.booleans())
def test_sorting_codes_finds_the_shares_grouping_finds(rows: list[tuple[object, ...]],
                                                       month_as_string: bool) -> None:
    """Same shares, sums (down to the exponent), first customers, latest dates and order
    as grouping the rows and sorting the groups by SHARE_ORDER."""
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"date": "datetime64[s]"})
    if month_as_string:  # as the Collections sheet gives it
        frame = frame.astype({"month": "string"})
    grouped = contract_sums(frame)
    expected = grouped[grouped["nonzero"]].sort_values(SHARE_ORDER, kind="stable")
    found = sorted_sums(frame)
    assert found is not None
    shown = ["employee_id", "month", "contract_id", "customer_id", "after_termination",
             "basis", "excess"]
    assert cells(found[shown]) == cells(expected[shown])
    assert found["date"].to_numpy(dtype="datetime64[D]").tolist() == \
        expected["date"].to_numpy(dtype="datetime64[D]").tolist()


def test_a_blank_key_leaves_the_shares_to_grouping() -> None:
    """A blank employee, month or contract, or a date missing, is not sorted by codes."""
    row = ["E1", "2026-01", "K1", "C1", date(2026, 1, 5), Decimal("1"), ZERO, False]
    for column in range(4):
        blank = list(row)
        blank[column if column < 3 else 4] = None
        frame = pd.DataFrame([row, blank], columns=COLUMNS).astype({"date": "datetime64[s]"})
        assert sorted_sums(frame) is None


rates = st.sampled_from([Decimal("0.015"), Decimal("0.0150"), Decimal("0.02"), Decimal("0"),
                         Decimal("1E-2")])
GRADES = (("2025-Q4", "A"), ("2025-Q3", "S"))


def decision(rate: Decimal) -> RateDecision:
    return RateDecision(rate, rate, "none", False, Decimal(1), GRADES)


@CHECKS
@given(st.lists(shares, max_size=10), rates, st.sampled_from(["collected", "booked"]))
def test_a_months_sums_in_one_pass_equal_the_sums_of_its_filters(
        found: list[ContractShare], rate: Decimal, basis: str) -> None:
    """basis = Σ earned bases, unrounded = Σ share commissions (0 when forfeited), both
    from ZERO, down to the exponent."""
    plan = Plan(commission_basis=basis)  # type: ignore[arg-type]
    month = commission_month("E1", Period.parse("2026-03"), found, decision(rate), None, plan)
    assert repr(month.basis) == repr(total(s.basis for s in found if not s.forfeited))
    assert repr(month.unrounded) == repr(total(share_commission(s, rate) for s in found))


def line_key(line: tuple[object, ...], periods: dict[str, Period]) -> tuple[object, ...]:
    period = periods[str(line[1])]
    return (line[0], period.end, {"month": 0, "quarter": 1, "year": 2}[period.cycle],
            KINDS.index(str(line[2])))


ledger_line = st.tuples(st.sampled_from(["E1", "E2", "E10", "e1"]),
                        st.sampled_from(["2025-12", "2026-01", "2026-12", "2025", "2026"]),
                        st.sampled_from(KINDS), amounts, amounts, amounts, texts)


@CHECKS
@given(st.lists(ledger_line, max_size=30))
def test_the_ledger_is_in_the_order_of_the_line_sort_key(
        lines: list[tuple[str, str, str, Decimal, Decimal, Decimal, str]]) -> None:
    """Employee, period end, cycle, kind: the stable sort of the lines by that key."""
    periods = parsed_periods(line[1] for line in lines)
    expected = pd.DataFrame(sorted(lines, key=lambda line: line_key(line, periods)),
                            columns=LEDGER_COLUMNS)
    found = ledger_frame(lines, periods)
    assert cells(found) == cells(expected)
    assert list(found.dtypes) == list(expected.dtypes)


def test_no_lines_make_the_frames_they_made_before() -> None:
    """Empty ledger and detail frames keep their columns and dtypes."""
    ledger = ledger_frame([], {})
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert list(ledger.dtypes) == list(pd.DataFrame([], columns=LEDGER_COLUMNS).dtypes)
    detail = detail_frame([], "en")
    before = pd.DataFrame([], columns=DETAIL_COLUMNS).astype({"date": "datetime64[s]"})
    assert list(detail.columns) == DETAIL_COLUMNS
    assert list(detail.dtypes) == list(before.dtypes)


@CHECKS
@given(st.lists(st.tuples(st.lists(shares, max_size=4), rates,
                          st.sampled_from([None, date(2026, 3, 15)])), max_size=6),
       st.sampled_from(["en", "zh"]))
def test_the_detail_frame_equals_its_rows_made_one_by_one(
        found: list[tuple[list[ContractShare], Decimal, date | None]], language: str) -> None:
    """One row per share: basis × rate (0 when forfeited) and the share's note."""
    plan = Plan()
    months: list[CommissionMonth] = [
        commission_month(f"E{i}", Period.parse("2026-03"), month_shares, decision(rate),
                         termination, plan)
        for i, (month_shares, rate, termination) in enumerate(found)]
    w = words(language)
    expected = pd.DataFrame(
        [(m.employee_id, str(m.month), s.contract_id, s.customer_id, s.day, s.basis,
          m.decision.rate, share_commission(s, m.decision.rate),
          share_note(s, m.termination, w)) for m in months for s in m.shares],
        columns=DETAIL_COLUMNS).astype({"date": "datetime64[s]"})
    assert cells(detail_frame(months, language)) == cells(expected)


@CHECKS
@given(st.lists(st.tuples(st.sampled_from(["E1", "E2"]),
                          st.sampled_from(["2026-01", "2026-02", "2026-03", "2026-Q1",
                                           "2026"]),
                          st.sampled_from(["S", "A", "B", "C", "D"])), max_size=20),
       st.booleans(), st.sampled_from(["en", "zh"]))
def test_bonus_lines_equal_each_lines_own_figures(graded: list[tuple[str, str, str]],
                                                  prorate: bool, language: str) -> None:
    """Figures shared by a pattern read as each line's own figures and sentence."""
    plan = Plan(prorate=prorate, language=language)  # type: ignore[arg-type]
    people = {
        "E1": Payee("E1", "Sales", Decimal("10000.0"), None, Decimal("0"), None,
                    Employment("E1", date(2026, 1, 10), date(2026, 2, 27))),
        "E2": Payee("E2", None, Decimal("8000"), Decimal("1000.50"), None, None,
                    Employment("E2", date(2025, 1, 1))),
    }
    periods = parsed_periods(text for _, text, _ in graded)
    expected = []
    for employee, text, grade in graded:
        period = periods[text]
        if period.cycle == "quarter":
            continue
        rule = monthly_bonus if period.cycle == "month" else annual_bonus
        figures = rule(people[employee], period, grade, plan)
        expected.append((employee, text, figures.kind, figures.base, figures.coefficient,
                         figures.amount, bonus_explain(figures, language)))
    found = bonus_lines(graded, periods, people, plan)
    assert [tuple(map(repr, line)) for line in found] == \
        [tuple(map(repr, line)) for line in expected]


@CHECKS
@given(st.dates(date(2025, 6, 1), date(2027, 6, 1)),
       st.one_of(st.none(), st.integers(0, 400)),
       st.sampled_from(["2026-01", "2026-02", "2026-Q1", "2026", "2025-12"]))
def test_employment_days_are_the_overlap_with_the_period(hired: date, stayed: int | None,
                                                         text: str) -> None:
    """All the period's days when employed throughout, else the overlap."""
    last = None if stayed is None else hired + timedelta(stayed)
    job = Employment("E1", hired, last)
    period = Period.parse(text)
    assert job.days(period) == overlap_days(hired, last or date.max, period)
