"""The task process was killed from outside: SIGKILL/OOM, heartbeat loss, pod eviction, SIGTERM.

None of these leave a Python traceback from the task itself, and none are fixed by reading the task
code. A SIGKILL on Linux is nearly always the kernel's out-of-memory killer or a container memory
limit; when the history shows it happening run after run, or the kill record names the container's own
memory limit (a memory-cgroup OOM, Kubernetes' OOMKilled), it is a limit too tight for the work
(CONFIG); otherwise the worker ran short of memory this time (INFRA).
"""

from __future__ import annotations

import re
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
from airflow_pipeline_debugger.evidence.levels import is_retried
from airflow_pipeline_debugger.heuristics.airflow._common import (
    evidence_of,
    fact,
    repeated_without_recovery,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, hits_say
from airflow_pipeline_debugger.heuristics.message import quote_error
from airflow_pipeline_debugger.heuristics.terminal import is_chatter

#: The kill record names the container's own limit: the kernel's memory-cgroup OOM (``Memory cgroup out
#: of memory``, ``constraint=CONSTRAINT_MEMCG``) or Kubernetes' container termination reason
#: ``OOMKilled`` (a container over its memory limit). A plain ``Out of memory: Killed process`` is the
#: node running out, which may be other tasks' doing.
_CGROUP_LIMIT_RE = re.compile(r"Memory cgroup out of memory|CONSTRAINT_MEMCG|\bOOMKilled\b")
#: The kubelet evicting a pod over its *own* limit, not the node's pressure: ``Pod ephemeral local
#: storage usage exceeds the total limit of containers 2Gi``, ``Container base exceeded its local
#: ephemeral storage limit "1Gi"``, ``Usage of EmptyDir volume "tmp" exceeds the limit "1Gi"``.
_OWN_LIMIT_RE = re.compile(
    r"exceeds the total limit of containers|exceeded its local ephemeral storage limit"
    r"|Usage of EmptyDir volume\b.{0,200}?\bexceeds the limit",
    re.IGNORECASE,
)

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
        at_limit = [h for h in recorded if any(_CGROUP_LIMIT_RE.search(ln.text) for ln in h.lines)]
        if at_limit:
            line = next(ln for h in at_limit for ln in h.lines if _CGROUP_LIMIT_RE.search(ln.text))
            return self.finding(
                title="The task's container reached its own memory limit (OOM kill at the cgroup's limit)",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.INTERMITTENT,
                likelihood=88,
                summary=(
                    f"The record of the kill names the container's own memory limit ({line.cite()}: "
                    f"{quote_error(line.text, 160)}): the kernel killed the process at the limit set for "
                    "its container or cgroup, not because the node ran out. A limit reached by the task's "
                    "work is set too tight for it, unless the input grew."
                ),
                lines=[line],
                immediate_fix=(
                    "Raise the container's memory limit for this task (resources.limits.memory through "
                    "executor_config / pod_override, or the KubernetesPodOperator's container_resources), "
                    "then clear the task."
                ),
                change=(
                    "Size the limit from the measured peak (the container's working set) plus a margin, or "
                    "lower the peak (chunked reads, streaming)."
                ),
                prevention="Alert when the container's working set approaches its memory limit (at 80 %).",
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
            # A SIGKILL alone does not say who sent it: out of memory is the likeliest sender, stated
            # as such until a kernel log, a container status or memory history records it (issue 19).
            title = "The task process was killed with SIGKILL (likeliest: out of memory, unconfirmed)"
            summary = (
                "The task process ended with SIGKILL (no Python exception, no callback ran) and nothing in "
                "the evidence records why. On Linux the likeliest sender is the kernel's out-of-memory "
                "killer or a container memory limit on the worker; a `kill -9` from an operator or a "
                "supervisor gives the same signal. Confirm with the node's kernel log or the pod's "
                "last state before changing memory."
            )
        return self.finding(
            title=title,
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            # A guess sits below findings: nothing records the sender (see the title).
            likelihood=90 if recorded else 60,
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


#: Signals that the worker or its node died (a kill, an OOM record, an eviction): a heartbeat lost then
#: is the platform's failure, not a threshold's.
_DIED = (S.SIGKILL, S.OOM_KILLED, S.POD_EVICTED)
#: States only the scheduler's failure handling sets on a running task: a user marks ``success`` or
#: ``failed`` or clears it (``None``/``restarting``), but ``up_for_retry`` comes from the scheduler
#: failing a task it judged lost (a zombie) while retries remain.
_SCHEDULER_STATES = frozenset({"up_for_retry"})
#: The settings a lost heartbeat is measured against, by Airflow version.
_HEARTBEAT_SETTINGS = (
    "[scheduler] job_heartbeat_sec (how often the task's job heartbeats) against the threshold the "
    "scheduler applies: scheduler_zombie_task_threshold in Airflow 2 (and "
    "scheduler_health_check_threshold, which must stay well above job_heartbeat_sec), "
    "task_instance_heartbeat_timeout in Airflow 3"
)


def _alive_when_failed(bundle: EvidenceBundle) -> list[Signal]:
    """The task's own lines saying the scheduler set its state while it still ran (it heard about it)."""
    return [
        s
        for s in bundle.signals_with(S.SIGTERM)
        if str(s.attributes.get("state", "")).lower() in _SCHEDULER_STATES
    ]


def _threshold_finding(rule: SignalRule, hits: list[Signal], alive: list[Signal]) -> RuleFinding:
    """CONFIG: the scheduler judged a task lost that shows no sign of dying (heartbeat limits too tight)."""
    if alive:
        state = str(alive[0].attributes.get("state", ""))
        title = f"The scheduler failed the task while it was still running (state set to {state})"
        seen = (
            f"The task was still running when the scheduler set its state to {state}: its own job noticed "
            "the change and stopped it, so the worker had not died."
        )
    else:
        title = "The scheduler judged the task lost for a missing heartbeat (heartbeat limits too tight?)"
        seen = (
            "The scheduler failed the task for a missing heartbeat (a zombie), and the log shows no sign "
            "that the worker or its node died (no kill, OOM or eviction record)."
        )
    return rule.finding(
        title=title,
        severity=Severity.SEVERE,
        category=Category.CONFIG,
        transience=Transience.INTERMITTENT,
        likelihood=74 if alive else 66,
        summary=(
            f"{seen} A heartbeat judged missing while no worker died points at the heartbeat settings: "
            f"{_HEARTBEAT_SETTINGS}. When job_heartbeat_sec is close to or above the threshold, or a "
            "busy scheduler, metadata database or worker delays heartbeats past it, running tasks are "
            "failed as zombies."
        ),
        signals=[*alive[:1], *hits[:2]],
        immediate_fix=(
            "Compare job_heartbeat_sec with scheduler_zombie_task_threshold / "
            "scheduler_health_check_threshold (task_instance_heartbeat_timeout on Airflow 3) in the "
            "running configuration (`airflow config get-value scheduler job_heartbeat_sec`), then clear "
            "the task."
        ),
        change=(
            "Keep the threshold several heartbeat intervals above job_heartbeat_sec (defaults: 5 s "
            "against 300 s); if the heartbeats are late because the scheduler or database is "
            "overloaded, fix that load rather than only raising the threshold."
        ),
        prevention="Review heartbeat and health-check settings together whenever either is changed.",
        monitoring="Alert on zombie / heartbeat-timeout events per task and on scheduler loop duration.",
    )


class SupervisorStopped(SignalRule):
    """Airflow 3's supervisor sent the signal that ended the task itself (INFRA, the reason decides).

    It records ``signal_sent=SIGKILL`` when it escalates a stop: the API server said the task should
    no longer run or refused a call, or a timeout ran out. No OOM killer was involved, and the rule
    that reads the reason answers when the log has it.
    """

    id = "airflow.supervisor_stop"
    title = "Stopped by Airflow's supervisor"
    reads = (S.SUPERVISOR_STOP,)
    supersedes = ("generic.python_exception",)
    #: What makes the supervisor stop a task; a rule of its own reads each.
    reasons = (S.EXECUTION_API_ERROR, S.SIGTERM, S.TASK_TIMEOUT, S.HEARTBEAT_TIMEOUT)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding when the log does not say why; none when another rule reads the reason."""
        if bundle.has_signal(*self.reasons):
            return None
        signal = next((str(h.attributes["signal"]) for h in hits if h.attributes.get("signal")), "a signal")
        return self.finding(
            title=f"Airflow's supervisor stopped the task process ({signal})",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.INTERMITTENT,
            likelihood=55,
            summary=(
                f"The supervisor sent {signal} itself, so memory was not the reason: it stops a task the "
                "API server says should no longer run, one it could not report for, or one that outlived "
                "its timeout. Its reason is not in this log."
            ),
            signals=hits[:2],
            immediate_fix="Read the api-server's and scheduler's logs for the task instance at that time.",
            change="Fix what made Airflow stop the task: its state changed, a timeout, an API refusal.",
            prevention="Run the api-server, scheduler and workers on one configuration and version.",
            monitoring="Alert on tasks stopped by their supervisor (signal_sent in the task log).",
        )


#: A line that says the condition it names passed (``heartbeat timeout recovered after 1 retry``).
_RECOVERED_RE = re.compile(
    r"(?i)(?<!not )(?<!not be )(?<!never )(?<!never been )\brecovered\b"
    r"|\b(?:ok|succeeded|reconnected) after\b"
)


def _says_it_failed(text: str) -> bool:
    """A line that is neither INFO chatter nor says the run retried or got past what it names."""
    return not (is_chatter(text) or is_retried(text) or _RECOVERED_RE.search(text))


class HeartbeatTimeout(SignalRule):
    """The scheduler failed the task because its heartbeat stopped ("zombie").

    The category guide's tie-break for a limit that was hit: CONFIG when the task's own lines show it
    still running when the scheduler failed it (a live task judged lost: the heartbeat interval and
    the scheduler's threshold leave no margin); otherwise INFRA — the worker, its supervisor or the
    network died or stalled, with the death on record (a kill, OOM or eviction) or not: a worker that
    dies usually leaves nothing in the task's log, so the absence of a record is no evidence of a
    live task.
    """

    id = "airflow.heartbeat_timeout"
    title = "Task heartbeat lost"
    reads = (S.HEARTBEAT_TIMEOUT,)
    supersedes = ("generic.python_exception", "airflow.sigterm")
    max_confidence = 60  # a worker that died (infra) or a threshold set too tight (config)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """The heartbeat settings (config) when the task was alive when failed; else the worker (infra).

        None when the words are only in chatter or in a line that says the run got past them (``loader
        heartbeat timeout recovered after 1 retry`` in a dbt run's banner).
        """
        hits = [h for h in hits if any(_says_it_failed(ln.text) for ln in h.lines)]
        if not hits:
            return None
        alive = _alive_when_failed(bundle)
        if alive:
            return _threshold_finding(self, hits, alive)
        died = bundle.signals_with(*_DIED)
        return self.finding(
            title="The worker stopped heartbeating for the task",
            severity=Severity.SEVERE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=80 if died else 70,
            summary=(
                "The scheduler received no heartbeat from the task within the limit and failed it"
                + (
                    ", and the log records the worker or its node dying (a kill, an OOM or an eviction)."
                    if died
                    else ": the worker, its supervisor process or the network to it died or stalled (a "
                    "worker that dies leaves nothing in the task's log). If it recurs while the workers "
                    f"are healthy, the heartbeat settings leave no margin: {_HEARTBEAT_SETTINGS}."
                )
            ),
            signals=[*hits[:2], *died[:1]],
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
        if _evicted_over_own_limit(bundle, hits):
            # Over the pod's own limit, not the node's pressure: the limit is too small for the work
            # (config), unless the input grew (data), which the log cannot tell apart.
            return self.finding(
                supersedes=explains,
                title="Kubernetes evicted the task's pod for exceeding its own storage limit",
                severity=Severity.SEVERE,
                category=Category.CONFIG,
                transience=Transience.PERMANENT,
                likelihood=66,
                summary=(
                    "The kubelet evicted the pod because it wrote more local storage than its own limit "
                    f"allows ({quote_error(_first_line(hits), 160)}); the node was not short of room. The "
                    "limit is too small for this work, or the input grew beyond its usual size."
                ),
                signals=hits[:2],
                immediate_fix=(
                    "Raise the pod's ephemeral-storage limit (or the emptyDir sizeLimit) and clear the task."
                ),
                change=(
                    "Size ephemeral-storage requests/limits for the task's temp files, or write large "
                    "intermediates to a volume or object storage instead of the pod's local disk."
                ),
                prevention="Compare the task's temp usage with its input size per run.",
                monitoring="Alert on Evicted pods in the Airflow namespace.",
                max_confidence=AMBIGUOUS_CEILING,
            )
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


def _first_line(hits: list[Signal]) -> str:
    """The first log line the signals cite (their own message when they cite none)."""
    return next((ln.text for s in hits for ln in s.lines if ln.text), hits[0].message)


def _evicted_over_own_limit(bundle: EvidenceBundle, hits: list[Signal]) -> bool:
    """Whether the eviction record names the pod's own storage limit rather than the node's pressure."""
    if hits_say(hits, _OWN_LIMIT_RE):
        return True
    return any(
        ev.kind is EvidenceKind.LOG and ev.content and _OWN_LIMIT_RE.search(ev.content)
        for ev in bundle.evidence
    )


class ExternallyStopped(SignalRule):
    """The task got SIGTERM or its state was changed from outside while it ran (INFRA, transient).

    Usually a deploy/scale-down restarting workers, or someone marking the task in the UI. A state
    set to ``up_for_retry`` is neither: only the scheduler's failure handling sets it on a running
    task, so the scheduler judged a live task lost — the heartbeat settings (CONFIG).
    """

    id = "airflow.sigterm"
    title = "Task stopped from outside"
    reads = (S.SIGTERM,)
    supersedes = ("generic.python_exception",)
    max_confidence = 55  # stopped by a timeout, a deploy, a user or the platform

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Infra finding: the stop came from outside the task; CONFIG when the scheduler failed it live."""
        alive = _alive_when_failed(bundle)
        if alive and not bundle.has_signal(*_DIED):
            return _threshold_finding(self, hits, alive)
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
