"""The sample company generator and its workbook writer."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from toolkit.core import pipeline
from toolkit.core.periods import Period
from toolkit.core.raw import RawSheet, RawWorkbook
from toolkit.core.reconcile import STATUSES
from toolkit.core.sheets import INPUT_SHEETS, PLAN, SHEETS_BY_NAME, Sheet, find_sheet
from toolkit.core.validate import validate
from toolkit.sample import SampleCompany, generate
from toolkit.sample.payroll import EXACT_MAX_EMPLOYEES
from toolkit.shell.sample_writer import write_sample
from toolkit.shell.workbook_file import read_workbook

AS_OF = date(2027, 1, 20)
COMMITTED = Path(__file__).resolve().parents[1] / "workbooks"
TEXT_KINDS = ("text", "decision")
# Date columns that may lie on or after the as-of date: the toolkit ignores those facts.
LATE_DATES_ALLOWED = {("Leads", "converted_date"), ("Sales", "due_date")}


@pytest.fixture(scope="module")
def company() -> SampleCompany:
    return generate()


@pytest.fixture(scope="module")
def workbooks(company: SampleCompany, tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("sample")
    paths = {language: folder / f"sample_{language}.xlsx" for language in ("en", "zh")}
    for language, path in paths.items():
        write_sample(company, path, language)
    return paths


@cache
def _book(path: Path) -> CalamineWorkbook:
    return CalamineWorkbook.from_path(str(path))


@cache
def _read(path: Path, title: str) -> list[list[Any]]:
    """The cells of one sheet, read back once per workbook and title."""
    return _book(path).get_sheet_by_name(title).to_python()


def test_generate_is_deterministic(company: SampleCompany) -> None:
    """Two calls with the same arguments give equal frames, sheet by sheet."""
    again = generate()
    assert again.equals(company)
    for name, frame in company.sheets.items():
        pd.testing.assert_frame_equal(again.sheets[name], frame)


def test_another_seed_gives_other_data(company: SampleCompany) -> None:
    """The seed drives the data: seed 8 differs from the default seed 7."""
    assert not generate(seed=8).equals(company)


@pytest.mark.parametrize("sheet", INPUT_SHEETS, ids=lambda s: s.name)
def test_every_input_sheet_is_present_with_all_contract_columns(
        company: SampleCompany, sheet: Sheet) -> None:
    """Each sheet of SPEC section 3 has rows and every contract column, in both languages
    exactly the contract's columns in contract order."""
    frame = company.sheets[sheet.name]
    assert len(frame) > 0
    names = [c.name for c in sheet.columns]
    assert set(names) <= set(frame.columns)
    for language in ("en", "zh"):
        assert list(company.frame(sheet.name, language).columns) == names


def test_the_suggested_as_of_date_is_the_twentieth_after_the_last_month(
        company: SampleCompany) -> None:
    """The defaults (2025-01 to 2026-12) are meant to be graded on 2027-01-20."""
    assert company.as_of == AS_OF


def test_nothing_is_dated_on_or_after_the_as_of_date(company: SampleCompany) -> None:
    """Every fact date is before 2027-01-20, except lead conversions and due dates."""
    for sheet in INPUT_SHEETS:
        for column in sheet.columns:
            if column.kind != "date" or (sheet.name, column.name) in LATE_DATES_ALLOWED:
                continue
            days = company.sheets[sheet.name][column.name].dropna()
            assert (days < AS_OF).all(), f"{sheet.name}.{column.name}"


def test_keys_are_unique(company: SampleCompany) -> None:
    """No sheet repeats its key (employee_id, contract_id, lead_id, employee + period)."""
    for sheet in INPUT_SHEETS:
        if sheet.key:
            assert not company.sheets[sheet.name].duplicated(list(sheet.key)).any(), sheet.name


def test_only_reps_have_targets_and_every_employed_month_has_one(
        company: SampleCompany) -> None:
    """The director and managers have no Targets rows; each rep has a month row from the
    month of hire_date through the month of termination_date."""
    employees = company.sheets["Employees"].set_index("employee_id")
    targets = company.sheets["Targets"]
    months = targets[targets["period"].str.fullmatch(r"\d{4}-\d{2}")]
    bosses = set(employees.index[employees["manager_id"].isna()]) | set(
        employees["manager_id"].dropna())
    assert set(targets["employee_id"]) == set(employees.index) - bosses
    for employee_id, rows in months.groupby("employee_id"):
        first = max(employees.at[employee_id, "hire_date"], date(2025, 1, 1))
        last = employees.at[employee_id, "termination_date"] or date(2026, 12, 31)
        expected = {f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)
                    if (first.year, first.month) <= (y, m) <= (last.year, last.month)}
        assert set(rows["period"]) == expected, employee_id


def test_the_special_cases_are_there(company: SampleCompany) -> None:
    """A leaver with a separation and three assets, a hire on a quarter's first day,
    explicit quarter targets, returns, explicit due dates, all three appeal decisions,
    self-ratings and a rep-quarter with only two peer ratings."""
    sheets = company.sheets
    leaver = sheets["Employees"].dropna(subset=["termination_date"])
    assert list(leaver["termination_date"]) == [date(2026, 8, 20)]
    separation = sheets["Separations"].iloc[0]
    assert separation["employee_id"] == leaver["employee_id"].iloc[0]
    assert separation["request_date"] == date(2026, 7, 20)
    assets = sheets["Assets"]
    assert (assets["employee_id"] == separation["employee_id"]).sum() == 3
    assert date(2025, 10, 1) in set(sheets["Employees"]["hire_date"])
    assert "2026-Q2" in set(sheets["Targets"]["period"])
    assert (sheets["Sales"]["amount"] < 0).any()
    assert sheets["Sales"]["due_date"].notna().any()
    assert set(sheets["Appeals"]["decision"]) == {"upheld", "rejected", "pending"}
    peers = sheets["PeerReviews"]
    assert (peers["rater_id"] == peers["ratee_id"]).any()
    others = peers[peers["rater_id"] != peers["ratee_id"]]
    assert (others.groupby(["period", "ratee_id"]).size() == 2).any()


def test_collected_amount_never_exceeds_the_amount(company: SampleCompany) -> None:
    """Sales.collected_amount repeats the Payments capped at the amount (else invalid)."""
    sales = company.sheets["Sales"].dropna(subset=["collected_amount"])
    assert (sales["collected_amount"] <= sales["amount"]).all()


def test_the_workbooks_validate_without_problems(workbooks: dict[str, Path]) -> None:
    """Both workbooks, read back, pass the core validation with no error or warning."""
    for language, path in workbooks.items():
        raw = RawWorkbook()
        for title in _book(path).sheet_names:
            sheet = find_sheet(title)
            assert sheet is not None, title
            raw.sheets[sheet.name] = RawSheet(title, _read(path, title))
        tables, problems = validate(raw)
        assert problems == [], language
        assert tables.plan.language == language


def test_sheet_names_and_headers_follow_the_language(workbooks: dict[str, Path]) -> None:
    """The en workbook uses the English contract names, the zh one the Chinese aliases."""
    for language, path in workbooks.items():
        titles = _book(path).sheet_names
        expected = [s.zh if language == "zh" else s.name for s in (*INPUT_SHEETS, PLAN)]
        assert titles == expected
        for sheet in INPUT_SHEETS:
            header = _read(path, expected[INPUT_SHEETS.index(sheet)])[0]
            assert header == [c.zh if language == "zh" else c.name for c in sheet.columns]


def test_en_and_zh_workbooks_have_identical_ids_numbers_and_dates(
        workbooks: dict[str, Path]) -> None:
    """Read back with calamine, every non-text column is equal cell by cell in both
    languages, and the text columns do differ (names are translated)."""
    translated = 0
    for sheet in INPUT_SHEETS:
        en_rows = _read(workbooks["en"], sheet.name)[1:]
        zh_rows = _read(workbooks["zh"], sheet.zh)[1:]
        assert len(en_rows) == len(zh_rows) > 0
        for index, column in enumerate(sheet.columns):
            en = [row[index] for row in en_rows]
            zh = [row[index] for row in zh_rows]
            if column.kind in TEXT_KINDS:
                translated += en != zh
            else:
                assert en == zh, f"{sheet.name}.{column.name}"
    assert translated >= 8


def test_dates_and_money_read_back_as_dates_and_numbers(workbooks: dict[str, Path]) -> None:
    """Cells keep their types: a date cell is a date, an amount a number, a period text."""
    header, first = _read(workbooks["en"], "Sales")[:2]
    row = dict(zip(header, first, strict=True))
    assert isinstance(row["date"], date)
    assert isinstance(row["amount"], float)
    period = _read(workbooks["en"], "Payroll")[1][1]
    assert isinstance(period, str)


def test_the_plan_sheet_holds_three_blocks(workbooks: dict[str, Path]) -> None:
    """Settings, weights and grade bands, one below another two blank rows apart."""
    rows = _read(workbooks["en"], "Plan")
    starts = [i for i, row in enumerate(rows) if row[0] in ("key", "indicator", "grade")]
    assert len(starts) == 3
    for start in starts[1:]:
        assert rows[start - 1][0] == rows[start - 2][0] == ""


def test_writing_twice_gives_identical_bytes(tmp_path: Path) -> None:
    """Fixed document properties make the workbook byte-for-byte reproducible, and the
    temporary file is gone once the workbook is in place."""
    small = generate(employees=6, months=6)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_sample(small, first, "zh")
    write_sample(generate(employees=6, months=6), second, "zh")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


def test_sales_scale_with_the_number_of_employees(company: SampleCompany) -> None:
    """300 reps give about 300/40 times the sales rows of 40 reps, and every sheet."""
    large = generate(employees=300, months=24)
    ratio = len(large.sheets["Sales"]) / len(company.sheets["Sales"])
    assert 300 / 40 * 0.85 < ratio < 300 / 40 * 1.15
    assert all(len(large.sheets[s.name]) > 0 for s in INPUT_SHEETS)
    assert set(large.sheets) == {s.name for s in INPUT_SHEETS} <= set(SHEETS_BY_NAME)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_committed_samples_payroll_pays_the_plan_with_a_few_slips(language: str) -> None:
    """Reconciled as of 2027-01-20, the committed sample's Payroll shows every status at
    least once (the payouts acceptance) and matches the ledger on at least 90 % of rows."""
    raw = read_workbook(COMMITTED / f"sample_{language}.xlsx")
    reconciliation = pipeline.run(raw, as_of=AS_OF).reconciliation
    assert reconciliation is not None
    counts = reconciliation["status"].value_counts()
    assert [s for s in STATUSES if counts.get(s, 0) == 0] == []
    assert counts["match"] >= 0.9 * len(reconciliation)


def test_payroll_has_only_periods_ended_before_the_as_of_date(company: SampleCompany) -> None:
    """Every Payroll row is for a month or year that ended before the as-of date."""
    periods = {Period.parse(p) for p in company.sheets["Payroll"]["period"]}
    assert periods and all(p.end < company.as_of for p in periods)


def test_a_sample_above_the_exact_size_does_not_compute_the_ledger(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Above EXACT_MAX_EMPLOYEES the pipeline is not run (generation stays fast at scale):
    Payroll is the plausible approximation, a month row per employed rep-month."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr(pipeline, "run", refuse)
    large = generate(employees=EXACT_MAX_EMPLOYEES + 1, months=3)
    targets = large.sheets["Targets"]
    months = targets[targets["period"].str.fullmatch(r"\d{4}-\d{2}")]
    assert len(large.sheets["Payroll"]) == len(months) > 0


def test_a_sales_sheet_filled_to_more_rows_repeats_the_contracts_under_new_ids(
        company: SampleCompany) -> None:
    """with_sales_rows(n) gives n Sales rows, the contracts repeated in order as new
    contracts (ids suffixed -1, -2, ...): every key unique, every other column copied,
    each copy paid as its contract is, and every other sheet the same frame."""
    sales = company.sheets["Sales"]
    rows = 2 * len(sales) + 5
    filled = company.with_sales_rows(rows)
    more = filled.sheets["Sales"]
    assert len(more) == rows and more["contract_id"].is_unique
    assert list(more["contract_id"][len(sales):len(sales) + 2]) == [
        f"{sales['contract_id'][0]}-1", f"{sales['contract_id'][1]}-1"]
    assert more["contract_id"].iloc[-1] == f"{sales['contract_id'][4]}-2"
    others = [c for c in sales.columns if c != "contract_id"]
    for copy in range(2):
        block = more[others].iloc[copy * len(sales):(copy + 1) * len(sales)]
        assert block.reset_index(drop=True).equals(sales[others])
    payments = company.sheets["Payments"]
    more_payments = filled.sheets["Payments"]
    assert more_payments[:len(payments)].equals(payments)
    for copy in (1, 2):
        ids = set(more["contract_id"][copy * len(sales):(copy + 1) * len(sales)])
        theirs = more_payments[more_payments["contract_id"].isin(ids)]
        originals = {i.rsplit("-", 1)[0] for i in ids}
        assert sorted(zip(theirs["contract_id"].str.rsplit("-", n=1).str[0], theirs["date"],
                          theirs["amount"], strict=True)) == sorted(
            row for row in zip(payments["contract_id"], payments["date"], payments["amount"],
                               strict=True) if row[0] in originals)
    assert len(more_payments) == len(payments) + sum(
        n * (payments["contract_id"] == cid).sum() for cid, n in
        zip(sales["contract_id"], [2] * 5 + [1] * (len(sales) - 5), strict=True))
    assert all(filled.sheets[n] is company.sheets[n] for n in company.sheets
               if n not in ("Sales", "Payments"))
    assert filled.as_of == company.as_of
    assert company.with_sales_rows(3).sheets["Sales"].equals(sales.iloc[:3])
    with pytest.raises(ValueError, match="at least 1 row"):
        company.with_sales_rows(0)
