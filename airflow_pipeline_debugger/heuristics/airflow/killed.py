"""The task process was killed from outside: SIGKILL/OOM, heartbeat loss, pod eviction, SIGTERM.

None of these leave a Python traceback from the task itself, and none are fixed by reading the task
code. A SIGKILL on Linux is nearly always the kernel's out-of-memory killer or a container memory
limit; when the history shows it happening run after run it is a sizing problem (CONFIG), otherwise
the worker ran short of memory this time (INFRA).
"""

from __future__ import annotations

from typing import Any

from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import (
    evidence_of,
    fact,
    repeated_without_recovery,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule

_EXPLAINED = (
    "generic.python_exception",
    "airflow.heartbeat_timeout",
    "airflow.command_failed",
    "generic.out_of_memory",
)


class ProcessKilled(SignalRule):
    """The task process died of SIGKILL (exit -9/137, OOMKilled, "Likely out of memory error").

    Airflow's "Likely out of memory" is a guess from the signal; the node's own record (the kernel's
    OOM-killer lines, ``OOMKilled``, an ``OOMKilling`` event — usually a log a user adds) settles it,
    so when present it is cited first and the answer says the kernel killed the process.

    Parameters: ``repeat_failures`` — this many recent failures of the task make it a sizing
    problem (CONFIG) rather than a one-off (default 2).
    """

    id = "airflow.sigkill"
    title = "Task process killed (SIGKILL / out of memory)"
    reads = (S.OOM_KILLED, S.SIGKILL)
    read_together = True
    supersedes = _EXPLAINED
    default_params = {"repeat_failures": 2}
    max_confidence = 65  # out of memory: a limit too small for the work, or a node under pressure

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """INFRA by default; CONFIG (memory sizing) when it keeps happening."""
        history = fact(bundle, "history")
        failures = history.get("recent_failures")
        repeating = repeated_without_recovery(bundle) or (
            isinstance(failures, int)
            and failures >= self.params["repeat_failures"]
            and history.get("last_outcome") == "failed"
        )
        python_oom = bundle.signals_with("generic.out_of_memory")
        recorded = [h for h in hits if h.code == S.OOM_KILLED]
        guessed = [h for h in hits if h.code != S.OOM_KILLED]
        cites = evidence_of(bundle, EvidenceKind.RUN_HISTORY, EvidenceKind.CONFIG)
        common: dict[str, Any] = {
            "signals": [*recorded[:2], *guessed[: 2 - min(len(recorded), 1)], *python_oom[:1]],
            "evidence_ids": cites,
            "monitoring": "Watch worker memory (RSS per task, container working set) and OOM-kill events.",
        }
        if repeating:
            return self.finding(
                title="The task needs more memory than its worker or pod allows",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=86,
                summary=(
                    "The task process was killed with SIGKILL, the "
                    "out-of-memory killer's signal, and the run "
                    "history shows the task failing like this "
                    "repeatedly: its memory limit is below what it uses."
                ),
                immediate_fix=(
                    "Re-run on a worker/queue with more memory (or raise the pod's memory request/limit via "
                    "executor_config / pod_override)."
                ),
                change=(
                    "Process the input in chunks or stream it instead of loading it whole; size the task's "
                    "memory limit from its measured peak."
                ),
                prevention="Give memory-heavy tasks their own queue or pool with sized workers.",
                **common,
            )
        if recorded:
            process = next(
                (str(h.attributes["process"]) for h in recorded if h.attributes.get("process")), ""
            )
            pid = next((str(h.attributes["pid"]) for h in recorded if h.attributes.get("pid")), "")
            named = ", ".join(part for part in (process, f"pid {pid}" if pid else "") if part)
            title = "The kernel's out-of-memory killer killed the task process" + (
                f" ({named})" if named else ""
            )
            summary = (
                "The node's own log records the kill: the kernel's out-of-memory killer (or the container's "
                "memory limit) ended the task process, so the worker ran out of memory while it ran."
            )
        else:
            title = "The worker killed the task process (out of memory)"
            summary = (
                "The task process ended with SIGKILL (no Python "
                "exception, no callback ran); on Linux that is "
                "almost always the kernel's out-of-memory killer or a container memory limit on the worker."
            )
        return self.finding(
            title=title,
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            likelihood=90 if recorded else 85,
            summary=summary,
            immediate_fix=(
                "Check the worker's memory at the time (dmesg / "
                "kubectl events for OOMKilled), then clear the "
                "task on a worker with free memory."
            ),
            change=(
                "Lower the task's peak memory (chunked reads, fewer rows in memory) or give it a bigger "
                "worker; avoid co-scheduling several memory-heavy tasks on one worker (pool/queue)."
            ),
            prevention=(
                "Set per-task memory requests on Kubernetes; limit worker concurrency for heavy tasks."
            ),
            **common,
        )


class HeartbeatTimeout(SignalRule):
    """The scheduler failed the task because its heartbeat stopped ("zombie") (INFRA, transient)."""

    id = "airflow.heartbeat_timeout"
    title = "Task heartbeat lost"
    reads = (S.HEARTBEAT_TIMEOUT,)
    supersedes = ("generic.python_exception", "airflow.sigterm")
    max_confidence = 60  # a worker that died (infra) or a threshold set too tight (config)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding: the worker or supervisor died or froze."""
        return self.finding(
            title="The worker stopped heartbeating for the task",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=80,
            summary=(
                "The scheduler received no heartbeat from the task within the limit and failed it: the "
                "worker, its supervisor process or the network to the API server died or stalled."
            ),
            signals=hits[:2],
            immediate_fix="Check the worker host/pod (restarts, OOM kills, node loss), then clear the task.",
            change=(
                "If the worker is starved (CPU, memory), lower its concurrency; raise "
                "[scheduler] task_instance_heartbeat_timeout only if heartbeats are slow, not lost."
            ),
            prevention="Give tasks retries so a lost worker costs one retry, not a failed run.",
            monitoring="Alert on worker restarts and on heartbeat-timeout events in the audit log.",
        )


class PodEvicted(SignalRule):
    """Kubernetes evicted the pod running the task (node memory/disk pressure) (INFRA)."""

    id = "airflow.pod_evicted"
    title = "Pod evicted"
    reads = (S.POD_EVICTED,)
    #: A hard eviction kills the pod's processes with SIGKILL, so the kubelet's record of one (it names
    #: the resource reclaimed) explains a SIGKILL; the bare word "evicted" or a kernel's record of an
    #: OOM kill of the process itself does not.
    supersedes = (
        "generic.python_exception",
        "airflow.sigterm",
        "airflow.heartbeat_timeout",
        "airflow.sigkill",
    )

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding naming the node resource under pressure."""
        resource = next((str(s.attributes["resource"]) for s in hits if s.attributes.get("resource")), "")
        explains: tuple[str, ...] = self.supersedes
        if not resource or bundle.has_signal(S.OOM_KILLED):
            explains = tuple(rule for rule in explains if rule != "airflow.sigkill")
        return self.finding(
            supersedes=explains,
            title="Kubernetes evicted the task's pod" + (f" (node low on {resource})" if resource else ""),
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=84,
            summary=(
                "The kubelet evicted the pod because its node ran short of "
                f"{resource or 'a resource'}; the task did not fail on its own."
            ),
            signals=hits[:2],
            immediate_fix="Clear the task; it will be scheduled on a node with room.",
            change="Set memory/ephemeral-storage requests on the pod so the scheduler places it correctly.",
            prevention="Use a Guaranteed QoS class for critical tasks; keep node headroom.",
            monitoring="Alert on Evicted pods in the Airflow namespace.",
        )


class ExternallyStopped(SignalRule):
    """The task got SIGTERM or its state was changed from outside while it ran (INFRA, transient).

    Usually a deploy/scale-down restarting workers, or someone marking the task in the UI.
    """

    id = "airflow.sigterm"
    title = "Task stopped from outside"
    reads = (S.SIGTERM,)
    supersedes = ("generic.python_exception",)
    max_confidence = 55  # stopped by a timeout, a deploy, a user or the platform

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding: the stop came from outside the task."""
        state = next((str(s.attributes["state"]) for s in hits if s.attributes.get("state")), "")
        return self.finding(
            title="The task was stopped from outside" + (f" (state set to {state})" if state else ""),
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=62,
            summary=(
                "The task received SIGTERM or had its state changed externally while running: a worker "
                "restart, a scale-down or a manual state change, not an error in the task."
            ),
            signals=hits[:2],
            immediate_fix=(
                "Check for worker restarts/deploys or a manual state change at that time; clear the task."
            ),
            change="Drain workers gracefully on deploy (worker shutdown timeout longer than typical tasks).",
            prevention="Give tasks retries; make them idempotent so a restart is harmless.",
            monitoring="Correlate SIGTERM-stopped tasks with deploy and autoscaling events.",
        )
