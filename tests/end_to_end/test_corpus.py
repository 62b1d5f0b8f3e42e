"""Broken and hostile workbooks (``corpus.py``): each gets exactly the answer it deserves.

A workbook that cannot be used gets exit status 2, every expected message (with sheet,
cell and column), no traceback, nothing written and the input untouched. A workbook that
is only untidy, whose intent is clear, gets a normal run with the right results. No string
from the input ever becomes a formula in the results workbook.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table
from typer.testing import CliRunner

from tests.end_to_end.conftest import invoke
from tests.end_to_end.corpus import (
    AS_OF,
    CASES,
    FORMULA_INJECTIONS,
    Case,
    formula_injection_strings,
    xml_bomb_in_a_sheet,
)
from toolkit.shell import workbook_file

ROOT = Path(__file__).resolve().parents[2]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_corpus_has_at_least_forty_distinct_cases() -> None:
    """The issue asks for 40 or more broken or hostile workbooks, each one of a kind."""
    names = [c.name for c in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names)
    assert all(c.problem for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_broken_or_hostile_workbook_gets_its_exact_answer(
        case: Case, cli: CliRunner, tmp_path: Path) -> None:
    """Exit 2 with each expected message and nothing written, or (untidy input) a normal
    run whose results are right; never a traceback, never a changed input."""
    path, out = tmp_path / "in.xlsx", tmp_path / "out"
    case.build(path)
    before = path.read_bytes()
    result = invoke(cli, "run", str(path), "--out", str(out), "--as-of", AS_OF, *case.args)
    assert "Traceback" not in result.output
    assert result.exit_code == case.exit_code, result.output
    assert path.read_bytes() == before
    if case.messages:
        missing = [m for m in case.messages if _flat(m) not in _flat(result.output)]
        assert missing == [], result.output
        assert not out.exists()
    else:
        assert case.check is not None
        case.check(out)
        assert (out / "run.json").is_file()


# Cases where what calamine and openpyxl hand over differs (error values, merged ranges,
# numbers as ids, formulas): the fallback reader must give the same answers.
FALLBACK_CASES = ["excel_error_values", "formula_that_evaluated_to_an_error",
                  "formula_without_a_cached_value_in_a_required_column",
                  "header_merged_across_two_columns", "header_merged_down_over_two_header_rows",
                  "data_cells_merged_down", "ids_as_numbers_in_one_sheet_and_text_in_another",
                  "dates_as_text_in_several_formats", "xml_bomb_in_a_sheet"]


def _calamine_failing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: Path) -> None:
        raise workbook_file.CalamineFailed("calamine cannot read this file")

    monkeypatch.setattr(workbook_file, "_read_calamine", broken)


def _always_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_file, "SHARE_FROM_BYTES", 0)


@pytest.mark.parametrize("reading", [_calamine_failing, _always_shared],
                         ids=["openpyxl-fallback", "second-process"])
@pytest.mark.parametrize("name", FALLBACK_CASES)
def test_other_ways_of_reading_give_the_same_answers(
        name: str, reading: Callable[[pytest.MonkeyPatch], None], cli: CliRunner,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With calamine failing on the file (openpyxl reads it), or with the workbook read
    half in a second process as big ones are (error values, formulas and merges found and
    typed there): same exit, same messages."""
    case = next(c for c in CASES if c.name == name)
    reading(monkeypatch)
    path, out = tmp_path / "in.xlsx", tmp_path / "out"
    case.build(path)
    result = invoke(cli, "run", str(path), "--out", str(out), "--as-of", AS_OF, *case.args)
    assert result.exit_code == case.exit_code, result.output
    missing = [m for m in case.messages if _flat(m) not in _flat(result.output)]
    assert missing == [], result.output
    if case.check is not None:
        case.check(out)


def _with_hostile_payments_sheet(path: Path) -> None:
    """A Payments table on a sheet titled '=1+1': the two sales' payments, and one for a
    contract '=HYPERLINK(...)', whose warning puts both strings into the Problems sheet."""
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("=1+1")
    for row in (["contract_id", "date", "amount"], ["K1", date(2026, 1, 20), 100000],
                [FORMULA_INJECTIONS["contract_id"], date(2026, 2, 20), 50000],
                ["K0", date(2026, 1, 20), 10]):
        sheet.append(row)
    sheet["A4"].value = FORMULA_INJECTIONS["name"]
    sheet["A4"].data_type = "s"
    sheet.add_table(Table(displayName="Payments", ref="A1:C4"))
    book.save(path)


def test_no_string_from_the_input_is_ever_written_as_a_formula(cli: CliRunner,
                                                              tmp_path: Path) -> None:
    """Every sheet of results.xlsx (Scores to Problems, Summary, Documents): no formula
    at all, and each injected string arrives as a text cell, exactly as typed."""
    path, out = tmp_path / "in.xlsx", tmp_path / "out"
    formula_injection_strings(path)
    _with_hostile_payments_sheet(path)
    result = invoke(cli, "run", str(path), "--out", str(out), "--as-of", AS_OF, "--documents")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "results.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) >= 8
        for name in sheets:
            assert not re.search(rb"<f[ >]", archive.read(name)), name
    book = openpyxl.load_workbook(out / "results.xlsx")
    found: dict[str, set[str]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    found.setdefault(cell.value, set()).add(cell.data_type)
    injected = list(FORMULA_INJECTIONS.values())
    assert [s for s in injected if s not in found] == []
    assert all(found[s] == {"s"} for s in injected)
    problems = [[c.value for c in row] for row in book["Problems"].iter_rows()]
    assert any(row[1] == "=1+1" for row in problems)  # the sheet title, as text
    assert {"Scores", "CommissionLines", "Problems", "Documents"} <= set(book.sheetnames)


def test_an_xml_bomb_is_refused_quickly_by_the_real_command(tmp_path: Path) -> None:
    """``python -m toolkit run`` on a billion-laughs workbook: exit 2 within seconds, a
    plain reason on one line, no traceback, nothing written."""
    path, out = tmp_path / "bomb.xlsx", tmp_path / "out"
    xml_bomb_in_a_sheet(path)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "toolkit", "run", str(path), "--out",
                           str(out), "--as-of", AS_OF], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert time.monotonic() - started < 30
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "may be an XML bomb, so the file is refused" in _flat(done.stderr)
    assert not out.exists()
