"""The plain approach the benchmark compares against (run as a child process).

Sheets: pandas reads every sheet through openpyxl, the same core computes, pandas writes
each result with openpyxl. Documents: docxtpl loads the template, renders and saves each
document, with a matplotlib chart of the indicator scores per document.

    python -m toolkit.shell.bench_baseline sheets WORKBOOK OUT AS_OF
    python -m toolkit.shell.bench_baseline documents WORKBOOK OUT AS_OF COUNT
"""

from __future__ import annotations

import io
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

from toolkit.core.outputs import export_frame
from toolkit.core.pipeline import Results, run
from toolkit.core.raw import RawSheet, RawWorkbook
from toolkit.core.sheets import find_sheet


def read_with_pandas(path: Path) -> RawWorkbook:
    """Every sheet through ``pandas.read_excel(engine="openpyxl")``."""
    book = RawWorkbook(source=str(path))
    frames = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    for title, frame in frames.items():
        contract = find_sheet(title)
        if contract is None or contract.name in book.sheets:
            continue
        rows = frame.astype(object).where(frame.notna(), None).values.tolist()
        book.sheets[contract.name] = RawSheet(str(title), rows)
    return book


def sheets(workbook: Path, out: Path, as_of: date) -> Results:
    from toolkit.shell.results_file import result_tables

    results = run(read_with_pandas(workbook), as_of)
    (out / "exports").mkdir(parents=True, exist_ok=True)
    tables = result_tables(results)
    with pd.ExcelWriter(out / "results.xlsx", engine="openpyxl") as writer:
        for output, frame in tables:
            export_frame(frame, output).to_excel(writer, sheet_name=output.sheet,
                                                 index=False)
    for output, frame in tables:
        export_frame(frame, output).to_csv(out / "exports" / f"{output.name}.csv",
                                           index=False)
    return results


def _chart(scores: dict[str, float]) -> io.BytesIO:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(6, 2.5))
    axes.barh(list(scores), list(scores.values()))
    axes.set_xlim(0, 120)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    pyplot.close(figure)
    buffer.seek(0)
    return buffer


def documents(workbook: Path, out: Path, as_of: date, count: int) -> tuple[int, float]:
    """Render ``count`` evaluation reports the plain way; return how many were written and
    the seconds their rendering took (load, render, chart, save; contexts are built before
    the clock starts, as they are shared with ours)."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate

    from toolkit.core.contexts.jobs import plan_documents
    from toolkit.core.contexts.shapes import context_values
    from toolkit.shell.documents import templates_root

    results = run(read_with_pandas(workbook), as_of)
    root = templates_root(workbook)
    jobs = [j for j in plan_documents(results, None) if j.kind == "report"][:count]
    started = time.perf_counter()
    scores = results.scores.set_index(["employee_id", "period"])
    out.mkdir(parents=True, exist_ok=True)
    for number, job in enumerate(jobs):
        template = DocxTemplate(root / job.language / f"{job.template}.docx")
        template.render(context_values(job.context))
        row = scores.loc[(job.employee_id, job.period)]
        chart = {c[6:]: float(row[c] or 0) for c in row.index
                 if c.startswith("score_") and pd.notna(row[c])}
        template.docx.add_picture(_chart(chart), width=Cm(15))
        template.save(out / f"{number:05d}.docx")
    return len(jobs), time.perf_counter() - started


def main(argv: list[str]) -> None:
    part, workbook, out, as_of = argv[0], Path(argv[1]), Path(argv[2]), argv[3]
    day = date.fromisoformat(as_of)
    if part == "sheets":
        sheets(workbook, out, day)
    else:
        count, seconds = documents(workbook, out, day, int(argv[4]))
        print(count, f"{seconds:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
