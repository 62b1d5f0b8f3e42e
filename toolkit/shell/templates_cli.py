"""``toolkit templates check|build``: the Word templates HR edits.

Kept light (the work is imported when a command runs), so ``toolkit --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

EXIT_INVALID = 2
templates_app = typer.Typer(no_args_is_help=True, help="The Word templates of the documents.")


def _default() -> Path:
    from toolkit.shell.documents import BUNDLED_TEMPLATES

    return BUNDLED_TEMPLATES


@templates_app.command("check")
def check(directory: Annotated[Optional[Path], typer.Argument(  # noqa: UP045 (typer)
        help="A templates folder with en/ and zh/ (default: the toolkit's).")] = None
          ) -> None:
    """Report, per template, broken tags and variables its document does not have."""
    from toolkit.shell.documents_cli import check_folder

    if check_folder(directory or _default()):
        raise typer.Exit(EXIT_INVALID)


@templates_app.command("build")
def build(directory: Annotated[Optional[Path], typer.Argument(  # noqa: UP045 (typer)
        help="Where to write en/ and zh/ (default: the toolkit's templates).")] = None
          ) -> None:
    """Write the standard templates (overwrites the .docx files in DIRECTORY)."""
    from toolkit.shell.documents_cli import console
    from toolkit.shell.template_builder import build_templates

    for path in build_templates(directory or _default()):
        console.print(f"wrote {path}", markup=False, highlight=False)
