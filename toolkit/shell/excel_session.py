"""One click of a button: the calling workbook, progress, and every failure as a message.

``button(title)`` gives the workbook that ran the macro (``xw.Book.caller()``), shows
progress in the status bar and turns whatever goes wrong into words for the person who
clicked, never a Python traceback:

- the workbook has errors (``WorkbookInvalid``): the Problems sheet lists every problem and a
  message box names the first ones by sheet, row and column (``Sales!F14 amount: ...``);
- another toolkit error (a bad as-of date, a plan error, no documents feature): its message;
- anything else (a bug): a short message; the traceback goes to a log file it names.
"""

from __future__ import annotations

import contextlib
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import xlwings as xw

from toolkit.core.problems import Problem, ToolkitError, WorkbookInvalid
from toolkit.shell import excel

SHOWN_PROBLEMS = 10
LOG_NAME = "toolkit-error.log"


@contextlib.contextmanager
def button(title: str) -> Iterator[xw.Book]:
    """The calling workbook, for the body of a button's macro (see the module docstring)."""
    book = xw.Book.caller()
    excel.show_status(book, f"{title}: reading the workbook...")
    try:
        yield book
    except WorkbookInvalid as exc:
        excel.show_status(book, None)
        written = _write_problems(book, exc.problems)
        excel.show_message(book, invalid_message(exc.problems, written), title, critical=True)
    except ToolkitError as exc:
        excel.show_status(book, None)
        excel.show_message(book, f"{title} stopped: {exc}", title, critical=True)
    except Exception as exc:  # no traceback may reach the person who clicked
        excel.show_status(book, None)
        excel.show_message(book, crash_message(title, exc, write_log(exc)), title,
                           critical=True)


def _write_problems(book: xw.Book, problems: Sequence[Problem]) -> str | None:
    """The Problems sheet in the Control sheet's language; ``None`` if it cannot be written
    (a protected workbook, say): the message then lists what it can."""
    try:
        language = excel.read_language(book) or "en"
    except ToolkitError:
        language = "en"
    try:
        return excel.write_problems(book, problems, language)
    except Exception:  # the message box still has to be shown
        return None


def invalid_message(problems: Sequence[Problem], sheet: str | None) -> str:
    """``The workbook has 2 errors...`` with the first errors, one per line."""
    errors = [p for p in problems if p.severity == "error"]
    lines = [f"The workbook has {len(errors)} error(s); nothing was computed or written.", ""]
    lines += [f"- {p}" for p in errors[:SHOWN_PROBLEMS]]
    if len(errors) > SHOWN_PROBLEMS:
        lines.append(f"... and {len(errors) - SHOWN_PROBLEMS} more.")
    lines.append("")
    lines.append(f"Every problem is listed on the {sheet} sheet." if sheet else
                 "The Problems sheet could not be written.")
    return "\n".join(lines)


def crash_message(title: str, exc: Exception, log: Path | None) -> str:
    where = f"The details are in {log}; please send that file" if log else \
        "Please report it"
    return (f"{title} failed unexpectedly: {type(exc).__name__}: {exc}\n\n"
            f"{where} to whoever looks after the toolkit, with this workbook.")


def write_log(exc: Exception) -> Path | None:
    """Append the traceback to ``toolkit-error.log`` in the temp folder; ``None`` if not
    possible."""
    path = Path(tempfile.gettempdir()) / LOG_NAME
    text = "".join(traceback.format_exception(exc))
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:
        return None
    return path
