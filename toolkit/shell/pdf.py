"""PDF copies of documents through LibreOffice, in batches (never one process a document).

``soffice --headless --convert-to pdf --outdir DIR a.docx b.docx ...`` converts a whole
batch in one process. Batches run side by side (one LibreOffice per core, at most
``MAX_PARALLEL``), each with its own throw-away user profile so they neither collide with
each other nor with a LibreOffice the user has open. Each PDF is moved next to its .docx.
A missing LibreOffice is reported by ``find_soffice`` returning ``None``; the caller says
so, and nothing crashes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

BATCH = 100
MAX_PARALLEL = 4
SECONDS_PER_FILE = 20
STARTUP_SECONDS = 120
INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
                "fonts-noto-cjk; Windows and macOS: libreoffice.org) or put soffice on PATH")
_KNOWN_PLACES = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    Path("/opt/libreoffice/program/soffice"),
)


def find_soffice() -> str | None:
    """The LibreOffice program: ``soffice`` or ``libreoffice`` on PATH, else a usual place."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((str(p) for p in _KNOWN_PLACES if p.is_file()), None)


@dataclass
class Conversion:
    """The PDFs made and the documents that could not be converted, with why."""

    pdfs: dict[Path, Path] = field(default_factory=dict)  # docx -> pdf
    failed: dict[Path, str] = field(default_factory=dict)


def batches(files: Sequence[Path], parallel: int, size: int = BATCH) -> list[list[Path]]:
    """Split ``files`` into about ``parallel`` batches of at most ``size``, never two files
    with the same name in a batch (they would share one output name)."""
    count = max(parallel, -(-len(files) // size)) if files else 0
    out: list[list[Path]] = [[] for _ in range(count)]
    names: list[set[str]] = [set() for _ in range(count)]
    for index, path in enumerate(files):
        slot = index % count
        while path.stem.casefold() in names[slot] or len(out[slot]) >= size:
            slot += 1
            if slot == len(out):
                out.append([])
                names.append(set())
        out[slot].append(path)
        names[slot].add(path.stem.casefold())
    return [b for b in out if b]


def convert(files: Sequence[Path], soffice: str, progress: Callable[[int], None] | None = None,
            parallel: int | None = None) -> Conversion:
    """PDF copies of ``files`` (each written beside its .docx)."""
    workers = parallel or min(os.cpu_count() or 1, MAX_PARALLEL)
    result = Conversion()
    advance = progress or (lambda count: None)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done in pool.map(lambda batch: _convert_batch(batch, soffice),
                             batches(files, workers)):
            result.pdfs.update(done.pdfs)
            result.failed.update(done.failed)
            advance(len(done.pdfs) + len(done.failed))
    return result


def _convert_batch(batch: list[Path], soffice: str) -> Conversion:
    result = Conversion()
    with tempfile.TemporaryDirectory(prefix="toolkit-pdf-") as scratch:
        work = Path(scratch)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                   "--outdir", str(work / "pdf"), *(str(p) for p in batch)]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, check=False,
                                       timeout=STARTUP_SECONDS + SECONDS_PER_FILE * len(batch))
            why = (completed.stderr or completed.stdout or "").strip()[-300:] or \
                f"LibreOffice exited with status {completed.returncode}"
        except (OSError, subprocess.TimeoutExpired) as exc:
            why = f"LibreOffice did not finish: {exc}"
        for docx in batch:
            made = work / "pdf" / f"{docx.stem}.pdf"
            if made.is_file():
                target = docx.with_suffix(".pdf")
                shutil.move(str(made), str(target))
                result.pdfs[docx] = target
            else:
                result.failed[docx] = why
    return result
