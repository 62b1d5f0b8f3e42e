"""Write the sample company as an .xlsx workbook in English or Chinese.

One worksheet per input sheet, named by the contract (``Sales`` / ``销售``), holding an
Excel table named by the English sheet name with the contract's headers in row 1; then a
Plan sheet with the default plan's three blocks, one table each. The file is written to a
temporary file beside ``path`` and moved into place, so a reader never sees half a
workbook; the document properties are fixed, so the same company gives the same bytes.
"""

from __future__ import annotations

import contextlib
import math
import os
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from toolkit.core.plan import Plan
from toolkit.core.plan_sheet import plan_blocks
from toolkit.core.sheets import INPUT_SHEETS, PLAN, Sheet
from toolkit.sample import SampleCompany
from toolkit.shell.xlsx_tables import add_table

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}
CREATED = datetime(2026, 1, 1)
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "money": "#,##0.00", "rate": "0.0%"}
WIDTH_SAMPLE_ROWS = 2000   # column widths are measured on the first rows only
MAX_WIDTH = 60
BLOCK_GAP = 2              # blank rows between the Plan sheet's tables


def write_sample(company: SampleCompany, path: Path, language: str) -> None:
    """Write ``company`` to ``path`` with ``language`` (``en`` or ``zh``) sheet names,
    headers and text; ids, numbers, dates and periods are the same in both."""
    if language not in ("en", "zh"):
        raise ValueError(f"expected a language en or zh, found {language!r}")
    path = Path(path)
    # A plain name (not mkstemp) so the file gets the usual permissions, not 0600.
    temp = str(path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx"))
    try:
        _write_workbook(company, temp, language)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp)
        raise


def _write_workbook(company: SampleCompany, target: str, language: str) -> None:
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    workbook.set_properties({"title": "Sample company" if language == "en" else "示例公司",
                             "author": "toolkit", "created": CREATED})
    formats = {kind: workbook.add_format({"num_format": spec})
               for kind, spec in NUMBER_FORMATS.items()}
    for sheet in INPUT_SHEETS:
        frame = company.frame(sheet.name, language)
        rows = list(zip(*(frame[c].tolist() for c in frame.columns), strict=True))
        _write_sheet(workbook, sheet, rows, language, formats)
    _write_plan(workbook, language)
    workbook.close()


def _sheet_title(sheet: Sheet, language: str) -> str:
    return sheet.zh if language == "zh" else sheet.name


def _write_sheet(workbook: xlsxwriter.Workbook, sheet: Sheet, rows: list[tuple[Any, ...]],
                 language: str, formats: dict[str, Format]) -> None:
    """One contract sheet as a table from A1, header frozen, columns sized to content."""
    worksheet = workbook.add_worksheet(_sheet_title(sheet, language))
    headers = [c.zh if language == "zh" else c.name for c in sheet.columns]
    cell_formats = [formats.get(c.kind) for c in sheet.columns]
    add_table(worksheet, sheet.name, 0, headers, rows, cell_formats)
    worksheet.freeze_panes(1, 0)
    _set_widths(worksheet, headers, rows, [c.kind for c in sheet.columns])


def _set_widths(worksheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                kinds: Sequence[str]) -> None:
    """Autofit-ish: the widest of the header (plus the filter button) and the first rows."""
    for col, header in enumerate(headers):
        width = _display_width(header) + 3
        for row in rows[:WIDTH_SAMPLE_ROWS]:
            if col < len(row):
                width = max(width, _display_width(_shown(row[col], kinds[col])) + 1)
        worksheet.set_column(col, col, min(width, MAX_WIDTH))


def _shown(value: Any, kind: str) -> str:
    """Roughly the text Excel shows for ``value`` in a column of ``kind``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, datetime | date):
        return "0000-00-00"
    if kind == "money" and isinstance(value, int | float | Decimal):
        return f"{float(value):,.2f}"
    if kind == "rate" and isinstance(value, int | float):
        return f"{value:.1%}"
    return str(value)


def _display_width(text: str) -> int:
    """Characters, counting East Asian wide characters twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _write_plan(workbook: xlsxwriter.Workbook, language: str) -> None:
    """The default plan's blocks (settings, weights, grades) one below another from A1,
    ``BLOCK_GAP`` blank rows apart, each an Excel table named by the block."""
    worksheet = workbook.add_worksheet(_sheet_title(PLAN, language))
    # The default plan, except that a Chinese workbook asks for Chinese results.
    blocks = plan_blocks(Plan().with_language(language), language)
    first_row = 0
    widths: dict[int, int] = {}
    for name, headers, rows in blocks:
        add_table(worksheet, name, first_row, headers, rows, [None] * len(headers))
        first_row += 1 + max(len(rows), 1) + BLOCK_GAP
        for col, header in enumerate(headers):
            shown = [_display_width(_shown(r[col], "")) + 1 for r in rows]
            widths[col] = max(widths.get(col, 0), _display_width(header) + 3, *shown)
    for col, width in sorted(widths.items()):
        worksheet.set_column(col, col, min(width, MAX_WIDTH))
