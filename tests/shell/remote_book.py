"""Drive the Excel adapter through xlwings' own objects without Excel: the remote engine.

``book_json(path)`` turns a workbook file into the JSON document xlwings' remote engine
takes (what its VBA/Office.js clients send: sheet values, Excel tables, defined names);
``open_caller(data)`` opens it as ``xw.Book(json=...)`` and makes it the mock caller, so
``xw.Book.caller()`` in ``toolkit.macros`` returns it. The engine records what the code
does as actions; ``replay(data, actions)`` applies them to the sheets so a test can read the
result sheets as Excel would show them.

The remote engine needs an xlwings license key; tests use the noncommercial one, as the
project rules allow (toolkit code itself never imports ``xlwings.pro``).
"""

from __future__ import annotations

import copy
import os
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine
from openpyxl.utils import get_column_letter

LICENSE_KEY = "noncommercial"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def remote_engine() -> Any:
    """xlwings with its remote engine registered (also when xlwings was imported before
    the license key was set)."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", LICENSE_KEY)
    import xlwings as xw

    if "remote" not in [engine.name for engine in xw.engines]:
        from xlwings.pro import _xlremote

        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))
    return xw


def _json_cell(value: Any) -> Any:
    """A cell as the clients send it: dates as ISO text with a zone, blanks as ""."""
    if value is None:
        return ""
    if isinstance(value, date):
        moment = value if isinstance(value, datetime) else \
            datetime.combine(value, datetime.min.time())
        return moment.isoformat(timespec="milliseconds") + "Z"
    return value


def book_json(path: Path, fullname: Path | None = None) -> dict[str, Any]:
    """The remote engine's document for the workbook at ``path`` (cached values).

    ``fullname`` is where the book claims to be saved (documents go beside it).
    """
    import xlwings as xw

    workbook = calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    titles = list(workbook.sheet_names)
    tables: dict[str, list[dict[str, Any]]] = {title: [] for title in titles}
    assert workbook.table_names is not None  # opened with load_tables=True
    for name in workbook.table_names:
        table = workbook.get_table_by_name(name)
        assert table.start is not None and table.end is not None, name  # a table has cells
        tables[table.sheet].append(_table_json(name, table.start, table.end))
    sheets = []
    for title in titles:
        rows = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
        sheets.append({"name": title, "values": [[_json_cell(v) for v in r] for r in rows]
                       or [[]], "pictures": [], "tables": tables[title], "shapes": [],
                       "charts": [], "notes": []})
    workbook.close()
    return {"client": "Microsoft Excel", "version": xw.__version__,
            "book": {"name": str(fullname or path), "active_sheet_index": 0,
                     "selection": "A1"},
            "names": _defined_names(path, titles), "sheets": sheets}


def _table_json(name: str, start: tuple[int, int], end: tuple[int, int]) -> dict[str, Any]:
    """``start``/``end``: 0-based first and last data cell; the header is above ``start``."""
    first, last = get_column_letter(start[1] + 1), get_column_letter(end[1] + 1)
    header, bottom = start[0], end[0] + 1
    return {"name": name, "range_address": f"{first}{header}:{last}{bottom}",
            "header_row_range_address": f"{first}{header}:{last}{header}",
            "data_body_range_address": f"{first}{header + 1}:{last}{bottom}",
            "total_row_range_address": None, "show_headers": True, "show_totals": False,
            "table_style": "TableStyleMedium2", "show_autofilter": True}


def _defined_names(path: Path, titles: list[str]) -> list[dict[str, Any]]:
    """Workbook-level names of single ranges (``Control!$B$8``), from workbook.xml."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    names = []
    for element in root.iter(f"{{{MAIN}}}definedName"):
        if element.get("localSheetId") is not None or element.get("hidden") == "1":
            continue
        refers_to = element.text or ""
        title, _, address = refers_to.rpartition("!")
        names.append({"name": element.get("name"), "refers_to": f"={refers_to}",
                      "book_scope": True, "scope_sheet_name": None,
                      "scope_sheet_index": None,
                      "sheet_index": titles.index(title.strip("'").replace("''", "'")),
                      "address": address.replace("$", "")})
    return names


def open_caller(data: dict[str, Any]) -> Any:
    """A fresh remote book of ``data`` (a deep copy), set as ``xw.Book.caller()``."""
    xw = remote_engine()
    book = xw.Book(json=copy.deepcopy(data))
    book.set_mock_caller()
    return book


@dataclass
class Replayed:
    """The workbook after the actions: sheet grids by name, in order, and what was shown."""

    sheets: dict[str, list[list[Any]]]
    formats: dict[str, list[tuple[int, int, int, int, str]]] = field(default_factory=dict)
    tables: dict[str, list[str]] = field(default_factory=dict)
    alerts: list[tuple[str, str, str]] = field(default_factory=list)
    active: str = ""


def replay(data: dict[str, Any], actions: list[dict[str, Any]]) -> Replayed:
    """Apply the remote engine's actions to the sheets of ``data``."""
    order = [s["name"] for s in data["sheets"]]
    grids = {s["name"]: [list(r) for r in s["values"]] for s in data["sheets"]}
    done = Replayed(grids)
    for action in actions:
        func, args, position = action["func"], action["args"], action["sheet_position"]
        if func == "addSheet":
            order.insert(args[0], args[1])
            grids[args[1]] = []
        elif func == "sheetDelete":
            grids.pop(order.pop(position))
        elif func == "setValues":
            _paste(grids[order[position]], action["start_row"], action["start_column"],
                   action["values"])
        elif func == "setNumberFormat":
            done.formats.setdefault(order[position], []).append(
                (action["start_row"], action["start_column"], action["row_count"],
                 action["column_count"], args[0]))
        elif func == "addTable":
            done.tables.setdefault(order[position], []).append(args[3])
        elif func == "activateSheet":
            done.active = order[args[0]]
        elif func == "alert":
            done.alerts.append((args[0], args[1], args[3]))
    done.sheets = {name: grids[name] for name in order}
    return done


def _paste(grid: list[list[Any]], row: int, col: int, values: list[list[Any]]) -> None:
    for r, line in enumerate(values, start=row):
        while len(grid) <= r:
            grid.append([])
        target = grid[r]
        while len(target) < col + len(line):
            target.append("")
        target[col:col + len(line)] = line
