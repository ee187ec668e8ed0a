"""A node's kernel log or kubelet events, added to an investigation, name why a task was killed.

Each row is a line as the tool prints it on a real node (dmesg / ``journalctl -k``, ``journalctl -u
kubelet``, ``kubectl get events`` / ``describe pod``); the default adapters must turn it into the
signal, and the deterministic engine into the root cause, that the line shows.
"""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.adapters.registry import load_adapters
from airflow_pipeline_debugger.domain import EvidenceBundle, FailureContext, TaskKey
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

KERNEL_OOM = "airflow.sigkill"
EVICTED = "airflow.pod_evicted"

ROWS = [
    # (line, signal code, attribute checked or None, expected value, root-cause rule)
    (
        "[Sun Dec  6 02:14:07 2026] Out of memory: Killed process 48211 (python3) total-vm:9123456kB, "
        "anon-rss:7987654kB, file-rss:1234kB, shmem-rss:0kB, UID:50000 pgtables:16000kB oom_score_adj:0",
        S.OOM_KILLED,
        "process",
        "python3",
        KERNEL_OOM,
    ),
    (
        "Dec 06 02:14:07 worker-3 kernel: Memory cgroup out of memory: Killed process 48211 (python3) "
        "total-vm:9123456kB, anon-rss:7987654kB, file-rss:1234kB, shmem-rss:0kB, UID:50000",
        S.OOM_KILLED,
        "pid",
        "48211",
        KERNEL_OOM,
    ),
    (
        "[ 8812.402118] Out of memory: Kill process 3117 (python) score 912 or sacrifice child",
        S.OOM_KILLED,
        "pid",
        "3117",
        KERNEL_OOM,
    ),
    (
        "[ 8812.401003] python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        S.OOM_KILLED,
        None,
        None,
        KERNEL_OOM,
    ),
    (
        "[ 8812.402500] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-1f2e,"
        "mems_allowed=0,task=python3,pid=48211,uid=50000",
        S.OOM_KILLED,
        None,
        None,
        KERNEL_OOM,
    ),
    (
        "[ 8812.433950] oom_reaper: reaped process 48211 (python3), now anon-rss:0kB, file-rss:0kB",
        S.OOM_KILLED,
        "pid",
        "48211",
        KERNEL_OOM,
    ),
    (
        "12m  Warning  OOMKilling  node/ip-10-0-3-17  Memory cgroup out of memory: Killed process 48211",
        S.OOM_KILLED,
        None,
        None,
        KERNEL_OOM,
    ),
    (
        "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137",
        S.OOM_KILLED,
        None,
        None,
        KERNEL_OOM,
    ),
    (
        "12m  Warning  Evicted  pod/etl-load-7c9f  The node was low on resource: memory. Threshold quantity: "
        "100Mi, available: 51200Ki. Container base was using 6Gi, request is 2Gi.",
        S.POD_EVICTED,
        "resource",
        "memory",
        EVICTED,
    ),
    (
        "Dec 06 02:13:58 ip-10-0-3-17 kubelet[1021]: I1206 02:13:58.101 1021 eviction_manager.go:377] "
        '"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"',
        S.POD_EVICTED,
        "resource",
        "memory",
        EVICTED,
    ),
    (
        "13m  Warning  EvictionThresholdMet  node/ip-10-0-3-17  Attempting to reclaim ephemeral-storage",
        S.POD_EVICTED,
        "resource",
        "ephemeral-storage",
        EVICTED,
    ),
    (
        'I1206 02:13:59.870 1021 eviction_manager.go:616] "Eviction manager: pods evicted, waiting for pod '
        'to be cleaned up" pods=["airflow/etl-load-7c9f"]',
        S.POD_EVICTED,
        None,
        None,
        EVICTED,
    ),
]


def _collect(text: str) -> EvidenceBundle:
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="etl", run_id="r", task_id="load")),
        files=FileAccess({}),
        logs=[LogSource(name="node.log", source="added by a user", text=text)],
    )
    return collect_evidence(request, load_adapters())


@pytest.mark.parametrize(("line", "code", "attribute", "value", "rule"), ROWS)
def test_node_line_is_recognised_and_named_as_the_cause(
    line: str, code: str, attribute: str | None, value: str | None, rule: str
) -> None:
    bundle = _collect(f"-- node log --\n{line}\n")
    hits = bundle.signals_with(code)
    assert hits, f"no {code} signal for {line!r}: {[s.code for s in bundle.signals]}"
    if attribute is not None:
        assert hits[0].attributes.get(attribute) == value
    _, result = analyse_bundle(bundle, build_heuristics())
    assert result.root_cause.rule_id == rule
    cited = {cite.split(":", 1)[0] for cite in result.root_cause.evidence}
    assert hits[0].evidence_id in cited


@pytest.mark.parametrize(
    "line",
    [
        "INFO memory usage is fine: 2.1 GiB of 8 GiB",
        "kernel: Killed process accounting disabled",
        'I1206 eviction_manager.go:292] "Eviction manager: synchronize pod eviction"',
        "DEBUG out of memory handling is configured",
    ],
)
def test_ordinary_node_lines_are_not_taken_for_a_kill(line: str) -> None:
    codes = {s.code for s in _collect(f"{line}\n").signals}
    assert not codes & {S.SIGKILL, S.OOM_KILLED, S.POD_EVICTED}


#: What Airflow's supervisor writes when the task process gets SIGKILL: a guess, not a record.
SUPERVISOR_GUESS = (
    "CRITICAL - Process terminated by signal. Likely out of memory error (OOM). For more information, "
    "see https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html. signal=-9 "
    "signal_name=SIGKILL"
)
KERNEL_RECORD = (
    "Dec 06 02:14:05 worker-1 kernel: Out of memory: Killed process 4242 (python3) total-vm:9811232kB, "
    "anon-rss:7905212kB, file-rss:0kB, shmem-rss:0kB, UID:50000 pgtables:15600kB oom_score_adj:0"
)
KUBELET_RECORD = (
    "Dec 06 02:13:58 node-1 kubelet[1021]: I1206 02:13:58.101 1021 eviction_manager.go:377] "
    '"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"'
)


def _killed_with(*node_logs: str) -> EvidenceBundle:
    """A task log with only the supervisor's SIGKILL line, plus node logs a user added."""
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="etl", run_id="r", task_id="load")),
        files=FileAccess({}),
        logs=[
            LogSource(name="task.log", source="airflow task log", text=f"{SUPERVISOR_GUESS}\n"),
            *(LogSource(name=f"node{i}.log", source="added", text=f"{t}\n") for i, t in enumerate(node_logs)),
        ],
    )
    return collect_evidence(request, load_adapters())


def test_the_kernels_record_settles_the_supervisors_guess_and_is_cited_first() -> None:
    _, guessed = analyse_bundle(_killed_with(), build_heuristics())
    bundle = _killed_with(KERNEL_RECORD)
    _, recorded = analyse_bundle(bundle, build_heuristics())
    assert guessed.root_cause.title == (
        "The task process was killed with SIGKILL (likeliest: out of memory, unconfirmed)"
    )
    assert recorded.root_cause.title == (
        "The kernel's out-of-memory killer killed the task process (python3, pid 4242)"
    )
    node = bundle.signals_with(S.OOM_KILLED)[0].evidence_id
    assert recorded.root_cause.evidence[0].startswith(f"{node}:")


def test_the_kubelets_eviction_record_explains_a_sigkill() -> None:
    bundle = _killed_with(KUBELET_RECORD)
    _, result = analyse_bundle(bundle, build_heuristics())
    assert result.root_cause.rule_id == EVICTED
    assert result.root_cause.title == "Kubernetes evicted the task's pod (node low on memory)"
    kubelet = bundle.signals_with(S.POD_EVICTED)[0].evidence_id
    assert {cite.split(":", 1)[0] for cite in result.root_cause.evidence} == {kubelet}


@pytest.mark.parametrize(
    "node_logs",
    [
        pytest.param(("cache: 3 entries evicted",), id="the bare word evicted"),
        pytest.param((KUBELET_RECORD, KERNEL_RECORD), id="the kernel names the process it killed"),
    ],
)
def test_a_sigkill_stays_the_answer_without_the_kubelets_record_of_this_kill(
    node_logs: tuple[str, ...],
) -> None:
    _, result = analyse_bundle(_killed_with(*node_logs), build_heuristics())
    assert result.root_cause.rule_id == KERNEL_OOM


@pytest.mark.parametrize(
    ("line", "heartbeat"),
    [
        # Airflow 2's scheduler naming the task it failed for a missed heartbeat.
        (
            "[2024-05-01 02:00:00,000] {scheduler_job.py:1610} ERROR - Detected zombie job: {'dag': 'etl'}",
            True,
        ),
        ("[2024-05-01 02:00:00,000] {manager.py:1200} INFO - Found 1 zombie task instances", True),
        # Spark's DAGScheduler says it of its own tasks whenever a job ends.
        (
            "24/05/01 02:00:06 INFO DAGScheduler: Job 4 is finished. Cancelling potential speculative or "
            "zombie tasks for this job",
            False,
        ),
        ("[2024-05-01 02:00:00,000] {report.py:20} INFO - Refreshing analytics.zombie_tasks", False),
    ],
)
def test_a_zombie_is_airflows_only_where_it_names_a_task(line: str, heartbeat: bool) -> None:
    codes = {s.code for s in _collect(f"{line}\n").signals}
    assert (S.HEARTBEAT_TIMEOUT in codes) is heartbeat, codes


#: Airflow 3.1's supervisor line through the console renderer: values quoted, fields joined by ": ".
SUPERVISOR_CONSOLE = (
    "CRITICAL - Process terminated by signal. For more information, see https://airflow.apache.org/docs/"
    'apache-airflow/stable/troubleshooting.html#TaskRunner-killed: signal=-9: signal_name="SIGKILL": '
    'source="task"'
)


def test_the_supervisors_quoted_sigkill_line_is_read_as_a_sigkill() -> None:
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="etl", run_id="r", task_id="load")),
        files=FileAccess({}),
        logs=[LogSource(name="task.log", source="airflow task log", text=f"{SUPERVISOR_CONSOLE}\n")],
    )
    bundle = collect_evidence(request, load_adapters())
    assert bundle.signals_with(S.SIGKILL)
    _, result = analyse_bundle(bundle, build_heuristics())
    assert result.root_cause.rule_id == "airflow.sigkill"


@pytest.mark.parametrize(
    ("line", "task_killed"),
    [
        # A cluster manager's record of one executor's container: the job lost an executor, the task lives.
        (
            "22/02/22 15:02:23 ERROR YarnScheduler: Lost executor 38 on ip-172-31-39-85.ec2.internal: "
            "Container "
            "from a bad node: container_1645539745894_0001_01_000074 on host: ip-172-31-39-85.ec2.internal. "
            "Exit status: 137. Diagnostics: Container killed on request. Exit code is 137",
            False,
        ),
        ("Container exited with a non-zero exit code 137. Killed by external signal", False),
        ("ExecutorLostFailure (executor 7 exited caused by one of the running tasks) exit code 137", False),
        # YARN with ResourceManager HA writes the RM's epoch into the container id (EMR, HDP).
        (
            "22/02/22 15:02:23 WARN YarnSchedulerBackend$YarnSchedulerEndpoint: Requesting driver to remove "
            "executor 38 for reason Container marked as failed: container_e05_1645539745894_0001_01_000074 "
            "on host: ip-172-31-39-85.ec2.internal. Exit status: 137. Diagnostics: Container killed on "
            "request",
            False,
        ),
        (
            "Container marked as failed: container_e05_1645539745894_0001_01_000074 on host: ip-1. "
            "Exit status: 137.",
            False,
        ),
        # Spark on Kubernetes prints the reason of ``Lost executor 2 on 10.1.2.3:`` on the next line.
        ("The executor with id 2 exited with exit code 137(SIGKILL, possible container OOM).", False),
        # The task's own process.
        (
            "[2026-05-01, 10:00:02 UTC] {local_task_job_runner.py:234} INFO - Task exited with "
            "return code 137",
            True,
        ),
        ("ERROR - The task process exited with exit status 137", True),
    ],
)
def test_an_executors_container_killed_is_not_the_task_killed(line: str, task_killed: bool) -> None:
    codes = {s.code for s in _collect(f"{line}\n").signals}
    assert (S.SIGKILL in codes) is task_killed, codes
