"""The payout ledger and the commission detail lines (SPEC section 6).

The ledger has, also when the amount is 0 (the explanation then says why):
- a ``commission`` and a ``monthly_bonus`` line for every graded employee-month;
- an ``annual_bonus`` line for every graded employee-year;
- a ``commission`` line for an employee-month that is not graded for that employee (a
  leaver's months after termination, a non-sales employee who sold) when the month is
  graded for someone and the employee has basis rows in it, so cash collected after
  termination is paid or visibly forfeited.

Each line: employee_id, period, kind, basis (the money the rate or coefficient applies
to), rate_or_coefficient, amount (Decimal, rounded once per line) and explain. Grades are
the final grades of ``scores``; the quarter grades behind a rate change come from
``scores`` and, for quarters not graded there, from the History sheet. The rules of each
kind are in ``toolkit.core.commission`` and ``toolkit.core.bonuses``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

import numpy as np
import pandas as pd

from toolkit.core.bonuses import annual_bonus, monthly_bonus
from toolkit.core.commission import (
    CommissionMonth,
    RateDecision,
    commission_month,
    contract_shares,
    decide_rate,
    quarters_before,
    text_ranks,
)
from toolkit.core.explain import bonus_explain, commission_explain, share_note, words
from toolkit.core.facts import Facts
from toolkit.core.money import ZERO
from toolkit.core.outputs import COMMISSION_LINES, PAYOUTS, Output
from toolkit.core.payees import Payee, payees
from toolkit.core.periods import Period, parsed_periods
from toolkit.core.plan import Plan
from toolkit.core.reconcile import payroll_as_of, reconciliation_table

KINDS: tuple[str, ...] = ("commission", "monthly_bonus", "annual_bonus")
LEDGER_COLUMNS = [c.name for c in PAYOUTS.columns]
DETAIL_COLUMNS = [c.name for c in COMMISSION_LINES.columns]
_RANK = {"month": 0, "quarter": 1, "year": 2}
Key = tuple[str, str]
# One ledger line, in LEDGER_COLUMNS order: employee_id, period (text), kind, basis,
# rate_or_coefficient, amount (rounded once per line) and explain.
Line = tuple[str, str, str, Decimal, Decimal, Decimal, str]
# Told each table of this stage as soon as it is made (``pipeline.TableDone`` without the
# language).
Made = Callable[[Output, pd.DataFrame], object]


def payout_tables(facts: Facts, scores: pd.DataFrame,
                  final: Made | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(payouts ledger, commission detail lines) for every graded employee and period.

    ``scores`` is ``Results.scores``: one row per graded employee and period with its
    final ``grade``, ``period`` text and ``cycle``. ``final`` is told the detail lines as
    soon as they are made, before the ledger's explanations, then the ledger.
    """
    plan = facts.plan
    people = payees(facts.employees)
    months = commission_months(facts, scores, people)
    detail = detail_frame(months, plan.language)
    if final is not None:
        final(COMMISSION_LINES, detail)
    texts = scores["period"].tolist()
    periods = parsed_periods(texts)
    graded = zip(scores["employee_id"].tolist(), texts, scores["grade"].tolist(), strict=True)
    lines = bonus_lines(graded, periods, people, plan)
    lines.extend(commission_line(m, plan.language) for m in months)
    ledger = ledger_frame(lines, periods)
    if final is not None:
        final(PAYOUTS, ledger)
    return ledger, detail


def bonus_lines(graded: Iterable[tuple[str, str, str]], periods: Mapping[str, Period],
                people: dict[str, Payee], plan: Plan) -> list[Line]:
    """A monthly bonus line per graded month and an annual bonus line per graded year
    (``graded``: employee, period text, grade).

    A line's figures other than its period depend only on the employee, the kind, the
    grade and, when prorated, the employment days of a period not employed throughout
    (a fraction of 1 and no "employed" clause otherwise): each distinct pattern is worked
    out once (``monthly_bonus``/``annual_bonus`` and ``bonus_explain``) for all its lines.
    """
    made: dict[tuple[str, str, str, tuple[int, int] | None], tuple[str, Decimal, Decimal,
                                                                    Decimal, str]] = {}
    lines: list[Line] = []
    for employee, text, grade in graded:
        period = periods[text]
        cycle = period.cycle
        if cycle != "month" and cycle != "year":
            continue
        payee = people[employee]
        part = None
        if plan.prorate:
            days = payee.job.days(period)
            part = None if days == period.days else (days, period.days)
        key = (employee, cycle, grade, part)
        found = made.get(key)
        if found is None:
            rule = monthly_bonus if cycle == "month" else annual_bonus
            figures = rule(payee, period, grade, plan)
            found = made[key] = (figures.kind, figures.base, figures.coefficient,
                                 figures.amount, bonus_explain(figures, plan.language))
        lines.append((employee, text, *found))
    return lines


def commission_months(facts: Facts, scores: pd.DataFrame, people: dict[str, Payee]
                      ) -> list[CommissionMonth]:
    """The commission of every graded employee-month, and of every employee-month in a
    graded month where the employee has basis rows without being graded."""
    plan = facts.plan
    # The termination rule is about collected cash, so it does not apply to sales.
    terminations = {e: p.termination for e, p in people.items()} \
        if plan.commission_basis == "collected" else {}
    shares = contract_shares(basis_rows(facts), terminations,
                             plan.post_termination_commission == "forfeit")
    grades = quarter_grades(scores, facts.history)
    months = scores[scores["cycle"] == "month"]
    keys = set(zip(months["employee_id"].tolist(), months["period"].tolist(), strict=True))
    graded_months = set(months["period"].tolist())
    keys |= {(e, m) for e, m in shares if m in graded_months and e in people}
    periods = parsed_periods(m for _, m in keys)
    # ``month_rate`` taken apart, so each part is worked out as rarely as it can be: the two
    # quarters before a month once per month text, and the decision once per distinct base
    # rate and pair of quarter grades (one decision serves every month that has them; the
    # rate is told apart by its text, as 0.015 and 0.0150 print differently).
    before = {text: [str(q) for q in quarters_before(p)] for text, p in periods.items()}
    decisions: dict[tuple[str, tuple[tuple[str, str | None], ...]], RateDecision] = {}
    found: list[CommissionMonth] = []
    for employee, text in sorted(keys):
        payee = people[employee]
        base = payee.commission_rate if payee.commission_rate is not None \
            else plan.default_commission_rate
        latest, earlier = before[text]
        known = ((latest, grades.get((employee, latest))),
                 (earlier, grades.get((employee, earlier))))
        decision = decisions.get((str(base), known))
        if decision is None:
            decision = decisions[(str(base), known)] = decide_rate(base, known, plan)
        found.append(commission_month(employee, periods[text], shares.get((employee, text), ()),
                                      decision, payee.termination, plan))
    return found


def quarter_grades(scores: pd.DataFrame, history: pd.DataFrame) -> dict[Key, str]:
    """Final quarter grades by (employee, quarter): from ``scores``, else from History."""
    grades: dict[Key, str] = {
        (e, p): g for e, p, g in zip(history["employee_id"].tolist(),
                                     history["period"].tolist(), history["grade"].tolist(),
                                     strict=True)
        if isinstance(p, str) and p[4:6] == "-Q"}
    quarters = scores[scores["cycle"] == "quarter"]
    grades.update(zip(zip(quarters["employee_id"].tolist(), quarters["period"].tolist(),
                          strict=True),
                      quarters["grade"].tolist(), strict=True))
    return grades


def basis_rows(facts: Facts) -> pd.DataFrame:
    """The commission basis rows: counted cash (``collected``, with its excess) or Sales
    amounts (``booked``), each with its employee, month, date, contract and customer."""
    if facts.plan.commission_basis == "collected":
        frame, amount = facts.collections, "counted"
    else:
        frame, amount = facts.sales.assign(excess=[ZERO] * len(facts.sales)), "amount"
    columns = ["employee_id", "month", "contract_id", "customer_id", "date", amount, "excess"]
    return frame[columns].rename(columns={amount: "amount"})


def commission_line(month: CommissionMonth, language: str) -> Line:
    return (month.employee_id, str(month.month), "commission", month.basis,
            month.decision.rate, month.amount, commission_explain(month, language))


def detail_frame(months: Sequence[CommissionMonth], language: str) -> pd.DataFrame:
    """One detail row per contract share of each month, unrounded: the share's basis ×
    the month's rate, 0 when forfeited (``share_commission``, column by column), and a
    note only when the share is after termination or has excess cash (else empty)."""
    w = words(language)
    shares = [s for m in months for s in m.shares]
    owner = np.repeat(np.arange(len(months)), [len(m.shares) for m in months])
    employee, month, rate = (np.array(c, dtype=object)[owner] for c in (
        [m.employee_id for m in months], [str(m.month) for m in months],
        [m.decision.rate for m in months]))
    basis = np.array([s.basis for s in shares], dtype=object)
    commission = basis * rate
    commission[np.array([s.forfeited for s in shares], dtype=bool)] = ZERO
    after = np.array([s.after_termination for s in shares], dtype=bool)
    excess = np.array([s.excess for s in shares], dtype=object)
    note = np.full(len(shares), "", dtype=object)
    for i in np.flatnonzero(after | (excess > 0)).tolist():
        note[i] = share_note(shares[i], months[owner[i]].termination, w)
    contract, customer, day = (np.array(c, dtype=object) for c in (
        [s.contract_id for s in shares], [s.customer_id for s in shares],
        [s.day for s in shares]))
    return pd.DataFrame(dict(zip(DETAIL_COLUMNS, (
        employee, month, contract, customer, day, basis, rate, commission, note),
        strict=True))).astype({"date": "datetime64[s]"})


def ledger_frame(lines: Sequence[Line], periods: Mapping[str, Period]) -> pd.DataFrame:
    """The ledger, lines sorted by employee, period end, cycle (month, quarter, year) and
    kind (``KINDS`` order), stably; each key is an integer code that orders as its value
    (a sort of codes, not of Python tuples)."""
    columns = [np.array([line[i] for line in lines], dtype=object)
               for i in range(len(LEDGER_COLUMNS))]
    employee, period, kind = columns[:3]
    codes, distinct = pd.factorize(period)
    ends = np.array([periods[t].end.toordinal() for t in distinct], dtype=np.int64)
    ranks = np.array([_RANK[periods[t].cycle] for t in distinct], dtype=np.int64)
    kinds = pd.factorize(kind)
    order = np.lexsort((np.array([KINDS.index(k) for k in kinds[1]], dtype=np.int64)[kinds[0]],
                        ranks[codes], ends[codes], text_ranks(employee)))
    return pd.DataFrame({name: column[order]
                         for name, column in zip(LEDGER_COLUMNS, columns, strict=True)})


def payout_stage(facts: Facts, scores: pd.DataFrame, payroll: pd.DataFrame,
                 final: Made | None = None
                 ) -> dict[str, pd.DataFrame]:
    """The ``Results`` fields of section 6: ``payouts`` (the ledger), ``commission_lines``
    and ``reconciliation`` against the Payroll rows of periods ended before the as-of date.
    ``final`` is told the commission lines and the ledger as each is made
    (``payout_tables``), before the reconciliation is computed.
    """
    ledger, lines = payout_tables(facts, scores, final)
    recon = reconciliation_table(ledger, payroll_as_of(payroll, facts.as_of), facts.employees)
    return {"payouts": ledger, "commission_lines": lines, "reconciliation": recon}
