"""Crash safety and repeatability of ``toolkit run``.

A run killed while it writes leaves the input untouched and no result set that looks
complete: every file is written under a temporary name and renamed into place, and
run.json, which marks a complete set, is removed before the first write and written last.
A results file that cannot be replaced gives exit 1 and a plain message. The same inputs
and as-of date give byte-identical exports and results workbooks, and documents with
identical text.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.end_to_end import corpus
from tests.end_to_end.conftest import AS_OF, SAMPLE_EN, invoke
from toolkit.core.pipeline import Results
from toolkit.core.pipeline import run as compute
from toolkit.shell import files, results_file
from toolkit.shell.workbook_file import read_workbook

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (documents excluded), with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "documents" not in p.parts}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One complete run of the English sample."""
    out = tmp_path_factory.mktemp("first")
    result = invoke(CliRunner(), "run", str(SAMPLE_EN), "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return out


def _kill_when(process: subprocess.Popen[bytes], seen: Callable[[], bool],
               limit: float = 240) -> None:
    """SIGKILL ``process`` as soon as ``seen()``; fail if it ends or ``limit`` s pass first."""
    deadline = time.monotonic() + limit
    while not seen():
        assert process.poll() is None, "the run ended before it was caught writing"
        assert time.monotonic() < deadline, "the run was never caught writing"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def test_a_run_killed_while_writing_leaves_the_input_and_no_complete_looking_results(
        first_run: Path, tmp_path: Path) -> None:
    """A real ``python -m toolkit run`` into a folder holding an earlier complete run,
    killed (SIGKILL) while results.xlsx is half-written: the input has the same bytes;
    run.json is gone, so no set looks complete; the earlier results.xlsx is untouched."""
    workbook, out = tmp_path / "company.xlsx", tmp_path / "out"
    shutil.copy(SAMPLE_EN, workbook)
    shutil.copytree(first_run, out)
    before, earlier = _digest(workbook), _digest(out / "results.xlsx")
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "run", str(workbook), "--out", str(out), "--as-of",
         AS_OF], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_when(process, lambda: any(out.glob(".results.xlsx.*.partial")))
    assert process.returncode == -signal.SIGKILL
    assert _digest(workbook) == before
    assert not (out / "run.json").exists()
    assert _digest(out / "results.xlsx") == earlier
    leftovers = [p.name for p in out.rglob("*.partial")]
    assert all(name.startswith(".") for name in leftovers)  # hidden temporary names only


@pytest.fixture
def small_results(tmp_path: Path) -> tuple[Path, Results]:
    """The corpus company, read and computed (no file written yet)."""
    workbook = tmp_path / "company.xlsx"
    corpus.write_openpyxl(corpus.company(), workbook)
    return workbook, compute(read_workbook(workbook), date(2026, 5, 1))


def test_an_interruption_at_any_file_leaves_no_manifest_and_no_half_file(
        small_results: tuple[Path, Results], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C in the middle of each file in turn (results.xlsx, every CSV, run.json), over
    an earlier complete set: never a run.json, never a temporary file left, input intact."""
    workbook, results = small_results
    complete = tmp_path / "complete"
    count = len(results_file.write_results(results, [workbook], complete))
    before = _digest(workbook)
    original = files.atomic_write
    for stop in range(count):
        out = tmp_path / f"stopped-{stop}"
        shutil.copytree(complete, out)
        calls = iter(range(count))

        def interrupted(target: Path, write: Callable[[Path], None], stop: int = stop,
                        calls: Iterator[int] = calls) -> Path:
            def half(path: Path) -> None:
                write(path)
                path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
                raise KeyboardInterrupt
            return original(target, half if next(calls) == stop else write)

        monkeypatch.setattr(files, "atomic_write", interrupted)
        monkeypatch.setattr(results_file, "atomic_write", interrupted)
        with pytest.raises(KeyboardInterrupt):
            results_file.write_results(results, [workbook], out)
        assert not (out / "run.json").exists(), stop
        assert list(out.rglob("*.partial")) == [], stop
    assert _digest(workbook) == before


def test_a_results_file_open_in_excel_gives_exit_1_and_a_plain_message(
        small_results: tuple[Path, Results], cli: CliRunner, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file Excel holds open (PermissionError): exit 1, a
    message saying to close it, no traceback, no run.json."""
    workbook, _ = small_results
    out = tmp_path / "out"
    replace = os.replace

    def locked(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "results.xlsx":
            raise PermissionError(13, "Permission denied", str(target))
        replace(source, target)

    monkeypatch.setattr(os, "replace", locked)  # files.atomic_write calls os.replace
    result = invoke(cli, "run", str(workbook), "--out", str(out), "--as-of", corpus.AS_OF)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "Cannot write the results:" in text
    assert "results.xlsx: cannot be written; close it if it is open in Excel" in text
    assert "Traceback" not in result.output
    assert not (out / "run.json").exists()
    assert list(out.rglob("*.partial")) == []


def test_a_folder_in_place_of_the_results_file_gives_exit_1_and_a_plain_message(
        small_results: tuple[Path, Results], cli: CliRunner, tmp_path: Path) -> None:
    """A folder named results.xlsx where the file goes: exit 1, a message naming it."""
    workbook, _ = small_results
    out = tmp_path / "out"
    (out / "results.xlsx").mkdir(parents=True)
    result = invoke(cli, "run", str(workbook), "--out", str(out), "--as-of", corpus.AS_OF)
    assert result.exit_code == 1
    assert "results.xlsx: is a folder, so the file cannot be written there" in " ".join(
        result.output.split())
    assert "Traceback" not in result.output
    assert not (out / "run.json").exists()


def test_two_runs_give_byte_identical_exports_results_and_manifest(
        first_run: Path, cli: CliRunner, tmp_path: Path) -> None:
    """The sample twice, same as-of date, two folders: every CSV export, results.xlsx and
    run.json are the same bytes."""
    second = tmp_path / "second"
    result = invoke(cli, "run", str(SAMPLE_EN), "--out", str(second), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    first, again = _files(first_run), _files(second)
    assert sorted(first) == sorted(again)
    assert {"results.xlsx", "run.json", "exports/scores.csv"} <= set(first)
    assert [name for name in first if first[name] != again[name]] == []


def test_two_runs_with_documents_give_documents_with_identical_text(
        cli: CliRunner, tmp_path: Path) -> None:
    """With --documents, twice: the same documents (paths and text), and results.xlsx
    with its Documents sheet byte-identical."""
    workbook = tmp_path / "company.xlsx"
    sheets = corpus.company()
    sheets["Separations"] = [["employee_id", "request_date", "last_day", "reason"],
                             ["E1001", date(2026, 3, 1), date(2026, 3, 31),
                              "moving"]]
    corpus.write_openpyxl(sheets, workbook)
    outs = [tmp_path / "one", tmp_path / "two"]
    for out in outs:
        result = invoke(cli, "run", str(workbook), "--out", str(out), "--as-of",
                        corpus.AS_OF, "--documents")
        assert result.exit_code == 0, result.output
    texts = [{str(p.relative_to(out)): t for p, t in corpus.documents_text(out).items()}
             for out in outs]
    assert len(texts[0]) >= 2
    assert texts[0] == texts[1]
    assert (outs[0] / "results.xlsx").read_bytes() == (outs[1] / "results.xlsx").read_bytes()
