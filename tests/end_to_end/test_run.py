"""``toolkit run`` on the committed samples, as HR and finance would use it."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.builders import minimal_sheets, write_xlsx
from tests.end_to_end.conftest import AS_OF, ROOT, SAMPLE_EN, SAMPLE_ZH, invoke
from toolkit.core.outputs import PROBLEMS, SCORES


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("en")
    result = invoke(CliRunner(), "run", str(SAMPLE_EN), "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zh")
    result = invoke(CliRunner(), "run", str(SAMPLE_ZH), "--out", str(out), "--as-of", AS_OF,
                    "--lang", "zh")
    assert result.exit_code == 0, result.output
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_exports_have_exactly_the_contract_headers(english: Path) -> None:
    """scores.csv and problems.csv start with the SPEC section 10 columns, in order."""
    for output in (SCORES, PROBLEMS):
        with (english / "exports" / f"{output.name}.csv").open(encoding="utf-8") as handle:
            header = handle.readline().strip().split(",")
        assert header == [c.name for c in output.columns]
    spec_columns = ("employee_id,name,department,period,cycle,sales,sales_target,"
                    "sales_attainment,new_customer_sales,existing_customer_sales,new_customers,"
                    "new_customer_target,collection_due,collected_on_time,collection_rate,leads,"
                    "leads_converted,lead_conversion,satisfaction,compliance,teamwork,learning")
    assert ",".join(c.name for c in SCORES.columns).startswith(spec_columns)


def test_every_grade_appears_and_every_cycle_is_graded(english: Path) -> None:
    """The sample makes the rules visible: all five grades, months, quarters and years."""
    rows = _csv(english / "exports" / "scores.csv")
    assert {r["grade"] for r in rows} == {"S", "A", "B", "C", "D"}
    assert {r["cycle"] for r in rows} == {"month", "quarter", "year"}
    assert any(r["grade"] != r["grade_computed"] for r in rows)  # the upheld appeal
    assert any(r["missing_indicators"] for r in rows)


def test_money_and_scores_have_two_decimals_and_periods_are_text(english: Path) -> None:
    """SPEC section 10 formats, checked on every row of scores.csv."""
    for row in _csv(english / "exports" / "scores.csv"):
        for column in ("sales", "sales_target", "collection_due", "total_score"):
            decimals = row[column].partition(".")[2]
            assert len(decimals) == 2, (column, row[column])
        assert row["period"][:4].isdigit()


def test_the_chinese_sample_gives_exactly_the_english_grades(english: Path,
                                                             chinese: Path) -> None:
    """Same company, same seed: identical grades per employee and period."""
    def grades(out: Path) -> dict[tuple[str, str], tuple[str, str, str]]:
        return {(r["employee_id"], r["period"]): (r["grade"], r["grade_computed"],
                                                  r["total_score"])
                for r in _csv(out / "exports" / "scores.csv")}

    assert grades(chinese) == grades(english)
    assert len(grades(english)) > 500


def test_the_chinese_results_workbook_has_chinese_headers(chinese: Path) -> None:
    """--lang zh: sheet names and headers in Chinese; the CSV headers stay snake_case."""
    book = openpyxl.load_workbook(chinese / "results.xlsx", read_only=True)
    assert "绩效得分" in book.sheetnames
    header = next(book["绩效得分"].iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("工号", "姓名", "部门", "期间")
    with (chinese / "exports" / "scores.csv").open(encoding="utf-8") as handle:
        assert handle.readline().startswith("employee_id,name,department,period")


def test_the_manifest_records_inputs_plan_and_every_file(english: Path) -> None:
    """run.json: input SHA-256, as-of date, plan values, row counts, files with hashes."""
    manifest = json.loads((english / "run.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == AS_OF
    assert manifest["inputs"][0]["sha256"] == hashlib.sha256(SAMPLE_EN.read_bytes()).hexdigest()
    for written in manifest["files"]:
        data = (english / written["path"]).read_bytes()
        assert written["sha256"] == hashlib.sha256(data).hexdigest(), written["path"]
    assert manifest["plan"]["settings"]["missing_policy"] == "renormalize"
    assert manifest["plan"]["weights"]["sales_attainment"]["quarter"] == "30"
    files = {f["path"] for f in manifest["files"]}
    assert {"results.xlsx", "exports/scores.csv", "exports/problems.csv"} <= files
    assert manifest["input_rows"]["Sales"] > 1000
    assert not list(english.rglob("*.partial"))


def test_the_input_workbook_is_never_modified(tmp_path: Path, cli: CliRunner) -> None:
    """Same bytes before and after a run."""
    before = SAMPLE_EN.read_bytes()
    result = invoke(cli, "run", str(SAMPLE_EN), "--out", str(tmp_path), "--as-of", AS_OF)
    assert result.exit_code == 0
    assert SAMPLE_EN.read_bytes() == before


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\",\"click\")", "+1", "-1",
                                     "@SUM(A1:A2)", "=1+1"])
def test_text_from_the_input_is_written_as_text_never_as_a_formula(
        tmp_path: Path, cli: CliRunner, hostile: str) -> None:
    """A name that looks like a formula arrives in results.xlsx as a string cell."""
    path = write_xlsx(minimal_sheets(), tmp_path / "in.xlsx")
    book = openpyxl.load_workbook(path)
    book["Employees"]["B2"].value = hostile
    book["Employees"]["B2"].data_type = "s"  # typed text, as Excel stores '=... input
    book.save(path)
    result = invoke(cli, "run", str(path), "--out", str(tmp_path / "out"), "--as-of",
                    "2026-05-01")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "out" / "results.xlsx")["Scores"]
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == (hostile, "s")


def test_a_bad_as_of_date_is_refused_plainly(tmp_path: Path, cli: CliRunner) -> None:
    """--as-of 2026-02-30: exit 2 and a message, no traceback, nothing written."""
    path = write_xlsx(minimal_sheets(), tmp_path / "in.xlsx")
    result = invoke(cli, "run", str(path), "--out", str(tmp_path / "out"), "--as-of",
                    "2026-02-30")
    assert result.exit_code == 2
    assert "expected a date YYYY-MM-DD" in result.output
    assert not (tmp_path / "out").exists()


def test_an_unreadable_file_exits_2_with_a_reason(tmp_path: Path, cli: CliRunner) -> None:
    """A text file named .xlsx: exit 2, a plain reason, nothing written."""
    path = tmp_path / "notes.xlsx"
    path.write_text("hello", encoding="utf-8")
    result = invoke(cli, "run", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "is not an Excel workbook" in result.output
    assert "Traceback" not in result.output


def test_the_sample_shows_every_action_kind_and_every_schedule_status(english: Path) -> None:
    """HR sees every consequence and every deadline status on the sample."""
    actions = {r["action"] for r in _csv(english / "exports" / "actions.csv")}
    assert actions == {"pip", "satisfaction_plan", "rate_raise", "rate_reduce",
                       "promotion_candidate", "trainee_pool", "award_sales_champion",
                       "award_satisfaction_star", "award_newcomer"}
    statuses = {r["status"] for r in _csv(english / "exports" / "schedule.csv")}
    assert statuses == {"on_time", "late", "overdue", "pending", "too_short"}
    steps = {r["step"] for r in _csv(english / "exports" / "schedule.csv")}
    assert steps == {"self_review", "manager_review", "one_on_one", "appeal_window",
                     "appeal_decision"}


def test_the_sample_reconciliation_shows_every_status_and_totals_add_up(english: Path) -> None:
    """Every status appears; the totals per kind equal the column sums to the cent."""
    from decimal import Decimal

    rows = _csv(english / "exports" / "reconciliation.csv")
    assert {r["status"] for r in rows} == {"match", "underpaid", "overpaid", "not_paid",
                                          "unexpected"}
    totals = _csv(english / "exports" / "reconciliation_totals.csv")
    for kind in ("monthly_bonus", "commission", "annual_bonus"):
        lines = [r for r in rows if r["kind"] == kind]
        total = next(t for t in totals if (t["by"], t["group"]) == ("kind", kind))
        for column in ("computed", "paid", "difference"):
            assert Decimal(total[column]) == sum(Decimal(r[column]) for r in lines)


def test_the_real_command_ends_at_once_with_everything_written_and_printed(
        english: Path, tmp_path: Path) -> None:
    """``python -m toolkit run`` ends its process without freeing the run's memory
    (``_leave_done``): it still exits 0 with the whole summary printed, down to the last
    file written, and its files are those of the same run made in-process, which returns
    as usual (the ``english`` fixture), byte for byte (run.json aside: it names its
    folder)."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "toolkit", "run", str(SAMPLE_EN), "--out",
                           str(out), "--as-of", AS_OF], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"wrote {out / 'run.json'}")
    written = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(english) for p in english.rglob("*")
                             if p.is_file())
    for name in written:
        if name.name not in ("run.json", "results.xlsx"):
            assert (out / name).read_bytes() == (english / name).read_bytes(), name


def test_paths_are_printed_whole_in_a_log_however_long_and_whatever_brackets_they_hold(
        tmp_path: Path, cli: CliRunner) -> None:
    """Printed to a pipe or a log (no terminal, 80 columns), each file written is one line
    with its whole path: not folded at the width, and square brackets (rich markup) kept."""
    out = tmp_path / ("results [2026 close] " + "long folder name " * 6).strip()
    result = invoke(cli, "run", str(SAMPLE_EN), "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name in ("results.xlsx", "exports/scores.csv", "run.json"):
        assert f"  wrote {out / name}" in lines
