"""The results workbook: every sheet holds what its CSV export says, as a real Excel table.

The table rows are generated as SpreadsheetML text and spliced into the workbook XlsxWriter
laid out (``toolkit.shell.sheet_rows``), so these tests read the file back with openpyxl,
python-calamine and LibreOffice rather than trusting the writer.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import struct
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from tests.end_to_end.conftest import AS_OF, SAMPLE_EN
from toolkit.core import outputs, pipeline
from toolkit.core.outputs import Output
from toolkit.core.pipeline import run
from toolkit.shell import results_file
from toolkit.shell.processes import FORKS
from toolkit.shell.results_file import NUMBER_FORMATS, result_tables, write_results
from toolkit.shell.sheet_rows import (
    BLOCK_ROWS,
    RowSplicer,
    TableRows,
    excel_serial,
    inline_text,
    sheet_templates,
)
from toolkit.shell.workbook_file import read_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Output]]:
    """The English sample's results, written once as a big run writes them (where it
    forks): the tables shared with a second process, whose deflated sheets are copied into
    the package as they are, so every reader below reads that path too."""
    out = tmp_path_factory.mktemp("results")
    results = run(read_workbook(SAMPLE_EN), date.fromisoformat(AS_OF))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(results_file, "SHARE_FROM_CELLS", 0)
        write_results(results, [SAMPLE_EN], out)
    return out, [output for output, _ in result_tables(results)]


def _export(out: Path, output: Output) -> list[list[str]]:
    with (out / "exports" / f"{output.name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _matches(cell: object, text: str, kind: str) -> bool:
    """Does a sheet cell hold the export's value? Plain numbers (rates, unrounded
    commissions) carry more digits than the CSV's four."""
    if text == "":
        return cell is None
    if kind == "date":
        return isinstance(cell, datetime) and cell.date().isoformat() == text
    if kind == "number":
        return isinstance(cell, int | float) and abs(cell - float(text)) <= 0.0000501
    if kind in NUMBER_FORMATS:
        return isinstance(cell, int | float) and cell == float(text)
    return cell == text


def test_every_result_sheet_holds_exactly_what_its_export_says(
        written: tuple[Path, list[Output]]) -> None:
    """Cell by cell, each result sheet of results.xlsx (opened fully by openpyxl) equals
    its CSV: the same headers' rows, numbers as numbers, dates as dates, text as text."""
    out, outputs = written
    book = openpyxl.load_workbook(out / "results.xlsx")
    for output in outputs:
        rows = [list(r) for r in book[output.sheet].iter_rows(values_only=True)]
        export = _export(out, output)
        assert rows[0] == output.headers("en")
        assert len(rows) == len(export), output.name
        for line, (row, expected) in enumerate(zip(rows[1:], export[1:], strict=True), 2):
            for cell, text, column in zip(row, expected, output.columns, strict=True):
                assert _matches(cell, text, column.kind), (output.sheet, line, column.name,
                                                           cell, text)


def test_each_table_spans_its_rows_and_each_column_keeps_its_number_format(
        written: tuple[Path, list[Output]]) -> None:
    """The Excel table covers header and every row; money, scores, ratios and dates have
    their number formats on the first and the last row; the header stays frozen."""
    out, outputs = written
    book = openpyxl.load_workbook(out / "results.xlsx")
    for output in outputs:
        sheet = book[output.sheet]
        rows = len(_export(out, output)) - 1
        last = openpyxl.utils.get_column_letter(len(output.columns))
        assert sheet.tables[output.sheet].ref == f"A1:{last}{max(rows, 1) + 1}"
        assert sheet.freeze_panes == "A2"
        for col, column in enumerate(output.columns, 1):
            if column.kind in NUMBER_FORMATS and rows:
                for row in (2, rows + 1):
                    assert sheet.cell(row, col).number_format == NUMBER_FORMATS[column.kind]


def test_the_results_workbook_is_a_zip_any_reader_can_stream(
        written: tuple[Path, list[Output]]) -> None:
    """Sheets made in the second process and copied in as they are sit back to back with
    the others, with right CRCs (``assert_entries_back_to_back``)."""
    assert_entries_back_to_back(written[0] / "results.xlsx")


def test_every_part_of_the_results_workbook_is_compressed(
        written: tuple[Path, list[Output]]) -> None:
    """Deflated, each sheet of more than 100 kB to under a quarter of its XML: the table
    sheets are compressed at zlib's fastest level, which still does that."""
    out, _ = written
    with zipfile.ZipFile(out / "results.xlsx") as package:
        for info in package.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            if info.file_size > 100_000:
                assert info.compress_size < info.file_size / 4, info.filename


def _splice(tmp_path: Path, headers: list[str], table: TableRows,
            formats: dict[int, str]) -> Path:
    """A one-table workbook laid out by XlsxWriter, with ``table``'s rows spliced in."""
    layout = io.BytesIO()
    book = xlsxwriter.Workbook(layout, {"in_memory": True})
    sheet = book.add_worksheet(table.sheet)
    for col, spec in formats.items():
        sheet.write_blank(1, col, None, book.add_format({"num_format": spec}))
    sheet.add_table(0, 0, 1, len(headers) - 1, {"name": "Data",
                                                "columns": [{"header": h} for h in headers]})
    book.close()
    target = tmp_path / "spliced.xlsx"
    with RowSplicer(io.BytesIO(layout.getvalue()), target) as splicer:
        splicer.write(table)
    return target


def test_text_that_looks_like_markup_a_formula_or_an_escape_reads_back_unchanged(
        tmp_path: Path) -> None:
    """Text cells are inline strings: ``& < >``, a leading ``=``, edge spaces, Chinese and
    a literal ``_x0041_`` read back exactly (calamine unescapes as Excel does; openpyxl
    does not for inline strings); blanks stay blank; numbers are number cells."""
    texts = ["a & b <c> d", "=SUM(A1:A9)", "  indented", "trailing  ", "合计 2026 年",
             "_x0041_", "", "+1", "@me"]
    numbers = ["1234.50", "-0.01", "", "0.951234", "7", "46082", "1E+3", "", "12"]
    target = _splice(tmp_path, ["text", "number"],
                     TableRows("Data", [texts, numbers], [False, True]), {1: "0.00"})
    values = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Data").to_python()
    assert [r[0] for r in values[1:]] == texts
    assert [r[1] for r in values[1:]] == [float(n) if n else "" for n in numbers]
    sheet = openpyxl.load_workbook(target)["Data"]
    assert sheet.tables["Data"].ref == "A1:B10"
    assert all(sheet.cell(r, 2).data_type == "n" for r in range(2, 11))


def test_control_characters_are_escaped_the_way_excel_reads_them() -> None:
    """A control character becomes ``_xHHHH_`` and a literal ``_xHHHH_`` is protected by
    escaping its underscore, as Excel (and XlsxWriter) do."""
    assert inline_text("a\x01b") == "<is><t>a_x0001_b</t></is>"
    assert inline_text("_x0041_") == "<is><t>_x005F_x0041_</t></is>"
    assert inline_text(" x") == '<is><t xml:space="preserve"> x</t></is>'
    assert inline_text("1 < 2 & 3 > 2") == "<is><t>1 &lt; 2 &amp; 3 &gt; 2</t></is>"


def test_rows_across_many_blocks_arrive_complete_and_in_order(tmp_path: Path) -> None:
    """More rows than several generation blocks: every row, in order, nothing doubled."""
    count = BLOCK_ROWS * 2 + 3
    ids = [f"E{i:05d}" for i in range(count)]
    amounts = [f"{i}.25" for i in range(count)]
    target = _splice(tmp_path, ["id", "amount"],
                     TableRows("Data", [ids, amounts], [False, True]), {1: "#,##0.00"})
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Data").to_python()
    assert rows[1:] == [[i, float(a)] for i, a in zip(ids, amounts, strict=True)]


@pytest.mark.parametrize(("day", "serial"), [
    ("1900-01-01", "1"), ("1900-02-28", "59"), ("1900-03-01", "61"), ("2026-03-01", "46082"),
    ("", ""),
])
def test_a_date_becomes_the_serial_number_excel_shows_as_that_date(day: str,
                                                                    serial: str) -> None:
    """Excel counts the phantom 1900-02-29, so dates from 1900-03-01 on are one more than
    the days since 1899-12-31."""
    assert excel_serial(day) == serial


def test_libreoffice_opens_the_results_workbook(written: tuple[Path, list[Output]],
                                                tmp_path: Path) -> None:
    """LibreOffice reads results.xlsx: its first sheet (Scores), converted to CSV, has
    every row of the scores export, employee ids in order."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    out, _ = written
    completed = subprocess.run(
        [found, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "csv", "--outdir", str(tmp_path), str(out / "results.xlsx")],
        capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    with (tmp_path / "results.csv").open(encoding="utf-8", newline="") as handle:
        first = list(csv.reader(handle))
    export = _export(out, written[1][0])
    assert len(first) == len(export)
    assert [r[0] for r in first] == [r[0] for r in export]



@pytest.mark.parametrize("leftovers", [False, True], ids=["clean", "after-an-interrupted-run"])
def test_a_run_shared_with_a_second_process_writes_the_same_results(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leftovers: bool) -> None:
    """A big run shares the tables with a forked second process, each taking the biggest
    table left, and the other's tables go in as each is done: the exports come out byte
    for byte and the sheets cell for cell as written by one process, and no claim or
    sheet file is left behind. Files an interrupted run left in the folder are not taken
    for this run's."""
    results = run(read_workbook(SAMPLE_EN), date.fromisoformat(AS_OF))
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    monkeypatch.setattr(results_file, "SHARE_FROM_CELLS", 10**12)
    write_results(results, [SAMPLE_EN], alone)
    if leftovers:
        shared.mkdir()
        for output, _ in result_tables(results):
            (shared / f".{output.name}.rows.ready").write_text("<row>stale</row>")
            (shared / f".{output.name}.rows.claim").touch()
    monkeypatch.setattr(results_file, "SHARE_FROM_CELLS", 0)
    write_results(results, [SAMPLE_EN], shared)
    _same_results(alone, shared)


def assert_entries_back_to_back(path: Path) -> None:
    """Every entry's CRC is right, and each entry's data is followed at once by the next
    local header, the last by the central directory: a reader that streams through the
    local headers (as Java's ZipInputStream does) finds every entry."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        at = 0
        for info in sorted(package.infolist(), key=lambda i: i.header_offset):
            assert info.header_offset == at, info.filename
            assert data[at:at + 4] == b"PK\x03\x04"
            assert not info.flag_bits & 0x08  # no data descriptor after the data
            name, extra = struct.unpack("<HH", data[at + 26:at + 30])
            at += 30 + name + extra + info.compress_size
        assert data[at:at + 4] == b"PK\x01\x02"  # the central directory


def _same_results(one: Path, two: Path) -> None:
    """Exports byte for byte, sheets cell for cell, every entry's CRC right, and nothing
    else in the folder."""
    assert_entries_back_to_back(two / "results.xlsx")
    for export in sorted((one / "exports").glob("*.csv")):
        assert export.read_bytes() == (two / "exports" / export.name).read_bytes()
    books = [CalamineWorkbook.from_path(str(p / "results.xlsx")) for p in (one, two)]
    assert books[0].sheet_names == books[1].sheet_names
    for name in books[0].sheet_names:
        assert books[0].get_sheet_by_name(name).to_python() == \
            books[1].get_sheet_by_name(name).to_python()
    assert sorted(p.name for p in two.iterdir()) == ["exports", "results.xlsx", "run.json"]


AHEAD = ["scores", "actions", "schedule", "payouts", "commission_lines"]


@pytest.mark.skipif(not FORKS, reason="tables are written ahead only where it forks")
@pytest.mark.parametrize("case", ["taken", "other-layout", "failed", "after-an-interrupted-run"])
def test_tables_written_ahead_give_the_same_results(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """Forked processes write the scores, actions, schedule, payouts and commission lines
    from the moment each is computed: the results are those of a run without them. Their
    files are taken as they are when a process laid its sheet out as the workbook does;
    when it did not, or the process failed, this process makes them itself. Files an
    interrupted run left are replaced, and none is left behind."""
    raw = read_workbook(SAMPLE_EN)
    alone, ahead_out = tmp_path / "alone", tmp_path / "ahead"
    monkeypatch.setattr(results_file, "SHARE_FROM_CELLS", 10**12)
    write_results(run(raw, date.fromisoformat(AS_OF)), [SAMPLE_EN], alone)
    monkeypatch.setattr(results_file, "SHARE_FROM_CELLS", 0)
    monkeypatch.setattr(results_file, "AHEAD_FROM_CELLS", 0)
    here, original = os.getpid(), results_file._write_ahead
    made_here: list[str] = []

    def write_ahead(output: Output, frame: pd.DataFrame, out: Path, language: str,
                    template: str | None = None) -> str:
        if os.getpid() == here:
            made_here.append(output.name)
            return original(output, frame, out, language, template)
        (tmp_path / f"forked-{output.name}").touch()
        if case == "other-layout":  # a layout that is not the workbook's
            template = results_file._ahead_template(output, len(frame), language) + "<!-- -->"
        if case == "failed":
            raise OSError(28, "No space left on device")
        return original(output, frame, out, language, template)

    monkeypatch.setattr(results_file, "_write_ahead", write_ahead)
    exported_here: list[str] = []
    export_columns = outputs.export_columns

    def exported(frame: pd.DataFrame, output: Output) -> list[list[str]]:
        if os.getpid() == here:
            exported_here.append(output.name)
        return export_columns(frame, output)

    monkeypatch.setattr(results_file, "export_columns", exported)
    if case == "after-an-interrupted-run":
        ahead_out.mkdir()
        for name in AHEAD:
            (ahead_out / f".{name}.rows.ahead").write_text("<row>stale</row>")
            (ahead_out / f".{name}.csv.ahead").write_text("stale\n")
    with results_file.TableAhead(ahead_out) as ahead:
        results = run(raw, date.fromisoformat(AS_OF), final=ahead.start)
        write_results(results, [SAMPLE_EN], ahead_out, ahead=ahead)
    _same_results(alone, ahead_out)
    assert sorted(p.name for p in tmp_path.glob("forked-*")) == \
        sorted(f"forked-{name}" for name in AHEAD)
    redone = case in ("other-layout", "failed")
    assert sorted(made_here) == (sorted(AHEAD) if redone else [])
    assert sorted(n for n in exported_here if n in AHEAD) == (sorted(AHEAD) if redone else [])


def test_a_run_stopped_after_its_scores_leaves_none_of_their_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C while the payouts are computed, the tables before them being written ahead:
    no export, no hidden file is left in the folder."""
    monkeypatch.setattr(results_file, "AHEAD_FROM_CELLS", 0)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "payout_stage", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), results_file.TableAhead(out) as ahead:
        run(read_workbook(SAMPLE_EN), date.fromisoformat(AS_OF), final=ahead.start)
    assert list(out.rglob("*")) == []


def test_a_table_claimed_by_one_process_is_not_written_by_the_other(tmp_path: Path) -> None:
    """The second process skips every table this process has claimed, and writes (CSV and
    deflated sheet, marked ready) each one nobody has."""
    results = run(read_workbook(SAMPLE_EN), date.fromisoformat(AS_OF))
    tables = result_tables(results)
    templates = sheet_templates(results_file.workbook_layout(tables, results))
    claimed = {output.name for output, _ in tables[::2]}
    for name in claimed:
        (tmp_path / f".{name}.rows.claim").touch()
    written = results_file._write_shared(tables, templates, tmp_path, "en")
    assert set(written) == {output.name for output, _ in tables} - claimed
    for name, (export, sheet) in written.items():
        assert export == tmp_path / "exports" / f"{name}.csv" and export.exists()
        assert sheet.path == tmp_path / f".{name}.rows.ready" and sheet.path.exists()
        assert (tmp_path / f".{name}.rows.claim").exists()
