"""Problems found in a workbook, and the errors the toolkit raises.

A ``Problem`` names its place (sheet, Excel row, column), what was expected and what was
found, so an HR user can go straight to the cell. Validation collects every problem before
anything is computed; errors stop the run with nothing written, warnings travel with the
results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


def column_letter(index: int) -> str:
    """0 -> ``A``, 25 -> ``Z``, 26 -> ``AA``."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located as precisely as the input allows."""

    severity: Severity
    sheet: str
    message: str
    row: int | None = None
    column: str | None = None
    cell: str | None = None

    @property
    def place(self) -> str:
        """``Sales!F14``, ``Sales!F`` or ``Sales`` depending on what is known."""
        if self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.row is not None:
            return f"{self.sheet} row {self.row}"
        return self.sheet

    def __str__(self) -> str:
        column = f" {self.column}" if self.column else ""
        return f"{self.place}{column}: {self.message}"


def error(sheet: str, message: str, *, row: int | None = None, column: str | None = None,
          col_index: int | None = None, cell: str | None = None) -> Problem:
    return _make("error", sheet, message, row, column, col_index, cell)


def warning(sheet: str, message: str, *, row: int | None = None, column: str | None = None,
            col_index: int | None = None, cell: str | None = None) -> Problem:
    return _make("warning", sheet, message, row, column, col_index, cell)


def _make(severity: Severity, sheet: str, message: str, row: int | None,
          column: str | None, col_index: int | None, cell: str | None) -> Problem:
    if col_index is not None:
        cell = f"{column_letter(col_index)}{row}" if row is not None else column_letter(col_index)
    return Problem(severity, sheet, message, row, column, cell)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then by sheet and row: the order a person fixes them in."""
    return sorted(problems, key=lambda p: (p.severity != "error", p.sheet, p.row or 0,
                                           p.cell or "", p.message))


class ToolkitError(Exception):
    """The root of every error the toolkit raises on purpose."""


class WorkbookInvalid(ToolkitError):
    """The workbook has errors; nothing was computed or written."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"the workbook has {len(errors)} error(s)")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class PlanInvalid(ToolkitError):
    """A plan value breaks a rule (weights not summing to 100, bands not decreasing...)."""
