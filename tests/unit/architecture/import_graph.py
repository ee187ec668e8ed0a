"""The package's import graph, read from the source with ``ast`` (nothing is imported or run).

Rooms are the top-level folders and modules of the package; their layers, bottom first, are the
order in which they may depend on each other (docs/architecture.md draws the same picture).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "airflow_pipeline_debugger"

#: Layers, bottom first. A module may import its own room and any room on a lower layer.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"domain", "tolerant", "conf", "provider_info", "registry", ""}),
    frozenset({"store"}),
    frozenset({"evidence"}),
    frozenset({"adapters"}),
    frozenset({"heuristics"}),
    frozenset({"engine"}),
    frozenset({"notify"}),
    frozenset({"trigger"}),
    frozenset({"runner"}),
    frozenset({"api", "ui", "plugin", "callbacks", "cli"}),
)


@dataclass(frozen=True)
class Edge:
    """One import statement: who imports whom, where, and whether only for type checking."""

    source: str
    target: str
    path: Path
    line: int
    type_only: bool


def room(module: str) -> str:
    """``airflow_pipeline_debugger.store.models`` → ``store``; the package root → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer(module: str) -> int:
    """The layer index of a module's room; unknown rooms raise, so a new room must be placed."""
    name = room(module)
    for index, rooms in enumerate(LAYERS):
        if name in rooms:
            return index
    raise KeyError(f"room {name!r} of {module} has no layer: add it to LAYERS and docs/architecture.md")


def module_name(root: Path, path: Path) -> str:
    """The dotted module name of a file under ``root`` (the folder that holds the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def edges(root: Path) -> Iterator[Edge]:
    """Every import of a package module by a package module, function-local ones included."""
    for path in sorted((root / PACKAGE).rglob("*.py")):
        source = module_name(root, path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        type_only = _type_checking_nodes(tree)
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = source.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, *([base] if base else [])])
                # `from pkg import module` names a module; `from module import name` names the module.
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                if target == PACKAGE or target.startswith(PACKAGE + "."):
                    yield Edge(source, target, path, node.lineno, id(node) in type_only)


def resolve(target: str, modules: set[str]) -> str | None:
    """The longest existing module prefix of an import target (``pkg.mod.Name`` → ``pkg.mod``)."""
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return None


def upward(graph: list[Edge], modules: set[str]) -> list[Edge]:
    """Imports of a room on a higher layer than the importer's."""
    found = []
    for e in graph:
        target = resolve(e.target, modules)
        if target and room(e.source) != room(target) and layer(target) > layer(e.source):
            found.append(e)
    return found


def module_cycles(graph: list[Edge], modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (runtime and type-only imports alike)."""
    adjacency: dict[str, set[str]] = {m: set() for m in modules}
    for e in graph:
        target = resolve(e.target, modules)
        if target and target != e.source and not _is_parent(target, e.source):
            adjacency[e.source].add(target)
    return [sorted(c) for c in _strongly_connected(adjacency) if len(c) > 1]


def _is_parent(package: str, module: str) -> bool:
    """Importing a module runs its packages' ``__init__``: that edge is not a dependency choice."""
    return module.startswith(package + ".")


def _strongly_connected(adjacency: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the package is small, but recursion limits are not a worry)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(adjacency):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(adjacency[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(adjacency[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups
