"""The task that ran out of memory is the one carrying a skewed partition: data skew, not memory (DATA).

This is the failure that more memory does not fix: the hot partition grows with the data, so the
next run with a bigger heap fails again (or succeeds until the key grows). The rule needs both a
measured OOM and a SEVERE, material skew in the same stage; it explains away the memory, GC, spill,
task-failure and plain skew findings.
"""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.adapter import human_bytes
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.spark._common import (
    AQE_KEYS,
    MEMORY_KEYS,
    SKEW_PARAM_FLOORS,
    SKEW_PARAMS,
    SKEW_THRESHOLDS,
    config_details,
    grade_skew,
    join_key,
    jvm_died_of_oom,
    oom_signals,
    oom_stages,
    spark_config,
)
from airflow_pipeline_debugger.heuristics.spark.jvm_lost import COLLATERAL, COLLATERAL_REASONS
from airflow_pipeline_debugger.heuristics.spark.remedies import (
    AQE_NOTE,
    AQE_SETTINGS_CODE,
    AQE_SKEW_JOIN_ON,
    aqe_rerun,
    salting,
)

#: The skew, GC, spill and task-failure findings measure the same hot partition: they support this one,
#: and so does an input grown far beyond its usual size (the hot key grew with it).
_SUPPORTING = (
    "spark.stage_skew",
    "spark.gc_pressure",
    "spark.spill",
    "spark.task_failure_rate",
    "generic.abnormal_volume",
)
#: The memory finding is the alternative a reader raises ("executor memory too small"): ruled out.
_EXPLAINED = ("spark.memory_oom", *_SUPPORTING)


class SkewNotMemory(Heuristic):
    """OutOfMemoryError in a stage whose largest task read >= 10x the median task (SEVERE skew).

    Both must hold in the same stage (or, when the log does not say which stage died, in a failed
    stage). The fix must address the skew — salting, AQE skew join, broadcasting the small side,
    isolating the hot key — because adding memory only moves the limit.
    """

    id = "spark.skew_oom"
    title = "Data skew, not memory"
    requires = frozenset((*S.OOM_CODES, *S.KILL_CODES))
    supersedes = (*_EXPLAINED, *COLLATERAL)
    supports = _SUPPORTING
    default_thresholds = {"ratio": SKEW_THRESHOLDS}
    default_params = SKEW_PARAMS
    param_floors = SKEW_PARAM_FLOORS

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding when a SEVERE material skew sits where the OOM happened."""
        ooms = oom_signals(bundle)
        if not ooms:
            return None
        died_in = oom_stages(bundle)
        candidates = [
            m
            for m in grade_skew(bundle, self.thresholds["ratio"], self.params)
            if m.material
            and m.severity >= Severity.SEVERE
            and (
                m.stage_id in died_in
                # No line says which stage: the one that failed, or was still running when the JVM died.
                or (not died_in and m.signal.attributes.get("stage_status") in ("failed", "running"))
            )
        ]
        if not candidates:
            return None
        skew = candidates[0]
        a = skew.signal.attributes
        key = join_key(bundle)
        config = spark_config(bundle)
        memory = (
            config.get("spark.executor.memory") or config.get("spark.driver.memory") or "the current heap"
        )
        task_oom = next(
            (s for s in bundle.signals_with(S.TASK_OOM) if s.attributes.get("is_largest_task")), None
        )
        max_tid = str((a.get("max_task") or {}).get("task_id", ""))
        logged = next(
            (s for s in bundle.signals_with(S.EXECUTOR_OOM) if str(s.attributes.get("tid")) == max_tid), None
        )
        if task_oom:
            died = f"the task that died (TID {task_oom.attributes.get('task_id')}) is that largest partition"
        elif logged is not None:
            died = f"the driver log shows that very task (TID {max_tid}) dying with OutOfMemoryError"
        else:
            died = f"the OutOfMemoryError happened in stage {a.get('stage_id')}"
        big, median = human_bytes(float(a.get("max_bytes", 0))), human_bytes(float(a.get("median_bytes", 0)))
        ratio = f"{skew.ratio:g}x"
        # The event log's measured distribution first, then the dying task: the strongest evidence.
        measured = [(skew.signal.evidence_id, skew.signal.message)]
        if task_oom is not None:
            measured.append((task_oom.evidence_id, task_oom.message))
        return self.finding(
            title=(
                f"Data skew, not memory: one partition of stage {a.get('stage_id')} read {big} vs "
                f"{median} median"
            ),
            severity=Severity.CRITICAL if skew.severity is Severity.CRITICAL else Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=92 if task_oom or logged is not None else 85,
            summary=(
                f"The job died with OutOfMemoryError, but the measured task distribution shows why: in stage "
                f"{a.get('stage_id')} the largest task read {big} against a median of {median} "
                f"({ratio}, {float(a.get('max_task_share', 0)):.0%} of the whole stage), and {died}. "
                f"One hot value of `{key}` sends most rows through a single unsalted shuffle partition. "
                f"Raising memory beyond {memory} would only move the limit: that partition grows with the "
                "data."
            ),
            signals=[*(s for s in [task_oom, logged] if s), skew.signal, *ooms[:2]],
            measured=measured,
            details=[
                *skew.details(),
                *config_details(bundle, MEMORY_KEYS),
                *config_details(bundle, AQE_KEYS),
            ],
            immediate_fix=(
                f"Do not just add memory. Re-run with AQE skew join on ({AQE_SKEW_JOIN_ON}) so Spark splits "
                f"the skewed partition, or salt the hot `{key}` values (see the change); if the other side "
                f"of the join is small, broadcast it instead (F.broadcast(dims)) so no shuffle on `{key}` "
                "happens at all."
            ),
            immediate_fix_code=[aqe_rerun(bundle)],
            change=(
                f"Keep the AQE skew-join settings in the job, and salt the hot `{key}` values so no single "
                f"partition carries them. {AQE_NOTE}"
            ),
            change_code=[AQE_SETTINGS_CODE, salting(key)],
            prevention=(
                f"Profile key cardinality before joins (`df.groupBy('{key}').count()` top-N), keep AQE "
                "skew join "
                "on by default, and treat known hot keys (nulls, default/house ids) explicitly; avoid "
                "collect_list/groupBy over an unbounded hot key."
            ),
            monitoring=(
                "Alert when a stage's max/median task shuffle read exceeds 5x with the largest task over "
                "256 MB (History Server taskSummary quantiles=0.5,1.0), before it becomes an OOM."
            ),
            # Spark exits the JVM on OutOfMemoryError; the PySpark driver's errors after that follow.
            supersedes=self.supersedes if jvm_died_of_oom(bundle) else _EXPLAINED,
            ruled_out=[
                (
                    "spark.memory_oom",
                    f"Executor memory ({memory}) is not too small for this work: the median task read only "
                    f"{median}, and the one task that ran out read {big} ({ratio}). A bigger heap would "
                    "postpone the failure until the hot key grows again.",
                ),
                *COLLATERAL_REASONS,
            ],
            counter_evidence=(
                f"The OOM line alone suggests 'increase executor memory'; the distribution ({ratio}) "
                "says a larger heap postpones, not prevents, the failure."
            ),
        )
