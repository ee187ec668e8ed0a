"""An out-of-memory failure with no skew to explain it: the memory settings are too small (CONFIG)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.spark._common import (
    MEMORY_KEYS,
    SKEW_PARAM_FLOORS,
    SKEW_PARAMS,
    SKEW_THRESHOLDS,
    config_details,
    event_log_facts,
    grade_skew,
    jvm_died_of_oom,
    oom_signals,
    spark_config,
)
from airflow_pipeline_debugger.heuristics.spark.jvm_lost import COLLATERAL, COLLATERAL_REASONS
from airflow_pipeline_debugger.heuristics.spark.remedies import spark_submit


class MemoryOom(Heuristic):
    """OutOfMemoryError (heap, GC overhead) or a container killed for memory, with an even task distribution.

    Which knob depends on where memory ran out: an executor task → ``spark.executor.memory`` or more,
    smaller partitions; the container limit (YARN/Kubernetes) → ``spark.executor.memoryOverhead``;
    a driver thread → ``spark.driver.memory`` or stop collecting to the driver. When a SEVERE skew is
    measured, ``spark.skew_oom`` explains this finding away.
    """

    id = "spark.memory_oom"
    title = "Out of memory"
    requires = frozenset(S.OOM_CODES)
    #: Only when the OOM took the JVM down (see ``jvm_died_of_oom``).
    supersedes = COLLATERAL
    default_thresholds = {"skew_ratio": SKEW_THRESHOLDS}
    default_params = SKEW_PARAMS
    param_floors = SKEW_PARAM_FLOORS

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding naming the memory setting to change, with the measured distribution as support."""
        ooms = oom_signals(bundle)
        if not ooms:
            return None
        config = spark_config(bundle)
        container = bundle.signals_with(S.CONTAINER_MEMORY_KILLED)
        executor_side = bundle.has_signal(S.TASK_OOM, S.EXECUTOR_OOM)
        local = config.get("spark.master", "").startswith("local")
        if container:
            where, knob = (
                "an executor container (killed by the cluster manager)",
                "spark.executor.memoryOverhead",
            )
            fix = (
                "Raise spark.executor.memoryOverhead (off-heap, Python workers, netty buffers), e.g. "
                "to 20% of "
                "spark.executor.memory, or lower spark.executor.cores so fewer tasks share one container."
            )
        elif executor_side or local:
            where, knob = "executor tasks", "spark.driver.memory" if local else "spark.executor.memory"
            fix = (
                "Give each task more heap "
                f"({knob}{' — local mode runs executors in the driver JVM' if local else ''}) "
                "or less work per task: raise spark.sql.shuffle.partitions / repartition so each "
                "partition is "
                "smaller, and lower spark.executor.cores so fewer tasks share the heap."
            )
        else:
            where, knob = "the driver", "spark.driver.memory"
            fix = (
                "Raise spark.driver.memory, and stop pulling data into the driver (collect(), "
                "toPandas(), large "
                "broadcasts): write results out or use toLocalIterator()."
            )
        measures = grade_skew(bundle, self.thresholds["skew_ratio"], self.params)
        skewed = [m for m in measures if m.material and m.severity >= Severity.SEVERE]
        if measures:
            top = measures[0]
            distribution = (
                f"the measured task distribution is even (largest/median {top.ratio:g}x in stage "
                f"{top.stage_id})"
                if not skewed
                else f"stage {skewed[0].stage_id} is skewed {skewed[0].ratio:g}x (see spark.skew_oom)"
            )
        elif event_log_facts(bundle).get("stages"):
            distribution = (
                "too few tasks finished to measure the distribution (the JVM died with them), so skew is "
                "not ruled out"
            )
        else:
            distribution = "no task distribution was measured (no event log), so skew is not ruled out"
        current = config.get(knob, "its default")
        return self.finding(
            title=f"Out of memory in {where}",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=35 if skewed else (80 if measures else 65),
            summary=(
                f"{sentence(ooms[0].message)} "
                f"Memory ran out in {where}, and {distribution}: the work per task is "
                f"more than {knob}={current} holds."
            ),
            signals=ooms[:3],
            details=[
                ("where", where),
                ("setting", f"{knob} = {current}"),
                ("task distribution", distribution),
                *config_details(bundle, MEMORY_KEYS),
            ],
            immediate_fix=fix,
            change=(
                f"Raise {knob} to about 1.5-2x {current} and spark.sql.shuffle.partitions to 2-4x its "
                "current value, sized so the largest task's input fits in heap x spark.memory.fraction / "
                "executor cores."
            ),
            change_code=[
                spark_submit(
                    bundle, ((knob, "<new_memory>"), ("spark.sql.shuffle.partitions", "<partitions>"))
                )
            ],
            prevention=(
                "Size executors from measured peak execution memory per task; keep partitions around "
                "100-200 MB; "
                "avoid collect_list/groupByKey over large groups."
            ),
            monitoring="Alert on GC time above 10% of executor run time: it precedes heap exhaustion.",
            counter_evidence="" if not skewed else "A SEVERE skew was measured; more memory may not help.",
            # Spark exits the JVM on OutOfMemoryError; the PySpark driver's errors after that follow.
            supersedes=self.supersedes if jvm_died_of_oom(bundle) else (),
            ruled_out=COLLATERAL_REASONS,
        )
