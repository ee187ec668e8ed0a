"""Decide whether a ``run_results.json`` belongs to the failure investigated or to an earlier run.

dbt writes ``target/run_results.json`` only when it gets as far as running nodes (``dbt run-operation``
writes one too). A parse, compilation or profile error stops dbt before that, so the file on disk still
describes the previous invocation — often an earlier *failed* run whose failing test would then be
blamed for a failure it did not cause. The log knows which invocation the task ended with; the artifact
carries its own ``invocation_id`` and ``generated_at``. Comparing them decides. When the log names no
invocation (dbt's text console output does not print its id), the artifact must at least have been
written while the failed try ran: a ``target/`` shared by several tasks holds whichever ran last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from airflow_pipeline_debugger.adapters.dbt.artifacts import RunResults
from airflow_pipeline_debugger.adapters.dbt.logs import DbtLog
from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.evidence.scope import TryScope

#: Clock slack between the artifact's ``generated_at`` and the log's own timestamps.
CLOCK_SLACK = timedelta(seconds=2)


@dataclass(frozen=True)
class Staleness:
    """Verdict on one ``run_results.json``; ``basis`` names the comparison that decided it."""

    stale: bool
    basis: str
    reason: str

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {"stale": self.stale, "basis": self.basis, "reason": self.reason}


def _first_line(text: str) -> str:
    """The error's kind and first message line ("Runtime Error: The profile … has no target …")."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) >= 2 and lines[0].endswith("Error"):
        return f"{lines[0]}: {lines[1]}"
    return lines[0] if lines else ""


def _outside_try(results: RunResults, scope: TryScope | None) -> Staleness | None:
    """Stale when ``generated_at`` lies outside the try's window (``None`` when it cannot be told)."""
    generated = results.meta.generated_at
    if scope is None or scope.start is None or generated is None or scope.within(generated):
        return None
    return Staleness(
        True,
        "try_window",
        f"run_results.json was generated at {generated:%Y-%m-%d %H:%M:%S} UTC, outside this try "
        f"({scope.describe()}): it is another run's",
    )


def assess_staleness(results: RunResults, log: DbtLog | None, scope: TryScope | None = None) -> Staleness:
    """Decide whether ``results`` belongs to the invocation the log ends with, within the try ``scope``.

    The invocation id decides when both the log and the artifact carry one; otherwise the try's
    window, then the log's own timestamps and errors.
    """
    if log is None or not log.invocations:
        return _outside_try(results, scope) or Staleness(
            False, "no_log", "no dbt log to compare with; taken as current"
        )
    latest = log.invocations[-1]
    cause = _first_line(latest.top_level_error)
    stopped = f" (it stopped early: {cause})" if cause else ""
    if results.meta.invocation_id and latest.invocation_id:
        return _by_invocation(results, log, stopped)
    outside = _outside_try(results, scope)
    if outside is not None:
        return outside
    generated = results.meta.generated_at
    started = latest.started_at or log.first_timestamp
    if generated is not None and started is not None and generated + CLOCK_SLACK < started:
        return Staleness(
            True,
            "generated_at",
            f"run_results.json was generated at {generated.isoformat()}, before the logged dbt run started "
            f"at {started.isoformat()}{stopped}",
        )

    if latest.top_level_error:
        logged = {f.name for f in log.latest_failures()} | {
            n.what.rsplit(" ", 1)[-1].split(".")[-1] for n in log.latest_node_lines()
        }
        failing = {r.name for r in results.failing()}
        if not failing & logged:
            leftover = f"; its failures ({', '.join(sorted(failing))}) are not this run's" if failing else ""
            return Staleness(
                True,
                "top_level_error",
                f"the logged dbt run stopped before running any node ({cause}), so run_results.json is left "
                f"from an earlier run{leftover}",
            )
    return Staleness(False, "consistent", "nothing in the log contradicts run_results.json")


def _by_invocation(results: RunResults, log: DbtLog, stopped: str) -> Staleness:
    """The verdict when the artifact and the log's last invocation both carry an invocation id."""
    artifact_id = results.meta.invocation_id
    latest = log.invocations[-1]
    if artifact_id == latest.invocation_id:
        return Staleness(False, "invocation_id", f"written by the last invocation in the log ({artifact_id})")
    known_ids = [inv.invocation_id for inv in log.invocations if inv.invocation_id]
    where = (
        "an earlier invocation in this log" if artifact_id in known_ids else "an invocation not in this log"
    )
    command = next((i.command for i in log.invocations if i.invocation_id == artifact_id and i.command), "")
    what = f" ({command})" if command else ""
    return Staleness(
        True,
        "invocation_id",
        f"run_results.json was written by {where}, {artifact_id}{what}, not by the failing invocation "
        f"{latest.invocation_id}{stopped}",
    )
