"""One human sentence per payout line, in the plan's language (en or zh).

Each sentence names the numbers and source rows a rep or a finance clerk needs to recompute
the line by hand, and ends with the line's amount, e.g.

    cash 48,000.00 from contracts K0012, K0019 × 1.5% (base 1% raised ×1.5: 2026-Q1 A,
    2025-Q4 S) = 720.00
    回款 48,000.00（合同 K0012、K0019）× 1.5%（基础比例 1% 上调 ×1.5：2026-Q1 A、2025-Q4 S）= 720.00
    base 2,000.00 × coefficient 1.0 (grade A) × employed 21/31 = 1,354.84

A line that is 0 says why. At most ``MAX_CONTRACTS`` contract ids are listed, then
"and N more". Numbers are formatted here, never rounded here (``round_money`` does that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from toolkit.core.bonuses import BonusFigures
from toolkit.core.commission import CommissionMonth, ContractShare, RateDecision
from toolkit.core.money import format_money, total

MAX_CONTRACTS = 10
# A run explains some 10^5 lines with far fewer distinct rates and decisions: each
# distinct one is formatted once (every formatter cached here depends on the value only).
_CACHED = 1 << 16


@dataclass(frozen=True, eq=False)
class Words:
    """The phrases of one language; ``{}`` fields are filled by the functions below.

    Compared and hashed by identity, so the cached formatters can take it as a key.
    """

    sep: str
    list_sep: str
    contracts: tuple[str, str, str]        # one, several, "{shown} and {more} more"
    earned: str
    noun: dict[str, str]
    raised: str
    reduced: str
    suspended: str
    eligible: dict[str, str]
    pay_after: str
    forfeited: str
    excess: str
    zero: str
    nothing: dict[str, str]
    base_from: dict[str, str]
    bonus: str
    employed: str
    extra: str
    no_coefficient: str
    no_base: str
    note_forfeited: str
    note_paid: str
    note_excess: str


EN = Words(
    sep="; ", list_sep=", ",
    contracts=("contract {}", "contracts {}", "{shown} and {more} more"),
    earned="{noun} {basis} from {contracts} × {rate}{why} = {amount}",
    noun={"collected": "cash", "booked": "sales"},
    raised=" (base {base} raised ×{factor}: {grades})",
    reduced=" (base {base} reduced ×{factor}: {grades})",
    suspended=" (base {base} reduced ×{factor}, commission suspended: {grades})",
    eligible={"raise": " (eligible for a raise ×{factor}: {grades}; not applied as "
                       "auto_rate_change = no)",
              "reduce": " (eligible for a reduction ×{factor}: {grades}; not applied as "
                        "auto_rate_change = no)"},
    pay_after="{money} of it collected after termination {day} is paid under the plan",
    forfeited="cash {money} from {contracts} collected after termination {day} is forfeited",
    excess="cash {money} beyond the contract amount ({contracts}) earns nothing",
    zero="commission {amount}: ",
    nothing={"collected": "no cash collected in {month} on contracts credited to {employee}",
             "booked": "no sales booked in {month} by {employee}"},
    base_from={"monthly_bonus": " (salary {salary} × {multiplier})",
               "annual_bonus": " (salary {salary} × {multiplier} months)"},
    bonus="base {base}{source} × coefficient {coefficient} (grade {grade}){employed}{extra}"
          " = {amount}{why}",
    employed=" × employed {days}/{calendar}",
    extra=" + one month's salary {salary} for grade S",
    no_coefficient=" (no bonus: grade {grade} has coefficient {coefficient})",
    no_base=" (no bonus: the bonus base is 0)",
    note_forfeited="forfeited: collected after termination {day}",
    note_paid="paid: collected after termination {day}",
    note_excess="excess {money} beyond the contract amount earns nothing",
)

ZH = Words(
    sep="；", list_sep="、",
    contracts=("合同 {}", "合同 {}", "{shown} 等共 {count} 份"),
    earned="{noun} {basis}（{contracts}）× {rate}{why} = {amount}",
    noun={"collected": "回款", "booked": "签约"},
    raised="（基础比例 {base} 上调 ×{factor}：{grades}）",
    reduced="（基础比例 {base} 下调 ×{factor}：{grades}）",
    suspended="（基础比例 {base} 下调 ×{factor}，暂停提成：{grades}）",
    eligible={"raise": "（符合上调 ×{factor} 条件：{grades}；方案未启用自动调整）",
              "reduce": "（符合下调 ×{factor} 条件：{grades}；方案未启用自动调整）"},
    pay_after="其中离职日 {day} 后回款 {money} 按方案照发",
    forfeited="离职日 {day} 后回款 {money}（{contracts}）不计提成",
    excess="超出合同金额的回款 {money}（{contracts}）不计提成",
    zero="提成 {amount}：",
    nothing={"collected": "{month} 无 {employee} 名下合同的回款",
             "booked": "{month} 无 {employee} 的签约"},
    base_from={"monthly_bonus": "（月基本工资 {salary} × {multiplier}）",
               "annual_bonus": "（月基本工资 {salary} × {multiplier} 个月）"},
    bonus="基数 {base}{source} × 系数 {coefficient}（等级 {grade}）{employed}{extra}"
          " = {amount}{why}",
    employed=" × 在职 {days}/{calendar} 天",
    extra=" + S 级加发一个月基本工资 {salary}",
    no_coefficient="（等级 {grade} 系数为 {coefficient}，无奖金）",
    no_base="（奖金基数为 0，无奖金）",
    note_forfeited="不计提成：离职日 {day} 后回款",
    note_paid="照发：离职日 {day} 后回款",
    note_excess="超出合同金额的 {money} 不计提成",
)

WORDS = {"en": EN, "zh": ZH}


def words(language: str) -> Words:
    return WORDS.get(language, EN)


def tidy(text: str, w: Words) -> str:
    """Chinese full-width brackets carry their own spacing: no blank beside them."""
    if w is EN:
        return text
    return text.replace("） ", "）").replace(" （", "（")


# ``format_money``, not cached: about half a run's amounts are distinct, and looking one
# up costs more than rounding and formatting it afresh.
money = format_money


@lru_cache(maxsize=_CACHED)
def plain(number: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.50 -> ``1.5``, 1E+2 -> ``100``."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=_CACHED)
def percent(rate: Decimal) -> str:
    """0.015 -> ``1.5%``."""
    return f"{plain(rate * 100)}%"


@lru_cache(maxsize=_CACHED)
def coefficient_text(value: Decimal) -> str:
    """A coefficient with at least one decimal, as the plan shows it: 1 -> ``1.0``."""
    text = plain(value)
    return text if "." in text else f"{text}.0"


def contract_list(ids: Sequence[str], w: Words) -> str:
    """``contract K1``, ``contracts K1, K2``, ``contracts K1, ..., K10 and 3 more``."""
    unique = list(dict.fromkeys(ids))
    shown = w.list_sep.join(unique[:MAX_CONTRACTS])
    if len(unique) > MAX_CONTRACTS:
        shown = w.contracts[2].format(shown=shown, more=len(unique) - MAX_CONTRACTS,
                                      count=len(unique))
    return (w.contracts[0] if len(unique) == 1 else w.contracts[1]).format(shown)


def rate_reason(decision: RateDecision, w: Words) -> str:
    """Why the rate is what it is; empty when the base rate applies for no reason to tell."""
    if decision.change == "none":
        return ""
    return _changed_rate_reason(decision, w)


@lru_cache(maxsize=_CACHED)
def _changed_rate_reason(decision: RateDecision, w: Words) -> str:
    grades = w.list_sep.join(f"{quarter} {grade}" for quarter, grade in decision.grades)
    fields = {"base": percent(decision.base), "factor": plain(decision.factor),
              "grades": grades}
    if not decision.applied:
        return w.eligible[decision.change].format(**fields)
    if decision.change == "raise":
        return w.raised.format(**fields)
    return (w.suspended if decision.factor == 0 else w.reduced).format(**fields)


def commission_explain(month: CommissionMonth, language: str) -> str:
    """The sentence of a commission line (see the module docstring)."""
    w = words(language)
    if month.shares and all(s.basis and not s.after_termination and s.excess <= 0
                            for s in month.shares):
        # The usual month, told without splitting its shares: each is counted, none is
        # after termination (so none is forfeited) and none has excess cash.
        return tidy(_earned(month, month.shares, w), w)
    split = split_shares(month.shares)
    clauses = _commission_clauses(month, split, w)
    if split.counted:
        return tidy(w.sep.join(clauses), w)
    lead = w.zero.format(amount=money(month.amount))
    if clauses:  # only forfeited or excess cash: say so
        return tidy(lead + w.sep.join(clauses), w)
    nothing = w.nothing[month.basis_kind].format(month=month.month, employee=month.employee_id)
    return tidy(lead + nothing + rate_reason(month.decision, w), w)


class SplitShares(NamedTuple):
    """A month's shares as its sentence tells them, each list in share order."""

    counted: list[ContractShare]    # earned (not forfeited) with a basis other than 0
    after: list[ContractShare]      # counted and collected after termination
    forfeited: list[ContractShare]
    over: list[ContractShare]       # with excess cash (forfeited or not)


def split_shares(shares: Iterable[ContractShare]) -> SplitShares:
    """The four groups of ``SplitShares``, found in one pass."""
    split = SplitShares([], [], [], [])
    for share in shares:
        if share.forfeited:
            split.forfeited.append(share)
        elif share.basis != 0:
            split.counted.append(share)
            if share.after_termination:
                split.after.append(share)
        if share.excess > 0:
            split.over.append(share)
    return split


def _commission_clauses(month: CommissionMonth, split: SplitShares, w: Words) -> list[str]:
    clauses: list[str] = []
    day = month.termination.isoformat() if month.termination else ""
    if split.counted:
        clauses.append(_earned(month, split.counted, w))
    if split.after:
        clauses.append(w.pay_after.format(money=money(total(s.basis for s in split.after)),
                                          day=day))
    if split.forfeited:
        clauses.append(w.forfeited.format(
            money=money(total(s.basis for s in split.forfeited)), day=day,
            contracts=contract_list([s.contract_id for s in split.forfeited], w)))
    if split.over:
        clauses.append(w.excess.format(
            money=money(total(s.excess for s in split.over)),
            contracts=contract_list([s.contract_id for s in split.over], w)))
    return clauses


def _earned(month: CommissionMonth, counted: Sequence[ContractShare], w: Words) -> str:
    """The clause of the cash (or sales) counted: basis, contracts, rate and amount."""
    head, middle, tail, end = _earned_parts(w, month.basis_kind, month.decision.rate,
                                            rate_reason(month.decision, w))
    contracts = contract_list([s.contract_id for s in counted], w)
    return f"{head}{money(month.basis)}{middle}{contracts}{tail}{money(month.amount)}{end}"


@lru_cache(maxsize=_CACHED)
def _earned_parts(w: Words, kind: str, rate: Decimal, why: str) -> tuple[str, str, str, str]:
    """``w.earned`` filled in once per basis kind, rate and reason, and cut where the
    basis, the contracts and the amount of each month go (in that order)."""
    text = w.earned.format(noun=w.noun[kind], basis="\0", contracts="\1",
                           rate=percent(rate), why=why, amount="\2")
    head, rest = text.split("\0")
    middle, rest = rest.split("\1")
    tail, end = rest.split("\2")
    return head, middle, tail, end


def share_note(share: ContractShare, termination: date | None, w: Words) -> str:
    """The note of a detail line: forfeited or paid after termination, excess cash."""
    notes: list[str] = []
    if share.after_termination and termination is not None:
        template = w.note_forfeited if share.forfeited else w.note_paid
        notes.append(template.format(day=termination.isoformat()))
    if share.excess > 0:
        notes.append(w.note_excess.format(money=money(share.excess)))
    return w.sep.join(notes)


def bonus_explain(figures: BonusFigures, language: str) -> str:
    """The sentence of a monthly or annual bonus line (see the module docstring)."""
    w = words(language)
    amount = figures.amount
    source = "" if figures.base_set else w.base_from[figures.kind].format(
        salary=money(figures.salary), multiplier=plain(figures.multiplier))
    employed = ""
    if figures.prorated and figures.days != figures.calendar_days:
        employed = w.employed.format(days=figures.days, calendar=figures.calendar_days)
    extra = w.extra.format(salary=money(figures.extra)) if figures.extra else ""
    why = ""
    if amount == 0 and figures.coefficient == 0:
        why = w.no_coefficient.format(grade=figures.grade,
                                      coefficient=coefficient_text(figures.coefficient))
    elif amount == 0 and figures.base == 0:
        why = w.no_base
    return tidy(w.bonus.format(base=money(figures.base), source=source,
                               coefficient=coefficient_text(figures.coefficient),
                               grade=figures.grade, employed=employed, extra=extra,
                               amount=money(amount), why=why), w)
