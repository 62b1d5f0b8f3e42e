"""``toolkit run ... --documents`` on the committed English sample (SPEC sections 9, 10):
every document is there, says what the exports say, is linked from the results workbook,
and a second run writes the same files."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from docx.document import Document
from typer.testing import CliRunner

from tests.end_to_end.conftest import AS_OF, SAMPLE_EN, invoke
from tests.shell.docx_files import all_text, open_docx
from toolkit.core.contexts.fmt import Formatter
from toolkit.core.periods import Period

Rows = list[dict[str, str]]


def _run(out: Path) -> Path:
    result = invoke(CliRunner(), "run", str(SAMPLE_EN), "--out", str(out), "--as-of", AS_OF,
                    "--documents")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("docs"))


def _csv(out: Path, name: str) -> Rows:
    with (out / "exports" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _index(out: Path) -> Rows:
    """The Documents sheet's rows, with ``link``: the file cell's hyperlink as a path."""
    sheet = openpyxl.load_workbook(out / "results.xlsx")["Documents"]
    rows = list(sheet.iter_rows())
    headers = [str(c.value) for c in rows[0]]
    found = []
    for row in rows[1:]:
        record = {h: ("" if c.value is None else str(c.value)) for h, c in
                  zip(headers, row, strict=True)}
        link = row[headers.index("file")].hyperlink
        record["link"] = link.target.replace("\\", "/").replace("%20", " ") if link else ""
        found.append(record)
    return found


@cache
def _separations() -> int:
    sheet = openpyxl.load_workbook(SAMPLE_EN, read_only=True)["Separations"]
    return sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])


def test_a_document_per_graded_quarter_and_year_pip_action_and_separation(out: Path) -> None:
    """Reports for every employee and graded quarter and year, a PIP letter per pip
    action, a checklist per Separations row: no more, no fewer."""
    index = _index(out)
    graded = {(r["employee_id"], r["period"]) for r in _csv(out, "scores")
              if r["cycle"] in ("quarter", "year")}
    pips = {(r["employee_id"], r["period"]) for r in _csv(out, "actions") if r["action"] == "pip"}
    kinds = defaultdict(set)
    for row in index:
        kinds[row["document"]].add((row["employee_id"], row["period"]))
    assert kinds["Evaluation report"] == graded
    assert kinds["PIP letter"] == pips
    assert len(kinds["Offboarding checklist"]) == _separations()
    assert len(index) == len(graded) + len(pips) + _separations()


def test_the_index_sheet_links_every_document_and_nothing_else(out: Path) -> None:
    """Each index row's link opens a file that exists; the files on disk are exactly the
    linked ones; each name holds the employee id, name and period."""
    index = _index(out)
    on_disk = {p.relative_to(out).as_posix() for p in (out / "documents").rglob("*.docx")}
    assert {r["link"] for r in index} == on_disk
    for row in index:
        name = Path(row["link"]).name
        assert name.startswith(f"{row['employee_id']}_") and row["period"] in name


def _formatter(row: dict[str, str]) -> Formatter:
    return Formatter(row["language"], "CNY")


def _report_matches(document: Document, row: dict[str, str], score: dict[str, str],
                    ledger: Rows) -> None:
    fmt = _formatter(row)
    text = all_text(document)
    scorecard = document.tables[1]
    assert score["name"] in text and f"\n{row['period']}\n" in f"\n{text}\n"
    assert scorecard.cell(1, 1).text == score["grade"]
    assert scorecard.cell(1, 0).text == score["total_score"]
    period = Period.parse(row["period"])
    inside = [Period.parse(r["period"]) for r in ledger]
    amounts = [Decimal(r["amount"]) for r, p in zip(ledger, inside, strict=True)
               if period.start <= p.start and p.end <= period.end]
    totals = document.tables[5]
    assert totals.rows[-1].cells[-1].text == fmt.money(sum(amounts, Decimal(0)))
    if period.cycle == "quarter":
        shown = [r.cells[2].text for r in document.tables[4].rows[1:]]
        assert shown == [fmt.money(a) for a in amounts]


def test_every_document_shows_the_name_period_grade_and_amounts_of_the_exports(
        out: Path) -> None:
    """Open every file with python-docx. Reports: the employee's name, the period, grade
    and total score of scores.csv, the ledger lines of payouts.csv and their total. PIP
    letters: name, period and the action's dates. Checklists: name and the commission
    computed to date in reconciliation.csv."""
    scores = {(r["employee_id"], r["period"]): r for r in _csv(out, "scores")}
    ledger: dict[str, Rows] = defaultdict(list)
    for line in _csv(out, "payouts"):
        ledger[line["employee_id"]].append(line)
    actions = {(r["employee_id"], r["period"]): r for r in _csv(out, "actions")
               if r["action"] == "pip"}
    recon = _csv(out, "reconciliation")
    for row in _index(out):
        document = open_docx(out / row["link"])
        key, fmt = (row["employee_id"], row["period"]), _formatter(row)
        if row["document"] == "Evaluation report":
            _report_matches(document, row, scores[key], ledger[row["employee_id"]])
            continue
        text = all_text(document)
        assert row["name"] in text
        if row["document"] == "PIP letter":
            action = actions[key]
            assert fmt.period(row["period"]) in text
            for day in (action["start_date"], action["end_date"]):
                assert fmt.date(date.fromisoformat(day)) in text
        else:
            computed = sum((Decimal(r["computed"]) for r in recon
                            if r["employee_id"] == row["employee_id"]
                            and r["kind"] == "commission"), Decimal(0))
            assert fmt.money(computed) in text


def test_a_second_run_with_the_same_inputs_writes_identical_documents(
        out: Path, tmp_path: Path) -> None:
    """Same workbook and as-of date: every document has the same bytes, so the same text."""
    again = _run(tmp_path / "again")
    first = {p.relative_to(out): p.read_bytes() for p in (out / "documents").rglob("*.docx")}
    second = {p.relative_to(again): p.read_bytes()
              for p in (again / "documents").rglob("*.docx")}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_the_manifest_lists_every_document(out: Path) -> None:
    """run.json records each document with its SHA-256, like every other file written."""
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    assert {r["link"] for r in _index(out)} <= listed
