"""A copy of the sample with many kinds of defects: every one reported in one run."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from tests.end_to_end.conftest import AS_OF, SAMPLE_EN, invoke


def _column(sheet: Worksheet, header: str) -> int:
    for cell in sheet[1]:
        if cell.value == header:
            column: int = cell.column  # openpyxl is untyped: a cell's column is an int
            return column
    raise AssertionError(f"{sheet.title} has no header {header}")


def _set(book: Workbook, sheet: str, row: int, header: str, value: object) -> str:
    ws = book[sheet]
    col = _column(ws, header)
    ws.cell(row=row, column=col, value=value)
    return f"{sheet}!{ws.cell(row=row, column=col).coordinate}"


def _plan_cell(book: Workbook, first: str, header: str) -> tuple[int, int]:
    """Row of the Plan block line whose first cell is ``first``, column of ``header``."""
    ws = book["Plan"]
    for row in ws.iter_rows():
        values = [c.value for c in row]
        if header in values:
            header_col = values.index(header) + 1
        if values and values[0] == first:
            return row[0].row, header_col
    raise AssertionError(first)


@pytest.fixture
def defective(tmp_path: Path) -> tuple[Path, list[str]]:
    """The sample with 16 defects; returns the path and the message fragments expected."""
    path = tmp_path / "defective.xlsx"
    shutil.copy(SAMPLE_EN, path)
    book = openpyxl.load_workbook(path)
    expected: list[str] = []
    del book["Reviews"]
    expected.append("Reviews: expected a sheet named Reviews (评价), found none")
    leads = book["Leads"]
    leads.cell(row=1, column=_column(leads, "created_date"), value="created")
    expected.append("Leads row 1 created_date: expected a column named created_date")
    first_id = book["Employees"].cell(row=2, column=1).value
    place = _set(book, "Employees", 3, "employee_id", first_id)
    expected.append(f"{place} employee_id: expected a unique employee_id, found {first_id} again")
    place = _set(book, "Sales", 2, "employee_id", "E9999")
    expected.append(f"{place} employee_id: expected an employee_id listed in Employees, "
                    "found 'E9999'")
    place = _set(book, "Sales", 3, "amount", "n/a")
    expected.append(f"{place} amount: expected a number, found 'n/a'")
    place = _set(book, "Sales", 4, "date", "2026-13-45")
    expected.append(f"{place} date: expected a date, found '2026-13-45'")
    second_contract = book["Sales"].cell(row=6, column=1).value
    place = _set(book, "Sales", 7, "contract_id", second_contract)
    expected.append(f"{place} contract_id: expected a unique contract_id, found "
                    f"{second_contract} again")
    amount = book["Sales"].cell(row=8, column=_column(book["Sales"], "amount")).value
    place = _set(book, "Sales", 8, "collected_amount", float(amount) + 1000)
    expected.append(f"{place} collected_amount: expected at most the amount")
    place = _set(book, "History", 2, "grade", "E")
    expected.append(f"{place} grade: expected a grade S, A, B, C or D, found 'E'")
    place = _set(book, "Targets", 2, "period", "2026-13")
    expected.append(f"{place} period: expected a period such as 2026-03, 2026-Q1 or 2026, "
                    "found '2026-13'")
    place = _set(book, "Appeals", 2, "decision", "maybe")
    expected.append(f"{place} decision: expected upheld, rejected or pending")
    place = _set(book, "Employees", 4, "commission_rate", "abc")
    expected.append(f"{place} commission_rate: expected a rate such as 0.25 or 25%, found 'abc'")
    place = _set(book, "Leads", 3, "lead_id", book["Leads"].cell(row=2, column=1).value)
    expected.append(f"{place} lead_id: expected a unique lead_id")
    row, col = _plan_cell(book, "sales_attainment", "month")
    book["Plan"].cell(row=row, column=col, value=25)
    expected.append("the month weights to sum to 100, found 105")
    row, col = _plan_cell(book, "A", "min_score")
    book["Plan"].cell(row=row, column=col, value=110)
    expected.append("expected min_score strictly decreasing from S to D")
    targets = book["Targets"]
    employee = targets.cell(row=10, column=1).value
    period = targets.cell(row=10, column=2).value
    targets.delete_rows(10)
    expected.append(f"Targets sales_target: expected a sales_target for {employee} in {period} ")
    book.save(path)
    return path, expected


def test_every_defect_is_reported_at_once_and_nothing_is_written(
        cli: CliRunner, defective: tuple[Path, list[str]], tmp_path: Path) -> None:
    """Sixteen kinds of defects: exit 2, each named with sheet, row and column, no output."""
    path, expected = defective
    before = path.read_bytes()
    out = tmp_path / "out"
    result = invoke(cli, "run", str(path), "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    missing = [e for e in expected if " ".join(e.split()) not in text]
    assert missing == []
    assert not out.exists()
    assert path.read_bytes() == before
