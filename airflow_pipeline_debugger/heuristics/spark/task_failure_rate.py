"""Many task attempts of a stage failed: the reasons say whether it was infrastructure, code or memory."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import (
    AMBIGUOUS_CEILING,
    Heuristic,
    SeverityThresholds,
    sentence,
)

_LIKELIHOOD = {Severity.LOW: 20, Severity.MODERATE: 35, Severity.SEVERE: 50, Severity.CRITICAL: 55}
_INFRA_REASONS = ("ExecutorLostFailure", "FetchFailed", "TaskResultLost")


class TaskFailureRate(Heuristic):
    """Failed / ended task attempts per stage (Dr. Elephant): 0.1, 0.3, 0.5, 0.8.

    A symptom rule: more specific rules (UDF error, executor loss, skew) explain it away. The
    category follows the dominant end reason: executor loss and fetch failures → infra, an
    OutOfMemoryError → config, any other exception → code.
    """

    id = "spark.task_failure_rate"
    title = "High task failure rate"
    requires = frozenset({S.TASK_FAILURES})
    default_thresholds = {"failure_rate": SeverityThresholds(0.1, 0.3, 0.5, 0.8)}
    default_params = {"min_tasks": 2.0}
    #: A count and the end reasons' names: an ExecutorLostFailure is as often a container killed over
    #: its memory limit (config) as a lost node, and an ExceptionFailure any exception, data's included.
    max_confidence = AMBIGUOUS_CEILING

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding for the stage with the highest failure rate."""
        hits = [
            s
            for s in bundle.signals_with(S.TASK_FAILURES)
            if float(s.attributes.get("ended", 0)) >= self.params["min_tasks"]
        ]
        if not hits:
            return None
        signal = max(hits, key=lambda s: float(s.attributes.get("failure_rate", 0)))
        a = signal.attributes
        rate = float(a.get("failure_rate", 0))
        severity = self.thresholds["failure_rate"].severity_of(rate)
        if severity is Severity.NONE:
            return None
        reasons = a.get("end_reasons") or {}
        dominant = max(reasons, key=lambda k: reasons[k]) if isinstance(reasons, dict) and reasons else ""
        if dominant.startswith(_INFRA_REASONS):
            category, transience = Category.INFRA, Transience.TRANSIENT
        elif "OutOfMemoryError" in dominant:
            category, transience = Category.CONFIG, Transience.PERMANENT
        elif dominant.startswith("ExceptionFailure"):
            category, transience = Category.CODE, Transience.PERMANENT
        else:
            category, transience = Category.UNKNOWN, Transience.UNKNOWN
        return self.finding(
            title=f"{rate:.0%} of task attempts failed in stage {a.get('stage_id')}",
            severity=severity,
            category=category,
            transience=transience,
            likelihood=_LIKELIHOOD.get(severity, 10),
            summary=f"{sentence(signal.message)} The dominant end reason is {dominant or 'unknown'}.",
            signals=[signal],
            details=[
                ("stage", f"{a.get('stage_id')}.{a.get('attempt', 0)}"),
                ("failed / ended", f"{a.get('failed')} / {a.get('ended')}"),
                ("failure rate", f"{rate:.0%}"),
                *(
                    (f"end reason: {k}", str(v))
                    for k, v in (reasons.items() if isinstance(reasons, dict) else [])
                ),
            ],
            immediate_fix="Read the failed tasks' end reasons in the event-log evidence; fix that cause.",
            change="Depends on the end reason (see the more specific Spark findings).",
            prevention="Alert on task failure rate per stage, not only on job failure.",
            monitoring="Track failed task attempts per stage; above 30% something systematic is wrong.",
        )
