"""``toolkit bench``: a year-end close at scale, ours against the plain baseline.

It generates (or reuses) a sample company of the requested size, then runs in separate
child processes, each measured on its own (wall time, CPU time and peak memory):

1. ours, sheets part: ``toolkit run`` (read, validate, compute, write results and exports);
2. ours, whole run: ``toolkit run --documents`` (the sheets part plus every document);
3. the baseline sheets part: pandas reading through openpyxl, the same core, pandas
   writing through openpyxl (``bench_baseline``);
4. the baseline documents: docxtpl loading, rendering and saving each report with a
   matplotlib chart, for a sample of reports;
5. with ``--full-sales``, ours again, sheets part, on the same company with its Sales
   sheet filled to Excel's last row (``SampleCompany.with_sales_rows``); the baseline is
   not run there.

It prints the figures and the ratios; it asserts nothing. Wall time is what a user waits;
CPU time (user and system, the process and the processes it started) is the work done,
and moves far less than wall time when the machine is shared or its speed varies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from toolkit.shell.bench_memory import PssPeak
from toolkit.shell.processes import pool_context


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    output: str
    # The highest PSS summed over the child's processes (bench_memory); None when not
    # sampled, or off Linux.
    summed_mb: float | None = None


def measure(arguments: list[str], summed: bool = False) -> Measured:
    """Run ``python arguments...`` as a child; its wall time, its CPU time (with the
    processes it started and waited for), its peak memory (the largest high-water mark
    of it and its processes) and, with ``summed``, the peak of their memory summed (PSS).
    Sampling that sum slows the run a little (it reads every process's page tables), so
    the runs whose time matters most are not sampled."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *arguments], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    with PssPeak(child.pid if summed else None) as peak:
        output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{output[-3000:]}")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output,
                    peak.mb)


# Rows under the header that fill a sheet to Excel's last row, 1,048,576.
FULL_SALES_ROWS = 1_048_575


def workload(employees: int, months: int, seed: int, folder: Path, sales_rows: int = 0
             ) -> tuple[Path, dict[str, int], str]:
    """The benchmark workbook (generated once per size, seed and Sales length), its row
    counts and the as-of date that closes its last month. ``sales_rows`` (when not 0)
    fills the Sales sheet to that many rows.

    The company is generated in a process of its own, so this one stays small: a child
    started from a big process inherits its peak memory (Linux counts the parent's high
    water mark in the child's ``ru_maxrss``), and every run measured after it would
    report the generator's peak instead of its own.
    """
    filled = f"_sales{sales_rows}" if sales_rows else ""
    path = folder / f"company_{employees}x{months}_seed{seed}{filled}.xlsx"
    with ProcessPoolExecutor(1, mp_context=pool_context()) as pool:
        counts, as_of = pool.submit(_generate, employees, months, seed, path,
                                    sales_rows).result()
    return path, counts, as_of


def _generate(employees: int, months: int, seed: int, path: Path, sales_rows: int
              ) -> tuple[dict[str, int], str]:
    """In its own process: write the workbook unless it exists; its row counts and as-of."""
    from toolkit.sample import generate
    from toolkit.shell.sample_writer import write_sample

    company = generate(employees=employees, months=months, seed=seed)
    if sales_rows:
        company = company.with_sales_rows(sales_rows)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_sample(company, path, "en")
    return {name: len(frame) for name, frame in company.sheets.items()}, \
        company.as_of.isoformat()


def run_bench(employees: int, months: int, seed: int, docs_sample: int, folder: Path,
              console: Console, sales_rows: int = 0, repeat: int = 1) -> dict[str, float]:
    """Measure every part and print the table; return the figures. ``sales_rows`` (when
    not 0) also times our sheets part with the Sales sheet filled to that many rows.
    ``repeat`` runs our sheets part that many times and takes the run of median time
    (each run's time is printed), as a machine's speed can change from minute to
    minute."""
    workbook, rows, as_of = workload(employees, months, seed, folder)
    console.print(f"workload: {employees} sales staff, {months} months; "
                  + ", ".join(f"{name} {count:,}" for name, count in rows.items()))
    tool = _ours(workbook, as_of)
    ours_sheets = _median_run([*tool, "--out", str(folder / "ours-sheets")], repeat, console)
    # The whole run, documents included, is the one whose memory is summed.
    ours_full = measure([*tool, "--out", str(folder / "ours-full"), "--documents"],
                        summed=True)
    documents = sum(1 for _ in (folder / "ours-full" / "documents").rglob("*.docx"))
    base = [str(workbook), str(folder / "baseline"), as_of]
    base_sheets = measure(["-m", "toolkit.shell.bench_baseline", "sheets", *base])
    base_docs = measure(["-m", "toolkit.shell.bench_baseline", "documents", *base,
                         str(docs_sample)])
    count_text, seconds_text = base_docs.output.strip().splitlines()[-1].split()
    baseline_count = int(count_text)
    # Ours: what --documents adds to a run (contexts, rendering, index). The baseline
    # times its own documents part (contexts and rendering), after reading and computing.
    ours_doc_seconds = max(ours_full.seconds - ours_sheets.seconds, 1e-9)
    base_doc_seconds = max(float(seconds_text), 1e-9)
    figures = {
        "sheets_seconds": ours_sheets.seconds, "baseline_sheets_seconds": base_sheets.seconds,
        "sheets_cpu_seconds": ours_sheets.cpu_seconds,
        "baseline_sheets_cpu_seconds": base_sheets.cpu_seconds,
        "documents": documents, "documents_per_second": documents / ours_doc_seconds,
        "baseline_documents_per_second": baseline_count / base_doc_seconds,
        "peak_mb": max(ours_sheets.peak_mb, ours_full.peak_mb),
        "baseline_peak_mb": max(base_sheets.peak_mb, base_docs.peak_mb),
    }
    if ours_full.summed_mb is not None:
        figures["summed_peak_mb"] = ours_full.summed_mb
    console.print(_table(figures, baseline_count))
    if sales_rows:
        figures.update(_full_sales(employees, months, seed, folder, sales_rows, console))
    return figures


def _ours(workbook: Path, as_of: str) -> list[str]:
    """The arguments of our run of ``workbook`` as of ``as_of`` (``--out`` to add)."""
    return ["-m", "toolkit", "run", str(workbook), "--as-of", as_of]


def _median_run(arguments: list[str], repeat: int, console: Console) -> Measured:
    """``measure(arguments)`` ``repeat`` times; the run of median time (the lower middle
    one of an even number)."""
    if repeat < 1:
        raise ValueError(f"expected at least 1 run, found {repeat}")
    runs = sorted((measure(arguments) for _ in range(repeat)), key=lambda m: m.seconds)
    median = runs[(repeat - 1) // 2]
    if repeat > 1:
        console.print(f"ours, sheets part, {repeat} runs: "
                      + ", ".join(f"{m.seconds:.1f} s" for m in runs)
                      + f"; the median run is taken ({median.seconds:.1f} s)")
    return median


def _full_sales(employees: int, months: int, seed: int, folder: Path, sales_rows: int,
                console: Console) -> dict[str, float]:
    """Our sheets part on the company with a Sales sheet of ``sales_rows`` rows."""
    workbook, _, as_of = workload(employees, months, seed, folder, sales_rows)
    ours = measure([*_ours(workbook, as_of), "--out", str(folder / "ours-full-sales")],
                   summed=True)
    summed = "" if ours.summed_mb is None else \
        f", summed over its processes {ours.summed_mb:.0f} MB"
    console.print(f"sheets part with {sales_rows:,} Sales rows (to row {sales_rows + 1:,}): "
                  f"{ours.seconds:.1f} s, CPU {ours.cpu_seconds:.1f} s, "
                  f"peak memory {ours.peak_mb:.0f} MB{summed}")
    figures = {"full_sales_rows": sales_rows, "full_sales_seconds": ours.seconds,
               "full_sales_cpu_seconds": ours.cpu_seconds, "full_sales_peak_mb": ours.peak_mb}
    if ours.summed_mb is not None:
        figures["full_sales_summed_peak_mb"] = ours.summed_mb
    return figures


def _table(f: dict[str, float], baseline_count: int) -> Table:
    table = Table(title="toolkit bench (2 cores)")
    for header in ("part", "ours", "baseline", "ratio"):
        table.add_column(header, justify="left" if header == "part" else "right")
    table.add_row("sheets part (read, validate, compute, write)",
                  f"{f['sheets_seconds']:.1f} s", f"{f['baseline_sheets_seconds']:.1f} s",
                  f"{f['baseline_sheets_seconds'] / f['sheets_seconds']:.1f}× as fast")
    table.add_row("sheets part, CPU time (both cores)",
                  f"{f['sheets_cpu_seconds']:.1f} s", f"{f['baseline_sheets_cpu_seconds']:.1f} s",
                  f"{f['baseline_sheets_cpu_seconds'] / f['sheets_cpu_seconds']:.1f}× less work")
    table.add_row(f"documents per second (ours: all {int(f['documents'])}; baseline: "
                  f"{baseline_count} reports)", f"{f['documents_per_second']:.1f}",
                  f"{f['baseline_documents_per_second']:.1f}",
                  f"{f['documents_per_second'] / f['baseline_documents_per_second']:.1f}× the rate")
    table.add_row("peak memory of a run (its largest process)", f"{f['peak_mb']:.0f} MB",
                  f"{f['baseline_peak_mb']:.0f} MB",
                  f"{f['peak_mb'] / f['baseline_peak_mb']:.2f}× the memory")
    if "summed_peak_mb" in f:
        # The baseline is one process: the row above is its whole memory.
        table.add_row("peak memory of the whole run with documents, summed over its "
                      "processes (PSS)", f"{f['summed_peak_mb']:.0f} MB", "one process", "")
    return table
