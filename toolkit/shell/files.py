"""Atomic file writes: write beside the target under a temporary name, then rename.

An interrupted run leaves either the previous file or none, never a half-written one that
looks complete. A target that is open in another program (Excel locks it on Windows), a
folder in the file's place, a full disk or a folder without permission gives a clear
message instead of a traceback.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from toolkit.core.problems import ToolkitError


class OutputLocked(ToolkitError):
    """A result file could not be written (open in Excel, no permission, a folder in its
    place, a full disk)."""


def atomic_write(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(temp_path)`` then move the temp file onto ``target``."""
    make_folder(target.parent)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial",
                                             dir=target.parent)
    except OSError as exc:
        raise OutputLocked(cannot_write(target.parent, exc)) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        os.chmod(temp, _FILE_MODE)  # as a plain new file gets, not mkstemp's owner-only
        write(temp)
        os.replace(temp, target)
    except OSError as exc:
        raise OutputLocked(cannot_write(target, exc)) from exc
    finally:
        temp.unlink(missing_ok=True)
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# The mode a new file gets from ``open``: read and write for all, less the umask.
_FILE_MODE = 0o666 & ~_umask()


def remove(target: Path) -> None:
    """Delete ``target`` if it exists, or say plainly why it cannot be."""
    try:
        target.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputLocked(cannot_write(target, exc)) from exc


def cannot_write(target: Path, exc: OSError) -> str:
    """Why ``target`` could not be written, and what to do, in HR's words."""
    if isinstance(exc, IsADirectoryError):
        return f"{target}: is a folder, so the file cannot be written there; rename or move it"
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return f"{target}: a file is in the way of this folder; rename or move it"
    if isinstance(exc, PermissionError):
        return (f"{target}: cannot be written; close it if it is open in Excel or another "
                "program, and check the folder's permissions")
    return f"{target}: cannot be written ({exc.strerror or exc})"


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if it is not there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputLocked(cannot_write(folder, exc)) from exc


def move_into_place(source: Path, target: Path) -> Path:
    """Rename a file written under a hidden name onto ``target`` (one step, as with
    ``atomic_write``)."""
    make_folder(target.parent)
    try:
        os.replace(source, target)
    except OSError as exc:
        raise OutputLocked(cannot_write(target, exc)) from exc
    return target


def atomic_write_text(target: Path, text: str) -> Path:
    return atomic_write(target, lambda p: p.write_text(text, encoding="utf-8", newline=""))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
