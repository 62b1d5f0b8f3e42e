"""The workbook as read, before any typing: cells by Excel position, per sheet contract.

The shell fills a ``RawWorkbook`` (from a file or from Excel through xlwings); the core
finds each sheet's header row, types the cells and reports problems by Excel cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from toolkit.core.problems import Problem, column_letter
from toolkit.core.sheets import Sheet, normalize_name

if TYPE_CHECKING:
    from toolkit.core.validate import TypedSheet

Cell = object
# A merged range: first Excel row, first column (0 = A), last row, last column.
Merge = tuple[int, int, int, int]
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class RawSheet:
    """The cells of one sheet (or Excel table), row by row, with where they came from.

    ``rows[i]`` is Excel row ``first_row + i``; ``rows[i][j]`` is Excel column
    ``first_col + j`` (0 = A). Empty cells are ``None`` or ``""``. ``merged`` lists the
    sheet's merged ranges in Excel positions; a merge's value is in its top-left cell, the
    cells it hides are empty.
    """

    title: str
    rows: Sequence[Sequence[Cell]]
    first_row: int = 1
    first_col: int = 0
    is_table: bool = False
    merged: tuple[Merge, ...] = ()


@dataclass
class RawWorkbook:
    """The sheets found for each contract (by contract name) and problems met while reading.

    A reader may type a sheet as it reads it (``validate.type_sheet``, where the cells
    are) and hand over the ``typed`` sheet instead of its cells; validation types the rest.
    """

    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source: str = ""
    typed: dict[str, TypedSheet] = field(default_factory=dict)


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def find_header_row(sheet: Sheet, raw: RawSheet) -> int | None:
    """Index (into ``raw.rows``) of the header row: the first of the top rows that names
    the most columns of the contract, at least one of them required. ``None`` if none does.
    """
    if raw.is_table:
        return 0 if raw.rows else None
    known = {normalize_name(n) for c in sheet.columns for n in c.names}
    required = {normalize_name(n) for c in sheet.columns if c.required for n in c.names}
    best, best_count = None, 0
    for index in range(min(len(raw.rows), HEADER_SEARCH_ROWS)):
        folded = {normalize_name(c) for c in header_cells(raw, index) if not is_blank(c)}
        count = len(folded & known)
        if count > best_count and folded & required:
            best, best_count = index, count
    return best


def header_cells(raw: RawSheet, index: int) -> list[Cell]:
    """The cells of ``raw.rows[index]`` read as headers: a header typed in a cell merged
    down over two header rows names its column in the lower row too. (A header merged
    across columns names only its first column: which of them was meant is not clear.)"""
    row = list(raw.rows[index])
    excel_row = raw.first_row + index
    for top, left, bottom, _right in raw.merged:
        offset = left - raw.first_col
        if top < excel_row <= bottom and 0 <= offset < len(row) and is_blank(row[offset]):
            above = raw.rows[top - raw.first_row] if top >= raw.first_row else ()
            row[offset] = above[offset] if offset < len(above) else None
    return row


def column_cells(rows: Sequence[Sequence[Cell]], offset: int) -> list[Cell]:
    """The cell at ``offset`` of each row; a row too short for it gives ``None``."""
    try:
        return list(map(itemgetter(offset), rows))
    except IndexError:
        return [row[offset] if offset < len(row) else None for row in rows]


def merged_away(raw: RawSheet, col_index: int, first: int, last: int) -> dict[int, str]:
    """Excel rows ``first..last`` whose cell in column ``col_index`` is hidden under a
    merged range (not its top-left cell), each with that top-left cell (``A2``)."""
    hidden: dict[int, str] = {}
    for top, left, bottom, right in raw.merged:
        if left <= col_index <= right:
            anchor = f"{column_letter(left)}{top}"
            for row in range(max(top, first), min(bottom, last) + 1):
                if (row, col_index) != (top, left):
                    hidden[row] = anchor
    return hidden
