"""The README's configuration table is exactly what ``scripts/config_table.py`` generates.

Options ↔ accessors are checked in ``test_conf.py``; this closes the loop to the documentation.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from airflow_pipeline_debugger.provider_info import OPTIONS, SECTION

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "config_table.py"
README = REPO / "README.md"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("config_table", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


config_table = _load_script()


def _rows(table: str) -> list[list[str]]:
    """Cells of the body rows, splitting on unescaped pipes only."""
    import re

    body = table.strip().splitlines()[2:]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in body]


def test_one_row_per_declared_option_in_declaration_order() -> None:
    rows = _rows(config_table.render_table(OPTIONS, SECTION))
    assert [row[0].split("`")[1] for row in rows] == list(OPTIONS)
    assert all(len(row) == len(config_table.HEADER) for row in rows)
    enabled = rows[0]
    assert enabled[1:4] == ["boolean", "`True`", "`False`"]
    assert f"AIRFLOW__{SECTION.upper()}__ENABLED" in enabled[0]


def test_cells_cannot_break_the_table() -> None:
    hostile = {
        "weird": {
            "type": "string",
            "default": "",
            "example": "a|b",
            "description": "line one\nline | two <script>x</script>",
        }
    }
    (row,) = _rows(config_table.render_table(hostile, SECTION))
    assert row[2] == "(empty)" and row[3] == r"`a\|b`"
    assert row[4] == r"line one line \| two <script>x</script>"


def test_update_rewrites_only_the_marked_region(tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(f"# Title\n\nintro\n\n{config_table.START}\nstale\n{config_table.END}\n\nafter\n")
    assert config_table.main(["--update", str(doc)]) == 0
    text = doc.read_text()
    assert text.startswith("# Title\n\nintro\n\n") and text.endswith(f"{config_table.END}\n\nafter\n")
    assert config_table.region(text) == config_table.current_table()
    assert config_table.main(["--update", str(doc)]) == 0
    assert doc.read_text() == text  # idempotent


def test_update_refuses_a_document_without_markers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "README.md"
    doc.write_text(f"no markers here\n{config_table.END}\n{config_table.START}\n")
    assert config_table.main(["--update", str(doc)]) == 2
    assert "markers" in capsys.readouterr().err
    assert doc.read_text() == f"no markers here\n{config_table.END}\n{config_table.START}\n"


def test_script_prints_the_table() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout == config_table.render_table(OPTIONS, SECTION)


def test_readme_contains_exactly_the_generated_table() -> None:
    if not README.exists():
        pytest.skip("README.md not written yet")
    assert config_table.region(README.read_text(encoding="utf-8")) == config_table.current_table(), (
        "README's configuration table is out of date: run `python scripts/config_table.py --update README.md`"
    )
