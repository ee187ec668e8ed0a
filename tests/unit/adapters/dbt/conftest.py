"""Fixtures for the dbt adapter unit tests: golden files and the real allow-listed file reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from airflow_pipeline_debugger.evidence.files import FileAccess

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "dbt"


def files_under(root: Path) -> FileAccess:
    """The reader the collector builds, with the dbt and log roots at ``root``."""
    return FileAccess({"dbt": [root], "logs": [root]})


@pytest.fixture
def fixtures() -> Path:
    """The golden-file folder."""
    return FIXTURES


@pytest.fixture
def files_rooted_at() -> Callable[[Path], FileAccess]:
    """Build a reader allowed under another root."""
    return files_under


@pytest.fixture
def fake_files(tmp_path: Path) -> FileAccess:
    """A reader allowed under the test's temp folder only."""
    return files_under(tmp_path)


@pytest.fixture
def target_dir(tmp_path: Path) -> Path:
    """A ``target/`` folder holding the golden v6 run_results and v12 manifest."""
    target = tmp_path / "project" / "target"
    target.mkdir(parents=True)
    (target / "run_results.json").write_text((FIXTURES / "run_results_v6.json").read_text())
    (target / "manifest.json").write_text((FIXTURES / "manifest_v12.json").read_text())
    return target
