"""Reading one cell as a value of a column's kind, or saying what was wrong with it.

Each reader takes a non-blank cell and returns the typed value or raises ``CellError``
whose text completes ``expected ..., found ...``. Untidy but clear input is accepted:
spaces, full-width characters, ids stored as numbers, dates typed as text in the usual
Chinese and ISO forms, rates typed as ``25%``.

Hostile or impossible input is refused or made harmless here, at the boundary:
- control characters (and lone surrogates, U+FFFE/U+FFFF) are dropped from text and ids:
  they are invisible in Excel, and XML files (results, documents) cannot hold them; ids
  also lose zero-width characters pasted along with them;
- text longer than an Excel cell holds (32,767 characters) is refused;
- numbers of more than 15 digits (Excel keeps 15) are refused, so money stays exact;
- dates outside 1900-01-01..2200-12-31 and periods outside those years are refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from toolkit.core.money import to_money
from toolkit.core.periods import Period
from toolkit.core.plan import GRADES
from toolkit.core.raw import is_blank

EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                        r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Characters XML 1.0 cannot hold (the C0 controls but tab, newline and return; lone
# surrogates; U+FFFE and U+FFFF) and DEL: never meant, and fatal to a .docx.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
MAX_TEXT = 32767                  # characters in one Excel cell
MAX_NUMBER = Decimal(10) ** 15    # Excel keeps 15 significant digits
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)

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
        if len(cell) <= 40:
            return repr(cell)
        return f"{cell[:37] + '...'!r} ({len(cell):,} characters)"
    if isinstance(cell, datetime | date):
        return f"the date {cell.isoformat()[:10]}"
    if isinstance(cell, bool):
        return f"the value {'TRUE' if cell else 'FALSE'}"
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < MAX_NUMBER:
        return str(int(cell))  # readers hand whole numbers over as floats: 1001.0
    if isinstance(cell, time):
        return f"the time {cell.isoformat()}"
    if isinstance(cell, timedelta):
        return f"the duration {cell}"
    return repr(cell)


def clean_text(cell: object) -> str:
    """Text of a cell, NFKC-folded (full-width to half-width), without characters XML
    cannot hold, and stripped."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", _UNWRITABLE.sub("", str(cell))).strip()


def _is_error(cell: object) -> bool:
    return isinstance(cell, str) and cell.strip() in EXCEL_ERRORS


def _plain_id(cell: object) -> str | None:
    """The common id, printable ASCII text (which NFKC leaves as it is), stripped; ``None``
    when ``read_id`` has more to do."""
    if cell.__class__ is str and cell.isprintable() and cell.isascii():
        text = cell.strip()
        if text and text not in EXCEL_ERRORS and len(text) <= MAX_TEXT:
            return text
    return None


def read_id(cell: object) -> str:
    """An id: text or a whole number (``1001.0`` reads as ``1001``), NFKC-folded, so
    ``Ｅ１００１`` is ``E1001``."""
    text = _plain_id(cell)
    if text is not None:
        return text
    if _is_error(cell) or isinstance(cell, bool | date | datetime | time | timedelta):
        raise CellError("an id", cell)
    if isinstance(cell, int | float) and not (float(cell).is_integer()
                                             and abs(cell) < MAX_NUMBER):
        raise CellError("an id (text, or a whole number of at most 15 digits)", cell)
    text = _ZERO_WIDTH.sub("", clean_text(cell))
    if not text:
        raise CellError("an id", cell)
    if len(text) > MAX_TEXT:
        raise CellError(f"an id of at most {MAX_TEXT:,} characters", cell)
    return text


def read_text(cell: object) -> str:
    if _is_error(cell):
        raise CellError("text", cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()[:10]
    text = _UNWRITABLE.sub("", str(cell)).strip()
    if len(text) > MAX_TEXT:
        raise CellError(f"text of at most {MAX_TEXT:,} characters (an Excel cell's limit)",
                        cell)
    return text


def read_date(cell: object) -> date:
    """A date cell, an Excel serial day number, or text such as ``2026-03-05``,
    ``2026/3/5``, ``2026.3.5``, ``2026年3月5日`` or ``20260305``; within 1900..2200."""
    day = _date_of(cell)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CellError(f"a date between {FIRST_DAY} and {LAST_DAY}", cell)
    return day


def _date_of(cell: object) -> date:
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
    """A number as an exact Decimal; text may carry thousands separators."""
    if _is_error(cell) or isinstance(cell, bool | date | datetime):
        raise CellError("a number", cell)
    try:
        value = to_money(clean_text(cell) if isinstance(cell, str) else cell)
    except ValueError:
        raise CellError("a number", cell) from None
    if abs(value) >= MAX_NUMBER:
        raise CellError("a number of at most 15 digits", cell)
    return value


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
        period = Period.from_cell(clean_text(cell) if isinstance(cell, str) else cell)
    except (ValueError, OverflowError):
        raise CellError("a period such as 2026-03, 2026-Q1 or 2026", cell) from None
    if not FIRST_DAY.year <= period.year <= LAST_DAY.year:
        raise CellError(f"a period in the years {FIRST_DAY.year} to {LAST_DAY.year}", cell)
    return str(period)


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


class Unreadable:
    """A cell that could not be read; carries the message for its problem."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


EMPTY = Unreadable("expected a value, found an empty cell")


def read_column(cells: Sequence[object], kind: str, required: bool) -> list[object]:
    """Read one column's cells with the reader of ``kind``; each distinct cell is read once.

    A blank cell reads as ``None`` (``EMPTY`` when the column is required); a cell the
    reader rejects reads as ``Unreadable`` with the reader's message.
    """
    types = set(map(type, cells))
    if bool in types or {int, float} <= types:
        # True == 1 == 1.0, yet they read differently (no number, Decimal 1, Decimal 1.0):
        # with more than one kind of number the type is part of the key.
        read = _cell_reader(kind, required)
        typed = {(c.__class__, c): read(c) for c in cells}
        return [typed[(c.__class__, c)] for c in cells]
    # The distinct cells in the order they first appear (each the first of its equals, as
    # a set keeps): visiting them in sheet order rather than a set's hash order keeps a
    # column of mostly distinct ids (lead ids) in the memory cache, twice as fast.
    unique = list(dict.fromkeys(cells))
    readings = read_distinct(unique, kind, required)
    if len(unique) == len(cells):  # no two cells equal: the readings are in cell order
        return readings
    distinct = dict(zip(unique, readings, strict=True))
    return list(map(distinct.__getitem__, cells))


def read_distinct(cells: Sequence[object], kind: str, required: bool) -> list[object]:
    """The reading of each of ``cells`` (as ``read_column`` reads it), one by one: for
    cells no two of which are equal, or equal only where they read the same."""
    read = _cell_reader(kind, required)
    if kind == "id":  # most ids are plain: read them without the general reader's detours
        return [text if (text := _plain_id(c)) is not None else read(c) for c in cells]
    return list(map(read, cells))


def _cell_reader(kind: str, required: bool) -> Callable[[object], object]:
    reader = READERS[kind]

    def read(cell: object) -> object:
        if is_blank(cell):
            return EMPTY if required else None
        try:
            return reader(cell)
        except CellError as exc:
            return Unreadable(str(exc))

    return read
