"""Executors were lost or shuffle fetches failed with no sign of memory exhaustion (INFRA)."""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, sentence
from airflow_pipeline_debugger.heuristics.spark._common import oom_signals

#: An executor-removed reason that says the node went away (the platform's doing, not the job's).
_NODE_GONE_RE = re.compile(
    r"lost node|\*lost\* node|node lost|worker lost|preempt|decommission|\bspot\b", re.IGNORECASE
)


class ExecutorLoss(SignalRule):
    """ExecutorLostFailure / FetchFailedException / heartbeat timeouts, without any OOM signal.

    Nodes that disappear (spot reclaim, node failure, network) take their shuffle files with them;
    a retry on healthy nodes usually succeeds. With an OOM or a container killed for memory, the
    memory rules explain the loss instead. Confident only when the log or event log says a node was
    lost, preempted or decommissioned.
    """

    id = "spark.executor_loss"
    title = "Executors lost"
    reads = (S.EXECUTOR_LOST, S.FETCH_FAILED, S.HEARTBEAT_TIMEOUT, S.NODE_LOST)
    read_together = True
    supersedes = ("spark.task_failure_rate",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding unless memory explains the lost executors."""
        if oom_signals(bundle):
            return None
        removed = bundle.signals_with(S.EXECUTOR_REMOVED)
        reasons = [str(r.get("reason", "")) for s in removed for r in s.attributes.get("removals") or []]
        node_gone = bundle.has_signal(S.NODE_LOST) or any(_NODE_GONE_RE.search(r) for r in reasons)
        return self.finding(
            title="Executors were lost during the job",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=70,
            summary=(
                f"{sentence(hits[0].message)} "
                "Executors disappeared (node loss, preemption, network) and took their "
                "shuffle output with them; no OutOfMemoryError or memory kill was seen."
            ),
            signals=[*hits[:3], *removed[:1]],
            details=[
                ("lost/fetch-failed signals", str(len(hits))),
                *(("executor removed", r) for r in reasons[:3]),
            ],
            immediate_fix=(
                "Retry the task; if it repeats, check the cluster's node events around the failure time."
            ),
            change=(
                "Let Spark ride out lost executors: allow more task and stage attempts, and with dynamic "
                "allocation use the external shuffle service or spark.decommission.enabled=true."
            ),
            change_code=[
                CodeBlock(
                    'spark.conf.set("spark.task.maxFailures", "8")\n'
                    'spark.conf.set("spark.stage.maxConsecutiveAttempts", "8")',
                    CodeLanguage.PYTHON,
                )
            ],
            prevention=(
                "Use decommissioning / shuffle tracking on preemptible nodes; avoid spot nodes for shuffles."
            ),
            monitoring="Alert on executors removed per job and on node preemption events.",
            # Without a node named lost or preempted, a lost executor or a failed fetch is as often the
            # executor's own death: killed for memory with the reason unlogged (exit 137/143, code 52
            # is an OutOfMemoryError), heartbeats missed in long GC pauses (config), not the platform.
            max_confidence=None if node_gone else AMBIGUOUS_CEILING,
        )
