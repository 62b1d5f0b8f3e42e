"""Reading plain input sheets as columns: fastexcel parses a sheet into Arrow columns,
and each column is typed from its distinct values, with no Python object per cell.

A big workbook spends most of its reading in two things: calamine parsing the sheet XML,
and typing one Python object per cell. fastexcel parses with calamine too, but lets go of
the GIL while it does, so two threads parse two halves of the workbook at once; and an
Arrow column hands over its distinct values and an index per row, so a column of 400,000
cells is typed by reading a few thousand values.

Only a *plain* sheet is read this way, one whose cells are exactly what calamine's cell
reader (``workbook_file``) would give: its XML holds no formula, no error value and no
merged cell, its first cell is A1 and holds a value, its header is its first row (no
title rows above it), no two header cells share a name, and each column holds one kind of
value (text, numbers, dates or TRUE/FALSE; blanks anywhere), by fastexcel's own account.
Any other sheet, and any sheet fastexcel cannot read, is left to the cell reader, which
types it the usual way.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import re
import sys
import zipfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.core import sheets as S
from toolkit.core.cells import EXCEL_ERRORS, MAX_TEXT, read_distinct
from toolkit.core.raw import HEADER_SEARCH_ROWS, RawSheet, find_header_row
from toolkit.core.validate import TypedSheet, type_sheet
from toolkit.shell.sheet_scan import may_have_marks, native, windows

# fastexcel logs a warning for each column with no values ("falling back to string"):
# such a column reads as blanks here, which is what it is.
logging.getLogger("fastexcel").setLevel(logging.ERROR)

# The column reader cannot see a merged range (nor formulas or error values, which
# ``may_have_marks`` looks for); the first cell must be a filled A1.
_MERGED = b"<mergeCell"
_FIRST_CELL = re.compile(rb"<c\s[^>]*>")
_A1 = re.compile(rb"""\sr\s*=\s*["']A1["']""")
_VALUE = re.compile(rb"\s*<(v>[^<]|is>)")
# fastexcel names a repeated header "amount_1"; the cell reader reports it as repeated.
_RENAMED = re.compile(r"^(.*)_\d+$")
# calamine reads a day number below 61 (1900-03-01) as a time of day or a day of 1899.
_FIRST_PLAIN_DAY = datetime(1900, 3, 1)


class _Unread(Exception):
    """fastexcel could not read a sheet as columns (an error, or a panic in its Rust
    code): the cell reader reads it."""


def is_plain(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the sheet XML in ``member`` shows no formula, error value or merged cell,
    and its first cell is a filled A1."""
    return member in archive.NameToInfo and _plain(archive, member)


def _plain(archive: zipfile.ZipFile, member: str) -> bool:
    first = True
    for window in windows(archive, member):
        if first:
            cell = _FIRST_CELL.search(window)
            if cell is None or not _A1.search(cell.group()) or \
                    cell.group().endswith(b"/>") or not _VALUE.match(window, cell.end()):
                return False
            first = False
        if may_have_marks(window) or _MERGED in window:
            return False
    return not first


def read_columns(path: Path, members: dict[str, str]) -> dict[str, TypedSheet]:
    """The plain sheets among ``members`` (title -> zip member of its XML) read and typed
    as columns; a sheet missing from the result is for the cell reader. Two threads take
    the sheets biggest first, each the next one whenever it is free, so they finish
    about together whatever each sheet costs."""
    with zipfile.ZipFile(path) as archive:
        sizes = {title: archive.getinfo(member).file_size
                 if member in archive.NameToInfo else 0 for title, member in members.items()}
    titles = deque(sorted(members, key=lambda title: -sizes[title]))
    if not titles:
        return {}
    threads = min(2, len(titles))
    with ThreadPoolExecutor(threads) as pool:
        read = list(pool.map(lambda _: _read_taken(path, members, titles), range(threads)))
    _give_back_memory()
    return {title: typed for part in read for title, typed in part.items()}


def _give_back_memory() -> None:
    """Return to the system what the reading threads have freed. glibc keeps what a
    thread frees in that thread's own arena, where the rest of the run does not reuse it
    (about 260 MB after reading a 2,000-person workbook), and Arrow keeps a pool."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # musl has no malloc_trim
            ctypes.CDLL(None).malloc_trim(0)


def _read_taken(path: Path, members: dict[str, str], titles: deque[str]
                ) -> dict[str, TypedSheet]:
    """The plain sheets read as columns, taking each next title from ``titles`` (shared
    with the other thread) until none is left."""
    import fastexcel

    read: dict[str, TypedSheet] = {}
    reader: Any = None
    with zipfile.ZipFile(path) as archive:
        while titles:
            try:
                title = titles.popleft()
            except IndexError:  # the other thread took the last one
                break
            if not is_plain(archive, members[title]):
                continue
            if reader is None:
                try:
                    reader = native(fastexcel.read_excel, path, failed=_Unread)
                except _Unread:  # whatever fastexcel cannot open, calamine reads
                    return read
            typed = _read_sheet(reader, title)
            if typed is not None:
                read[title] = typed
    return read


def _read_sheet(reader: Any, name: str) -> TypedSheet | None:
    contract = S.find_sheet(name)
    if contract is None:
        return None
    try:
        header, batch, errors = native(_load, reader, name, failed=_Unread)
    except _Unread:  # mixed kinds in a column, or a sheet it cannot read
        return None
    if (errors is not None and errors.errors) or _renamed(header) \
            or len(header) != batch.num_columns:
        return None
    columns = [_Column.of(batch.column(i)) for i in range(batch.num_columns)]
    if any(column is None for column in columns):
        return None
    body = _ColumnBody([c for c in columns if c is not None], batch.num_rows)
    head = RawSheet(name, [header, *body.top_rows(HEADER_SEARCH_ROWS - 1)])
    if find_header_row(contract, head) != 0:
        return None
    return type_sheet(contract, head, body)


def _load(reader: Any, name: str) -> tuple[list[str | None], Any, Any]:
    """The sheet's header (``None`` for a blank cell), its columns, and the cells
    fastexcel could not take as its column's kind."""
    sheet = reader.load_sheet_by_name(name, header_row=0, schema_sample_rows=None,
                                      dtype_coercion="strict")
    header = [None if info.column_name_from == "generated" else info.name
              for info in sheet.available_columns()]
    # A cell of another kind in a column is not always refused: fastexcel may take text
    # such as "n/a" for a blank in a column of numbers, and report it here.
    batch, errors = sheet.to_arrow_with_errors()
    return header, batch, errors


def _renamed(header: list[str | None]) -> bool:
    """Whether fastexcel may have renamed a repeated header (``amount``, ``amount_1``)."""
    names = set(header)
    return any(match and match.group(1) in names
               for match in (_RENAMED.match(name or "") for name in header))


class _Column:
    """A column as its distinct values (an Arrow array) and, per row, the index of its
    value among them (the blanks' index is one past the last)."""

    def __init__(self, values: Any, codes: np.ndarray) -> None:
        self.values = values
        self.codes = codes

    @staticmethod
    def of(array: Any) -> _Column | None:
        """``None`` for a column of a kind the cell reader would read differently."""
        import pyarrow as pa
        import pyarrow.compute as pc

        kind = array.type
        if pa.types.is_null(kind):
            return _Column(pa.array([], pa.string()), np.zeros(len(array), dtype=np.intp))
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or pa.types.is_float64(kind) or pa.types.is_boolean(kind)
                or pa.types.is_timestamp(kind) or pa.types.is_date32(kind)):
            return None
        encoded = pc.dictionary_encode(array)
        values = encoded.dictionary
        if pa.types.is_timestamp(kind) and (kind.tz is not None or (
                len(values) and pc.min(values).as_py() < _FIRST_PLAIN_DAY)):
            return None
        codes = pc.fill_null(encoded.indices, len(values)).to_numpy(zero_copy_only=False)
        return _Column(values, codes.astype(np.intp, copy=False))

    @functools.cached_property
    def cells(self) -> list[Any]:
        """The distinct cells as calamine's cell reader gives them, then ``None``."""
        return [*map(_calamine_cell, self.values.to_pylist()), None]

    def at(self, row: int) -> Any:
        code = self.codes[row]
        return _calamine_cell(self.values[code].as_py()) if code < len(self.values) else None

    def readings(self, column: S.Column) -> list[Any]:
        """The reading of each distinct cell (``read_distinct``), then of a blank."""
        import pyarrow as pa

        if column.kind == "id" and self.values.type in (pa.string(), pa.large_string()):
            blank = read_distinct([None], "id", column.required)
            return [*plain_ids(self.values, column.required), *blank]
        return read_distinct(self.cells, column.kind, column.required)


def _calamine_cell(value: Any) -> Any:
    """A value as calamine's cell reader gives it: a date-time at midnight is a date."""
    if value.__class__ is datetime and value.time() == time(0):
        return value.date()
    return value


def plain_ids(texts: Any, required: bool) -> list[Any]:
    """``read_distinct(texts, "id", required)`` for an Arrow array of distinct texts: the
    common id (printable ASCII, not blank, no Excel error) is found by Arrow's string
    kernels, and only the rest goes through the reader one by one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(texts, " ")
    size = pc.binary_length(trimmed)
    plain = pc.and_(pc.and_(pc.string_is_ascii(texts), pc.ascii_is_printable(texts)),
                    pc.and_(pc.and_(pc.greater(size, 0), pc.less_equal(size, MAX_TEXT)),
                            pc.invert(pc.is_in(trimmed, pa.array(sorted(EXCEL_ERRORS))))))
    readings: list[Any] = trimmed.to_pylist()
    others = np.flatnonzero(~plain.to_numpy(zero_copy_only=False))
    if len(others):
        read = read_distinct(texts.take(others).to_pylist(), "id", required)
        for index, reading in zip(others.tolist(), read, strict=True):
            readings[index] = reading
    return readings


@dataclass(frozen=True)
class _ColumnBody:
    """The rows below the header, as columns (``validate.Body``)."""

    columns: list[_Column]
    rows: int

    def __len__(self) -> int:
        return self.rows

    def read(self, offset: int, column: S.Column) -> list[Any]:
        source = self.columns[offset]
        readings = np.empty(len(source.values) + 1, dtype=object)
        readings[:] = source.readings(column)
        result: list[Any] = readings[source.codes].tolist()
        return result

    def top_rows(self, count: int) -> list[list[Any]]:
        return [[column.at(row) for column in self.columns]
                for row in range(min(count, self.rows))]
