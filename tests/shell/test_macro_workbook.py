"""The macro workbook: built reproducibly, its buttons bound to VBA that calls toolkit.macros.

Everything is read back from the files: the VBA with oletools, the buttons from the
drawing part Excel reads them from, sheets and tables with calamine and openpyxl.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine as calamine
import tomllib
from oletools.olevba import VBA_Parser

import toolkit.macros
from toolkit.core.plan import Plan
from toolkit.core.plan_sheet import parse_plan
from toolkit.core.sheets import INPUT_SHEETS
from toolkit.shell.macro_layout import (
    BUTTONS,
    CONFIG_ROWS,
    CONFIG_SHEET,
    CONTROL_SHEET,
    RUN_SETTINGS,
    SAMPLE_NAME,
    TEMPLATE_NAME,
    UDF_MODULE,
    WORKBOOKS,
)
from toolkit.shell.macro_workbook import SHEETS, build_workbooks
from toolkit.shell.vba_project import udf_wrappers
from toolkit.shell.workbook_file import read_workbook
from toolkit.udfs import WORKSHEET_FUNCTIONS

COMMITTED = WORKBOOKS / TEMPLATE_NAME
COMMITTED_SAMPLE = WORKBOOKS / SAMPLE_NAME
ROOT = WORKBOOKS.parent
VML_BUTTON = re.compile(r"<v:shape\b.*?</v:shape>", re.S)
RUN_PYTHON = re.compile(r'^\s*RunPython\s+"import toolkit\.macros; toolkit\.macros\.(\w+)\(\)"',
                        re.M)


def vba_modules(path: Path) -> dict[str, str]:
    """Module name -> source, as oletools parses the workbook's vbaProject.bin."""
    parser = VBA_Parser(str(path))
    try:
        return {filename: code.replace("\r\n", "\n")
                for _, _, filename, code in parser.extract_macros()}
    finally:
        parser.close()


def buttons(path: Path) -> list[tuple[str, str]]:
    """(caption, macro) of every form button, from the sheets' VML drawings."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for member in sorted(n for n in archive.namelist() if n.endswith(".vml")):
            for shape in VML_BUTTON.findall(archive.read(member).decode("utf-8")):
                if 'ObjectType="Button"' not in shape:
                    continue
                textbox = re.search(r"<v:textbox.*?</v:textbox>", shape, re.S)
                fmla = re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape)
                assert textbox is not None and fmla is not None, shape  # every button has both
                caption = re.sub(r"<[^>]+>", "", textbox.group(0))
                found.append((caption.strip(), fmla.group(1)))
    return found


def sheet_values(path: Path) -> dict[str, list[list[Any]]]:
    workbook = calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    values: dict[str, list[list[Any]]] = {
        name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in workbook.sheet_names}
    assert workbook.table_names is not None  # opened with load_tables=True
    values["(tables)"] = sorted([[n, workbook.get_table_by_name(n).sheet,
                                  workbook.get_table_by_name(n).start,
                                  workbook.get_table_by_name(n).end]
                                 for n in workbook.table_names])
    workbook.close()
    return values


def fingerprint(path: Path) -> dict[str, Any]:
    """What acceptance 1 compares: VBA modules, sheets (values, tables) and buttons."""
    return {"vba": vba_modules(path), "sheets": sheet_values(path), "buttons": buttons(path)}


def sub_body(source: str, macro: str) -> str:
    match = re.search(rf"^(?:Public )?Sub {macro}\(\)\n(.*?)^End Sub", source, re.S | re.M)
    assert match, f"no Sub {macro}() in the Macros module"
    return match.group(1)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second")
    build_workbooks(first)
    build_workbooks(second)
    yield first, second


def test_building_twice_gives_the_same_bytes(two_builds: tuple[Path, Path]) -> None:
    """Two builds from the same sources are byte for byte the same workbooks."""
    first, second = two_builds
    for name in (TEMPLATE_NAME, SAMPLE_NAME):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_the_committed_workbooks_are_what_the_sources_build(
        two_builds: tuple[Path, Path]) -> None:
    """The committed .xlsm files have the VBA modules, sheets and buttons a build gives
    (rebuild them with `toolkit build-workbook` after changing a source)."""
    first, _ = two_builds
    for name in (TEMPLATE_NAME, SAMPLE_NAME):
        assert fingerprint(WORKBOOKS / name) == fingerprint(first / name), \
            f"workbooks/{name} is stale: run `toolkit build-workbook`"


def test_every_button_runs_a_macro_that_calls_a_function_of_toolkit_macros() -> None:
    """Acceptance 1: each button of the committed workbook is bound to a VBA Sub that
    exists, calls RunPython and names a function that exists in toolkit.macros."""
    modules = vba_modules(COMMITTED)
    found = buttons(COMMITTED)
    assert found == [(b.caption, b.macro) for b in BUTTONS]
    for caption, macro in found:
        body = sub_body(modules["Macros.bas"], macro)
        assert "RunPython" in body, caption
        called = RUN_PYTHON.search(body)
        assert called, f"{macro} does not run a toolkit.macros function"
        assert callable(getattr(toolkit.macros, called.group(1), None)), called.group(1)


def test_the_embedded_xlwings_module_is_the_pinned_xlwings_version() -> None:
    """The standalone xlwings VBA module (RunPython) is in the workbook, at the version
    pyproject.toml pins, which is the version installed."""
    import xlwings

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("xlwings==")]
    assert pins == [f"xlwings=={xlwings.__version__}"]
    modules = vba_modules(COMMITTED)
    assert f"'Version: {xlwings.__version__}\n" in modules["xlwings.bas"]
    assert "Public Function RunPython(" in modules["xlwings.bas"]
    assert 'Attribute VB_Name = "Dictionary"' in modules["Dictionary.cls"]


def test_the_worksheet_function_wrappers_are_what_xlwings_would_import(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The xlwings_udfs module equals what xlwings' own generator writes for
    toolkit.udfs (its Windows-only imports stubbed so it runs here)."""
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    sys.modules["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    sys.modules["pywintypes"].com_error = Exception  # type: ignore[attr-defined]
    sys.modules["win32com.client"].Dispatch = lambda x: x  # type: ignore[attr-defined]
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    udfs = importlib.import_module("xlwings.udfs")
    module = types.ModuleType(UDF_MODULE)
    for function in WORKSHEET_FUNCTIONS:
        copy = types.FunctionType(function.__code__, function.__globals__, function.__name__,
                                  function.__defaults__)
        setattr(module, function.__name__, udfs.xlfunc(copy))
    generated = io.StringIO()
    udfs.generate_vba_wrapper(UDF_MODULE, module, generated,
                              types.SimpleNamespace(Name=TEMPLATE_NAME))
    monkeypatch.delitem(sys.modules, "xlwings.udfs")
    ours = udf_wrappers(UDF_MODULE, WORKSHEET_FUNCTIONS)
    assert ours.split("\n", 3)[3] == generated.getvalue()
    assert vba_modules(COMMITTED)["xlwings_udfs.bas"] == ours


def test_the_sheets_are_control_the_input_sheets_plan_and_xlwings_conf() -> None:
    """Control first, the SPEC section 3 input sheets, Plan, then the xlwings settings."""
    book = openpyxl.load_workbook(COMMITTED)
    assert book.sheetnames == list(SHEETS)
    assert book.active.title == CONTROL_SHEET
    names = {n: d.attr_text for n, d in book.defined_names.items()}
    assert sorted(names) == sorted(s.name for s in RUN_SETTINGS)
    assert all(text.startswith(f"{CONTROL_SHEET}!") for text in names.values())


def test_input_sheets_are_tables_with_formats_and_dropdown_lists() -> None:
    """Each input sheet is an Excel table of the contract's columns; dates and money have
    number formats; decision, grade and language columns offer their values."""
    book = openpyxl.load_workbook(COMMITTED)
    for contract in INPUT_SHEETS:
        sheet = book[contract.name]
        assert list(sheet.tables) == [contract.name]
        headers = [c.value for c in sheet[1]]
        assert headers == [c.name for c in contract.columns]
        lists = {next(iter(v.sqref.ranges)).min_col: v.formula1
                 for v in sheet.data_validations.dataValidation}
        for col, column in enumerate(contract.columns, start=1):
            style = sheet.column_dimensions[openpyxl.utils.get_column_letter(col)]
            if column.kind == "date":
                assert style.number_format == "yyyy-mm-dd", column.name
            expected = {"decision": '"upheld,rejected,pending"', "grade": '"S,A,B,C,D"',
                        "language": '"en,zh"'}.get(column.kind)
            assert lists.get(col) == expected, f"{contract.name}.{column.name}"


def test_the_plan_sheet_holds_the_default_plan() -> None:
    """The Plan sheet reads back as the default plan (settings, weights, grade bands)."""
    raw = read_workbook(COMMITTED)
    problems: list[Any] = []
    assert parse_plan(raw.sheets["Plan"], problems) == Plan()
    assert problems == []


def test_the_xlwings_conf_sheet_starts_with_the_settings_xlwings_reads() -> None:
    """Keys in column A from the first row, values beside them; UDF Modules names the
    worksheet functions' module; the interpreter is the one setting a user edits."""
    book = openpyxl.load_workbook(COMMITTED)
    rows = [(r[0].value, r[1].value) for r in book[CONFIG_SHEET].iter_rows(max_col=2)]
    expected = [(key, value if value != "" else None) for key, value in CONFIG_ROWS]
    assert rows[:len(CONFIG_ROWS)] == expected
    assert rows[len(CONFIG_ROWS)] == (None, None), "xlwings reads down to the first blank"
    assert dict(CONFIG_ROWS)["UDF Modules"] == UDF_MODULE


def test_the_sample_workbook_holds_the_sample_company_and_its_as_of_date() -> None:
    """The filled copy has the sample company's rows and is set to its as-of date."""
    from toolkit.sample import generate

    company = generate()
    values = sheet_values(COMMITTED_SAMPLE)
    for contract in INPUT_SHEETS:
        assert len(values[contract.name]) - 1 == len(company.frame(contract.name))
    with zipfile.ZipFile(COMMITTED_SAMPLE) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
    found = re.search(r'<definedName name="AsOfDate">(\w+)!\$([A-Z]+)\$(\d+)<', workbook)
    assert found
    column = openpyxl.utils.column_index_from_string(found.group(2)) - 1
    assert values[found.group(1)][int(found.group(3)) - 1][column] == company.as_of
