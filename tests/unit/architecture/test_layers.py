"""The package's layers hold: no module imports a room above its own, and no import cycle exists.

Read from the source (``import_graph``), function-local and type-checking imports included, so a
cycle cannot hide inside a function. The last tests build a small package in a temporary folder
to show the check fails when an upward import or a cycle is added.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from import_graph import PACKAGE, edges, layer, module_cycles, module_name, upward

ROOT = Path(__file__).resolve().parents[3]


def _graph(root: Path) -> tuple[list, set[str]]:
    modules = {module_name(root, p) for p in (root / PACKAGE).rglob("*.py")}
    return list(edges(root)), modules


def test_no_module_imports_a_room_above_its_own() -> None:
    graph, modules = _graph(ROOT)
    found = [f"{e.path.relative_to(ROOT)}:{e.line} {e.source} -> {e.target}" for e in upward(graph, modules)]
    assert found == [], "imports that run up the layers (see docs/architecture.md):\n" + "\n".join(found)


def test_no_import_cycles_between_modules() -> None:
    graph, modules = _graph(ROOT)
    assert module_cycles(graph, modules) == []


def test_every_room_has_a_layer() -> None:
    _, modules = _graph(ROOT)
    for module in modules:
        layer(module)  # raises for a room that nobody placed


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in {"__init__.py": "", **files}.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_an_upward_import_inside_a_function_is_caught(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "store/__init__.py": "",
            "store/repository.py": (
                f"def save():\n    from {PACKAGE}.engine.sink import Step\n    return Step\n"
            ),
            "engine/__init__.py": "",
            "engine/sink.py": "class Step: ...\n",
        },
    )
    graph, modules = _graph(tmp_path)
    assert [(e.source, e.target) for e in upward(graph, modules)] == [
        (f"{PACKAGE}.store.repository", f"{PACKAGE}.engine.sink.Step"),
        (f"{PACKAGE}.store.repository", f"{PACKAGE}.engine.sink"),
    ]


def test_a_type_only_import_cycle_inside_a_room_is_caught(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "runner/__init__.py": "",
            "runner/service.py": f"from {PACKAGE}.runner.process import investigate\n",
            "runner/process.py": (
                "from typing import TYPE_CHECKING\n"
                f"if TYPE_CHECKING:\n    from {PACKAGE}.runner.service import WorkContext\n"
                "def investigate(): ...\n"
            ),
        },
    )
    graph, modules = _graph(tmp_path)
    assert module_cycles(graph, modules) == [[f"{PACKAGE}.runner.process", f"{PACKAGE}.runner.service"]]


def test_a_new_room_must_be_placed(tmp_path: Path) -> None:
    _write(tmp_path, {"dagster/__init__.py": ""})
    with pytest.raises(KeyError, match="has no layer"):
        layer(f"{PACKAGE}.dagster")
