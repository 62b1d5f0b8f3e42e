"""Reading a workbook file into a ``RawWorkbook``: python-calamine, with openpyxl as fallback.

Sheets are matched to contracts by name (English or Chinese, folded); a contract with no
sheet of its name is looked for among the workbook's Excel tables. A formula cell with no
cached value reads as empty, and is reported as a warning naming the cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from toolkit.core.problems import ToolkitError, warning
from toolkit.core.raw import RawSheet, RawWorkbook
from toolkit.core.sheets import find_sheet

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


class UnreadableWorkbook(ToolkitError):
    """The file is not a workbook the toolkit can read; the message says why."""


def check_readable(path: Path) -> None:
    """Raise ``UnreadableWorkbook`` with a plain reason for files that are not .xlsx/.xlsm."""
    if not path.exists():
        raise UnreadableWorkbook(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableWorkbook(f"{path}: is a folder, expected an .xlsx or .xlsm file")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise UnreadableWorkbook(
            f"{path}: is an old-format (.xls) or password-protected workbook; open it in "
            "Excel, remove the password if any, and save it as .xlsx")
    if not zipfile.is_zipfile(path):
        raise UnreadableWorkbook(f"{path}: is not an Excel workbook (.xlsx or .xlsm)")


def read_workbook(path: Path) -> RawWorkbook:
    """Every contract sheet of the workbook at ``path``, as raw cells."""
    check_readable(path)
    try:
        book = _read_calamine(path)
    except (calamine.CalamineError, ValueError, OSError) as exc:
        book = _read_openpyxl(path, reason=str(exc))
    book.problems.extend(uncached_formula_warnings(path, book))
    book.source = str(path)
    return book


def _assign(book: RawWorkbook, name: str, title: str, rows: Sequence[Sequence[Any]],
            first_row: int = 1, first_col: int = 0, is_table: bool = False) -> None:
    """Take ``rows`` for the contract matching ``name`` unless a sheet already serves it."""
    contract = find_sheet(name)
    if contract is not None and contract.name not in book.sheets:
        book.sheets[contract.name] = RawSheet(title, rows, first_row, first_col, is_table)


def _read_calamine(path: Path) -> RawWorkbook:
    workbook = calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    book = RawWorkbook()
    for name in workbook.sheet_names:
        if find_sheet(name) is not None:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            _assign(book, name, name, rows)
    for table_name in _table_names(workbook):
        contract = find_sheet(table_name)
        if contract is None or contract.name in book.sheets:
            continue
        table = workbook.get_table_by_name(table_name)
        # ``start`` is the 0-based position of the first data row; the header is above it.
        start_row, start_col = table.start
        rows = [list(table.columns), *table.to_python()]
        _assign(book, table_name, table.sheet, rows, start_row, start_col, is_table=True)
    workbook.close()
    return book


def _table_names(workbook: Any) -> list[str]:
    try:
        names = workbook.table_names
        return list(names() if callable(names) else names)
    except (calamine.CalamineError, AttributeError):
        return []


def _read_openpyxl(path: Path, reason: str) -> RawWorkbook:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableWorkbook(f"{path}: cannot be read ({reason}; {exc})") from exc
    book = RawWorkbook()
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        _assign(book, sheet.title, sheet.title, rows)
    for sheet in workbook.worksheets:
        for name, table in sheet.tables.items():
            cells = sheet[table.ref]
            rows = [[c.value for c in row] for row in cells]
            first = cells[0][0]
            _assign(book, name, sheet.title, rows, first.row, first.column - 1, True)
    return book


def uncached_formula_warnings(path: Path, book: RawWorkbook) -> Iterator[Any]:
    """A warning per formula cell that has no cached value, in the sheets we read."""
    wanted = {raw.title for raw in book.sheets.values() if not raw.is_table}
    for title, ref in _uncached_formulas(path, wanted):
        match = _CELL_REF.match(ref)
        row = int(match.group(2)) if match else None
        yield warning(title, "a formula with no cached value reads as empty; open and save "
                      "the workbook in Excel so it is calculated", row=row, cell=ref)


def _uncached_formulas(path: Path, titles: set[str]) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as archive:
        for title, member in _sheet_members(archive).items():
            if title not in titles:
                continue
            data = archive.read(member)
            if b"<f" not in data:
                continue
            for cell in ElementTree.fromstring(data).iter(f"{{{_NS['m']}}}c"):
                formula = cell.find("m:f", _NS)
                value = cell.find("m:v", _NS)
                if formula is not None and (value is None or not (value.text or "")):
                    yield title, cell.get("r", "")


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> zip member of its XML."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    members: dict[str, str] = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(_REL), "")
        member = target.lstrip("/") if target.startswith("/") else \
            str(PurePosixPath("xl") / target)
        members[sheet.get("name", "")] = member
    return members
