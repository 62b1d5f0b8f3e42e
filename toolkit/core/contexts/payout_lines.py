"""Ledger lines as a document prints them: one row per line and totals per kind.

A quarter's report lists its monthly lines with their explanations; a year's report lists
each quarter's sum per kind (the quarter's report explains its months) and the annual
bonus line, so a year-end report stays one table, not twenty-five lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from toolkit.core.contexts.fmt import DASH, Formatter, clean
from toolkit.core.contexts.words import PAYOUT_KIND, pick, word
from toolkit.core.frames import Record
from toolkit.core.money import ZERO
from toolkit.core.periods import Period

KIND_ORDER = tuple(PAYOUT_KIND)
TOTAL = ("Total", "合计")


@dataclass(frozen=True)
class PayoutRow:
    period: str
    kind: str
    amount: str
    explain: str


def payout_rows(records: list[Record], fmt: Formatter, period: Period
                ) -> tuple[PayoutRow, ...]:
    """The rows of ``period``'s report (see the module docstring); a phrase row when there
    is no line."""
    if period.cycle == "year":
        rows = [*_quarter_sums(records, fmt), *_lines(
            [r for r in records if str(r["period"]) == str(period)], fmt)]
    else:
        rows = _lines(records, fmt)
    return tuple(rows) or (PayoutRow(DASH, "", DASH, word(fmt.language, "none_payouts")),)


def _lines(records: list[Record], fmt: Formatter) -> list[PayoutRow]:
    return [PayoutRow(fmt.period(str(r["period"])), pick(PAYOUT_KIND[r["kind"]], fmt.language),
                      fmt.money(r["amount"]), clean(r["explain"])) for r in records]


def _quarter_sums(records: list[Record], fmt: Formatter) -> list[PayoutRow]:
    """Per quarter and kind, the sum of the monthly lines."""
    sums: dict[tuple[Period, str], list[Decimal]] = {}
    for record in records:
        month = Period.parse(str(record["period"]))
        quarter = month.parent()
        if month.cycle == "month" and quarter is not None:
            sums.setdefault((quarter, record["kind"]), []).append(
                Decimal(str(record["amount"])))
    return [PayoutRow(fmt.period(quarter), pick(PAYOUT_KIND[kind], fmt.language),
                      fmt.money(sum(amounts, ZERO)),
                      word(fmt.language, "quarter_sum", count=len(amounts),
                           period=fmt.period(quarter)))
            for (quarter, kind), amounts in sorted(
                sums.items(), key=lambda item: (item[0][0].start, KIND_ORDER.index(item[0][1])))]


def payout_totals(records: list[Record], fmt: Formatter) -> tuple[PayoutRow, ...]:
    """The sum per kind present (in ledger kind order), then the total of all lines."""
    sums: dict[str, Decimal] = {}
    for record in records:
        sums[record["kind"]] = sums.get(record["kind"], ZERO) + Decimal(str(record["amount"]))
    rows = [PayoutRow("", pick(PAYOUT_KIND[k], fmt.language), fmt.money(sums[k]), "")
            for k in KIND_ORDER if k in sums]
    grand = sum(sums.values(), ZERO)
    return (*rows, PayoutRow("", pick(TOTAL, fmt.language), fmt.money(grand), ""))
