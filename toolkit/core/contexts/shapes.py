"""The shape of a document context: what a template may ask for, derived from its types.

A shape is ``None`` for a value a template prints (text or a number), ``[item shape]`` for
a sequence it loops over, and ``{name: shape}`` for a record whose fields it reads. The
template check (``toolkit templates check``) compares every variable a template uses with
this shape, so a template never asks for something its context lacks.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any, Union

Shape = Union[dict[str, "Shape"], list["Shape"], None]  # noqa: UP007 (a recursive alias)


def shape_of(kind: Any) -> Shape:
    """``{field: shape}`` of a dataclass, ``[shape]`` of ``tuple[X, ...]``, else ``None``."""
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind)
        return {f.name: shape_of(hints[f.name]) for f in dataclasses.fields(kind)}
    if typing.get_origin(kind) in (tuple, list):
        arguments = typing.get_args(kind)
        return [shape_of(arguments[0])] if arguments else [None]
    return None


def context_values(context: object) -> dict[str, Any]:
    """The top-level names a template sees: the context's fields (nested records stay
    objects, so ``employee.name`` reads a field and never a dict method)."""
    if not dataclasses.is_dataclass(context) or isinstance(context, type):
        raise TypeError(f"expected a context dataclass, found {type(context).__name__}")
    return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
