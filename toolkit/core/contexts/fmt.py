"""How a value reads in a document, per language: dates, money, percentages, periods.

Templates only print (STYLE point 12), so every value reaches them as text formatted here:

    en  20 Jan 2027   CNY 1,234,567.50   97.3%   97.25   Q4 2026    Oct 2026
    zh  2027年1月20日  1,234,567.50 元    97.3%   97.25   2026年第4季度 2026年10月

A blank value prints as a dash. Text from the workbook goes through ``clean``: characters
XML cannot hold are dropped and the control characters docxtpl reads as paragraph or page
breaks (``\\a``, ``\\f``) with them, so a cell can never break a document's layout;
``&``, ``<``, ``>`` and quotes are kept (the renderer escapes them) and a newline stays a
line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from toolkit.core.money import format_money, round_score
from toolkit.core.outputs import is_blank_value
from toolkit.core.periods import Period

DASH = "—"
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")
_CURRENCY_ZH = {"CNY": "元", "RMB": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元",
                "JPY": "日元", "GBP": "英镑"}
# XML 1.0 forbids these; \x07 and \x0c would also become paragraph and page breaks.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HUNDRED = Decimal(100)


def clean(value: object) -> str:
    """Workbook text as a document prints it; blank -> dash; CR LF and CR -> newline."""
    if is_blank_value(value):
        return DASH
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _NOT_XML.sub("", text).strip()
    return text or DASH


def as_date(value: object) -> date | None:
    """A cell's day (Timestamp, datetime or date), ``None`` when blank."""
    if is_blank_value(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    to_date = getattr(value, "date", None)
    if callable(to_date):
        day = to_date()
        if isinstance(day, date):
            return day
    raise TypeError(f"expected a date, found {value!r}")


@dataclass(frozen=True)
class Formatter:
    """The formats of one document language (``en`` or ``zh``) and currency."""

    language: str
    currency: str

    @property
    def zh(self) -> bool:
        return self.language == "zh"

    def date(self, value: object) -> str:
        """``20 Jan 2027`` / ``2027年1月20日``; blank -> dash."""
        day = as_date(value)
        if day is None:
            return DASH
        if self.zh:
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"

    def money(self, value: object) -> str:
        """``CNY 1,234.50`` / ``1,234.50 元`` (rounded half-up to the cent); blank -> dash."""
        if is_blank_value(value):
            return DASH
        text = format_money(Decimal(str(value)))
        if self.zh:
            unit = _CURRENCY_ZH.get(self.currency.upper(), self.currency)
            return f"{text} {unit}"
        return f"{self.currency} {text}"

    def percent(self, value: object, decimals: int = 1) -> str:
        """A fraction as a percentage, ``0.9734`` -> ``97.3%``; blank -> dash."""
        if is_blank_value(value):
            return DASH
        scaled = Decimal(str(value)) * _HUNDRED
        return f"{_half_up(scaled, decimals)}%"

    def score(self, value: object) -> str:
        """Points with 2 decimals, ``97.25``; blank -> dash."""
        if is_blank_value(value):
            return DASH
        return f"{round_score(Decimal(str(value))):.2f}"

    def number(self, value: object) -> str:
        """At most 2 decimals without trailing zeros: ``2``, ``1.5``; blank -> dash."""
        if is_blank_value(value):
            return DASH
        text = f"{round_score(Decimal(str(value))):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def period(self, value: Period | str) -> str:
        """``Q4 2026``, ``Oct 2026``, ``2026`` / ``2026年第4季度``, ``2026年10月``, ``2026年度``."""
        period = value if isinstance(value, Period) else Period.parse(value)
        if period.cycle == "month":
            return (f"{period.year}年{period.index}月" if self.zh
                    else f"{_MONTHS_EN[period.index - 1]} {period.year}")
        if period.cycle == "quarter":
            return f"{period.year}年第{period.index}季度" if self.zh \
                else f"Q{period.index} {period.year}"
        return f"{period.year}年度" if self.zh else f"{period.year}"

    def span(self, first: object, last: object) -> str:
        """``1 Oct 2026 – 31 Dec 2026`` / ``2026年10月1日至2026年12月31日``."""
        joiner = "至" if self.zh else " – "
        return f"{self.date(first)}{joiner}{self.date(last)}"

    def join(self, items: list[str]) -> str:
        """Items of a running-text list: ``a, b`` / ``a、b``."""
        return ("、" if self.zh else ", ").join(items)


def _half_up(value: Decimal, decimals: int) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding="ROUND_HALF_UP")
    return f"{rounded:f}"
