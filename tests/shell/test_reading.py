"""Reading workbook files: names in English or Chinese, Excel tables, formulas, fallbacks."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import python_calamine
from openpyxl.worksheet.table import Table

from tests.builders import Sheets, minimal_sheets, write_xlsx
from toolkit.core.pipeline import run
from toolkit.core.raw import RawSheet
from toolkit.core.sheets import INPUT_SHEETS, SALES
from toolkit.core.validate import type_sheet
from toolkit.shell import workbook_file
from toolkit.shell.workbook_file import UnreadableWorkbook, read_workbook

AS_OF = date(2026, 5, 1)


def test_chinese_sheet_and_column_names_read_like_english_ones(tmp_path: Path) -> None:
    """员工/目标/销售/评价 with Chinese headers give the same grade as the English workbook."""
    english = minimal_sheets()
    chinese: Sheets = {
        "员工": [["工号", "姓名", "部门", "上级工号", "入职日期", "离职日期", "月基本工资"],
                 ["E1", "安", "销售部", None, date(2020, 1, 1), None, 10000]],
        "目标": [["工号", "期间", "销售额目标", "新客户目标"], ["E1", "2026-01", 100000, 1]],
        "销售": [["合同编号", "签约日期", "工号", "客户编号", "金额"],
                 ["K1", date(2026, 1, 10), "E1", "C1", 100000]],
        "评价": [["工号", "期间", "客户满意度", "合规扣分", "学习成长"],
                 ["E1", "2026-Q1", 90, 0, 80]],
    }
    en = run(read_workbook(write_xlsx(english, tmp_path / "en.xlsx")), AS_OF)
    zh = run(read_workbook(write_xlsx(chinese, tmp_path / "zh.xlsx")), AS_OF)
    assert list(zh.scores["total_score"]) == list(en.scores["total_score"])
    assert list(zh.scores["grade"]) == ["A"]


def test_headers_are_matched_ignoring_case_spaces_and_full_width(tmp_path: Path) -> None:
    """' Employee ID ', 'ＮＡＭＥ' and 'Hire_Date' name the contract's columns."""
    sheets = minimal_sheets()
    sheets["Employees"] = [[" Employee ID ", "ＮＡＭＥ", "Hire_Date", "base salary"],
                           ["E1", "Ann", date(2020, 1, 1), 10000]]
    sheets[" sales "] = sheets.pop("Sales")
    results = run(read_workbook(write_xlsx(sheets, tmp_path / "w.xlsx")), AS_OF)
    assert list(results.scores["employee_id"]) == ["E1"]


def test_a_sheet_is_found_as_an_excel_table_of_that_name(tmp_path: Path) -> None:
    """A table named Sales on a sheet called Data serves as the Sales sheet, rows kept."""
    sheets = minimal_sheets()
    sales = sheets.pop("Sales")
    path = write_xlsx(sheets, tmp_path / "w.xlsx")
    book = openpyxl.load_workbook(path)
    data = book.create_sheet("Data")
    data.append(["notes above the table"])
    data.append([])
    for row in sales:
        data.append(list(row))
    data.add_table(Table(displayName="Sales", ref=f"A3:E{2 + len(sales)}"))
    book.save(path)
    raw = read_workbook(path)
    assert raw.sheets["Sales"].is_table
    assert raw.sheets["Sales"].first_row == 3
    results = run(raw, AS_OF)
    assert results.scores["sales"].iloc[0] == 100000


def test_headers_below_a_title_row_are_found_and_rows_keep_excel_numbers(tmp_path: Path) -> None:
    """A title in row 1 and headers in row 3: a bad cell is reported at its real Excel row."""
    sheets = minimal_sheets()
    sheets["Sales"] = [["Sales 2026"], [], *sheets["Sales"],
                       ["K2", date(2026, 1, 12), "E1", "C1", "n/a"]]
    with pytest.raises(Exception) as caught:
        run(read_workbook(write_xlsx(sheets, tmp_path / "w.xlsx")), AS_OF)
    messages = [str(p) for p in caught.value.problems]  # type: ignore[attr-defined]
    assert "Sales!E5 amount: expected a number, found 'n/a'" in messages


def test_a_formula_without_a_cached_value_is_a_warning_naming_the_cell(tmp_path: Path) -> None:
    """openpyxl stores formulas uncalculated: the cell is read as empty and reported."""
    sheets = minimal_sheets()
    sheets["Reviews"] = [*sheets["Reviews"][:1], ["E1", "2026-Q1", "=80+10", 0, 80]]
    results = run(read_workbook(write_xlsx(sheets, tmp_path / "w.xlsx")), AS_OF)
    places = [p.place for p in results.warnings]
    assert "Reviews!C2" in places
    assert "satisfaction" in results.scores["missing_indicators"].iloc[0]


class _Panic(BaseException):
    """What a panic in calamine's Rust code arrives as."""


class _FailingCalamine:
    """python-calamine as seen by the reader, failing where it is told to."""

    CalamineError = ValueError

    def __init__(self, fail_on_open: bool) -> None:
        self.fail_on_open = fail_on_open

    @property
    def CalamineWorkbook(self) -> _FailingCalamine:  # the name python-calamine gives it
        return self

    def from_path(self, path: str, load_tables: bool = False) -> object:
        if self.fail_on_open:
            raise ValueError("calamine cannot read this file")
        workbook = python_calamine.CalamineWorkbook.from_path(path, load_tables=load_tables)
        return SimpleNamespace(sheet_names=workbook.sheet_names, close=workbook.close,
                               table_names=workbook.table_names,
                               get_sheet_by_name=self._panic)

    def _panic(self, name: str) -> None:
        raise _Panic(f"calamine panicked reading {name}")


@pytest.mark.parametrize("fail_on_open", [True, False], ids=["on-open", "mid-sheet"])
def test_the_openpyxl_fallback_reads_what_calamine_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on_open: bool) -> None:
    """When calamine fails, opening the file or in the middle of a sheet (a Rust panic),
    openpyxl gives the same sheets and the same grades."""
    path = write_xlsx(minimal_sheets(), tmp_path / "w.xlsx")
    fast = run(read_workbook(path), AS_OF)
    # The sheets are plain: read by calamine's cell reader here, not as columns.
    monkeypatch.setattr(workbook_file, "_read_columns", lambda path: {})
    monkeypatch.setattr(workbook_file, "calamine", _FailingCalamine(fail_on_open))
    raw = read_workbook(path)
    assert not raw.typed, "the openpyxl reader leaves the typing to validation"
    assert set(raw.sheets) == {"Employees", "Targets", "Sales", "Reviews"}
    slow = run(raw, AS_OF)
    assert slow.scores.equals(fast.scores)


@pytest.mark.parametrize(("content", "expected"), [
    (b"just some text", "is not an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old-format (.xls) or password"),
])
def test_a_file_that_is_not_a_workbook_gets_a_plain_reason(tmp_path: Path, content: bytes,
                                                           expected: str) -> None:
    """Not a zip, or an OLE file (.xls or encrypted): a message, not a traceback."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_workbook(path)


def test_a_sheet_damaged_past_its_first_megabyte_is_a_damaged_workbook(tmp_path: Path) -> None:
    """A byte changed near the end of the sample's biggest sheet, where the checks before
    reading do not look: found as the sheet is read, and refused with the same plain
    reason, not a traceback."""
    sample = Path(__file__).resolve().parents[2] / "workbooks" / "sample_en.xlsx"
    with zipfile.ZipFile(sample) as package:
        biggest = max(package.infolist(), key=lambda info: info.file_size)
    assert biggest.file_size > 1 << 20
    data = bytearray(sample.read_bytes())
    start = biggest.header_offset + 30 + len(biggest.filename) + len(biggest.extra)
    data[start + biggest.compress_size * 9 // 10] ^= 0x55
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableWorkbook, match=r"is a damaged workbook \(.*"
                       + biggest.filename + r".*\); open it in Excel and save it again"):
        read_workbook(path)


def test_sheets_read_by_a_second_process_arrive_exactly_as_read_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A big workbook's biggest sheets are read (parsed and typed) in a forked second
    process: every sheet of the sample comes back with the same frame, value types,
    column letters, title and problems as when this process reads them all."""
    sample = Path(__file__).resolve().parents[2] / "workbooks" / "sample_en.xlsx"
    # Every sheet of the sample is plain; here they are read by the cell reader.
    monkeypatch.setattr(workbook_file, "_read_columns", lambda path: {})
    monkeypatch.setattr(workbook_file, "SHARE_FROM_BYTES", 10**15)
    alone = read_workbook(sample)
    monkeypatch.setattr(workbook_file, "SHARE_FROM_BYTES", 0)
    shared = read_workbook(sample)
    assert alone.typed.keys() == shared.typed.keys() == {s.name for s in INPUT_SHEETS}
    for name, sheet in alone.typed.items():
        other = shared.typed[name]
        assert (sheet.title, sheet.letters, sheet.problems) == \
            (other.title, other.letters, other.problems)
        pd.testing.assert_frame_equal(sheet.frame, other.frame)
        assert [list(map(type, sheet.frame[c])) for c in sheet.frame] == \
            [list(map(type, other.frame[c])) for c in other.frame]
    assert alone.sheets.keys() == shared.sheets.keys() == {"Plan"}
    assert alone.sheets["Plan"] == shared.sheets["Plan"]
    assert alone.problems == shared.problems


def test_typing_where_a_sheet_is_read_gives_what_validation_gives(tmp_path: Path) -> None:
    """A sheet typed by the reader equals the same cells typed by validation, problems
    included: the workbook's bad cells are reported the same either way."""
    sheets = minimal_sheets()
    sheets["Sales"] = [*sheets["Sales"], ["K2", "2026-13-01", "E9", "C1", "n/a"],
                       ["K3", date(2026, 1, 12), "Ｅ１", " C2 ", 25000.0]]
    path = write_xlsx(sheets, tmp_path / "w.xlsx")
    read = read_workbook(path)
    rows = [list(r) for r in openpyxl.load_workbook(path)["Sales"].iter_rows(values_only=True)]
    by_validation = type_sheet(SALES, RawSheet("Sales", rows))
    assert read.typed["Sales"].problems == by_validation.problems
    assert len(by_validation.problems) == 2
    pd.testing.assert_frame_equal(read.typed["Sales"].frame, by_validation.frame)
    assert list(read.typed["Sales"].frame["employee_id"]) == ["E1", "E9", "E1"]


def test_where_the_column_reader_and_calamine_disagree_on_a_serving_sheet_calamine_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The column reader starts from xl/workbook.xml's names, before calamine has opened
    the workbook. Where the two disagree on which sheet serves a contract (here, as if
    the names came in the other order, 销售 before Sales), calamine's word holds: the
    Sales sheet is read, not the 销售 one the column reader took."""
    sheets = minimal_sheets()
    sheets["销售"] = [["合同编号", "签约日期", "工号", "客户编号", "金额"],
                      ["K9", date(2026, 1, 10), "E1", "C9", 1]]
    path = write_xlsx(sheets, tmp_path / "both.xlsx")
    expected = read_workbook(path)
    members = workbook_file._sheet_members

    def reversed_members(path: Path, archive: object) -> dict[str, str]:
        return dict(reversed(members(path, archive).items()))  # type: ignore[arg-type]

    monkeypatch.setattr(workbook_file, "_sheet_members", reversed_members)
    assert "销售" in workbook_file._read_columns(path)  # the column reader's choice
    book = read_workbook(path)
    assert book.typed["Sales"].title == "Sales"
    assert book.typed["Sales"].frame.equals(expected.typed["Sales"].frame)
