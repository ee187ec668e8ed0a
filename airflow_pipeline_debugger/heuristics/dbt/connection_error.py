"""dbt could not reach the warehouse or a query timed out (INFRA, usually transient)."""

from __future__ import annotations

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import sentence
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, project_flags


class WarehouseConnection(DbtRule):
    """Connection refused/reset, DNS failure, timeout or a locked database file.

    The platform under dbt failed, not the project: a retry with backoff usually succeeds. A failure
    that repeats on every retry is more likely a wrong host or network policy (configuration).
    """

    id = "dbt.connection_error"
    title = "Warehouse connection failed"
    reads = ("dbt.connection_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding, downgraded when the history shows it every time."""
        detail = str(hits[0].attributes.get("detail") or hits[0].message)
        history = bundle.facts.get("history")
        repeated = (
            isinstance(history, dict)
            and history.get("seen_before") is True
            and history.get("resolved_on_retry") is False
        )
        flags = project_flags(bundle)
        return self.finding(
            title="dbt could not reach the warehouse",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT if repeated else Transience.TRANSIENT,
            likelihood=70 if repeated else 78,
            summary=(
                f"The warehouse connection failed: {sentence(detail)} Nothing in the project or the data is "
                "implicated"
                + ("; it has failed like this before without recovering on retry." if repeated else ".")
            ),
            signals=hits[:2],
            details=[("error", detail)],
            immediate_fix=(
                f"Check the warehouse status, then clear the task; `dbt debug{flags}` tests the connection."
            ),
            change=(
                "Give the task `retries` with `retry_exponential_backoff=True`; raise `connect_timeout` "
                "in the profile."
            ),
            prevention=(
                "Use the warehouse's connection retries (profile `retries`/`connect_retries`) and a "
                "pool limit."
            ),
            monitoring="Track connection failures per target; page only when they persist across retries.",
        )
