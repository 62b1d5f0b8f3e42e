"""Reading plain sheets as columns (fastexcel and Arrow) gives exactly what the cell reader
gives: the same frames, value types, column letters, titles and problems."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core.cells import Unreadable, read_distinct
from toolkit.core.raw import RawWorkbook
from toolkit.core.sheets import INPUT_SHEETS, Sheet
from toolkit.shell import column_sheets, workbook_file
from toolkit.shell.workbook_file import read_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "workbooks"

TEXTS = st.one_of(
    st.text(alphabet="E1 ０２Ｅ#/-.%,年月日长ä\u200b\t", max_size=8),
    st.sampled_from(["#N/A", " ", "", "2026-03-05", "2026年3月5日", "25%", "1,234.50", "维持",
                     "zh", "en", "S", "b", "2026-Q1", "2026", "E1001", " E1 ", "1e3", "-0"]))
NUMBERS = st.one_of(
    st.floats(min_value=-1e16, max_value=1e16, allow_nan=False),
    st.sampled_from([0.0, -0.0, 1.0, 0.25, 2026.0, 46000.0, 1e15, 12.5, -3.0, 0.1 + 0.2]))
DATES = st.one_of(st.dates(date(1900, 3, 1), date(2200, 12, 31)),
                  st.datetimes(datetime(1900, 3, 1), datetime(2200, 12, 31)),
                  st.sampled_from([date(2026, 3, 1), datetime(2026, 3, 1, 13, 30)]))
# Text that fastexcel may take for a blank in a column of another kind.
BLANKISH = st.sampled_from(["n/a", "NA", "N/A", "null", "None", "none", "nan", "NaN", "#N/A",
                            "", " ", "-", "0", "TRUE", "2026-01-02"])
CELLS = {"text": TEXTS, "number": NUMBERS, "date": DATES, "bool": st.booleans(),
         "any": st.one_of(TEXTS, NUMBERS, DATES, st.booleans()),
         "text+": st.one_of(TEXTS, NUMBERS, DATES, st.booleans(), st.none()),
         "number+": st.one_of(*[NUMBERS] * 6, BLANKISH),
         "date+": st.one_of(*[DATES] * 6, BLANKISH),
         "bool+": st.one_of(*[st.booleans()] * 6, BLANKISH)}


@st.composite
def sheets(draw: st.DrawFn) -> tuple[Sheet, dict[str, Any]]:
    """A sheet for a contract: headers naming its columns (some repeated, unknown or
    blank), columns of one kind of cell or of several, with blanks; now and then a title
    row above the header, an empty first column, a merged range or a formula."""
    contract = draw(st.sampled_from(INPUT_SHEETS))
    names = [name for column in contract.columns for name in (column.name, column.zh)]
    headers = draw(st.lists(st.one_of(st.sampled_from(names), st.sampled_from(["", "note"])),
                            min_size=1, max_size=6))
    rows = draw(st.integers(0, 8))
    columns = []
    for _ in headers:
        cells = CELLS[draw(st.sampled_from([*CELLS, "text", "number", "date"]))]
        columns.append(draw(st.lists(st.one_of(st.none(), cells), min_size=rows,
                                     max_size=rows)))
    layout = {"headers": headers, "columns": columns,
              "title": draw(st.sampled_from([None] * 8 + ["Sales 2026"])),
              "first_col": draw(st.sampled_from([0] * 8 + [1])),
              "merge": draw(st.booleans()) and draw(st.booleans()) and rows > 1,
              "formula": draw(st.booleans()) and draw(st.booleans()) and rows > 0}
    return contract, layout


def _write(path: Path, title: str, layout: dict[str, Any]) -> Path:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet(title)
    day, moment = book.add_format({"num_format": "yyyy-mm-dd"}), \
        book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    top = 0
    if layout["title"]:
        sheet.write_string(0, 0, layout["title"])
        top = 1
    left = layout["first_col"]
    for j, header in enumerate(layout["headers"]):
        if header:
            sheet.write_string(top, left + j, header)
    for j, cells in enumerate(layout["columns"]):
        for i, cell in enumerate(cells, start=top + 1):
            if cell is None:
                continue
            if isinstance(cell, bool):
                sheet.write_boolean(i, left + j, cell)
            elif isinstance(cell, str):
                sheet.write_string(i, left + j, cell)
            elif isinstance(cell, datetime):
                sheet.write_datetime(i, left + j, cell, moment)
            elif isinstance(cell, date):
                sheet.write_datetime(i, left + j, cell, day)
            else:
                sheet.write_number(i, left + j, cell)
    if layout["merge"]:
        sheet.merge_range(top + 1, left, top + 2, left, layout["columns"][0][0] or "x")
    if layout["formula"]:
        sheet.write_formula(top + 1, left + len(layout["headers"]), "=1+1", None, 2)
    book.close()
    return path


def _by_cells(path: Path, monkeypatch: pytest.MonkeyPatch) -> RawWorkbook:
    with monkeypatch.context() as patch:
        patch.setattr(workbook_file, "_read_columns", lambda path: {})
        return read_workbook(path)


def _assert_same(by_columns: RawWorkbook, by_cells: RawWorkbook) -> None:
    assert by_columns.typed.keys() == by_cells.typed.keys()
    for name, sheet in by_cells.typed.items():
        other = by_columns.typed[name]
        assert (other.title, other.letters, other.problems) == \
            (sheet.title, sheet.letters, sheet.problems)
        pd.testing.assert_frame_equal(other.frame, sheet.frame, check_exact=True)
        for column in sheet.frame:
            assert [(type(v), repr(v)) for v in other.frame[column]] == \
                [(type(v), repr(v)) for v in sheet.frame[column]], column
    assert by_columns.sheets == by_cells.sheets
    assert by_columns.problems == by_cells.problems


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sheets())
def test_a_sheet_read_as_columns_reads_as_the_cell_reader_reads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn: tuple[Sheet, dict[str, Any]]
) -> None:
    contract, layout = drawn
    path = _write(tmp_path / "w.xlsx", contract.name, layout)
    _assert_same(read_workbook(path), _by_cells(path, monkeypatch))


@pytest.mark.parametrize("sample", ["sample_en.xlsx", "sample_zh.xlsx"])
def test_every_input_sheet_of_the_samples_is_read_as_columns_as_the_cells_read(
        sample: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = SAMPLES / sample
    with zipfile.ZipFile(path) as archive:
        members = workbook_file._sheet_members(path, archive)
    inputs = {name for name in members if name not in ("Plan", "方案")}
    assert column_sheets.read_columns(path, {n: members[n] for n in inputs}).keys() == inputs
    assert len(inputs) == len(INPUT_SHEETS)
    _assert_same(read_workbook(path), _by_cells(path, monkeypatch))


PLAIN: dict[str, Any] = {
    "headers": ["contract_id", "date", "employee_id", "customer_id", "amount"],
    "columns": [["K1", "K2"], [date(2026, 1, 10), date(2026, 1, 11)], ["E1", "E1"],
                ["C1", "C2"], [100000.0, 5.5]],
    "title": None, "first_col": 0, "merge": False, "formula": False}


@pytest.mark.parametrize(("change", "plain"), [
    ({}, True),
    ({"title": "Sales 2026"}, False),
    ({"first_col": 1}, False),
    ({"merge": True}, False),
    ({"formula": True}, False),
    ({"headers": ["contract_id", "date", "employee_id", "customer_id", "contract_id"]}, False),
    ({"columns": [["K1", 2.0], *PLAIN["columns"][1:]]}, False),
], ids=["plain", "title-row", "column-a-empty", "merged", "formula", "repeated-header",
        "mixed-column"])
def test_only_a_plain_sheet_is_read_as_columns(tmp_path: Path, change: dict[str, Any],
                                               plain: bool,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A title row, an empty column A, a merged range, a formula, a repeated header or a
    column of text and numbers leave the sheet to the cell reader, which reads it the
    same as ever."""
    path = _write(tmp_path / "w.xlsx", "Sales", {**PLAIN, **change})
    read = column_sheets.read_columns(path, {"Sales": "xl/worksheets/sheet1.xml"})
    assert ("Sales" in read) is plain
    _assert_same(read_workbook(path), _by_cells(path, monkeypatch))


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, unique=True), st.booleans())
def test_ids_read_by_arrow_kernels_read_as_the_id_reader_reads_them(
        texts: list[str], required: bool) -> None:
    def shown(readings: list[Any]) -> list[object]:
        return [(r.message,) if isinstance(r, Unreadable) else r for r in readings]

    assert shown(column_sheets.plain_ids(pa.array(texts, pa.string()), required)) == \
        shown(read_distinct(texts, "id", required))


def test_a_date_time_at_midnight_reads_as_a_date_as_calamine_gives_it() -> None:
    assert column_sheets._calamine_cell(datetime(2026, 3, 1)) == date(2026, 3, 1)
    assert type(column_sheets._calamine_cell(datetime(2026, 3, 1))) is date
    assert column_sheets._calamine_cell(datetime(2026, 3, 1, 0, 0, 1)) == \
        datetime.combine(date(2026, 3, 1), time(0, 0, 1))


class _Panic(BaseException):
    """What a panic in fastexcel's Rust code arrives as."""


@pytest.mark.parametrize("where", ["open", "load"])
def test_a_sheet_fastexcel_fails_on_is_read_by_the_cell_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """A panic opening the file or loading a sheet leaves the sheets to the cell reader,
    which reads them as ever."""
    import fastexcel

    path = _write(tmp_path / "w.xlsx", "Sales", PLAIN)
    expected = _by_cells(path, monkeypatch)

    def panic(*args: object, **kwargs: object) -> None:
        raise _Panic("fastexcel panicked")

    if where == "open":
        monkeypatch.setattr(fastexcel, "read_excel", panic)
    else:
        monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet_by_name", panic)
    assert column_sheets.read_columns(path, {"Sales": "xl/worksheets/sheet1.xml"}) == {}
    _assert_same(read_workbook(path), expected)
