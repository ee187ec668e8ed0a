"""Under CI a skipped test fails the run, unless its reason is on the short allow-list below.

A skip hides a missing tool (Chromium, dbt, Java, PostgreSQL) as well as a real gap: a run that
passes with the database fault test skipped has not checked that fault. Locally skips stay skips;
with ``CI`` set (``.ci/run`` sets it) every skip not allowed here is listed and the exit code is 1.
Tests that only make sense on one backend say so with the ``postgres_only`` marker: their other
backend variants are deselected, not skipped.
"""

from __future__ import annotations

import os

import pytest

#: Reason fragment → why that skip is acceptable in CI. Keep it short; each entry needs a reason.
ALLOWED_SKIPS: dict[str, str] = {
    # hyperscan is installed on linux x86_64 only (setup.cfg); elsewhere the pure-Python prefilter,
    # which every other scanner test exercises, is the only one.
    "could not import 'hyperscan'": "optional accelerator, platform-specific",
}


class SkipPolicy:
    """Collects the skips that are not allowed and fails the session when there are any."""

    def __init__(self) -> None:
        """No refused skip yet."""
        self.refused: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Record a skip that is not allowed (xfails are not skips)."""
        if not report.skipped or hasattr(report, "wasxfail"):
            return
        longrepr = report.longrepr
        reason = str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)
        if not any(allowed in reason for allowed in ALLOWED_SKIPS):
            self.refused.append((report.nodeid, reason.removeprefix("Skipped: ")))

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Exit code 1 when a skip was refused and nothing else already failed."""
        if self.refused and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """List the refused skips, so the log says what was not checked."""
        if self.refused:
            terminalreporter.section("skips not allowed under CI (tests/support/skip_policy.py)")
            for nodeid, reason in self.refused:
                terminalreporter.line(f"{nodeid}: {reason}")


def pytest_configure(config: pytest.Config) -> None:
    """Enforce the policy only under CI."""
    if os.environ.get("CI"):
        config.pluginmanager.register(SkipPolicy(), "pipeline-debugger-skip-policy")


def deselect_other_backends(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop the non-PostgreSQL variants of ``postgres_only`` tests (deselected, so never a skip)."""
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        other = any(value in ("sqlite",) for value in params.values())
        (dropped if item.get_closest_marker("postgres_only") and other else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
