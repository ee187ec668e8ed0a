"""The Spark JVM under a PySpark driver died without an error of its own: it was killed (INFRA).

``Py4JNetworkError: Answer from Java side is empty`` (then ``Connection refused``) means the Python
driver's JVM is gone. With no OutOfMemoryError and no Spark failure in the logs, something outside
the job killed it — the kernel OOM killer or a container memory limit (SIGKILL, exit 137), a node
being drained, an operator's kill. The event log confirms it when it ends mid-stage with no
``ApplicationEnd``. The Python exceptions that follow are collateral, not the driver code's bugs.
"""

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
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, sentence
from airflow_pipeline_debugger.heuristics.spark._common import MEMORY_KEYS, config_details, event_log_facts

#: Failures that explain a dead gateway by themselves (their rules own the verdict).
_EXPLAINED_BY = (
    *S.OOM_CODES,
    *S.KILL_CODES,
    S.STAGE_FAILURE,
    S.PYTHON_UDF_ERROR,
    S.ANALYSIS_ERROR,
    S.MAX_RESULT_SIZE,
)
#: What a dead JVM makes the Python side print, which other rules would read as the cause.
COLLATERAL = ("generic.network_error", "generic.python_exception", "spark.driver_code_error")
#: Why each of those is not a cause of its own when an OutOfMemoryError took the JVM down.
COLLATERAL_REASONS = (
    (
        "generic.network_error",
        "A consequence, not a cause: Spark exits the JVM on OutOfMemoryError, so the Python driver's "
        "connection to it was cut.",
    ),
    (
        "generic.python_exception",
        "How PySpark reported the failure (the Java error wrapped in a Python exception), not why it failed.",
    ),
    (
        "spark.driver_code_error",
        "The driver line that called the failing action; the action failed because the JVM ran out of "
        "memory, not because of that line.",
    ),
)


class JvmLost(SignalRule):
    """``Py4JNetworkError`` with no OutOfMemoryError or Spark failure: the driver JVM was killed."""

    id = "spark.jvm_lost"
    title = "Spark JVM killed"
    reads = (S.GATEWAY_LOST,)
    supersedes = COLLATERAL
    #: The evidence shows the JVM was killed, not by whom: a container or kernel memory limit the
    #: driver outgrew (a limit set too tight, config, and the likeliest) reads the same as a node
    #: drained or a pod evicted (infra), so even an event log cut short stays under the confident band.
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding when the gateway died and nothing in Spark's own output explains it."""
        if bundle.has_signal(*_EXPLAINED_BY):
            return None
        facts = event_log_facts(bundle)
        app = facts.get("app") or {}
        stages = facts.get("stages") or []
        running = sum(int((s.get("tasks") or {}).get("unfinished", 0)) for s in stages if isinstance(s, dict))
        cut_short = bool(facts.get("in_progress")) or (bool(app) and "end_ms" not in app)
        if cut_short:
            measured = (
                f"The event log of {app.get('id', 'the application')} ends abruptly: no ApplicationEnd"
                + (f", {running} task(s) still running" if running else "")
                + ", so the JVM did not stop — it was stopped."
            )
        elif facts.get("app"):
            measured = "The event log ends normally, so the JVM may have died after Spark's work was done."
        else:
            measured = "No event log was found to show where the JVM stopped."
        return self.finding(
            title="The Spark driver JVM was killed mid-job (no error inside Spark)",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            likelihood=80 if cut_short else 55,
            summary=(
                f"{sentence(hits[0].message)} "
                "The JVM behind the PySpark driver disappeared without logging an "
                f"OutOfMemoryError or a failed stage. {measured} A process killed from outside — the "
                "kernel OOM killer or a container memory limit (SIGKILL, exit code 137), a node drain, a "
                "manual kill — leaves exactly this; the Python errors after it are collateral."
            ),
            signals=hits[:2],
            details=[
                ("event log complete", "no" if cut_short else ("yes" if app else "not found")),
                ("tasks running when it stopped", str(running)),
                *config_details(bundle, MEMORY_KEYS),
            ],
            immediate_fix=(
                "Check the worker host for the kill (dmesg / journalctl -k for 'Out of memory: Killed "
                "process', the container's OOMKilled status, node events at that time), then retry."
            ),
            change=(
                "If the kernel or the container killed it for memory: give the task's container room for "
                "spark.driver.memory plus off-heap and Python workers (~1.4x), or lower spark.driver.memory "
                "so the JVM stays inside the limit."
            ),
            prevention=(
                "Size the pod/worker slot for the JVM heap plus overhead, and run Spark drivers where other "
                "tasks cannot starve them of memory."
            ),
            monitoring="Alert on OOM-killer events and container restarts on the workers that run Spark.",
        )
