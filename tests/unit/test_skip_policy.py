"""The CI skip policy: a skip fails a CI run unless allowed; postgres-only tests are deselected elsewhere."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest

def test_runs():
    pass

def test_needs_a_browser():
    pytest.skip("Debian chromium is not installed")

def test_optional_accelerator():
    pytest.importorskip("hyperscan_that_is_not_there_either", reason="could not import 'hyperscan'")

@pytest.mark.parametrize("cluster", ["sqlite", "postgres"])
@pytest.mark.postgres_only
def test_cuts_the_database_off(cluster):
    assert cluster == "postgres"
"""

CONFTEST = """
from support.skip_policy import deselect_other_backends, pytest_configure

def pytest_collection_modifyitems(config, items):
    deselect_other_backends(config, items)
"""


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: bool) -> pytest.RunResult:
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_suite=SUITE)
    pytester.makeini("[pytest]\nmarkers =\n    postgres_only: x\n")
    return pytester.runpytest_inprocess("-rs")


def test_under_ci_a_skip_not_on_the_allow_list_fails_the_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(pytester, monkeypatch, ci=True)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*skips not allowed under CI*", "*test_needs_a_browser: Debian chromium*"])
    assert "test_optional_accelerator:" not in result.stdout.str()  # allowed (see ALLOWED_SKIPS)
    result.assert_outcomes(passed=2, skipped=2, deselected=1)


def test_locally_a_skip_is_only_a_skip(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, ci=False)
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=2, skipped=2, deselected=1)
