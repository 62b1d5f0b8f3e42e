"""The workbook as read, before any typing: cells by Excel position, per sheet contract.

The shell fills a ``RawWorkbook`` (from a file or from Excel through xlwings); the core
finds each sheet's header row, types the cells and reports problems by Excel cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from toolkit.core.problems import Problem
from toolkit.core.sheets import Sheet, normalize_name

Cell = object
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class RawSheet:
    """The cells of one sheet (or Excel table), row by row, with where they came from.

    ``rows[i]`` is Excel row ``first_row + i``; ``rows[i][j]`` is Excel column
    ``first_col + j`` (0 = A). Empty cells are ``None`` or ``""``.
    """

    title: str
    rows: Sequence[Sequence[Cell]]
    first_row: int = 1
    first_col: int = 0
    is_table: bool = False


@dataclass
class RawWorkbook:
    """The sheets found for each contract (by contract name) and problems met while reading."""

    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    source: str = ""


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
    for index, row in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
        folded = {normalize_name(c) for c in row if not is_blank(c)}
        count = len(folded & known)
        if count > best_count and folded & required:
            best, best_count = index, count
    return best
