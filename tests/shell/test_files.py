"""Atomic writes leave files like any other new file."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from toolkit.shell.files import atomic_write_text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_written_file_gets_the_mode_a_new_file_gets(tmp_path: Path) -> None:
    """Results on a shared server are readable by whoever may read a new file there (the
    umask decides), not by their owner only, as a bare temporary file would be."""
    plain = tmp_path / "plain.csv"
    plain.write_text("a\n", encoding="utf-8")
    written = atomic_write_text(tmp_path / "written.csv", "a\n")
    assert stat.S_IMODE(written.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert written.read_text(encoding="utf-8") == "a\n"
