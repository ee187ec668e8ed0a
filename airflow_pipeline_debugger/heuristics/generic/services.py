"""An external service answered with an error of its own: rate limiting or a 5xx (INFRA, transient)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute, repeated_without_recovery
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote


class RateLimited(SignalRule):
    """429 / throttling: the service refused more requests for now (INFRA, transient)."""

    id = "generic.rate_limited"
    title = "Rate limited"
    reads = (G.RATE_LIMIT,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding; intermittent when it keeps happening."""
        repeated = repeated_without_recovery(bundle)
        return self.finding(
            title="The external service rate-limited the task",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT if repeated else Transience.TRANSIENT,
            likelihood=75,
            summary=f"The service throttled the task ({_quote(hits)}): too many requests in its window.",
            signals=hits[:3],
            immediate_fix="Wait for the quota window to reset, then clear the task.",
            change=(
                "Honour Retry-After with exponential backoff in the client; cap concurrency with an "
                "Airflow pool shared by every task calling this service."
            ),
            prevention="Batch requests; ask for a higher quota if the volume is legitimate.",
            monitoring="Track 429s and remaining quota per service.",
        )


class ServerError(SignalRule):
    """The service answered 5xx (500/502/503/504): its problem, not the task's (INFRA, transient)."""

    id = "generic.server_error"
    title = "External service error (5xx)"
    reads = (G.SERVER_ERROR,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding naming the status."""
        status = attribute(hits, "status")
        return self.finding(
            title=f"The external service failed with HTTP {status or '5xx'}",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=74,
            summary=f"The service the task calls returned a server error ({_quote(hits)}).",
            signals=hits[:3],
            details=[("status", status)] if status else [],
            immediate_fix="Check the service's status page; clear the task when it is healthy.",
            change="Retry 5xx answers with backoff in the client and give the task Airflow retries.",
            prevention="Make the calls idempotent so retries are safe.",
            monitoring="Track the service's error rate; page on sustained 5xx, not single ones.",
        )
