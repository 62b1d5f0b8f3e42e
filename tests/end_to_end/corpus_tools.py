"""Tools for the corpus of broken workbooks (``corpus.py``): the company every case
damages, workbook writers (openpyxl, XlsxWriter, raw zip parts, OLE files) and checks on
the results of a run."""

from __future__ import annotations

import copy
import csv
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

AS_OF = "2026-05-01"
Rows = list[list[Any]]
Sheets = dict[str, Rows]

EMPLOYEE_HEADERS = ["employee_id", "name", "department", "manager_id", "hire_date",
                    "base_salary", "commission_rate"]
SALES_HEADERS = ["contract_id", "date", "employee_id", "customer_id", "customer_name",
                 "amount"]
REVIEW_HEADERS = ["employee_id", "period", "satisfaction", "compliance_deductions",
                  "learning", "manager_comment", "strengths"]


def company() -> Sheets:
    """The valid company every case damages (columns: Employees A-G, Sales A-F)."""
    return {
        "Employees": [EMPLOYEE_HEADERS,
                      ["E1001", "Ann Lee", "Sales", "M1", date(2020, 1, 1), 10000, 0.02],
                      ["M1", "Mia Chen", "Management", None, date(2019, 1, 1), 20000, None]],
        "Targets": [["employee_id", "period", "sales_target", "new_customer_target"],
                    ["E1001", "2026-Q1", 300000, 1]],
        "Sales": [SALES_HEADERS,
                  ["K1", date(2026, 1, 10), "E1001", "C1", "Acme", 100000],
                  ["K2", date(2026, 2, 10), "E1001", "C2", "Bolt", 50000]],
        "Reviews": [REVIEW_HEADERS,
                    ["E1001", "2026-Q1", 90, 0, 80, "A good quarter", "Closing"]],
    }


@dataclass(frozen=True)
class Formula:
    """A real formula cell; ``cached`` is the value Excel last calculated (None: never)."""

    text: str
    cached: Any = None


# -- writing workbooks --------------------------------------------------------------------

def write_openpyxl(sheets: Sheets, path: Path,
                   edit: Callable[[openpyxl.Workbook], None] | None = None) -> None:
    """Sheets written with openpyxl: text starting with '=' stays text (as Excel stores a
    typed '=...), ``Formula`` cells have no cached value, '#N/A'-like text is an error."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, Formula):
                    cell.value = value.text
                else:
                    cell.value = value
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"
    if edit is not None:
        edit(book)
    book.save(path)


def write_xlsxwriter(sheets: Sheets, path: Path) -> None:
    """Sheets written with XlsxWriter (shared strings, Excel's escapes for control
    characters, formulas with a cached value)."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_numbers": False,
                                           "strings_to_urls": False})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for title, rows in sheets.items():
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, Formula):
                    sheet.write_formula(r, c, value.text, None, value.cached)
                elif isinstance(value, date):
                    sheet.write_datetime(r, c, datetime(value.year, value.month, value.day),
                                         day)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()


def damaged(change: Callable[[Sheets], None]) -> Callable[[Path], None]:
    """A builder writing ``company()`` after ``change`` with openpyxl."""
    def build(path: Path) -> None:
        sheets = copy.deepcopy(company())
        change(sheets)
        write_openpyxl(sheets, path)
    return build


def rewrite_part(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Replace one part of the zip package at ``path``."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, change(data) if info.filename == member else data)


def _laughs(level: int) -> str:
    """Entity ``lol<level>`` is ten of the level below: ``lol9`` is 10^9 ``lol``s."""
    below = f"&lol{level - 1};" if level > 1 else "&lol;"
    return f'<!ENTITY lol{level} "{below * 10}">'


BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(_laughs(level) for level in range(1, 10)) + "]>")


def with_bomb(data: bytes, entity: str = "&lol9;", preamble: str = "") -> bytes:
    """``data`` with a billion-laughs DTD before its root and the entity used in it."""
    text = data.decode("utf-8")
    declaration = ""
    if text.startswith("<?xml"):
        declaration, text = text.split("?>", 1)
        declaration += "?>"
    text = text.replace("Ann Lee", entity).replace('name="Employees"', f'name="{entity}"')
    return (declaration + preamble + BILLION_LAUGHS + text).encode("utf-8")


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (the container of .xls and of encrypted workbooks)
    holding ``streams`` (at most three), each padded to 4,096 bytes."""
    sector, free, end, fat_mark, nostream = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark, end]
    data, entries = b"", []
    for index, (name, content) in enumerate(streams.items()):
        body = content.ljust(4096, b"\0")
        first, count = 2 + len(data) // sector, len(body) // sector
        fat.extend([*range(first + 1, first + count), end])
        right = index + 2 if index + 1 < len(streams) else nostream
        entries.append(_ole_entry(name, 2, nostream, right, nostream, first, len(body)))
        data += body
    root = _ole_entry("Root Entry", 5, nostream, nostream, 1 if streams else nostream, end, 0)
    directory = b"".join([root, *entries]).ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096,
                            end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    fat_sector = struct.pack(f"<{sector // 4}I", *fat, *([free] * (sector // 4 - len(fat))))
    return header + fat_sector + directory + data


def _ole_entry(name: str, kind: int, left: int, right: int, child: int, start: int,
               size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, left,
                                                   right, child)
            + b"\0" * 36 + struct.pack("<IQ", start, size))


# -- checks on the results of a run -------------------------------------------------------

def rows_of(out: Path, export: str) -> list[dict[str, str]]:
    with (out / "exports" / f"{export}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def graded(sales: str = "150000.00", employee: str = "E1001",
           **expected: str) -> Callable[[Path], None]:
    """The run graded ``employee`` for 2026-Q1 with ``sales`` and the ``expected`` values."""
    def check(out: Path) -> None:
        rows = [r for r in rows_of(out, "scores")
                if (r["employee_id"], r["period"]) == (employee, "2026-Q1")]
        assert len(rows) == 1, rows_of(out, "scores")
        assert rows[0]["sales"] == sales
        for column, value in expected.items():
            assert rows[0][column] == value, (column, rows[0][column])
    return check


def warned(place: str, fragment: str) -> Callable[[Path], None]:
    """The usual grade, and problems.csv has a warning at ``place`` (``Sales!E2``)."""
    sheet, cell = place.split("!")

    def check(out: Path) -> None:
        graded()(out)
        warnings = [p for p in rows_of(out, "problems") if p["severity"] == "warning"
                    and p["sheet"] == sheet and cell in p["column"]]
        assert any(fragment in p["message"] for p in warnings), warnings
    return check


def documents_text(out: Path) -> dict[Path, str]:
    """Every document's text (paragraphs and table cells), by path."""
    import docx

    texts: dict[Path, str] = {}
    for path in sorted((out / "documents").rglob("*.docx")):
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        texts[path] = "\n".join(parts)
    return texts


def documents_say(*literals: str) -> Callable[[Path], None]:
    """The evaluation report holds each literal exactly as typed (so none of it ran)."""
    def check(out: Path) -> None:
        graded()(out)
        texts = documents_text(out)
        report = "\n".join(t for p, t in texts.items() if "evaluation" in p.name)
        assert report, list(texts)
        for literal in literals:
            assert literal in report, literal
    return check


