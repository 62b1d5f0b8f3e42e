"""Reading one cell as a value of a column's kind, or saying what was wrong with it.

Each reader takes a non-blank cell and returns the typed value or raises ``CellError``
whose text completes ``expected ..., found ...``. Untidy but clear input is accepted:
spaces, full-width characters, ids stored as numbers, dates typed as text in the usual
Chinese and ISO forms, rates typed as ``25%``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from toolkit.core.money import to_money
from toolkit.core.periods import Period
from toolkit.core.plan import GRADES

EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")

DECISIONS = {"upheld": "upheld", "维持": "upheld", "rejected": "rejected", "驳回": "rejected",
             "pending": "pending", "待定": "pending"}
LANGUAGES = {"en": "en", "english": "en", "英文": "en", "英语": "en",
             "zh": "zh", "zh-cn": "zh", "cn": "zh", "chinese": "zh", "中文": "zh"}


class CellError(ValueError):
    """``expected <what>, found <what>``: raised by a reader for a cell it cannot take."""

    def __init__(self, expected: str, cell: object) -> None:
        super().__init__(f"expected {expected}, found {describe(cell)}")


def describe(cell: object) -> str:
    if isinstance(cell, str):
        if cell.strip() in EXCEL_ERRORS:
            return f"the Excel error {cell.strip()}"
        shown = cell if len(cell) <= 40 else cell[:37] + "..."
        return repr(shown)
    if isinstance(cell, datetime | date):
        return f"the date {cell.isoformat()[:10]}"
    if isinstance(cell, bool):
        return f"the value {'TRUE' if cell else 'FALSE'}"
    return repr(cell)


def clean_text(cell: object) -> str:
    """Text of a cell, NFKC-folded (full-width to half-width) and stripped."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", str(cell)).strip()


def _is_error(cell: object) -> bool:
    return isinstance(cell, str) and cell.strip() in EXCEL_ERRORS


def read_id(cell: object) -> str:
    if cell.__class__ is str and cell.isascii():
        # The common case; NFKC leaves ASCII as it is.
        text = cell.strip()
        if text and text not in EXCEL_ERRORS:
            return text
    if _is_error(cell) or isinstance(cell, bool | date | datetime):
        raise CellError("an id", cell)
    text = clean_text(cell)
    if not text:
        raise CellError("an id", cell)
    return text


def read_text(cell: object) -> str:
    if _is_error(cell):
        raise CellError("text", cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()[:10]
    return str(cell).strip()


def read_date(cell: object) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        # An unformatted date cell holds Excel's serial day number.
        if 1 <= cell < 2958466 and float(cell).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(cell))
        raise CellError("a date", cell)
    if isinstance(cell, str):
        text = clean_text(cell)
        match = _DATE_TEXT.match(text) or _COMPACT_DATE.match(text)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    raise CellError("a date", cell)


def read_money(cell: object) -> Decimal:
    if _is_error(cell) or isinstance(cell, bool | date | datetime):
        raise CellError("a number", cell)
    try:
        return to_money(clean_text(cell) if isinstance(cell, str) else cell)
    except ValueError:
        raise CellError("a number", cell) from None


def read_number(cell: object) -> float:
    return float(read_money(cell))


def read_count(cell: object) -> float:
    value = read_money(cell)
    if value != value.to_integral_value() or value < 0:
        raise CellError("a whole number of 0 or more", cell)
    return float(value)


def read_rate(cell: object) -> float:
    """A fraction: ``0.25``, or text ``25%`` (a cell showing 25 % in Excel is already 0.25)."""
    if isinstance(cell, str) and clean_text(cell).endswith("%"):
        try:
            return float(to_money(clean_text(cell)[:-1])) / 100
        except ValueError:
            raise CellError("a rate such as 0.25 or 25%", cell) from None
    try:
        return read_number(cell)
    except CellError:
        raise CellError("a rate such as 0.25 or 25%", cell) from None


def read_period(cell: object) -> str:
    try:
        return str(Period.from_cell(clean_text(cell) if isinstance(cell, str) else cell))
    except ValueError:
        raise CellError("a period such as 2026-03, 2026-Q1 or 2026", cell) from None


def read_grade(cell: object) -> str:
    text = clean_text(cell).upper() if isinstance(cell, str) else ""
    if text not in GRADES:
        raise CellError("a grade S, A, B, C or D", cell)
    return text


def _choice(mapping: dict[str, str], expected: str) -> Callable[[object], str]:
    def read(cell: object) -> str:
        key = clean_text(cell).casefold() if isinstance(cell, str) else ""
        if key not in mapping:
            raise CellError(expected, cell)
        return mapping[key]
    return read


READERS: dict[str, Callable[[object], object]] = {
    "id": read_id, "text": read_text, "date": read_date, "money": read_money,
    "number": read_number, "count": read_count, "rate": read_rate, "period": read_period,
    "grade": read_grade,
    "decision": _choice(DECISIONS, "upheld, rejected or pending (维持/驳回/待定)"),
    "language": _choice(LANGUAGES, "en or zh"),
}
