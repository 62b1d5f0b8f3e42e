"""The macro workbook's layout, declared as data: buttons, run settings, drop-downs, config.

``toolkit.shell.macro_workbook`` builds ``workbooks/SalesPerformance.xlsm`` from this module,
from the sheet contracts of ``toolkit.core.sheets`` (the input sheets) and from the VBA
source in ``workbooks/vba/``. Each button runs one VBA macro of ``workbooks/vba/Macros.bas``,
which calls one function of ``toolkit.macros`` through xlwings' ``RunPython``; a test checks
that the three agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args, get_type_hints

from toolkit.core.cells import DECISIONS, LANGUAGES
from toolkit.core.plan import GRADES, SETTING_KINDS, Plan

WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"
VBA_SOURCE = WORKBOOKS / "vba"
TEMPLATE_NAME = "SalesPerformance.xlsm"
SAMPLE_NAME = "SalesPerformance_sample.xlsm"

CONTROL_SHEET = "Control"
CONFIG_SHEET = "xlwings.conf"     # the name xlwings' VBA module reads its settings from
MACRO_MODULE = "Macros"           # workbooks/vba/Macros.bas
UDF_MODULE = "toolkit.udfs"       # the Python module of the worksheet functions


@dataclass(frozen=True)
class Button:
    """A button on the Control sheet: its caption, the VBA macro it runs, what it does."""

    caption: str
    macro: str
    description: str


BUTTONS: tuple[Button, ...] = (
    Button("Validate", "ValidateWorkbook",
           "Checks every input sheet and lists every problem at once (sheet, row, column) "
           "in a message and on the Problems sheet. Nothing else is written."),
    Button("Compute scores and grades", "ComputeScores",
           "Scores, totals and grades of every graded period (Scores), follow-up actions "
           "(Actions) and the review calendar (Schedule)."),
    Button("Compute payouts and reconciliation", "ComputePayouts",
           "The payout ledger with an explanation per line (Payouts, CommissionLines) and "
           "payroll reconciliation (Reconciliation, ReconciliationTotals)."),
    Button("Generate reports and letters", "GenerateDocuments",
           "Evaluation reports, PIP letters and offboarding checklists, written to the "
           "'documents' folder beside this workbook."),
    Button("Run everything", "RunEverything",
           "All of the above: every result sheet, a Summary sheet and the documents."),
    Button("Clear results", "ClearResults",
           "Deletes the result sheets this toolkit wrote; input sheets are not touched."),
)


@dataclass(frozen=True)
class RunSetting:
    """A cell on the Control sheet that the macros read, found by its defined name."""

    name: str          # the workbook-level defined name pointing at the cell
    label: str
    kind: str          # "date" or "language"
    note: str


AS_OF = RunSetting("AsOfDate", "As-of date", "date",
                   "Facts dated on or after this day are ignored; only periods that ended "
                   "before it are graded. Blank: today.")
LANGUAGE = RunSetting("ResultLanguage", "Result language", "language",
                      "en or zh: the result sheets' headers. Blank: the Plan sheet's language.")
RUN_SETTINGS: tuple[RunSetting, ...] = (AS_OF, LANGUAGE)

TITLE = "Sales performance toolkit"
INSTRUCTIONS = (
    "1. Paste or type your data into the input sheets (Employees, Targets, Sales and Reviews "
    "are required; the others may stay empty). Adjust the Plan sheet if your plan differs.",
    "2. Set the as-of date below if you want results as of another day than today.",
    "3. Click a button. Progress shows in the status bar. Results appear as sheets at the end "
    "of this workbook (re-running replaces them); documents go to the 'documents' folder "
    "beside it; problems appear in a message and on the Problems sheet.",
    "First time on this computer? Set your Python on the xlwings.conf sheet (see the README "
    "of the toolkit).",
)

# Input columns with a closed set of values get a drop-down list. A Chinese value
# (维持, 中文...) is still accepted by the toolkit, so those lists only warn.
DROPDOWNS: dict[str, tuple[str, ...]] = {
    "decision": tuple(dict.fromkeys(DECISIONS.values())),
    "grade": GRADES,
    "language": tuple(dict.fromkeys(LANGUAGES.values())),
}
STRICT_DROPDOWNS = frozenset({"grade"})


def setting_choices() -> dict[str, tuple[str, ...]]:
    """The Plan settings with a closed set of values, from the Plan's own type hints:
    ``Literal`` settings (language, missing_policy...) and the yes/no ones."""
    hints = get_type_hints(Plan)
    choices: dict[str, tuple[str, ...]] = {}
    for name, kind in SETTING_KINDS.items():
        literal = get_args(hints[name])
        if literal and all(isinstance(v, str) for v in literal):
            choices[name] = tuple(literal)
        elif kind == "bool":
            choices[name] = ("yes", "no")
    return choices


# The xlwings.conf sheet: keys from its first cell down, values beside them (that is where
# xlwings' VBA looks), then notes below a blank row. A user edits the interpreter once.
CONFIG_ROWS: tuple[tuple[str, object], ...] = (
    ("Interpreter_Win", "python"),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", UDF_MODULE),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)
CONFIG_NOTES = (
    "Set once per computer:",
    "Interpreter_Win: the full path of python.exe or pythonw.exe that has the toolkit "
    "installed (in a Command Prompt: py -c \"import sys; print(sys.executable)\"). "
    "'python' works when Python is on the PATH.",
    "Interpreter_Mac: the full path of python3 that has the toolkit installed "
    "(in Terminal: python3 -c \"import sys; print(sys.executable)\").",
    "Conda Path / Conda Env: only for Anaconda users (e.g. C:\\Users\\me\\anaconda3 / base).",
    "Keep the settings in column A and B from the first row on; these notes must stay "
    "below a blank row.",
)
