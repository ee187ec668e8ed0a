"""A stage spilled to disk: its partitions did not fit in execution memory (CONFIG)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.adapter import human_bytes
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import Heuristic, SeverityThresholds

_LIKELIHOOD = {Severity.LOW: 10, Severity.MODERATE: 20, Severity.SEVERE: 30, Severity.CRITICAL: 35}


class Spill(Heuristic):
    """Disk spill / (input + output + shuffle read + shuffle write) bytes: any spill LOW, 0.25, 0.5, 1.0.

    Spill slows a stage but rarely fails it, so the likelihood of being the root cause stays low.
    """

    id = "spark.spill"
    title = "Disk spill"
    requires = frozenset({S.SPILL})
    default_thresholds = {"spill_fraction": SeverityThresholds(0.0, 0.25, 0.5, 1.0)}

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding for the stage that spilled the largest share of its bytes to disk."""
        spilled = [
            s for s in bundle.signals_with(S.SPILL) if float(s.attributes.get("disk_spilled_bytes", 0)) > 0
        ]
        if not spilled:
            return None
        signal = max(spilled, key=lambda s: float(s.attributes.get("spill_fraction", 0)))
        a = signal.attributes
        fraction = float(a.get("spill_fraction", 0))
        severity = self.thresholds["spill_fraction"].severity_of(fraction)
        return self.finding(
            title=(
                f"Stage {a.get('stage_id')} spilled "
                f"{human_bytes(float(a.get('disk_spilled_bytes', 0)))} to disk"
            ),
            severity=severity,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=_LIKELIHOOD.get(severity, 5),
            summary=f"{signal.message}: sorts and aggregations did not fit in execution memory.",
            signals=[signal],
            details=[
                ("stage", f"{a.get('stage_id')}.{a.get('attempt', 0)}"),
                ("disk spill", human_bytes(float(a.get("disk_spilled_bytes", 0)))),
                ("memory spill (deserialized)", human_bytes(float(a.get("memory_spilled_bytes", 0)))),
                ("stage bytes", human_bytes(float(a.get("stage_bytes", 0)))),
                ("spill fraction", f"{fraction:.0%}"),
            ],
            immediate_fix="Raise spark.sql.shuffle.partitions (smaller partitions) or executor memory.",
            change=(
                "--conf spark.sql.shuffle.partitions=<2-4x current> (or enable AQE coalescing with a "
                "smaller spark.sql.adaptive.advisoryPartitionSizeInBytes)"
            ),
            prevention="Size partitions to ~100-200 MB of shuffle data.",
            monitoring="Track disk spill per stage; alert when it exceeds half of the stage's bytes.",
        )
