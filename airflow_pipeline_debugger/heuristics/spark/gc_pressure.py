"""A stage spent a large share of executor time in JVM garbage collection: memory is tight (CONFIG)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import (
    AMBIGUOUS_CEILING,
    Heuristic,
    SeverityThresholds,
    sentence,
)
from airflow_pipeline_debugger.heuristics.spark._common import MEMORY_KEYS, config_details

_LIKELIHOOD = {Severity.LOW: 10, Severity.MODERATE: 25, Severity.SEVERE: 40, Severity.CRITICAL: 50}


class GcPressure(Heuristic):
    """JVM GC time / executor run time of a stage (Dr. Elephant, SparkScope): 0.08/0.10/0.20/0.40.

    Ignored for stages with under ``min_executor_run_seconds`` of executor time, where a single
    young-generation collection is a large fraction of nothing.
    """

    id = "spark.gc_pressure"
    title = "GC pressure"
    requires = frozenset({S.GC_PRESSURE})
    default_thresholds = {"gc_fraction": SeverityThresholds(0.08, 0.10, 0.20, 0.40)}
    default_params = {"min_executor_run_seconds": 30.0}
    #: A measure of a symptom: heap too small (config), an input that grew or skewed (data), or a job
    #: caching what it does not reuse (code) all spend their time in GC.
    max_confidence = AMBIGUOUS_CEILING

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding for the stage with the highest graded GC fraction."""
        graded = [
            (self.thresholds["gc_fraction"].severity_of(float(s.attributes.get("gc_fraction", 0))), s)
            for s in bundle.signals_with(S.GC_PRESSURE)
            if float(s.attributes.get("executor_run_time_ms", 0))
            >= self.params["min_executor_run_seconds"] * 1000
        ]
        graded = [g for g in graded if g[0] > Severity.NONE]
        if not graded:
            return None
        severity, signal = max(graded, key=lambda g: (g[0], float(g[1].attributes.get("gc_fraction", 0))))
        a = signal.attributes
        return self.finding(
            title=f"Stage {a.get('stage_id')} spent {float(a.get('gc_fraction', 0)):.0%} of its time in GC",
            severity=severity,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=_LIKELIHOOD.get(severity, 10),
            summary=(
                f"{sentence(signal.message)} "
                "Heavy garbage collection means the heap is nearly full of live data; it "
                "precedes OutOfMemoryError and slows every task of the stage."
            ),
            signals=[signal],
            details=[
                ("stage", f"{a.get('stage_id')}.{a.get('attempt', 0)}"),
                ("GC fraction", f"{float(a.get('gc_fraction', 0)):.1%}"),
                ("GC time", f"{float(a.get('gc_time_ms', 0)) / 1000:.1f}s"),
                ("executor run time", f"{float(a.get('executor_run_time_ms', 0)) / 1000:.1f}s"),
                *config_details(bundle, MEMORY_KEYS),
            ],
            immediate_fix="Give tasks more heap or less data each (more shuffle partitions), then rerun.",
            change=(
                "--conf spark.executor.memory=<larger> or --conf spark.sql.shuffle.partitions=<larger>; "
                "cache less (unpersist what is no longer used)."
            ),
            prevention="Keep partitions around 100-200 MB and avoid caching wide rows you do not reuse.",
            monitoring="Alert when stage GC time exceeds 10% of executor run time.",
        )
