"""The xlwings adapter: the calling workbook in, result sheets out, in small converter stages.

Reading mirrors ``toolkit.shell.workbook_file``: each sheet named like a contract (English or
Chinese) gives its used range, row by row with its Excel position; a contract without such a
sheet is looked for among the workbook's Excel tables. Cells are passed on as xlwings reads
them (numbers, dates, text; an error cell as its text, ``#N/A``) and typed by the core.

Writing mirrors ``toolkit.shell.results_file``: one Excel table per result, headers in the
plan's language, each cell the value its CSV export holds (``export_cell``) as a number,
date or text, with the same number formats. A result sheet is replaced as a whole (in
either language), so re-running never leaves stale rows. Nothing here knows a business rule
or a cell address: places come from the data's shape and from defined names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import xlwings as xw

from toolkit.core.cells import READERS, CellError, read_date
from toolkit.core.contexts.jobs import DOCUMENT_INDEX
from toolkit.core.hr_summary import results_summary
from toolkit.core.outputs import (
    ACTIONS,
    COMMISSION_LINES,
    PAYOUTS,
    PROBLEMS,
    RECONCILIATION,
    RECONCILIATION_TOTALS,
    SCHEDULE,
    SCORES,
    SEVERITY_ZH,
    OutKind,
    Output,
    export_cell,
    is_blank_value,
    problems_frame,
)
from toolkit.core.pipeline import Results
from toolkit.core.plan import Plan
from toolkit.core.plan_sheet import parse_plan
from toolkit.core.problems import PlanInvalid, Problem, ToolkitError
from toolkit.core.raw import RawSheet, RawWorkbook, is_blank
from toolkit.core.sheets import PLAN, find_sheet
from toolkit.shell.macro_layout import AS_OF, CONTROL_SHEET, LANGUAGE, RunSetting
from toolkit.shell.results_file import NUMBER_FORMATS, result_tables

RESULT_OUTPUTS: tuple[Output, ...] = (SCORES, PAYOUTS, COMMISSION_LINES, RECONCILIATION,
                                      RECONCILIATION_TOTALS, ACTIONS, SCHEDULE, PROBLEMS)
SUMMARY_SHEETS = {"en": "Summary", "zh": "摘要"}
TABLE_STYLE = "TableStyleMedium2"
TEXT_FORMAT = "@"          # keeps 2026-01 a period and 0012 an id instead of a date or 12
TEXT_FORMAT_LIMIT = 255    # Excel shows #### for a text-formatted cell longer than this
WIDTH_SAMPLE = 200
MAX_WIDTH = 60


class SettingInvalid(ToolkitError):
    """A run setting on the Control sheet (as-of date, language) cannot be read."""


@dataclass(frozen=True)
class Inputs:
    """What a run needs from the workbook: its cells and the Control sheet's settings."""

    raw: RawWorkbook
    as_of: date
    language: str | None


# -- progress and messages ---------------------------------------------------------------

def show_status(book: xw.Book, text: str | None) -> None:
    """Excel's status bar; ``None`` hands it back to Excel. An engine without a status bar
    (xlwings Server) shows nothing."""
    with contextlib.suppress(NotImplementedError):
        book.app.status_bar = False if text is None else text


def show_message(book: xw.Book, text: str, title: str, critical: bool = False) -> None:
    """A message box (``MsgBox``) over the workbook."""
    book.app.alert(text, title=title, mode="critical" if critical else "info")


# -- reading -----------------------------------------------------------------------------

def read_inputs(book: xw.Book) -> Inputs:
    """The workbook's input sheets and the Control sheet's as-of date and language."""
    raw = read_workbook(book)
    inputs = Inputs(raw, read_as_of(book), read_language(book))
    show_status(book, f"Computing as of {inputs.as_of.isoformat()}...")
    return inputs


def read_workbook(book: xw.Book) -> RawWorkbook:
    """Every contract sheet of ``book`` as raw cells (a sheet by name first, else a table)."""
    raw = RawWorkbook(source=book.fullname)
    for sheet in book.sheets:
        contract = find_sheet(sheet.name)
        if contract is not None and contract.name not in raw.sheets:
            show_status(book, f"Reading {sheet.name}...")
            raw.sheets[contract.name] = sheet_cells(sheet)
    for sheet in book.sheets:
        for table in sheet.tables:
            contract = find_sheet(table.name)
            if contract is not None and contract.name not in raw.sheets:
                show_status(book, f"Reading table {table.name}...")
                raw.sheets[contract.name] = range_cells(sheet.name, table.range, True)
    return raw


def sheet_cells(sheet: xw.Sheet) -> RawSheet:
    return range_cells(sheet.name, sheet.used_range, False)


def range_cells(title: str, cells: xw.Range, is_table: bool) -> RawSheet:
    """A range as rows of cells with its Excel position; an error cell reads as its text."""
    rows = cells.options(ndim=2, err_to_str=True).value
    return RawSheet(title, rows, cells.row, cells.column - 1, is_table)


def read_plan(book: xw.Book) -> Plan:
    """The workbook's plan (the defaults without a Plan sheet); a plan error is raised."""
    sheet = next((s for s in book.sheets if find_sheet(s.name) is PLAN), None)
    if sheet is None:
        return Plan()
    problems: list[Problem] = []
    plan = parse_plan(sheet_cells(sheet), problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise PlanInvalid(str(errors[0]))
    return plan


def read_setting(book: xw.Book, setting: RunSetting) -> Any:
    """The value of a run setting's cell, ``None`` when the name or the value is missing."""
    if not book.names.contains(setting.name):
        return None
    value = book.names(setting.name).refers_to_range.value
    return None if is_blank(value) else value


def read_as_of(book: xw.Book) -> date:
    """The Control sheet's as-of date; blank is today."""
    cell = read_setting(book, AS_OF)
    try:
        return date.today() if cell is None else read_date(cell)
    except CellError as exc:
        raise SettingInvalid(f"{CONTROL_SHEET} {AS_OF.label}: {exc}") from None


def read_language(book: xw.Book) -> str | None:
    """The Control sheet's result language (en/zh); blank is the plan's."""
    cell = read_setting(book, LANGUAGE)
    try:
        return None if cell is None else str(READERS["language"](cell))
    except CellError as exc:
        raise SettingInvalid(f"{CONTROL_SHEET} {LANGUAGE.label}: {exc}") from None


def workbook_folder(book: xw.Book) -> Path:
    """The folder the workbook is saved in (documents go beside it)."""
    path = Path(book.fullname)
    if not path.is_absolute():
        raise ToolkitError(f"documents are written to the folder the workbook is saved in; "
                           f"save it to a folder on this computer first (it is "
                           f"{book.fullname!r})")
    return path.parent


# -- writing -----------------------------------------------------------------------------

def write_results(book: xw.Book, results: Results, outputs: Collection[Output],
                  summary: bool = False) -> list[str]:
    """Replace the result sheets of ``outputs`` and the Problems sheet (the warnings);
    with ``summary`` the HR summary sheet too. Returns the sheet names written."""
    language = results.plan.language
    written = [write_table(book, output, frame, language)
               for output, frame in result_tables(results)
               if output in outputs or output is PROBLEMS]
    if summary:
        written.append(write_lines(book, SUMMARY_SHEETS, language, results_summary(results)))
    book.sheets[written[0]].activate()
    warnings = len(results.warnings)
    show_status(book, f"Done: {', '.join(written)} written; {warnings} warning(s).")
    return written


def write_validation(book: xw.Book, results: Results) -> str:
    """The Problems sheet (the warnings) and a message saying the workbook has no errors."""
    name = write_problems(book, results.problems, results.plan.language)
    warnings = len(results.warnings)
    show_status(book, None)
    show_message(book, f"No errors found. {warnings} warning(s) are listed on the {name} "
                 "sheet." if warnings else "No errors or warnings found.", "Validate")
    return name


def write_problems(book: xw.Book, problems: Sequence[Problem], language: str) -> str:
    """The Problems sheet alone (errors included), made the active sheet."""
    name = write_table(book, PROBLEMS, problems_frame(list(problems)), language)
    book.sheets[name].activate()
    return name


def clear_results(book: xw.Book) -> list[str]:
    """Delete every result sheet the toolkit writes, in either language."""
    names = [n for o in (*RESULT_OUTPUTS, DOCUMENT_INDEX) for n in (o.sheet, o.sheet_zh)]
    return delete_sheets(book, [*names, *SUMMARY_SHEETS.values()])


def write_table(book: xw.Book, output: Output, frame: pd.DataFrame, language: str) -> str:
    """One result as an Excel table on a fresh sheet; returns the sheet's name."""
    name = output.sheet_name(language)
    show_status(book, f"Writing {name}...")
    grid = table_grid(output, frame, language)
    sheet = replace_sheet(book, (output.sheet, output.sheet_zh), name)
    last_row = max(len(grid), 2)   # an Excel table needs a data row, even a blank one
    columns = list(zip(*grid, strict=True))
    for col, (column, values) in enumerate(zip(output.columns, columns, strict=True), start=1):
        body = sheet.range((2, col), (last_row, col))
        body.number_format = column_format(column.kind, values[1:])
        sheet.range((1, col)).column_width = column_width(values)
    sheet.range((1, 1)).value = grid
    sheet.tables.add(source=sheet.range((1, 1), (last_row, len(output.columns))),
                     name=output.sheet, table_style_name=TABLE_STYLE)
    return name


def write_lines(book: xw.Book, names: dict[str, str], language: str,
                lines: Sequence[str]) -> str:
    """A sheet of plain lines, one a row (the HR summary)."""
    name = names.get(language, names["en"])
    show_status(book, f"Writing {name}...")
    sheet = replace_sheet(book, tuple(names.values()), name)
    sheet.range((1, 1)).column_width = 120
    if lines:
        sheet.range((1, 1)).value = [[line] for line in lines]
    return name


def replace_sheet(book: xw.Book, old_names: Sequence[str], name: str) -> xw.Sheet:
    """Delete the sheets named ``old_names`` and add an empty ``name`` at the end."""
    delete_sheets(book, old_names)
    return book.sheets.add(name=name, after=book.sheets[len(book.sheets) - 1])


def delete_sheets(book: xw.Book, names: Sequence[str]) -> list[str]:
    wanted = {n.casefold() for n in names}
    doomed = [s for s in book.sheets if s.name.casefold() in wanted]
    deleted = [s.name for s in doomed]
    for sheet in doomed:
        sheet.delete()
    return deleted


# -- converter stages: result frame -> cells ---------------------------------------------

def table_grid(output: Output, frame: pd.DataFrame, language: str) -> list[list[Any]]:
    """The header row in ``language`` and one row of Excel values per frame row."""
    columns = [frame[c.name].tolist() if c.name in frame else [None] * len(frame)
               for c in output.columns]
    rows = [[excel_value(value, column.kind, output, language)
             for value, column in zip(row, output.columns, strict=True)]
            for row in zip(*columns, strict=True)]
    return [output.headers(language), *rows]


def excel_value(value: object, kind: OutKind, output: Output, language: str) -> Any:
    """The cell for ``value``: what its CSV export holds, as Excel's number, date or text.

    Numbers go through ``export_cell`` (money and scores to 2 decimals, ratios to 6), so the
    sheet holds exactly the exported figures; a blank stays empty.
    """
    if is_blank_value(value):
        return None
    if output is PROBLEMS and language == "zh" and value in SEVERITY_ZH:
        return SEVERITY_ZH[str(value)]
    if kind == "date":
        return date.fromisoformat(export_cell(value, kind))
    if kind == "count":
        return int(export_cell(value, kind))
    if kind in ("money", "score", "ratio", "number"):
        return float(Decimal(export_cell(value, kind)))
    return export_cell(value, kind)


def column_format(kind: OutKind, values: Sequence[Any]) -> str:
    """The number format of a column; text stays text unless a value is too long for it."""
    if kind in NUMBER_FORMATS:
        return NUMBER_FORMATS[kind]
    too_long = any(isinstance(v, str) and len(v) > TEXT_FORMAT_LIMIT for v in values)
    return "General" if too_long else TEXT_FORMAT


def column_width(values: Sequence[Any]) -> float:
    """Wide enough for the header (and its filter button) and the first values."""
    shown = [len(str(v)) for v in values[:WIDTH_SAMPLE] if v is not None]
    return float(min(max([8, len(str(values[0])) + 3, *(n + 1 for n in shown)]), MAX_WIDTH))
