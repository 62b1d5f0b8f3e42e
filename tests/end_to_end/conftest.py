"""Shared fixtures: the committed sample workbooks and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.shell.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_EN = ROOT / "workbooks" / "sample_en.xlsx"
SAMPLE_ZH = ROOT / "workbooks" / "sample_zh.xlsx"
AS_OF = "2027-01-20"


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    """Run the toolkit command line in-process; the result has exit_code and output."""
    return runner.invoke(app, list(args), catch_exceptions=False)
