"""STYLE point 1: the functional core imports no Excel, file or template library."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

FORBIDDEN = ("xlwings", "openpyxl", "docxtpl", "jinja2", "xlsxwriter", "python_calamine")

PROBE = textwrap.dedent("""
    import importlib
    import json
    import pkgutil
    import sys

    import toolkit.core

    imported = ["toolkit.core"]
    for module in pkgutil.walk_packages(toolkit.core.__path__, "toolkit.core."):
        importlib.import_module(module.name)
        imported.append(module.name)
    forbidden = {forbidden!r}
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in forbidden)
    print(json.dumps({{"imported": imported, "loaded": loaded}}))
""")


def test_importing_every_core_module_loads_no_shell_library() -> None:
    """A fresh interpreter imports every module of toolkit.core; none of xlwings,
    openpyxl, docxtpl, jinja2, xlsxwriter or python_calamine may end up in sys.modules."""
    completed = subprocess.run(
        [sys.executable, "-c", PROBE.format(forbidden=FORBIDDEN)],
        capture_output=True, text=True, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert "toolkit.core.pipeline" in report["imported"]
    assert "toolkit.core.validate" in report["imported"]
    assert report["loaded"] == [], f"toolkit.core loaded {report['loaded']}"
