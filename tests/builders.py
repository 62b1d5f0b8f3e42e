"""Small workbooks for tests, built from plain Python rows.

``raw(...)`` gives a ``RawWorkbook`` for core tests (no file); ``write_xlsx(...)`` writes the
same sheets to a real .xlsx with openpyxl for shell and end-to-end tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from toolkit.core.raw import RawSheet, RawWorkbook
from toolkit.core.sheets import find_sheet

Rows = Sequence[Sequence[Any]]
# Read-only, so a dict of list rows and a dict of Rows both fit (dict is invariant).
Sheets = Mapping[str, Rows]

EMPLOYEE_HEADERS = ["employee_id", "name", "department", "manager_id", "hire_date",
                    "termination_date", "base_salary", "commission_rate"]


def employees(*rows: Sequence[Any]) -> list[list[Any]]:
    """Employees rows: (id, name, hire_date[, termination_date[, manager_id]])."""
    out: list[list[Any]] = [EMPLOYEE_HEADERS]
    for row in rows:
        emp, name, hired, *rest = row
        left = rest[0] if rest else None
        manager = rest[1] if len(rest) > 1 else None
        out.append([emp, name, "Sales", manager, hired, left, 10000, None])
    return out


def raw(sheets: Sheets) -> RawWorkbook:
    """A RawWorkbook from {sheet title: [header row, data rows...]}."""
    book = RawWorkbook()
    for title, rows in sheets.items():
        contract = find_sheet(title)
        assert contract is not None, title
        book.sheets[contract.name] = RawSheet(title, [list(r) for r in rows])
    return book


def minimal_sheets(**extra: Rows) -> dict[str, Rows]:
    """One sales employee E1 with a month target for 2026-01, one sale, one review."""
    sheets: dict[str, Rows] = {
        "Employees": employees(("E1", "Ann", date(2020, 1, 1))),
        "Targets": [["employee_id", "period", "sales_target", "new_customer_target"],
                    ["E1", "2026-01", 100000, 1]],
        "Sales": [["contract_id", "date", "employee_id", "customer_id", "amount"],
                  ["K1", date(2026, 1, 10), "E1", "C1", 100000]],
        "Reviews": [["employee_id", "period", "satisfaction", "compliance_deductions",
                     "learning"],
                    ["E1", "2026-Q1", 90, 0, 80]],
    }
    sheets.update(extra)
    return sheets


def write_xlsx(sheets: Sheets, path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path
