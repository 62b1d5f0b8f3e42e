"""Build the macro workbook (``workbooks/SalesPerformance.xlsm``) from source kept as text.

Sources: the layout of ``toolkit.shell.macro_layout`` (Control sheet buttons and settings,
drop-downs, the xlwings.conf sheet), the input sheet contracts of ``toolkit.core.sheets``,
the default plan, and the VBA project of ``toolkit.shell.vba_project``. XlsxWriter writes
the sheets, tables, formats, drop-downs, defined names and buttons and embeds the VBA
project; the document properties are fixed, so building twice gives the same bytes.

``build_workbooks`` writes the empty workbook HR fills in and a copy filled with the sample
company for trying it out (as of the sample's as-of date).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from toolkit.core.plan import Plan
from toolkit.core.plan_sheet import plan_blocks
from toolkit.core.sheets import INPUT_SHEETS, PLAN, Column, Sheet
from toolkit.sample import SampleCompany, generate
from toolkit.shell.macro_layout import (
    AS_OF,
    BUTTONS,
    CONFIG_NOTES,
    CONFIG_ROWS,
    CONFIG_SHEET,
    CONTROL_SHEET,
    DROPDOWNS,
    INSTRUCTIONS,
    RUN_SETTINGS,
    SAMPLE_NAME,
    STRICT_DROPDOWNS,
    TEMPLATE_NAME,
    TITLE,
    RunSetting,
    setting_choices,
)
from toolkit.shell.vba_project import build_vba_project, vba_modules
from toolkit.shell.xlsx_tables import add_table

CREATED = datetime(2026, 1, 1)
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
LAST_ROW = 1_048_575                 # drop-downs cover the whole column below the header
KIND_FORMATS = {"date": "yyyy-mm-dd", "money": "#,##0.00", "rate": "0.0%",
                # Text format keeps ids (0012) and periods (2026-01) as typed.
                "id": "@", "period": "@", "grade": "@", "decision": "@", "language": "@"}
KIND_WIDTHS = {"date": 12, "money": 14, "rate": 10, "text": 24}
BLOCK_GAP = 2
BUTTON_SIZE = {"width": 250, "height": 34}


# The sheets in order; XlsxWriter and pyOpenVBA both name their VBA modules Sheet1, Sheet2...
SHEETS: tuple[str, ...] = (CONTROL_SHEET, *(s.name for s in INPUT_SHEETS), PLAN.name,
                           CONFIG_SHEET)


def build_workbooks(folder: Path) -> list[Path]:
    """Write the empty macro workbook and the sample-filled one into ``folder``."""
    from toolkit.udfs import WORKSHEET_FUNCTIONS

    vba = build_vba_project(len(SHEETS), vba_modules(WORKSHEET_FUNCTIONS))
    company = generate()
    return [write_macro_workbook(folder / TEMPLATE_NAME, vba, None),
            write_macro_workbook(folder / SAMPLE_NAME, vba, company)]


def write_macro_workbook(target: Path, vba: bytes, company: SampleCompany | None) -> Path:
    """One macro workbook at ``target``, written beside it first, then moved into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A plain name (not mkstemp) so the file gets the usual permissions, not 0600.
    temp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsm")
    try:
        _write(temp, vba, company)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def _write(path: Path, vba: bytes, company: SampleCompany | None) -> None:
    book = xlsxwriter.Workbook(str(path), OPTIONS)
    book.set_properties({"title": TITLE, "author": "toolkit", "created": CREATED,
                         "comments": "Built by 'toolkit build-workbook'; do not edit the "
                                     "VBA here, edit workbooks/vba/ and rebuild."})
    formats = _formats(book)
    control = book.add_worksheet(CONTROL_SHEET)
    for contract in INPUT_SHEETS:
        rows = _rows(company, contract)
        _write_input_sheet(book.add_worksheet(contract.name), contract, rows, formats)
    _write_plan(book.add_worksheet(PLAN.name))
    _write_config(book.add_worksheet(CONFIG_SHEET), formats)
    as_of = company.as_of if company is not None else None
    _write_control(book, control, formats, as_of)
    control.activate()
    book.add_vba_project(io.BytesIO(vba), is_stream=True)
    book.close()


def _formats(book: Workbook) -> dict[str, Format]:
    formats = {kind: book.add_format({"num_format": spec}) for kind, spec in KIND_FORMATS.items()}
    formats["title"] = book.add_format({"bold": True, "font_size": 16})
    formats["heading"] = book.add_format({"bold": True, "font_size": 12, "bottom": 1})
    formats["wrap"] = book.add_format({"text_wrap": True, "valign": "top"})
    formats["label"] = book.add_format({"bold": True, "valign": "vcenter"})
    formats["note"] = book.add_format({"text_wrap": True, "valign": "vcenter",
                                       "font_color": "#595959"})
    formats["input_date"] = book.add_format({"num_format": "yyyy-mm-dd", "bg_color": "#FFF2CC",
                                             "border": 1, "align": "left"})
    formats["input"] = book.add_format({"bg_color": "#FFF2CC", "border": 1, "align": "left"})
    return formats


def _rows(company: SampleCompany | None, contract: Sheet) -> list[tuple[Any, ...]]:
    if company is None:
        return []
    frame = company.frame(contract.name, "en")
    return list(zip(*(frame[c].tolist() for c in frame.columns), strict=True))


# -- Control -----------------------------------------------------------------------------

def _write_control(book: Workbook, sheet: Worksheet, formats: dict[str, Format],
                   as_of: date | None) -> None:
    """Title, instructions, the run settings (defined names) and one button per macro."""
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 100)
    sheet.hide_gridlines(2)
    sheet.write_string(0, 0, TITLE, formats["title"])
    row = 1
    for line in INSTRUCTIONS:
        sheet.merge_range(row, 0, row, 2, line, formats["wrap"])
        sheet.set_row(row, 32)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Run settings", formats["heading"])
    row += 1
    values: dict[str, Any] = {AS_OF.name: as_of}
    for setting in RUN_SETTINGS:
        _write_setting(book, sheet, row, setting, values.get(setting.name), formats)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Buttons", formats["heading"])
    row += 1
    for button in BUTTONS:
        sheet.set_row(row, 30)
        sheet.insert_button(row, 0, {"macro": button.macro, "caption": button.caption,
                                     **BUTTON_SIZE, "x_offset": 2, "y_offset": 2})
        sheet.merge_range(row, 1, row, 2, button.description, formats["note"])
        sheet.set_row(row + 1, 6)
        row += 2


def _write_setting(book: Workbook, sheet: Worksheet, row: int, setting: RunSetting,
                   value: Any, formats: dict[str, Format]) -> None:
    """Label, input cell (named ``setting.name``, with a validation) and note."""
    sheet.write_string(row, 0, setting.label, formats["label"])
    cell_format = formats["input_date"] if setting.kind == "date" else formats["input"]
    if isinstance(value, date):
        sheet.write_datetime(row, 1, datetime.combine(value, datetime.min.time()), cell_format)
    else:
        sheet.write_blank(row, 1, None, cell_format)
    sheet.write_string(row, 2, setting.note, formats["note"])
    book.define_name(setting.name, "=" + quote_sheetname(CONTROL_SHEET) + "!"
                     + xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True))
    if setting.kind == "date":
        sheet.data_validation(row, 1, row, 1, {
            "validate": "date", "criteria": ">=", "value": datetime(2000, 1, 1),
            "error_title": setting.label, "error_message": "Type a date, or leave it blank."})
    else:
        sheet.data_validation(row, 1, row, 1, {"validate": "list",
                                               "source": list(DROPDOWNS["language"])})


# -- input sheets ------------------------------------------------------------------------

def _write_input_sheet(sheet: Worksheet, contract: Sheet, rows: Sequence[Sequence[Any]],
                       formats: dict[str, Format]) -> None:
    """The contract's columns as an Excel table from the first cell, formats per column
    kind, a drop-down list per closed-set column, the header frozen."""
    columns = contract.columns
    cell_formats = [formats.get(c.kind) for c in columns]
    add_table(sheet, contract.name, 0, [c.name for c in columns], rows, cell_formats)
    for col, (column, cell_format) in enumerate(zip(columns, cell_formats, strict=True)):
        sheet.set_column(col, col, _width(column), cell_format)
        _dropdown(sheet, col, column)
    sheet.freeze_panes(1, 0)


def _width(column: Column) -> int:
    return max(len(column.name) + 4, KIND_WIDTHS.get(column.kind, 10))


def _dropdown(sheet: Worksheet, col: int, column: Column) -> None:
    choices = DROPDOWNS.get(column.kind)
    if choices is None:
        return
    strict = column.kind in STRICT_DROPDOWNS
    sheet.data_validation(1, col, LAST_ROW, col, {
        "validate": "list", "source": list(choices), "error_type": "stop" if strict else
        "warning", "error_title": column.name,
        "error_message": f"Expected one of {', '.join(choices)}."})






# -- Plan and xlwings.conf ---------------------------------------------------------------

def _write_plan(sheet: Worksheet) -> None:
    """The default plan's three blocks as tables, one below another, with a drop-down on
    every setting that has a closed set of values."""
    choices = setting_choices()
    first_row = 0
    for name, headers, rows in plan_blocks(Plan(), "en"):
        last_row = add_table(sheet, name, first_row, headers, rows, [None] * len(headers))
        if name == "PlanSettings":
            for offset, row in enumerate(rows, start=first_row + 1):
                allowed = choices.get(str(row[0]))
                if allowed:
                    sheet.data_validation(offset, 1, offset, 1,
                                          {"validate": "list", "source": list(allowed)})
        first_row = last_row + 1 + BLOCK_GAP
    for col, width in enumerate((34, 14, 60, 14)):
        sheet.set_column(col, col, width)


def _write_config(sheet: Worksheet, formats: dict[str, Format]) -> None:
    """xlwings' settings: keys in the first column from the first row, values beside."""
    for row, (key, value) in enumerate(CONFIG_ROWS):
        sheet.write_string(row, 0, key)
        if isinstance(value, bool):
            sheet.write_boolean(row, 1, value)
        elif value:
            sheet.write_string(row, 1, str(value))
    for row, note in enumerate(CONFIG_NOTES, start=len(CONFIG_ROWS) + 1):
        sheet.write_string(row, 0, note, formats["heading"] if row == len(CONFIG_ROWS) + 1
                           else None)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 60)
