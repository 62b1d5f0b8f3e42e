"""Rendering documents from the Word templates (SPEC section 9, STYLE point 12): a
sandboxed, autoescaping, strict Jinja environment, and templates checked before a batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.builders import write_xlsx
from tests.core.document_books import AS_OF, COMMENT, LEAVER, MANAGER, REP, results, sheets
from tests.shell.docx_files import all_text, broken_templates, open_docx
from toolkit.core.contexts.jobs import DocumentJob, plan_documents
from toolkit.core.contexts.shapes import context_values
from toolkit.shell.cli import app
from toolkit.shell.documents import BUNDLED_TEMPLATES, render_documents
from toolkit.shell.documents_cli import every_template
from toolkit.shell.docx_template import PreparedTemplate, TemplateProblem
from toolkit.shell.template_check import check_templates


@pytest.fixture(scope="module")
def jobs() -> list[DocumentJob]:
    return plan_documents(results())


def _job(jobs: list[DocumentJob], kind: str) -> DocumentJob:
    return next(j for j in jobs if j.kind == kind)


def _render(job: DocumentJob, root: Path = BUNDLED_TEMPLATES, language: str | None = None
            ) -> bytes:
    language = language or job.language
    name = f"{language}/{job.template}.docx"
    return PreparedTemplate.load(root / name, name).render(context_values(job.context))


def test_the_shipped_templates_ask_for_nothing_their_contexts_lack() -> None:
    """Every template of both languages passes the check: no broken tag, no variable
    missing from its context's shape, nothing unsafe."""
    assert check_templates(BUNDLED_TEMPLATES, every_template()) == []


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_template_renders_a_real_context_under_strict_undefined(
        jobs: list[DocumentJob], language: str) -> None:
    """A report, a PIP letter and a checklist render in each language and open in
    python-docx (well-formed XML) with the employee's name in them."""
    for kind in ("report", "pip_letter", "checklist"):
        job = _job(jobs, kind)
        text = all_text(open_docx(_render(job, language=language)))
        assert job.context.employee.name in text, (kind, language)


def test_markup_characters_quotes_and_newlines_appear_intact(jobs: list[DocumentJob]) -> None:
    """``&``, ``<``, ``>``, both quotes and a newline in workbook text print as typed: the
    comment keeps its line break, names keep their ampersand, brackets and quotes."""
    report = open_docx(_render(_job(jobs, "report")))
    text = all_text(report)
    assert COMMENT in text
    assert f"{REP} (E1)" in text and f"{MANAGER} (M1)" in text
    checklist = all_text(open_docx(_render(_job(jobs, "checklist"))))
    assert "Moving & <away>" in checklist and LEAVER in checklist


def test_rendering_the_same_context_twice_gives_the_same_bytes(jobs: list[DocumentJob]) -> None:
    """Fixed timestamps and part order: a re-run rewrites identical files."""
    job = _job(jobs, "report")
    assert _render(job) == _render(job)


def test_a_template_reading_a_dunder_attribute_is_refused(tmp_path: Path,
                                                          jobs: list[DocumentJob]) -> None:
    """``{{ ''.__class__ }}`` is named by the check, and the sandbox refuses it when
    rendered anyway."""
    root = broken_templates(tmp_path / "t", "evaluation_report", "{{ grade_scale }}",
                            "{{ ''.__class__ }}")
    issues = check_templates(root, every_template())
    assert [str(i) for i in issues] == [
        "en/evaluation_report.docx: unsafe attribute ''.__class__ in {{ ''.__class__ }}"]
    with pytest.raises(TemplateProblem, match=r"en/evaluation_report\.docx"):
        _render(_job(jobs, "report"), root, "en")


def test_an_unclosed_tag_is_reported_with_the_template_and_the_tag(tmp_path: Path) -> None:
    """A ``{% for %}`` with no ``{% endfor %}``, and a ``{{`` with no ``}}``."""
    root = broken_templates(tmp_path / "a", "pip_letter", "{{ reason }}",
                            "{% for row in history %}{{ reason }}")
    assert [str(i) for i in check_templates(root, every_template())] == [
        "en/pip_letter.docx: unclosed tag: no {% endfor %} for it in "
        "{% for row in history %}"]
    root = broken_templates(tmp_path / "b", "pip_letter", "{{ reason }}", "{{ reason")
    issues = check_templates(root, every_template())
    assert [(i.template, i.message, i.tag) for i in issues] == [
        ("en/pip_letter.docx", "unclosed tag: no }} after {{", "{{ reason")]


def test_a_variable_the_context_lacks_is_reported_with_its_path(tmp_path: Path) -> None:
    """A misspelt field at the top, and one inside a loop (``row`` is an indicator)."""
    root = broken_templates(tmp_path / "t", "evaluation_report", "{{ row.weight }}",
                            "{{ row.wieght }}{{ employee.nmae }}")
    assert [i.message for i in check_templates(root, every_template())] == [
        "undeclared variable row.wieght", "undeclared variable employee.nmae"]


def test_templates_check_exits_2_and_names_the_file_and_tag(tmp_path: Path) -> None:
    """``toolkit templates check DIR``: ok per template, or its problems and exit 2."""
    runner = CliRunner()
    good = runner.invoke(app, ["templates", "check", str(BUNDLED_TEMPLATES)])
    assert good.exit_code == 0, good.output
    root = broken_templates(tmp_path / "t", "offboarding_checklist", "{{ reason }}",
                            "{% if reason %}{{ reason }}")
    bad = runner.invoke(app, ["templates", "check", str(root)])
    assert bad.exit_code == 2
    assert "en/offboarding_checklist.docx: unclosed tag: no {% endif %} for it in " \
           "{% if reason %}" in bad.output


def test_a_run_with_a_broken_template_refuses_to_start_and_writes_nothing(
        tmp_path: Path) -> None:
    """The templates are checked after the workbook and before any file is written."""
    book = write_xlsx(sheets(), tmp_path / "book.xlsx")
    root = broken_templates(tmp_path / "t", "evaluation_report", "{{ grade }}",
                            "{{ grade }")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(book), "--out", str(out), "--as-of",
                                      AS_OF.isoformat(), "--documents", "--templates",
                                      str(root)])
    assert result.exit_code == 2
    assert "en/evaluation_report.docx" in result.output and "{{ grade }" in result.output
    assert not out.exists()


def test_pdf_without_libreoffice_is_a_clear_message_not_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--pdf on a machine without LibreOffice says what to install; nothing is written."""
    monkeypatch.setattr("toolkit.shell.pdf.find_soffice", lambda: None)
    book = write_xlsx(sheets(), tmp_path / "book.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(book), "--out", str(out), "--as-of",
                                      AS_OF.isoformat(), "--documents", "--pdf"])
    assert result.exit_code == 2
    assert "--pdf needs LibreOffice" in result.output
    assert not out.exists()


def test_documents_are_written_under_the_managers_folder(tmp_path: Path,
                                                        jobs: list[DocumentJob]) -> None:
    """One file per job at documents/<manager>/<name>, Chinese names included."""
    files = render_documents(jobs, BUNDLED_TEMPLATES, tmp_path, workers=1)
    assert sorted(p.relative_to(tmp_path / "documents").as_posix() for p in files) == sorted(
        j.path for j in jobs)
    assert all(p.is_file() for p in files)
    assert (tmp_path / "documents" / "Mia & _Boss_" / "E2_王小明_2026-Q1_考核报告.docx").is_file()
