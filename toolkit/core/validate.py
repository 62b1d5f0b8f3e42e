"""Validation: from the raw workbook to typed tables, collecting every problem at once.

Each sheet is typed column by column against its contract (``toolkit.core.sheets``); then
the rules that span rows and sheets are checked: duplicate keys, ids that name no
employee, collections above the contract amount, payments for unknown contracts, review
dates before the period ends. The rules that need the graded periods (a missing sales
target) are checked by ``toolkit.core.pipeline`` before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
import pandas as pd

from toolkit.core import sheets as S
from toolkit.core.cells import EMPTY, Unreadable, read_column
from toolkit.core.periods import Period
from toolkit.core.plan import Plan
from toolkit.core.plan_sheet import parse_plan
from toolkit.core.problems import Problem, column_letter, error, warning
from toolkit.core.raw import (
    HEADER_SEARCH_ROWS,
    RawSheet,
    RawWorkbook,
    column_cells,
    find_header_row,
    header_cells,
    is_blank,
    merged_away,
)

ROW = "_row"  # the Excel row number of each typed row


@dataclass(frozen=True)
class Tables:
    """Typed frames per sheet contract name (absent optional sheets are empty frames)."""

    frames: dict[str, pd.DataFrame]
    plan: Plan
    titles: dict[str, str] = field(default_factory=dict)
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    present: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def has(self, name: str) -> bool:
        return name in self.present

    def title(self, name: str) -> str:
        return self.titles.get(name, name)

    def cell(self, name: str, column: str, row: int) -> str | None:
        letter = self.letters.get(name, {}).get(column)
        return f"{letter}{row}" if letter else None


@dataclass(frozen=True)
class TypedSheet:
    """One sheet typed against its contract: its title in the workbook, its frame, the
    Excel column letter of each contract column found, and the problems typing found."""

    title: str
    frame: pd.DataFrame
    letters: dict[str, str]
    problems: list[Problem]


def empty_frame(sheet: S.Sheet) -> pd.DataFrame:
    return _frame(sheet, {c.name: [] for c in sheet.columns}, np.array([], dtype="int64"))


def _frame(sheet: S.Sheet, values: dict[str, list[Any]], rows: np.ndarray) -> pd.DataFrame:
    data: dict[str, Any] = {ROW: pd.Series(rows, dtype="int64")}
    for column in sheet.columns:
        column_values = values.get(column.name, [None] * len(rows))
        data[column.name] = _series(column.kind, column_values)
    return pd.DataFrame(data)


def _series(kind: str, values: list[Any]) -> pd.Series:
    if kind == "date":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)),
                         dtype="datetime64[ns]")
    if kind in ("number", "count", "rate"):
        return pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    return pd.Series(values, dtype=object)


class Body(Protocol):
    """The rows below a sheet's header, read column by column (a reader that holds them
    as columns)."""

    def __len__(self) -> int: ...

    def read(self, offset: int, column: S.Column) -> list[Any]:
        """The readings of the column at ``offset`` (0 = the sheet's first column), as
        ``read_column`` reads them."""
        ...


@dataclass(frozen=True)
class _RowBody:
    """The rows below the header as rows of cells."""

    rows: Sequence[Sequence[object]]

    def __len__(self) -> int:
        return len(self.rows)

    def read(self, offset: int, column: S.Column) -> list[Any]:
        return read_column(column_cells(self.rows, offset), column.kind, column.required)


def type_sheet(sheet: S.Sheet, raw: RawSheet, body: Body | None = None) -> TypedSheet:
    """Type one sheet: find its header, map columns, read every cell of a known column.

    ``body``, when given, holds the rows below the header, and ``raw`` the rows down to
    and with the header's, which must be its first row (``raw`` then holds the top rows,
    enough to find the header).
    """
    problems: list[Problem] = []
    header_index = find_header_row(sheet, raw)
    if body is not None and header_index != 0:
        raise ValueError(f"{raw.title}: the header of a sheet read by columns is not its "
                         "first row")
    if header_index is None:
        wanted = ", ".join(f"{c.name} ({c.zh})" for c in sheet.columns if c.required)
        problems.append(error(raw.title, f"expected a header row naming {wanted} in the "
                              f"first {HEADER_SEARCH_ROWS} rows, found none"))
        return TypedSheet(raw.title, empty_frame(sheet), {}, problems)
    header_row = raw.first_row + header_index
    positions: dict[str, int] = {}
    for offset, header in enumerate(header_cells(raw, header_index)):
        column = None if is_blank(header) else sheet.match_header(header)
        if column is None:
            continue
        if column.name in positions:
            problems.append(error(raw.title, f"expected one column {column.name}, found it "
                                  "twice", row=header_row, column=column.name,
                                  col_index=raw.first_col + offset))
            continue
        positions[column.name] = offset
    for column in sheet.columns:
        if column.required and column.name not in positions:
            problems.append(error(raw.title, f"expected a column named {column.name} "
                                  f"({column.zh}), found none", row=header_row,
                                  column=column.name))
    letters = {name: column_letter(raw.first_col + off) for name, off in positions.items()}
    if body is None:
        body = _RowBody(raw.rows[header_index + 1:])
    readings = {name: body.read(off, sheet.column(name)) for name, off in positions.items()}
    _report_merged(raw, readings, positions, header_row)
    keep = _non_blank_rows(readings.values(), len(body))
    rows = header_row + 1 + keep
    values = {name: _report_bad(column_values, keep, rows, raw, sheet.column(name),
                                positions[name], problems)
              for name, column_values in readings.items()}
    return TypedSheet(raw.title, _frame(sheet, values, rows), letters, problems)


def _report_merged(raw: RawSheet, readings: dict[str, list[Any]], positions: dict[str, int],
                   header_row: int) -> None:
    """A cell of a known column hidden under merged cells reads as unreadable: the merge
    shows one value over several rows, and which rows it was meant for is a guess."""
    if not raw.merged:
        return
    for name, offset in positions.items():
        count = len(readings[name])
        hidden = merged_away(raw, raw.first_col + offset, header_row + 1, header_row + count)
        for row, anchor in hidden.items():
            readings[name][row - header_row - 1] = Unreadable(
                f"expected a value in each row, found a cell merged with {anchor}; unmerge "
                "the cells and fill in every row")


def _non_blank_rows(readings: Iterable[list[Any]], count: int) -> np.ndarray:
    """Indices of the body rows with at least one known column not blank (a row blank in
    every known column is no record)."""
    filled = np.zeros(count, dtype=bool)
    for values in readings:
        if None not in values and EMPTY not in values:
            return np.arange(count)
        filled |= np.fromiter((v is not None and v is not EMPTY for v in values), bool,
                              count)
    return np.flatnonzero(filled)


def _report_bad(values: list[Any], keep: np.ndarray, rows: np.ndarray, raw: RawSheet,
                column: S.Column, offset: int, problems: list[Problem]) -> list[Any]:
    """The values of the kept rows; an error per unreadable or missing required cell,
    which becomes ``None``."""
    kept = values if len(keep) == len(values) else [values[i] for i in keep.tolist()]
    if Unreadable not in map(type, kept):
        return kept
    bad = [i for i, value in enumerate(kept) if value.__class__ is Unreadable]
    col_index = raw.first_col + offset
    for index in bad:
        problems.append(error(raw.title, kept[index].message, row=int(rows[index]),
                              column=column.name, col_index=col_index))
        kept[index] = None
    return kept


def validate(raw: RawWorkbook) -> tuple[Tables, list[Problem]]:
    """Type every sheet and check the rules that need only the workbook.

    Returns the typed tables and every problem found (errors and warnings).
    """
    problems: list[Problem] = list(raw.problems)
    frames: dict[str, pd.DataFrame] = {}
    letters: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for sheet in S.INPUT_SHEETS:
        typed = raw.typed.get(sheet.name)
        source = raw.sheets.get(sheet.name)
        if typed is None and source is not None:
            typed = type_sheet(sheet, source)
        if typed is None:
            if sheet.required:
                problems.append(error(sheet.name, f"expected a sheet named {sheet.name} "
                                      f"({sheet.zh}), found none"))
            frames[sheet.name] = empty_frame(sheet)
            continue
        problems.extend(typed.problems)
        frames[sheet.name], letters[sheet.name] = typed.frame, typed.letters
        titles[sheet.name] = typed.title
    plan_raw = raw.sheets.get("Plan")
    plan = parse_plan(plan_raw, problems) if plan_raw else Plan()
    tables = Tables(frames, plan, titles, letters,
                    frozenset(n for n in [*raw.sheets, *raw.typed] if n != "Plan"))
    problems.extend(check_rules(tables))
    return tables, problems


def check_rules(tables: Tables) -> list[Problem]:
    """Rules across rows and sheets: keys, references, amounts, dates."""
    problems: list[Problem] = []
    for sheet in S.INPUT_SHEETS:
        if sheet.key and tables.has(sheet.name):
            problems.extend(_duplicates(tables, sheet))
    problems.extend(_references(tables))
    problems.extend(_employee_dates(tables))
    problems.extend(_negative_values(tables))
    problems.extend(_collected_above_amount(tables))
    problems.extend(_unknown_payment_contracts(tables))
    problems.extend(_early_review_dates(tables))
    return problems


def _problem_at(tables: Tables, sheet: str, column: str, row: int, message: str,
                severity: str = "error") -> Problem:
    make = error if severity == "error" else warning
    letter = tables.letters.get(sheet, {}).get(column)
    col_index = _letter_index(letter) if letter else None
    return make(tables.title(sheet), message, row=row, column=column, col_index=col_index)


def _letter_index(letter: str) -> int:
    index = 0
    for char in letter:
        index = index * 26 + ord(char) - 64
    return index - 1


def _duplicates(tables: Tables, sheet: S.Sheet) -> Iterable[Problem]:
    frame = tables[sheet.name]
    keys = list(sheet.key)
    complete = frame.dropna(subset=keys)
    repeated = complete[complete.duplicated(subset=keys, keep="first")]
    if repeated.empty:
        return
    first_rows = complete.drop_duplicates(subset=keys).set_index(keys)[ROW]
    for record in repeated.to_dict("records"):
        key = tuple(record[k] for k in keys)
        first = first_rows.loc[key if len(key) > 1 else key[0]]
        shown = " / ".join(str(k) for k in key)
        yield _problem_at(tables, sheet.name, keys[-1], int(record[ROW]),
                          f"expected a unique {' + '.join(keys)}, found {shown} again "
                          f"(first in row {int(first)})")


def _references(tables: Tables) -> Iterable[Problem]:
    known = set(tables["Employees"]["employee_id"].dropna())
    for sheet_name, column in S.EMPLOYEE_REFERENCES:
        if not tables.has(sheet_name):
            continue
        frame = tables[sheet_name]
        unknown = frame[frame[column].notna() & ~frame[column].isin(known)]
        for value, row in zip(unknown[column], unknown[ROW], strict=True):
            yield _problem_at(tables, sheet_name, column, int(row),
                              f"expected an employee_id listed in Employees, found {value!r}")


def _employee_dates(tables: Tables) -> Iterable[Problem]:
    frame = tables["Employees"]
    bad = frame[frame["termination_date"].notna()
                & (frame["termination_date"] < frame["hire_date"])]
    for hired, left, row in zip(bad["hire_date"], bad["termination_date"], bad[ROW],
                                strict=True):
        yield _problem_at(tables, "Employees", "termination_date", int(row),
                          f"expected a date on or after hire_date {hired.date()}, found "
                          f"{left.date()}")


# Pay, rates and targets only make sense as 0 or more. (Sales and payments may be negative:
# a return, a refund.)
NON_NEGATIVE = (
    ("Employees", ("base_salary", "monthly_bonus_base", "annual_bonus_base",
                   "commission_rate")),
    ("Targets", ("sales_target", "new_customer_target", "lead_conversion_target",
                 "collection_target")),
)


def _negative_values(tables: Tables) -> Iterable[Problem]:
    for sheet, columns in NON_NEGATIVE:
        frame = tables[sheet]
        for column in columns:
            present = frame.loc[frame[column].notna(), [column, ROW]]
            negative = present[(present[column] < 0).to_numpy(dtype=bool)]
            for value, row in zip(negative[column], negative[ROW], strict=True):
                shown = format(Decimal(str(value)).normalize(), "f")
                yield _problem_at(tables, sheet, column, int(row),
                                  f"expected a number of 0 or more, found {shown}")


def _collected_above_amount(tables: Tables) -> Iterable[Problem]:
    frame = tables["Sales"]
    rows = frame[frame["collected_amount"].notna() & frame["amount"].notna()]
    collected = rows["collected_amount"]
    # Above the amount, and above 0 when the amount is negative.
    above = rows[((collected > rows["amount"]) & (collected > 0)).to_numpy(dtype=bool)]
    for amount, collected_amount, row in zip(above["amount"], above["collected_amount"],
                                             above[ROW], strict=True):
        yield _problem_at(tables, "Sales", "collected_amount", int(row),
                          f"expected at most the amount {amount}, found {collected_amount}")


def _unknown_payment_contracts(tables: Tables) -> Iterable[Problem]:
    if not tables.has("Payments"):
        return
    contracts = tables["Sales"]["contract_id"].dropna()
    frame = tables["Payments"]
    unknown = frame[frame["contract_id"].notna() & ~frame["contract_id"].isin(contracts)]
    for value, row in zip(unknown["contract_id"], unknown[ROW], strict=True):
        yield _problem_at(tables, "Payments", "contract_id", int(row),
                          f"expected a contract_id listed in Sales, found {value!r}; "
                          "the payment is ignored", "warning")


REVIEW_DATES = ("self_review_date", "manager_review_date", "one_on_one_date")


def _early_review_dates(tables: Tables) -> Iterable[Problem]:
    """A warning per review step dated on or before the last day of its period, row by
    row and in the order of ``REVIEW_DATES``."""
    frame = tables["Reviews"].dropna(subset=["period"])
    ends = {period: Period.parse(period).end for period in frame["period"].unique()}
    period_end = frame["period"].map(ends)
    # A step dated on or before the period's last day is dated before the next day begins.
    next_day = pd.to_datetime(period_end.map(lambda end: end + timedelta(days=1)))
    early = sorted(
        (position, order, column)
        for order, column in enumerate(REVIEW_DATES)
        for position in np.flatnonzero((frame[column] < next_day).to_numpy(dtype=bool)))
    for position, _, column in early:
        value, end = frame[column].iloc[position], period_end.iloc[position]
        yield _problem_at(tables, "Reviews", column, int(frame[ROW].iloc[position]),
                          f"expected a date after the period ends ({end}), found "
                          f"{value.date()}", "warning")
