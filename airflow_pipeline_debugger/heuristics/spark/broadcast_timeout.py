"""A broadcast exchange did not finish within ``spark.sql.broadcastTimeout`` (CONFIG)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.spark._common import first_attr, spark_config


class BroadcastTimeout(SignalRule):
    """``Could not execute broadcast in N secs`` — the broadcast side is too big or too slow to build."""

    id = "spark.broadcast_timeout"
    title = "Broadcast timeout"
    reads = (S.BROADCAST_TIMEOUT,)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding with the timeout and the broadcast threshold in force."""
        seconds = first_attr(hits, "seconds", spark_config(bundle).get("spark.sql.broadcastTimeout", "300"))
        threshold = spark_config(bundle).get("spark.sql.autoBroadcastJoinThreshold", "10MB (default)")
        return self.finding(
            title=f"Broadcast did not complete within {seconds}s",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.INTERMITTENT,
            likelihood=80,
            summary=(
                f"Spark chose a broadcast join but building/shipping the broadcast side took longer than "
                f"spark.sql.broadcastTimeout ({seconds}s): the side is larger than the planner "
                "estimated, or its "
                "computation is slow."
            ),
            signals=hits[:2],
            details=[
                ("spark.sql.broadcastTimeout", f"{seconds}s"),
                ("spark.sql.autoBroadcastJoinThreshold", threshold),
            ],
            immediate_fix=(
                "Rerun with --conf spark.sql.broadcastTimeout=1200, or disable the broadcast for this job "
                "(--conf spark.sql.autoBroadcastJoinThreshold=-1) if the side is not small."
            ),
            change=(
                "Remove explicit broadcast() hints on large inputs; cache/materialise the small side first."
            ),
            prevention=(
                "Keep broadcast sides small and their statistics fresh (ANALYZE TABLE ... COMPUTE "
                "STATISTICS)."
            ),
            monitoring="Track BroadcastExchange build time in the SQL tab / event log.",
        )
