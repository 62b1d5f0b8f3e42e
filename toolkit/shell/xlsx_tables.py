"""Writing input-style Excel tables with XlsxWriter (the sample and the macro workbook).

A table has its header at ``first_row`` and one row per record; each value is written by
its type, so text stays text (never a formula), dates are dates and blanks stay empty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

TABLE_STYLE = "Table Style Medium 2"


def add_table(sheet: Worksheet, name: str, first_row: int, headers: Sequence[str],
              rows: Sequence[Sequence[Any]], cell_formats: Sequence[Format | None]) -> int:
    """An Excel table with its header at ``first_row`` (an empty one keeps a blank row, as
    Excel needs a data row); returns its last row."""
    last_row = first_row + max(len(rows), 1)
    columns = [{"header": h, **({"format": f} if f is not None else {})}
               for h, f in zip(headers, cell_formats, strict=True)]
    sheet.add_table(first_row, 0, last_row, len(headers) - 1,
                    {"name": name, "style": TABLE_STYLE, "columns": columns})
    for offset, row in enumerate(rows, start=first_row + 1):
        for col, (value, cell_format) in enumerate(zip(row, cell_formats, strict=True)):
            write_cell(sheet, offset, col, value, cell_format)
    return last_row


def write_cell(sheet: Worksheet, row: int, col: int, value: Any,
               cell_format: Format | None) -> None:
    """Text as text, numbers as numbers, dates as dates; a blank (None, NaN) is skipped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, str):
        sheet.write_string(row, col, value, cell_format)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value), cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)
