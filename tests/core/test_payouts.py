"""The payout ledger and commission detail lines (SPEC section 6), computed by hand.

Unless a test says otherwise: E1 earns a base_salary of 10,000.00, so the monthly bonus
base is 10,000 × 0.2 = 2,000.00 and the annual one 10,000 × 2 = 20,000.00; the commission
rate is the plan default 1 %; grades are set with upheld appeals.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.payout_books import Person, company, details, line, months_of, staged
from toolkit.core.bonuses import annual_bonus, monthly_bonus
from toolkit.core.commission import commission_month, contract_shares, decide_rate
from toolkit.core.explain import EN, ZH, contract_list
from toolkit.core.money import round_money, total
from toolkit.core.payees import Payee
from toolkit.core.periods import Period
from toolkit.core.pipeline import Results, run
from toolkit.core.plan import Plan
from toolkit.core.reconcile import reconciliation_table
from toolkit.core.targets import Employment

FEB_1 = date(2026, 2, 1)
APR_1 = date(2026, 4, 1)
MAY_1 = date(2026, 5, 1)
NEXT_YEAR = date(2027, 1, 1)

# Two contracts signed in March and paid in April: 30,000 + 18,000 = 48,000 of cash.
APRIL_SALES = [["K0012", date(2026, 3, 2), "E1", "C1", 30000],
               ["K0019", date(2026, 3, 5), "E1", "C2", 18000]]
APRIL_CASH = [["K0012", date(2026, 4, 10), 30000], ["K0019", date(2026, 4, 20), 18000]]


def april(grades: dict[tuple[str, str], str], history: list[list[object]] | None = None,
          plan: dict[str, object] | None = None) -> dict[str, object]:
    """The April 2026 commission line of E1 with Q1 and Q4 grades as given."""
    book = company(months=months_of(2026, 1, 4), sales=APRIL_SALES, payments=APRIL_CASH,
                   grades=grades, history=history or [], plan=plan)
    return line(run(book, MAY_1), "E1", "2026-04", "commission")


# -- monthly and annual bonuses -------------------------------------------------------------

@pytest.mark.parametrize(("grade", "coefficient", "amount"), [
    ("S", "1.2", "2400.00"),   # 2,000 × 1.2
    ("A", "1.0", "2000.00"),   # 2,000 × 1.0
    ("B", "0.8", "1600.00"),   # 2,000 × 0.8
    ("C", "0.6", "1200.00"),   # 2,000 × 0.6
    ("D", "0.0", "0.00"),      # 2,000 × 0.0
])
def test_the_monthly_bonus_is_the_base_times_the_coefficient_of_the_months_grade(
        grade: str, coefficient: str, amount: str) -> None:
    """monthly bonus = base_salary × monthly_bonus_ratio × coefficient(grade of the month)."""
    results = run(company(grades={("E1", "2026-01"): grade}), FEB_1)
    bonus = line(results, "E1", "2026-01", "monthly_bonus")
    assert bonus["amount"] == Decimal(amount)
    assert bonus["basis"] == Decimal("2000.00")
    assert bonus["rate_or_coefficient"] == Decimal(coefficient)
    assert bonus["explain"].startswith(
        f"base 2,000.00 (salary 10,000.00 × 0.2) × coefficient {coefficient} (grade {grade})")


def test_a_grade_d_monthly_bonus_is_a_zero_line_that_says_why() -> None:
    """Grade D has coefficient 0.0: the line is there, 0.00, and the sentence says why."""
    results = run(company(grades={("E1", "2026-01"): "D"}), FEB_1)
    bonus = line(results, "E1", "2026-01", "monthly_bonus")
    assert bonus["explain"] == ("base 2,000.00 (salary 10,000.00 × 0.2) × coefficient 0.0 "
                                "(grade D) = 0.00 (no bonus: grade D has coefficient 0.0)")


def test_a_mid_month_hire_gets_a_monthly_bonus_prorated_by_days_employed() -> None:
    """Hired 11 January: employed 21 of 31 days; 2,000 × 1.0 × 21/31 = 1,354.838... -> 1,354.84."""
    hire = Person(hired=date(2026, 1, 11), monthly_base=2000)
    results = run(company(people=[hire], grades={("E1", "2026-01"): "A"}), FEB_1)
    bonus = line(results, "E1", "2026-01", "monthly_bonus")
    assert bonus["amount"] == Decimal("1354.84")
    assert bonus["explain"] == ("base 2,000.00 × coefficient 1.0 (grade A) × employed 21/31 "
                                "= 1,354.84")


def test_without_proration_a_mid_month_hire_gets_the_whole_monthly_bonus() -> None:
    """prorate = no: 2,000 × 1.0 = 2,000.00 whatever the days employed."""
    hire = Person(hired=date(2026, 1, 11), monthly_base=2000)
    book = company(people=[hire], grades={("E1", "2026-01"): "A"}, plan={"prorate": "no"})
    bonus = line(run(book, FEB_1), "E1", "2026-01", "monthly_bonus")
    assert bonus["amount"] == Decimal("2000.00")
    assert bonus["explain"] == "base 2,000.00 × coefficient 1.0 (grade A) = 2,000.00"


def test_a_bonus_explanation_is_in_chinese_when_the_plan_says_zh() -> None:
    """Same numbers as the mid-month hire: 10,000 × 0.2 × 1.0 × 21/31 = 1,354.84."""
    hire = Person(hired=date(2026, 1, 11))
    book = company(people=[hire], grades={("E1", "2026-01"): "A"}, plan={"language": "zh"})
    bonus = line(run(book, FEB_1), "E1", "2026-01", "monthly_bonus")
    assert bonus["explain"] == ("基数 2,000.00（月基本工资 10,000.00 × 0.2）× 系数 1.0（等级 A）"
                                "× 在职 21/31 天 = 1,354.84")


def test_an_annual_s_bonus_adds_one_unprorated_month_of_salary() -> None:
    """Hired 1 July 2026: employed 184 of 365 days (31+31+30+31+30+31).
    20,000 × 1.2 × 184/365 = 12,098.630... ; + one month's salary 10,000 = 22,098.63."""
    hire = Person(hired=date(2026, 7, 1))
    book = company(people=[hire], months=months_of(2026, 7, 12), grades={("E1", "2026"): "S"})
    bonus = line(run(book, NEXT_YEAR), "E1", "2026", "annual_bonus")
    assert bonus["amount"] == Decimal("22098.63")
    assert bonus["basis"] == Decimal("20000")
    assert bonus["explain"] == (
        "base 20,000.00 (salary 10,000.00 × 2 months) × coefficient 1.2 (grade S) × employed "
        "184/365 + one month's salary 10,000.00 for grade S = 22,098.63")


def test_an_annual_d_bonus_is_a_zero_line_that_says_why() -> None:
    """20,000 × 0.0 = 0.00: the line is present and explains the coefficient."""
    book = company(months=months_of(2026), grades={("E1", "2026"): "D"})
    bonus = line(run(book, NEXT_YEAR), "E1", "2026", "annual_bonus")
    assert bonus["amount"] == Decimal("0.00")
    assert bonus["explain"] == ("base 20,000.00 (salary 10,000.00 × 2 months) × coefficient "
                                "0.0 (grade D) = 0.00 (no bonus: grade D has coefficient 0.0)")


def test_an_annual_bonus_base_set_in_employees_replaces_the_salary_multiple() -> None:
    """annual_bonus_base 30,000 × 1.0 (grade A) = 30,000.00 (not 10,000 × 2)."""
    book = company(people=[Person(annual_base=30000)], months=months_of(2026),
                   grades={("E1", "2026"): "A"})
    bonus = line(run(book, NEXT_YEAR), "E1", "2026", "annual_bonus")
    assert bonus["amount"] == Decimal("30000.00")
    assert bonus["explain"] == "base 30,000.00 × coefficient 1.0 (grade A) = 30,000.00"


def test_the_ledger_has_two_lines_per_graded_month_and_one_per_graded_year() -> None:
    """12 graded months × (commission + monthly_bonus) + 1 annual_bonus = 25 lines,
    also when the commission is 0 (no sales at all)."""
    results = run(company(months=months_of(2026)), NEXT_YEAR)
    assert results.payouts is not None
    kinds = results.payouts["kind"].value_counts().to_dict()
    assert kinds == {"commission": 12, "monthly_bonus": 12, "annual_bonus": 1}
    january = line(results, "E1", "2026-01", "commission")
    assert january["explain"] == ("commission 0.00: no cash collected in 2026-01 on contracts "
                                  "credited to E1")


# -- the commission rate ---------------------------------------------------------------------

def test_two_quarters_graded_a_or_s_raise_the_rate_with_a_grade_from_history() -> None:
    """2026-Q1 A (graded here) and 2025-Q4 S (History): 1 % × 1.5 = 1.5 %;
    48,000 × 1.5 % = 720.00."""
    commission = april({("E1", "2026-Q1"): "A"}, history=[["E1", "2025-Q4", "S"]])
    assert commission["amount"] == Decimal("720.00")
    assert commission["rate_or_coefficient"] == Decimal("0.015")
    assert commission["explain"] == ("cash 48,000.00 from contracts K0012, K0019 × 1.5% "
                                     "(base 1% raised ×1.5: 2026-Q1 A, 2025-Q4 S) = 720.00")


def test_the_raised_rate_explanation_reads_in_chinese() -> None:
    """The same line as above with language = zh."""
    commission = april({("E1", "2026-Q1"): "A"}, history=[["E1", "2025-Q4", "S"]],
                       plan={"language": "zh"})
    assert commission["explain"] == ("回款 48,000.00（合同 K0012、K0019）× 1.5%（基础比例 1% "
                                     "上调 ×1.5：2026-Q1 A、2025-Q4 S）= 720.00")


def test_two_quarters_graded_c_or_d_reduce_the_rate() -> None:
    """2026-Q1 C and 2025-Q4 D: 1 % × 0.5 = 0.5 %; 48,000 × 0.5 % = 240.00."""
    commission = april({("E1", "2026-Q1"): "C"}, history=[["E1", "2025-Q4", "D"]])
    assert commission["amount"] == Decimal("240.00")
    assert commission["explain"] == ("cash 48,000.00 from contracts K0012, K0019 × 0.5% "
                                     "(base 1% reduced ×0.5: 2026-Q1 C, 2025-Q4 D) = 240.00")


def test_a_reduce_factor_of_zero_suspends_commission() -> None:
    """reduce_factor 0: 1 % × 0 = 0 %; 48,000 × 0 % = 0.00, and the sentence says suspended."""
    commission = april({("E1", "2026-Q1"): "D"}, history=[["E1", "2025-Q4", "C"]],
                       plan={"reduce_factor": 0})
    assert commission["amount"] == Decimal("0.00")
    assert commission["explain"] == (
        "cash 48,000.00 from contracts K0012, K0019 × 0% (base 1% reduced ×0, commission "
        "suspended: 2026-Q1 D, 2025-Q4 C) = 0.00")


def test_with_auto_rate_change_no_the_base_rate_stays_and_the_eligibility_is_told() -> None:
    """auto_rate_change = no: 48,000 × 1 % = 480.00 although A and S qualify for a raise."""
    commission = april({("E1", "2026-Q1"): "A"}, history=[["E1", "2025-Q4", "S"]],
                       plan={"auto_rate_change": "no"})
    assert commission["amount"] == Decimal("480.00")
    assert commission["rate_or_coefficient"] == Decimal("0.01")
    assert commission["explain"] == (
        "cash 48,000.00 from contracts K0012, K0019 × 1% (eligible for a raise ×1.5: "
        "2026-Q1 A, 2025-Q4 S; not applied as auto_rate_change = no) = 480.00")


def test_an_unknown_quarter_grade_leaves_the_rate_unchanged() -> None:
    """2026-Q1 A but nothing known of 2025-Q4: 48,000 × 1 % = 480.00."""
    commission = april({("E1", "2026-Q1"): "A"})
    assert commission["amount"] == Decimal("480.00")
    assert commission["explain"] == "cash 48,000.00 from contracts K0012, K0019 × 1% = 480.00"


def test_a_graded_quarter_outranks_history_for_the_same_quarter() -> None:
    """History says 2026-Q1 D, the run grades it A: A and 2025-Q4 S raise the rate (720.00)."""
    commission = april({("E1", "2026-Q1"): "A"},
                       history=[["E1", "2025-Q4", "S"], ["E1", "2026-Q1", "D"]])
    assert commission["amount"] == Decimal("720.00")


def test_an_employees_commission_rate_replaces_the_plan_default() -> None:
    """commission_rate 2 %: 48,000 × 2 % = 960.00."""
    book = company(people=[Person(rate=0.02)], months=months_of(2026, 1, 4),
                   sales=APRIL_SALES, payments=APRIL_CASH)
    commission = line(run(book, MAY_1), "E1", "2026-04", "commission")
    assert commission["amount"] == Decimal("960.00")


# -- the commission basis --------------------------------------------------------------------

# K1 of 100,000 signed in January, paid 40,000 in February and 60,000 in March.
BASIS_SALES = [["K1", date(2026, 1, 10), "E1", "C1", 100000]]
BASIS_CASH = [["K1", date(2026, 2, 15), 40000], ["K1", date(2026, 3, 20), 60000]]


@pytest.mark.parametrize(("basis", "expected"), [
    ("collected", {"2026-01": "0.00", "2026-02": "400.00", "2026-03": "600.00"}),
    ("booked", {"2026-01": "1000.00", "2026-02": "0.00", "2026-03": "0.00"}),
])
def test_commission_follows_cash_when_collected_and_contract_dates_when_booked(
        basis: str, expected: dict[str, str]) -> None:
    """collected: 40,000 × 1 % = 400.00 in February, 60,000 × 1 % = 600.00 in March;
    booked: 100,000 × 1 % = 1,000.00 in January, the month the contract is signed."""
    book = company(months=months_of(2026, 1, 3), sales=BASIS_SALES, payments=BASIS_CASH,
                   plan={"commission_basis": basis})
    results = run(book, APR_1)
    found = {m: line(results, "E1", m, "commission")["amount"] for m in expected}
    assert found == {m: Decimal(a) for m, a in expected.items()}


def test_a_booked_commission_names_the_contracts_signed() -> None:
    """booked: 100,000 × 1 % = 1,000.00."""
    book = company(months=months_of(2026, 1, 3), sales=BASIS_SALES, payments=BASIS_CASH,
                   plan={"commission_basis": "booked"})
    commission = line(run(book, APR_1), "E1", "2026-01", "commission")
    assert commission["explain"] == "sales 100,000.00 from contract K1 × 1% = 1,000.00"


def test_a_partial_and_a_late_payment_earn_in_the_months_the_cash_arrives() -> None:
    """K1 of 10,000 signed 5 January, due 4 February: 4,000 paid 20 January (partial),
    6,000 paid 15 March (late). January 4,000 × 1 % = 40.00, February 0.00, March 60.00."""
    book = company(months=months_of(2026, 1, 3), sales=[["K1", date(2026, 1, 5), "E1", "C1",
                                                          10000]],
                   payments=[["K1", date(2026, 1, 20), 4000], ["K1", date(2026, 3, 15), 6000]])
    results = run(book, APR_1)
    amounts = [line(results, "E1", m, "commission")["amount"] for m in months_of(2026, 1, 3)]
    assert amounts == [Decimal("40.00"), Decimal("0.00"), Decimal("60.00")]
    march = details(results, "E1", "2026-03")
    assert march[["contract_id", "customer_id", "basis", "commission_unrounded"]].values.tolist() \
        == [["K1", "C1", Decimal("6000"), Decimal("60.00")]]
    assert march["date"].tolist()[0].date() == date(2026, 3, 15)


def test_cash_beyond_the_contract_amount_earns_nothing() -> None:
    """K1 of 10,000: 4,000 in January, then 6,500 in March of which 500 is excess.
    March: 6,000 × 1 % = 60.00."""
    book = company(months=months_of(2026, 1, 3), sales=[["K1", date(2026, 1, 5), "E1", "C1",
                                                          10000]],
                   payments=[["K1", date(2026, 1, 20), 4000], ["K1", date(2026, 3, 15), 6500]])
    results = run(book, APR_1)
    march = line(results, "E1", "2026-03", "commission")
    assert march["amount"] == Decimal("60.00")
    assert march["explain"] == ("cash 6,000.00 from contract K1 × 1% = 60.00; cash 500.00 "
                                "beyond the contract amount (contract K1) earns nothing")
    assert details(results, "E1", "2026-03")["note"].tolist() == [
        "excess 500.00 beyond the contract amount earns nothing"]


# -- after termination -----------------------------------------------------------------------

# E1 leaves 20 February 2026; K1 is paid 3,000 before, 5,000 after (February) and 2,000 in
# March. E2 keeps March graded.
LEAVER = [Person("E1", left=date(2026, 2, 20), months=months_of(2026, 1, 2)), Person("E2")]
LEAVER_SALES = [["K1", date(2026, 1, 10), "E1", "C1", 20000]]
LEAVER_CASH = [["K1", date(2026, 2, 10), 3000], ["K1", date(2026, 2, 25), 5000],
               ["K1", date(2026, 3, 10), 2000]]


def leaver_results(policy: str) -> Results:
    book = company(people=LEAVER, months=months_of(2026, 1, 3), sales=LEAVER_SALES,
                   payments=LEAVER_CASH, plan={"post_termination_commission": policy})
    return run(book, APR_1)


def test_cash_collected_after_termination_is_forfeited() -> None:
    """forfeit: February earns 3,000 × 1 % = 30.00; the 5,000 after 20 February and the
    2,000 in March earn 0 and the sentences say so."""
    results = leaver_results("forfeit")
    february = line(results, "E1", "2026-02", "commission")
    assert february["amount"] == Decimal("30.00")
    assert february["explain"] == (
        "cash 3,000.00 from contract K1 × 1% = 30.00; cash 5,000.00 from contract K1 "
        "collected after termination 2026-02-20 is forfeited")
    march = line(results, "E1", "2026-03", "commission")
    assert march["amount"] == Decimal("0.00")
    assert march["explain"] == ("commission 0.00: cash 2,000.00 from contract K1 collected "
                                "after termination 2026-02-20 is forfeited")
    notes = details(results, "E1", "2026-02")[["basis", "commission_unrounded", "note"]]
    assert notes.values.tolist() == [
        [Decimal("3000"), Decimal("30.00"), ""],
        [Decimal("5000"), Decimal("0"), "forfeited: collected after termination 2026-02-20"]]


def test_cash_collected_after_termination_is_paid_when_the_plan_says_pay() -> None:
    """pay: February (3,000 + 5,000) × 1 % = 80.00; March 2,000 × 1 % = 20.00."""
    results = leaver_results("pay")
    february = line(results, "E1", "2026-02", "commission")
    assert february["amount"] == Decimal("80.00")
    assert february["explain"] == (
        "cash 8,000.00 from contract K1 × 1% = 80.00; 5,000.00 of it collected after "
        "termination 2026-02-20 is paid under the plan")
    assert line(results, "E1", "2026-03", "commission")["amount"] == Decimal("20.00")
    assert details(results, "E1", "2026-03")["note"].tolist() == [
        "paid: collected after termination 2026-02-20"]


def test_a_leaver_gets_no_bonus_line_for_a_month_without_employment() -> None:
    """E1 left in February: March has a commission line (the cash) but no monthly bonus."""
    results = leaver_results("forfeit")
    assert results.payouts is not None
    march = results.payouts[(results.payouts["employee_id"] == "E1")
                            & (results.payouts["period"] == "2026-03")]
    assert march["kind"].tolist() == ["commission"]


# -- rounding and lists ----------------------------------------------------------------------

def test_a_commission_line_is_rounded_once_not_per_contract() -> None:
    """Three contracts of 100.50 booked in January at 1 %: each 1.005 unrounded.
    Once: 3.015 -> 3.02. Per contract it would be 1.01 × 3 = 3.03."""
    sales = [[f"K{i}", date(2026, 1, 10 + i), "E1", "C1", "100.50"] for i in (1, 2, 3)]
    book = company(sales=sales, plan={"commission_basis": "booked"})
    results = run(book, FEB_1)
    assert details(results, "E1", "2026-01")["commission_unrounded"].tolist() == [
        Decimal("1.005")] * 3
    commission = line(results, "E1", "2026-01", "commission")
    assert commission["amount"] == Decimal("3.02")
    assert commission["explain"] == "sales 301.50 from contracts K1, K2, K3 × 1% = 3.02"


def test_a_long_contract_list_names_ten_and_counts_the_rest() -> None:
    """12 contracts: the first 10 ids, then "and 2 more" (zh: "等共 12 份")."""
    ids = [f"K{i:02d}" for i in range(1, 13)]
    shown = ", ".join(ids[:10])
    assert contract_list(ids, EN) == f"contracts {shown} and 2 more"
    assert contract_list(ids, ZH) == f"合同 {'、'.join(ids[:10])} 等共 12 份"
    assert contract_list(["K01"], EN) == "contract K01"



# -- properties ------------------------------------------------------------------------------
# ``staged`` runs the payout stage on E1 with three contracts signed early in January
# (K1 10,000.00, K2 5,000.00, K3 2,500.55) and the generated cash of January to March.

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, database=None)

cash_rows = st.lists(st.tuples(st.sampled_from(["K1", "K2", "K3"]),
                               st.integers(0, 89).map(lambda d: date(2026, 1, 1)
                                                      + timedelta(days=d)),
                               st.integers(1, 800_000).map(lambda c: Decimal(c) / 100)),
                     max_size=8)
people_of = st.builds(
    lambda day, salary, rate: Person(hired=date(2026, 1, day), salary=salary, rate=rate),
    st.integers(1, 28), st.integers(300_000, 3_000_000).map(lambda c: Decimal(c) / 100),
    st.sampled_from([None, 0.01, 0.015, 0.0333, 0.025]))
grade_of = st.sampled_from(["S", "A", "B", "C", "D"])


def month_commissions(cash: list[tuple[str, date, Decimal]]
                      ) -> tuple[dict[str, Decimal], Decimal]:
    """The commission line of each month, and the unrounded total of every detail line."""
    stage = staged(cash)
    ledger = stage["payouts"][stage["payouts"]["kind"] == "commission"]
    unrounded = total(stage["commission_lines"]["commission_unrounded"])
    return dict(zip(ledger["period"], ledger["amount"], strict=True)), unrounded


@PROPERTY_SETTINGS
@given(people_of, cash_rows)
def test_ledger_totals_per_employee_equal_the_sum_of_their_lines(
        person: Person, cash: list[tuple[str, date, Decimal]]) -> None:
    """Each commission line is round_money(Σ its unrounded detail lines), and the
    reconciliation's computed total is the sum of the employee's ledger lines."""
    stage = staged(cash, person)
    ledger, lines = stage["payouts"], stage["commission_lines"]
    commission = ledger[ledger["kind"] == "commission"]
    for month, amount in zip(commission["period"], commission["amount"], strict=True):
        unrounded = total(lines[lines["period"] == month]["commission_unrounded"])
        assert amount == round_money(unrounded)
    assert total(stage["reconciliation"]["computed"]) == total(ledger["amount"])


@PROPERTY_SETTINGS
@given(cash_rows, st.tuples(st.sampled_from(["K1", "K2", "K3"]), st.integers(0, 89),
                            st.integers(1, 800_000)))
def test_more_cash_collected_never_lowers_a_months_commission(
        cash: list[tuple[str, date, Decimal]], extra: tuple[str, int, int]) -> None:
    """One more payment never lowers the commission of the month it arrives in, nor the
    unrounded total. An earlier payment may push a later one beyond the contract amount,
    so a later month alone may earn less, and the sum of rounded months may then lose a
    cent (0.005 -> 0.01 and 49.995 -> 50.00 become 0.0301 -> 0.03 and 49.9749 -> 49.97);
    the unrounded total cannot drop."""
    contract, day, cents = extra
    more = (contract, date(2026, 1, 1) + timedelta(days=day), Decimal(cents) / 100)
    before, before_total = month_commissions(cash)
    after, after_total = month_commissions([*cash, more])
    month = f"2026-{more[1].month:02d}"
    assert after[month] >= before[month]
    assert after_total >= before_total


cents = st.integers(-1_000_000, 5_000_000).map(lambda c: Decimal(c) / 100)
fractions = st.integers(0, 10_000).map(lambda n: Decimal(n) / 10_000)


payees_of = st.builds(
    Payee, employee_id=st.just("E1"), department=st.just("Sales"), salary=cents.map(abs),
    monthly_base=st.none() | cents.map(abs), annual_base=st.none() | cents.map(abs),
    commission_rate=st.none(),
    job=st.builds(Employment, st.just("E1"), st.dates(date(2020, 1, 1), date(2026, 12, 31))))


@PROPERTY_SETTINGS
@given(payees_of, fractions, fractions, st.booleans(), grade_of,
       st.lists(st.tuples(st.sampled_from(["K1", "K2"]), st.integers(0, 30), cents),
                max_size=6),
       st.lists(st.none() | cents, min_size=3, max_size=3))
def test_every_amount_has_exactly_two_decimals(
        payee: Payee, ratio: Decimal, rate: Decimal, prorate: bool, grade: str,
        cash: list[tuple[str, int, Decimal]], paid: list[Decimal | None]) -> None:
    """Bonus and commission amounts, and the reconciliation's computed, paid and difference,
    have exactly two decimals whatever the bases, ratios, rates, fractions and cash."""
    plan = Plan(monthly_bonus_ratio=ratio, annual_bonus_months=ratio * 12, prorate=prorate)
    month, year = Period.month(2026, 12), Period.of_year(2026)
    rows = pd.DataFrame(
        [("E1", "2026-12", c, "C1", pd.Timestamp(2026, 12, 1 + d), a, Decimal(0))
         for c, d, a in cash],
        columns=["employee_id", "month", "contract_id", "customer_id", "date", "amount",
                 "excess"])
    shares = contract_shares(rows, {}, forfeit=True).get(("E1", "2026-12"), ())
    decision = decide_rate(rate, (("2026-Q3", grade), ("2026-Q2", grade)), plan)
    amounts = [monthly_bonus(payee, month, grade, plan).amount,
               annual_bonus(payee, year, grade, plan).amount,
               commission_month("E1", month, shares, decision, None, plan).amount]
    ledger = pd.DataFrame({"employee_id": "E1", "period": ["2026-12", "2026", "2026-12"],
                           "kind": ["monthly_bonus", "annual_bonus", "commission"],
                           "amount": amounts})
    payroll = pd.DataFrame({"employee_id": "E1", "period": ["2026-12", "2026", "2026-11"],
                            "commission_paid": paid, "bonus_paid": paid,
                            "annual_bonus_paid": paid})
    recon = reconciliation_table(ledger, payroll, pd.DataFrame(
        {"employee_id": ["E1"], "department": ["Sales"]}))
    money = [*amounts, *recon["computed"], *recon["paid"], *recon["difference"]]
    assert all(a.as_tuple().exponent == -2 for a in money), money
