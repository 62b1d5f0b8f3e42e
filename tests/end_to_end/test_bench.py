"""The benchmark command keeps working (run at a tiny size; it asserts no timings)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from toolkit.shell.bench import run_bench


def test_the_benchmark_runs_ours_and_the_baseline_and_prints_ratios(tmp_path: Path) -> None:
    """A 4-person year: both sides run, documents are counted, ratios are printed; with
    sales_rows, ours runs again on the company with a Sales sheet of that many rows."""
    console = Console(record=True, width=200)
    figures = run_bench(4, 12, 7, 3, tmp_path, console, sales_rows=1500, repeat=3)
    text = console.export_text()
    runs = re.search(r"ours, sheets part, 3 runs: ([\d.]+) s, ([\d.]+) s, ([\d.]+) s; "
                     r"the median run is taken \(([\d.]+) s\)", text)
    assert runs is not None, text
    assert float(runs[1]) <= float(runs[2]) == float(runs[4]) <= float(runs[3])
    assert f"{figures['sheets_seconds']:.1f}" == runs[4]
    assert "sheets part with 1,500 Sales rows (to row 1,501)" in text
    assert figures["full_sales_seconds"] > 0 and figures["full_sales_peak_mb"] > 0
    manifest = json.loads((tmp_path / "ours-full-sales" / "run.json").read_text())
    assert manifest["input_rows"]["Sales"] == 1500
    assert "sheets part" in text and "CPU time" in text and "documents per second" in text
    assert figures["documents"] >= 4 * 5  # a report per person for 4 quarters and the year
    assert figures["sheets_seconds"] > 0 and figures["baseline_sheets_seconds"] > 0
    assert figures["sheets_cpu_seconds"] > 0 and figures["baseline_sheets_cpu_seconds"] > 0
    assert figures["peak_mb"] > 0
    assert "whole run with documents, summed over its processes (PSS)" in text
    # A run of the toolkit holds an interpreter with pandas and the company's frames, more
    # than 50 MB, and a 4-person company far less than a gigabyte. (Not compared with
    # peak_mb: a child's high-water mark starts from its parent's, here pytest's.)
    assert 50 < figures["summed_peak_mb"] < 1000
    assert 50 < figures["full_sales_summed_peak_mb"] < 1000
    assert (tmp_path / "ours-full" / "results.xlsx").exists()
    assert len(list((tmp_path / "baseline").glob("*.docx"))) == 3


def test_a_measured_run_reports_its_own_peak_memory_not_the_benchmarks(
        tmp_path: Path) -> None:
    """Linux counts a parent's peak memory in a child it starts, so the company is generated
    in a process of its own: after ``workload``, a bare interpreter measures as small as it
    is, not as big as the generator got (pandas and a 60-person company: about 140 MB)."""
    script = (
        "import sys; from pathlib import Path\n"
        "from toolkit.shell.bench import measure, workload\n"
        "workload(60, 24, 7, Path(sys.argv[1]))\n"
        "print(measure(['-c', 'pass']).peak_mb)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, check=True)
    assert (tmp_path / "company_60x24_seed7.xlsx").exists()
    assert float(done.stdout.strip().splitlines()[-1]) < 80
