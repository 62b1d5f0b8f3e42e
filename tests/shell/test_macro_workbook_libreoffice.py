"""Acceptance 3: LibreOffice opens the macro workbook with its buttons bound to the macros.

A headless conversion to OpenDocument shows what LibreOffice made of the file: each form
button with its caption and the script it runs, and the VBA project as Basic libraries.
Skipped only where LibreOffice is not installed and this is not CI (CI must have it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path

import pytest

from toolkit.shell.macro_layout import BUTTONS, MACRO_MODULE, TEMPLATE_NAME, WORKBOOKS

BUTTON = re.compile(r'<form:button\b[^>]*\bform:label="([^"]*)".*?</form:button>', re.S)
SCRIPT = re.compile(r'script:event-name="form:performaction"[^>]*xlink:href="([^"]*)"')


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: apt-get install "
                        "libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def test_libreoffice_keeps_every_button_bound_to_its_macro(tmp_path: Path) -> None:
    """Converted by LibreOffice, each button of the Control sheet still runs its macro
    of the Macros module, and that module still holds the RunPython call."""
    profile = (tmp_path / "profile").as_uri()
    completed = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "ods",
         "--outdir", str(tmp_path), str(WORKBOOKS / TEMPLATE_NAME)],
        capture_output=True, text=True, timeout=180, check=False)
    converted = tmp_path / Path(TEMPLATE_NAME).with_suffix(".ods").name
    assert converted.exists(), ("LibreOffice could not open the workbook (is "
                                f"libreoffice-calc installed?): {completed.stderr}")
    with zipfile.ZipFile(converted) as archive:
        content = archive.read("content.xml").decode("utf-8")
        basic = archive.read(f"Basic/VBAProject/{MACRO_MODULE}.xml").decode("utf-8")
    bound = {}
    for match in BUTTON.finditer(content):
        script = SCRIPT.search(match.group(0))
        bound[unescape(match.group(1))] = unescape(script.group(1)) if script else None
    assert bound == {
        b.caption: f"vnd.sun.star.script:VBAProject.{MACRO_MODULE}.{b.macro}"
                   "?language=Basic&location=document" for b in BUTTONS}
    source = unescape(basic)
    for button in BUTTONS:
        assert re.search(rf"Sub {button.macro}\(\)\s+RunPython ", source), button.macro
