"""An out-of-memory failure with no skew to explain it: the memory settings are too small (CONFIG)."""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES, code_only
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SAYS_CHARS, Heuristic, sentence
from airflow_pipeline_debugger.heuristics.spark._common import (
    MEMORY_KEYS,
    SKEW_PARAM_FLOORS,
    SKEW_PARAMS,
    SKEW_THRESHOLDS,
    config_details,
    event_log_facts,
    first_attr,
    grade_skew,
    jvm_died_of_oom,
    oom_signals,
    spark_config,
)
from airflow_pipeline_debugger.heuristics.spark.jvm_lost import COLLATERAL, COLLATERAL_REASONS
from airflow_pipeline_debugger.heuristics.spark.remedies import spark_submit
from airflow_pipeline_debugger.heuristics.terminal import lines_around, terminal_blocks

#: How the operator saw a Spark JVM killed for memory: Airflow's SIGKILL/SIGTERM rules read the same
#: exit 137 as the worker's own process being killed, and the generic code as a bare exit status.
_KILL_SYMPTOMS = ("airflow.sigkill", "airflow.sigterm", "spark.executor_loss", "generic.error_code")
#: The limit was hit by a JVM the cluster manager sized from the job's settings: the limit is set too
#: tight for the work (config), the category guide's answer, unless a node was lost (then no kill
#: signal counts, see ``oom_signals``). Exit 137 alone does not say which memory, so it stays modest.
_KILLED_LIKELIHOOD = 62
#: Spark's configuration docs: in client mode the driver JVM is already running when the
#: application's own SparkConf is read, so driver memory set in code is silently ignored.
_DRIVER_MEMORY_NOTE = (
    "Set it where the JVM is started — spark-submit --driver-memory or spark-defaults.conf (on "
    "Dataproc/EMR the job's or cluster's properties): in client mode spark.driver.memory set in the "
    "code (SparkConf, SparkSession.builder.config) is ignored because the driver JVM has already started."
)


#: An executor's own log naming the task an error is thrown in, on the line(s) above the error:
#: ``ERROR Executor: Exception in task 5.0 in stage 2.0 (TID 9)`` and the uncaught-exception handler's
#: ``Thread[Executor task launch worker for task 5.0 …]``.
_EXECUTOR_TASK_RE = re.compile(r"Executor: Exception in task \d|Executor task launch worker for task \d")
#: Lines above an OutOfMemoryError read for that header.
EXECUTOR_HEADER_LOOKBACK = 3


def _under_executor_task(bundle: EvidenceBundle, signal: Signal) -> bool:
    """Whether an OutOfMemoryError line sits under an executor's header for the task it killed."""
    line = signal.lines[0] if signal.lines else None
    lines, at = lines_around(bundle, line)
    return at > 0 and any(
        _EXECUTOR_TASK_RE.search(above.text) for above in lines[max(0, at - EXECUTOR_HEADER_LOOKBACK) : at]
    )


class MemoryOom(Heuristic):
    """OutOfMemoryError (heap, GC overhead) or a container killed for memory, with an even task distribution.

    Which knob depends on where memory ran out: an executor task → ``spark.executor.memory`` or more,
    smaller partitions; the container limit (YARN/Kubernetes) → ``spark.executor.memoryOverhead``;
    a driver thread → ``spark.driver.memory`` or stop collecting to the driver. A container or driver
    killed with exit 137 (SIGKILL) and no reason printed counts as a memory kill unless the log
    shows its node lost or preempted. When a SEVERE skew is measured, ``spark.skew_oom`` explains
    this finding away.
    """

    id = "spark.memory_oom"
    title = "Out of memory"
    requires = frozenset((*S.OOM_CODES, *S.KILL_CODES))
    #: Only when the OOM took the JVM down (see ``jvm_died_of_oom``), or a Spark JVM was killed.
    supersedes = (*COLLATERAL, *_KILL_SYMPTOMS)
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
        killed = [s for s in ooms if s.code in S.KILL_CODES]
        explicit = [s for s in ooms if s.code not in S.KILL_CODES]
        executor_side = bundle.has_signal(S.TASK_OOM, S.EXECUTOR_OOM) or any(
            _under_executor_task(bundle, s) for s in explicit
        )
        local = config.get("spark.master", "").startswith("local")
        driver = False
        if not explicit and killed and killed[0].code == S.DRIVER_KILLED:
            where, knob = "the driver (killed with SIGKILL, exit 137)", "spark.driver.memory"
            fix = (
                "Give the driver more memory — raise spark.driver.memory, or run the driver on a larger "
                "(high-memory) machine type — and stop pulling data into it (collect(), toPandas(), large "
                f"broadcasts). {_DRIVER_MEMORY_NOTE}"
            )
        elif container or killed:
            where, knob = (
                "an executor container (killed by the cluster manager)",
                "spark.executor.memoryOverhead",
            )
            fix = (
                "Raise spark.executor.memoryOverhead (off-heap, Python workers, netty buffers), e.g. "
                "to 20% of "
                "spark.executor.memory, or lower spark.executor.cores so fewer tasks share one container"
                + (
                    "; or give the job more nodes (cluster capacity) so each executor holds less."
                    if killed and not container
                    else "."
                )
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
            driver = True
            fix = (
                "Raise spark.driver.memory, and stop pulling data into the driver (collect(), "
                "toPandas(), large "
                f"broadcasts): write results out or use toLocalIterator(). {_DRIVER_MEMORY_NOTE}"
            )
        hint = forced_broadcast(bundle)
        if hint:
            return self._forced_broadcast(bundle, ooms, hint)
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
        used = first_attr(container, "used")
        who = "driver" if knob == "spark.driver.memory" else "executor container"
        kill_note = (
            f" Exit code 137 is SIGKILL, and no node was lost or preempted: the {who} was killed for "
            "using more memory than its limit."
            if killed and not explicit
            else ""
        )
        likelihood = 35 if skewed else (80 if measures else 65)
        return self.finding(
            title=f"Out of memory in {where}",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=min(likelihood, _KILLED_LIKELIHOOD) if killed and not explicit else likelihood,
            summary=(
                f"{sentence(ooms[0].message)}{f' {used}.' if used else ''}{kill_note} "
                f"Memory ran out in {where}, and {distribution}: the work per task is "
                f"more than {knob}={current} holds"
                + (" (the driver memory)." if knob == "spark.driver.memory" else ".")
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
            # A Spark JVM killed for memory is what Airflow's kill rules and the bare exit code saw.
            supersedes=(
                *(COLLATERAL if jvm_died_of_oom(bundle) else ()),
                *(_KILL_SYMPTOMS if killed or container else ()),
            ),
            ruled_out=COLLATERAL_REASONS,
            # The measured executor tasks say nothing of the driver's heap, and a driver out of memory
            # is as often the job pulling data into it (collect(), toPandas(): code) as its setting.
            max_confidence=AMBIGUOUS_CEILING if driver else None,
        )

    def _forced_broadcast(self, bundle: EvidenceBundle, ooms: list[Signal], hint: str) -> RuleFinding:
        """The job's own broadcast hint ships a side too large to the driver and every executor (CODE)."""
        return self.finding(
            title=f"The job forces a broadcast ({hint}) of a side too large for memory",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            # The hinted side may also be a small one that grew (data): under the confident band.
            likelihood=66,
            summary=(
                f"{sentence(ooms[0].message)} Memory ran out building a broadcast, and the job's source "
                f"forces one with {hint}: Spark collects the hinted side on the driver and ships it to every "
                "executor whatever its size, so a large side fails there. More memory only moves the limit; "
                "the hint (or the side it is on) is what to change."
            ),
            signals=ooms[:3],
            details=[("broadcast hint in the job", hint)],
            immediate_fix=(
                f"Remove {hint} (or put it on the small side of the join) and rerun; Spark then picks a "
                "sort-merge join for large sides."
            ),
            change=(
                "Broadcast only a side known to be small (a dimension), and let "
                "spark.sql.autoBroadcastJoinThreshold decide otherwise."
            ),
            prevention="Review broadcast hints against the sizes of both join sides in code review.",
            monitoring="Alert on the broadcast exchange's data size in the Spark UI's SQL tab.",
            supersedes=COLLATERAL if jvm_died_of_oom(bundle) else (),
        )


#: The OOM happened building a broadcast (Spark's own message, its exchange's frames or thread).
_BROADCAST_OOM_RE = re.compile(
    r"Not enough memory to build and broadcast|BroadcastExchangeExec|HashedRelationBroadcastMode|"
    r"broadcast-exchange-\d"
)
#: A broadcast join hint in the job (``F.broadcast(events)``, ``.hint("broadcast")``,
#: ``/*+ BROADCAST(t) */``); not ``sc.broadcast(x)``, a broadcast variable.
_HINT_RE = re.compile(
    r"(?<![\w.])(?:F\.|functions\.)?broadcast\(\s*(?P<arg>[\w.]{1,80})\s*\)"
    r"|\.hint\(\s*[\"'](?:broadcast|broadcastjoin|mapjoin)[\"']"
    r"|/\*\+\s*(?:BROADCAST|BROADCASTJOIN|MAPJOIN)\s*\(\s*(?P<table>[\w.]{1,80})",
    re.IGNORECASE,
)


def forced_broadcast(bundle: EvidenceBundle) -> str:
    """The job's broadcast hint (its source text) when memory ran out building a broadcast, else ``""``."""
    said = (ln.text[:SAYS_CHARS] for block in terminal_blocks(bundle) for ln in (*block.before, *block.lines))
    if not any(_BROADCAST_OOM_RE.search(text) for text in said):
        return ""
    for evidence in bundle.evidence:
        if evidence.kind is EvidenceKind.SOURCE:
            found = _HINT_RE.search(code_only(evidence.name, evidence.content[:MAX_SOURCE_BYTES]))
            if found is not None:
                return found[0].strip()
    return ""
