"""One task of a stage carried far more data than the median: a skewed key or partitioning (DATA)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.spark._common import (
    AQE_KEYS,
    SKEW_PARAM_FLOORS,
    SKEW_PARAMS,
    SKEW_THRESHOLDS,
    config_details,
    grade_skew,
    join_key,
)
from airflow_pipeline_debugger.heuristics.spark.remedies import (
    AQE_NOTE,
    AQE_SETTINGS_CODE,
    AQE_SKEW_JOIN_ON,
    salting,
)

_LIKELIHOOD = {Severity.LOW: 15, Severity.MODERATE: 40, Severity.SEVERE: 60, Severity.CRITICAL: 70}


class StageSkew(Heuristic):
    """A stage's largest task read ``ratio`` times the median task (measured from the event log).

    Graded on max/median shuffle-read (or input) bytes — and task duration for stages that ran at
    least ``min_stage_seconds`` — with thresholds 2/5/10/100. The stage must have run
    ``min_stage_seconds`` or its largest partition be ``min_max_partition_bytes`` (AQE's 256 MB),
    unless that largest task is the one that failed.
    """

    id = "spark.stage_skew"
    title = "Skewed stage"
    requires = frozenset({S.STAGE_SKEW})
    default_thresholds = {"ratio": SKEW_THRESHOLDS}
    default_params = SKEW_PARAMS
    param_floors = SKEW_PARAM_FLOORS

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding for the worst material stage at LOW or above."""
        measures = [m for m in grade_skew(bundle, self.thresholds["ratio"], self.params) if m.material]
        if not measures or measures[0].severity is Severity.NONE:
            return None
        worst = measures[0]
        a = worst.signal.attributes
        key = join_key(bundle)
        return self.finding(
            title=f"Stage {a.get('stage_id')} is skewed: one task read {worst.ratio:g}x the median",
            severity=worst.severity,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=_LIKELIHOOD.get(worst.severity, 10),
            summary=(
                f"{sentence(worst.signal.message)} "
                f"One partition — usually one hot value of `{key}` — does most of "
                "the stage's work, so the stage is as slow as that one task and its memory need grows with "
                "the hot key, not with the cluster."
            ),
            signals=[worst.signal],
            details=[*worst.details(), *config_details(bundle, AQE_KEYS)],
            immediate_fix=(
                f"Enable AQE skew-join splitting for the next run ({AQE_SKEW_JOIN_ON}) and find the hot "
                "keys with "
                f"`df.groupBy('{key}').count().orderBy(F.desc('count')).show(20)`."
            ),
            change=f"Keep the AQE skew-join settings in the job, or salt the hot `{key}` values. {AQE_NOTE}",
            change_code=[AQE_SETTINGS_CODE, salting(key)],
            prevention=(
                "Keep AQE with skew join on by default; broadcast small dimension tables; handle known hot "
                "keys (nulls, default ids, house accounts) separately before the join."
            ),
            monitoring=(
                "Track max/median task shuffle read per stage (History Server taskSummary) and alert "
                "above 5x "
                "when the largest task exceeds 256 MB."
            ),
        )
