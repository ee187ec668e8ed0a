"""Test tiers are folders; the marker of each test is derived from its folder, never written twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.skip_policy import deselect_other_backends
from support.skip_policy import pytest_configure as pytest_configure  # noqa: PLC0414 - the hook

TIERS = ("unit", "integration", "e2e")
TESTS_ROOT = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with the tier named by its top-level folder under ``tests/``."""
    for item in items:
        rel = Path(str(item.fspath)).resolve().relative_to(TESTS_ROOT.resolve())
        tier = rel.parts[0]
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))
    deselect_other_backends(config, items)
