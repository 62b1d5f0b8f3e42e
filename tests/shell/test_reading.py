"""Reading workbook files: names in English or Chinese, Excel tables, formulas, fallbacks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from tests.builders import minimal_sheets, write_xlsx
from toolkit.core.pipeline import run
from toolkit.shell import workbook_file
from toolkit.shell.workbook_file import UnreadableWorkbook, read_workbook

AS_OF = date(2026, 5, 1)


def test_chinese_sheet_and_column_names_read_like_english_ones(tmp_path: Path) -> None:
    """员工/目标/销售/评价 with Chinese headers give the same grade as the English workbook."""
    english = minimal_sheets()
    chinese = {
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


def test_the_openpyxl_fallback_reads_what_calamine_reads(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """When calamine fails, openpyxl gives the same sheets and the same grades."""
    path = write_xlsx(minimal_sheets(), tmp_path / "w.xlsx")
    fast = run(read_workbook(path), AS_OF)

    def broken(_: Path) -> None:
        raise ValueError("calamine cannot read this file")

    monkeypatch.setattr(workbook_file, "_read_calamine", broken)
    slow = run(read_workbook(path), AS_OF)
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


def test_sheets_parsed_by_a_second_process_arrive_exactly_as_parsed_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A big workbook's biggest sheets are parsed in a forked second process: every sheet
    of the sample comes back with the same rows, cell types, merges and problems as when
    this process parses them all."""
    sample = Path(__file__).resolve().parents[2] / "workbooks" / "sample_en.xlsx"
    monkeypatch.setattr(workbook_file, "SHARE_FROM_BYTES", 10**15)
    alone = read_workbook(sample)
    monkeypatch.setattr(workbook_file, "SHARE_FROM_BYTES", 0)
    shared = read_workbook(sample)
    assert alone.sheets.keys() == shared.sheets.keys()
    for name, sheet in alone.sheets.items():
        other = shared.sheets[name]
        assert (sheet.title, sheet.first_row, sheet.first_col, sheet.merged) == \
            (other.title, other.first_row, other.first_col, other.merged)
        assert sheet.rows == other.rows
        assert [[type(c) for c in r] for r in sheet.rows] == \
            [[type(c) for c in r] for r in other.rows]
    assert alone.problems == shared.problems
