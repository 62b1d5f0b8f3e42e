"""Which variables a compiled template asks for that its context's shape does not have.

A walk over the Jinja syntax tree that knows the shape (``toolkit.core.contexts.shapes``)
of each name in scope: top-level context fields; loop variables (``row`` in ``{% for row
in indicators %}`` has the shape of one indicator); names set in the template (``set``,
``with``, macro arguments) and ``loop``, whose shape is unknown and never checked.
Attributes starting with ``_`` are unsafe whatever they are read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes

from toolkit.core.contexts.shapes import Shape

ANY: Any = object()  # a value whose shape is unknown: anything may be read from it
Scope = dict[str, Any]


@dataclass
class _Walker:
    shape: Shape
    issues: list[tuple[str, int]] = field(default_factory=list)

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.For):
            self._for(node, scope)
        elif isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.resolve(node, scope)
        elif isinstance(node, nodes.Assign | nodes.AssignBlock):
            for child in node.iter_child_nodes(exclude=("target",)):
                self.visit(child, scope)
            scope.update(_bound(node.target, ANY))
        elif isinstance(node, nodes.With):
            for value in node.values:
                self.visit(value, scope)
            inner = dict(scope)
            for target in node.targets:
                inner.update(_bound(target, ANY))
            self._body(node.body, inner)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = {**scope, "caller": ANY, "varargs": ANY, "kwargs": ANY,
                     **{a.name: ANY for a in node.args}}
            self._body(node.body, inner)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def _body(self, body: list[nodes.Node], scope: Scope) -> None:
        for child in body:
            self.visit(child, scope)

    def _for(self, node: nodes.For, scope: Scope) -> None:
        iterated = self.resolve(node.iter, scope)
        item = iterated[0] if isinstance(iterated, list) else ANY
        inner = {**scope, **_bound(node.target, item), "loop": ANY}
        if node.test is not None:
            self.visit(node.test, inner)
        self._body(node.body, inner)
        self._body(node.else_, dict(scope))

    def resolve(self, node: nodes.Node, scope: Scope) -> Any:
        """The shape of an expression, recording every unknown or unsafe name in it."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if isinstance(self.shape, dict) and node.name in self.shape:
                return self.shape[node.name]
            return self._unknown(f"undeclared variable {node.name}", node)
        if isinstance(node, nodes.Getattr):
            return self._member(node, node.node, node.attr, scope)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            return self._member(node, node.node, node.arg.value, scope)
        self.visit_children(node, scope)
        return ANY

    def visit_children(self, node: nodes.Node, scope: Scope) -> None:
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _member(self, node: nodes.Node, base: nodes.Node, key: object, scope: Scope) -> Any:
        if isinstance(key, str) and key.startswith("_"):
            self.visit(base, scope)
            return self._unknown(f"unsafe attribute {_path(node)}", node)
        owner = self.resolve(base, scope)
        if owner is ANY:
            return ANY
        if isinstance(owner, list) and isinstance(key, int):
            return owner[0]
        if isinstance(owner, dict) and key in owner:
            return owner[str(key)]
        return self._unknown(f"undeclared variable {_path(node)}", node)

    def _unknown(self, message: str, node: nodes.Node) -> Any:
        self.issues.append((message, node.lineno))
        return ANY


def _bound(target: nodes.Node, shape: Any) -> Scope:
    """The names a ``for`` or ``set`` target binds; a tuple target binds unknown shapes."""
    if isinstance(target, nodes.Name):
        return {target.name: shape}
    if isinstance(target, nodes.Tuple):
        return {n.name: ANY for n in target.find_all(nodes.Name)}
    return {}


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_path(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return "…"


def unknown_variables(tree: nodes.Template, shape: Shape) -> list[tuple[str, int]]:
    """(message, line) for every name ``tree`` reads that ``shape`` lacks, in order."""
    walker = _Walker(shape)
    walker.visit(tree, {})
    return walker.issues
