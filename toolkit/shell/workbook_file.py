"""Reading a workbook file into a ``RawWorkbook``: python-calamine, with openpyxl as fallback.

Before any reader sees the file, ``check_readable`` (``workbook_checks``) refuses with a
plain reason what is not a readable .xlsx/.xlsm package: an old .xls, a
password-protected workbook, a damaged or foreign zip, an XML bomb.

Sheets are matched to contracts by name (English or Chinese, folded); a contract with no
sheet of its name is looked for among the workbook's Excel tables. Each sheet keeps its
merged ranges. The sheet XML is scanned (with defusedxml) for two things the readers
hide: a formula cell with no cached value reads as empty and is reported as a warning
naming the cell; an Excel error value (``#N/A``, ``#DIV/0!``...), which calamine hands over
as an empty cell, is put back as its text so that validation reports it at its cell.

calamine's reader types each input sheet right after parsing it (``validate.type_sheet``)
and keeps the typed frame, not the cells: for a big workbook a second process reads half
the sheets, and a typed frame crosses to this process several times faster than its cells.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import python_calamine as calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from toolkit.core.problems import Problem, warning
from toolkit.core.raw import Merge, RawSheet, RawWorkbook, is_blank
from toolkit.core.sheets import INPUT_SHEETS, find_sheet
from toolkit.core.validate import TypedSheet, type_sheet
from toolkit.shell.column_sheets import read_columns
from toolkit.shell.processes import FORKS, SecondProcess, two_halves
from toolkit.shell.sheet_scan import may_have_marks, native, windows
from toolkit.shell.workbook_checks import (
    DAMAGE,
    UnreadableWorkbook,
    check_readable,
    damaged_workbook,
)

__all__ = ["CalamineFailed", "UnreadableWorkbook", "check_readable", "read_workbook"]

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = f"{{{_NS['m']}}}c"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def read_workbook(path: Path) -> RawWorkbook:
    """Every contract sheet of the workbook at ``path``: typed where it was read (see
    ``RawWorkbook``), except the Plan sheet and Excel tables, which stay as raw cells."""
    check_readable(path)
    try:
        try:
            book = _read_calamine(path)
        except CalamineFailed as exc:
            book = _read_openpyxl(path, reason=str(exc))
            marks = scan_sheets(path, {raw.title for raw in book.sheets.values()})
            sheets = {raw.title for raw in book.sheets.values() if not raw.is_table}
            book.problems.extend(uncached_formula_warnings(marks, sheets))
    except DAMAGE as exc:  # a part found damaged as it was read
        raise damaged_workbook(path, exc) from exc
    book.source = str(path)
    return book


class CalamineFailed(Exception):
    """calamine could not read the workbook (an error, or a panic in its Rust code); the
    openpyxl reader takes over."""


def _calamine(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``call(*args, **kwargs)`` with any failure of calamine's as ``CalamineFailed``."""
    return native(call, *args, failed=CalamineFailed, **kwargs)


def _assign(book: RawWorkbook, name: str, title: str, rows: Sequence[Sequence[Any]],
            first_row: int = 1, first_col: int = 0, is_table: bool = False,
            merged: tuple[Merge, ...] = ()) -> None:
    """Take ``rows`` for the contract matching ``name`` unless a sheet already serves it."""
    contract = find_sheet(name)
    if contract is not None and contract.name not in book.sheets:
        book.sheets[contract.name] = RawSheet(title, rows, first_row, first_col, is_table,
                                              merged)


def _read_calamine(path: Path) -> RawWorkbook:
    # The column reader needs only the sheet names of xl/workbook.xml: it starts first,
    # and calamine opens the workbook (parsing all its shared strings) meanwhile.
    with ThreadPoolExecutor(1) as pool:
        early = pool.submit(_read_columns, path)
        workbook = _calamine(calamine.CalamineWorkbook.from_path, str(path), load_tables=True)
        columns = early.result()
    try:
        book = RawWorkbook()
        # Calamine's names decide which sheet serves a contract; a sheet read as columns
        # that does not serve one is left unused.
        serving = _serving_sheets(workbook.sheet_names)
        read = {name: _SheetRead(typed, None, []) for name, typed in columns.items()}
        with _Elsewhere(path, [name for name in serving if name not in read]) as elsewhere:
            read.update({name: _read_sheet(workbook, path, name) for name in serving
                         if name not in read and name not in elsewhere.names})
            read.update(elsewhere.sheets())
        for name, contract in serving.items():
            sheet = read.pop(name)
            book.problems.extend(sheet.warnings)
            if sheet.typed is not None:
                book.typed[contract] = sheet.typed
            elif sheet.raw is not None:
                book.sheets[contract] = sheet.raw
        _read_tables(workbook, path, book)
    finally:
        workbook.close()
    return book


def _serving_sheets(names: Sequence[str]) -> dict[str, str]:
    """Sheet name -> the contract it serves: the first sheet of the workbook whose name
    matches a contract serves it."""
    serving: dict[str, str] = {}
    for name in names:
        contract = find_sheet(name)
        if contract is not None and contract.name not in serving.values():
            serving[name] = contract.name
    return serving


def _read_columns(path: Path) -> dict[str, TypedSheet]:
    """The plain input sheets (``column_sheets``) among those serving a contract by the
    names in xl/workbook.xml, read and typed as columns."""
    inputs = {contract.name for contract in INPUT_SHEETS}
    with zipfile.ZipFile(path) as archive:
        titles = _sheet_members(path, archive)
    serving = _serving_sheets(list(titles))
    members = {title: member for title, member in titles.items()
               if serving.get(title) in inputs}
    return read_columns(path, members)


@dataclass
class _SheetRead:
    """One sheet as read: typed (an input sheet) or raw (the Plan), with a warning per
    formula cell that has no cached value."""

    typed: TypedSheet | None
    raw: RawSheet | None
    warnings: list[Problem]


def _read_sheet(workbook: Any, path: Path, name: str) -> _SheetRead:
    """Parse the sheet ``name``, put back its error values, and type it if it is an input
    sheet; its cells are not kept then."""
    rows, merged = _parse_sheet(workbook, name)
    raw = RawSheet(name, rows, merged=merged)
    marks = scan_sheets(path, {name})
    raw = _restored(raw, marks.errors.get(name))
    warnings = list(uncached_formula_warnings(marks, {name}))
    contract = find_sheet(name)
    if contract is None or contract not in INPUT_SHEETS:
        return _SheetRead(None, replace(raw, rows=_compact(list(raw.rows))), warnings)
    # Typing reads each distinct cell once and shares its reading among equal cells, so
    # the typed frame repeats no text even though the cells were not compacted.
    return _SheetRead(type_sheet(contract, raw), None, warnings)


def _read_tables(workbook: Any, path: Path, book: RawWorkbook) -> None:
    """The Excel tables serving a contract no sheet serves, as raw cells with their error
    values put back."""
    for table_name in _table_names(workbook):
        contract = find_sheet(table_name)
        if contract is None or contract.name in book.sheets or contract.name in book.typed:
            continue
        table = _calamine(workbook.get_table_by_name, table_name)
        # ``start`` is the 0-based position of the first data row; the header is above it.
        if table.start is None:  # the openpyxl reader takes over
            raise CalamineFailed(f"table {table_name} has no position")
        start_row, start_col = table.start
        rows = _compact([list(table.columns), *_calamine(table.to_python)])
        book.sheets[contract.name] = RawSheet(table.sheet, rows, start_row, start_col, True)
    tables = [raw for raw in book.sheets.values() if raw.is_table]
    if tables:
        errors = scan_sheets(path, {raw.title for raw in tables}).errors
        for name, raw in list(book.sheets.items()):
            if raw.is_table:
                book.sheets[name] = _restored(raw, errors.get(raw.title))


_Parsed = tuple[list[Any], tuple[Merge, ...]]


def _parse_sheet(workbook: Any, name: str) -> _Parsed:
    """A sheet's rows and merged ranges (1-based rows, 0-based columns)."""
    sheet = _calamine(workbook.get_sheet_by_name, name)
    rows = _calamine(sheet.to_python, skip_empty_area=False)
    # calamine gives 0-based ((first row, first column), (last row, last column)).
    ranges: Any = getattr(sheet, "merged_cell_ranges", None) or ()
    return rows, tuple((top + 1, left, bottom + 1, right)
                       for (top, left), (bottom, right) in ranges)


# From this much sheet XML on, a second process reads about half of it: reading (parsing,
# then typing) is most of a run's first part, and calamine holds the GIL while it parses.
SHARE_FROM_BYTES = 32 << 20


class _Elsewhere:
    """About half the sheet XML (``two_halves``, the half with the biggest sheet), read by
    a forked second process while this one reads the rest; ``names`` is that share,
    ``sheets()`` waits for them. Small workbooks and platforms that do not fork read
    everything here."""

    def __init__(self, path: Path, names: list[str]) -> None:
        self._path = path
        sizes = _sheet_sizes(path, names)
        weights = [sizes.get(name, 0) for name in names]
        shared = two_halves(weights)[0] if sum(weights) >= SHARE_FROM_BYTES and FORKS else []
        self.names = frozenset(names[i] for i in shared)
        self._process: SecondProcess[dict[str, _SheetRead]] | None = None

    def __enter__(self) -> _Elsewhere:
        if self.names:
            self._process = SecondProcess(_read_sheets, self._path, sorted(self.names))
        return self

    def sheets(self) -> dict[str, _SheetRead]:
        return {} if self._process is None else self._process.result()

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.close()


def _read_sheets(path: Path, names: list[str]) -> dict[str, _SheetRead]:
    """In the second process: the named sheets, read."""
    workbook = _calamine(calamine.CalamineWorkbook.from_path, str(path))
    try:
        return {name: _read_sheet(workbook, path, name) for name in names}
    finally:
        workbook.close()


def _sheet_sizes(path: Path, names: list[str]) -> dict[str, int]:
    """Each named sheet's uncompressed XML size (0 when the package does not say)."""
    with zipfile.ZipFile(path) as archive:
        members = _sheet_members(path, archive)
        return {name: archive.getinfo(members[name]).file_size for name in names
                if members.get(name) in archive.NameToInfo}


def _compact(rows: list[Any]) -> list[Any]:
    """``rows`` as tuples in which equal texts and equal dates share one object: a big
    sheet repeats the same ids, names and days many times over, and keeps them until the
    run ends. (Numbers stay as read: 1.0 equals True and 0.0 equals -0.0.)"""
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    for index, row in enumerate(rows):
        rows[index] = tuple([share(c, c) if c.__class__ is str or c.__class__ is date else c
                             for c in row])
    return rows


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
        merged = tuple((m.min_row, m.min_col - 1, m.max_row, m.max_col - 1)
                       for m in sheet.merged_cells.ranges)
        _assign(book, sheet.title, sheet.title, rows, merged=merged)
    for sheet in workbook.worksheets:
        for name, table in sheet.tables.items():
            cells = sheet[table.ref]
            rows = [[c.value for c in row] for row in cells]
            first = cells[0][0]
            _assign(book, name, sheet.title, rows, first.row, first.column - 1, True)
    return book


@dataclass
class SheetMarks:
    """What the sheet XML shows that the readers do not: uncached formulas (sheet title,
    cell) and error values (sheet title -> (Excel row, column index) -> ``#N/A``...)."""

    uncached: list[tuple[str, str]] = field(default_factory=list)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def scan_sheets(path: Path, titles: set[str]) -> SheetMarks:
    """Scan the XML of the sheets titled ``titles``; only sheets with formulas or error
    values are parsed."""
    marks = SheetMarks()
    with zipfile.ZipFile(path) as archive:
        for title, member in _sheet_members(path, archive).items():
            if title not in titles or member not in archive.NameToInfo:
                continue
            if not _has_marks(archive, member):
                continue
            for cell in _parse(path, member, archive.read(member)).iter(_CELL):
                _mark(marks, title, cell)
    return marks


def _has_marks(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the sheet XML may hold a formula or an error value (``_mark`` reads each
    cell's own type), read in windows so that a big sheet is never held whole just to
    learn it has neither."""
    return any(map(may_have_marks, windows(archive, member)))


def _mark(marks: SheetMarks, title: str, cell: Element) -> None:
    ref = cell.get("r", "")
    formula = cell.find("m:f", _NS)
    value = cell.find("m:v", _NS)
    text = value.text if value is not None else None
    if formula is not None and not text:
        marks.uncached.append((title, ref))
    match = _CELL_REF.match(ref)
    if cell.get("t") == "e" and text and match:
        position = (int(match.group(2)), _column_index(match.group(1)))
        marks.errors.setdefault(title, {})[position] = text.strip()


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _parse(path: Path, member: str, data: bytes) -> Element:
    """Parse package XML with defusedxml: a DTD, entity or external reference is refused."""
    try:
        root: Element = fromstring(data)
    except (ParseError, DefusedXmlException) as exc:
        raise UnreadableWorkbook(f"{path}: its part {member} cannot be read ({exc}); open "
                                 "the file in Excel and save it again") from exc
    return root


def uncached_formula_warnings(marks: SheetMarks, wanted: set[str]) -> Iterator[Problem]:
    """A warning per formula cell that has no cached value, in the sheets titled
    ``wanted``."""
    for title, ref in marks.uncached:
        if title not in wanted:
            continue
        match = _CELL_REF.match(ref)
        row = int(match.group(2)) if match else None
        yield warning(title, "a formula with no cached value reads as empty; open and save "
                      "the workbook in Excel so it is calculated", row=row, cell=ref)


def _restored(raw: RawSheet, errors: dict[tuple[int, int], str] | None) -> RawSheet:
    """``raw`` with each error value put back into the (empty) cell calamine gave for it."""
    if not errors:
        return raw
    rows = [list(r) for r in raw.rows]
    for (row, col), text in errors.items():
        i, j = row - raw.first_row, col - raw.first_col
        if 0 <= i < len(rows) and j >= 0:
            cells = rows[i]
            cells.extend([None] * (j + 1 - len(cells)))
            if is_blank(cells[j]):
                cells[j] = text
    return replace(raw, rows=rows)


def _sheet_members(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> zip member of its XML."""
    try:
        workbook = _parse(path, "xl/workbook.xml", archive.read("xl/workbook.xml"))
        rels_name = "xl/_rels/workbook.xml.rels"
        rels = _parse(path, rels_name, archive.read(rels_name))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    members: dict[str, str] = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(_REL), "")
        member = target.lstrip("/") if target.startswith("/") else \
            str(PurePosixPath("xl") / target)
        members[sheet.get("name", "")] = member
    return members
