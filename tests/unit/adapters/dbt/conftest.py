"""Fixtures for the dbt adapter unit tests: golden files and a fake allow-listed file reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "dbt"


class FakeFiles:
    """Stands in for ``evidence.files.FileAccess``: reads only under ``root``, refuses the rest."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.reads: list[Path] = []

    def _check(self, path: Path) -> Path:
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.root):
            raise ValueError(f"{path} is outside the allowed roots")
        return resolved

    def read_text(self, path: Path, max_bytes: int) -> str:
        resolved = self._check(path)
        self.reads.append(resolved)
        if resolved.stat().st_size > max_bytes:
            raise ValueError(f"{path.name} is {resolved.stat().st_size} bytes, over the {max_bytes} byte cap")
        return resolved.read_bytes().decode("utf-8", errors="replace")

    def iter_lines(self, path: Path) -> Iterator[str]:
        resolved = self._check(path)
        with resolved.open(encoding="utf-8", errors="replace") as handle:
            yield from handle


@pytest.fixture
def fixtures() -> Path:
    """The golden-file folder."""
    return FIXTURES


@pytest.fixture
def files_rooted_at() -> type[FakeFiles]:
    """Build a reader allowed under another root."""
    return FakeFiles


@pytest.fixture
def fake_files(tmp_path: Path) -> FakeFiles:
    """A reader allowed under the test's temp folder only."""
    return FakeFiles(tmp_path)


@pytest.fixture
def target_dir(tmp_path: Path) -> Path:
    """A ``target/`` folder holding the golden v6 run_results and v12 manifest."""
    target = tmp_path / "project" / "target"
    target.mkdir(parents=True)
    (target / "run_results.json").write_text((FIXTURES / "run_results_v6.json").read_text())
    (target / "manifest.json").write_text((FIXTURES / "manifest_v12.json").read_text())
    return target
