"""What the Spark rules share: grading measured stage skew, locating OOMs, quoting sizes and config.

Skew is graded once here so the skew rule and the "skew, not memory" rule can never disagree. The
numbers come from peers-and-anchors §4: max/median ≥ 5 is MODERATE and ≥ 10 SEVERE (Spark AQE's
``skewedPartitionFactor`` is 5; spark-rapids and SparkScope use 10), and skew only matters when the
stage ran ≥ 30 s or its largest partition is ≥ 256 MB (AQE's ``skewedPartitionThresholdInBytes``).
Those floors keep tiny healthy stages quiet; they are parameters so a test cluster can scale them
down. One exception is not a parameter: when the heaviest task of a stage is the task that died, the
skew is material whatever its absolute size — it is what killed the job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.adapters.spark.adapter import MIN_TASKS_FOR_SKEW, human_bytes
from airflow_pipeline_debugger.adapters.spark.aqe import AQE_SKEW_SETTINGS
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, JSONDict, Severity, Signal
from airflow_pipeline_debugger.heuristics.base import SeverityThresholds
from airflow_pipeline_debugger.heuristics.knowledge import codes_in

#: max/median of a stage's task shuffle read (or input) bytes: low, moderate, severe, critical.
SKEW_THRESHOLDS = SeverityThresholds(2.0, 5.0, 10.0, 100.0)
SKEW_PARAMS: Mapping[str, float] = {
    # The stage must have run this long, or ...
    "min_stage_seconds": 30.0,
    # ... its largest task must have read this much, for skew to matter (AQE's 256 MB).
    "min_max_partition_bytes": 256.0 * 1024 * 1024,
    # Fewer measured tasks than this and max/median says nothing (the median of two is their mean).
    "min_tasks": float(MIN_TASKS_FOR_SKEW),
}
#: The adapter reports skew only for stages of ``MIN_TASKS_FOR_SKEW`` tasks, so a lower
#: ``min_tasks`` could never take effect: it is refused at start-up instead of ignored.
SKEW_PARAM_FLOORS: Mapping[str, tuple[float, str]] = {
    "min_tasks": (
        float(MIN_TASKS_FOR_SKEW),
        f"the Spark adapter measures skew only in stages of {MIN_TASKS_FOR_SKEW} or more tasks",
    ),
}
AQE_KEYS = tuple(key for key, _ in AQE_SKEW_SETTINGS)
MEMORY_KEYS = (
    "spark.master",
    "spark.executor.memory",
    "spark.executor.memoryOverhead",
    "spark.executor.cores",
    "spark.driver.memory",
    "spark.sql.shuffle.partitions",
)


@dataclass(frozen=True)
class SkewMeasure:
    """One stage's graded skew, with the reason it counts (or not)."""

    signal: Signal
    ratio: float
    severity: Severity
    material: bool
    why: str

    @property
    def stage_id(self) -> int:
        """The stage the measure is about."""
        return int(self.signal.attributes.get("stage_id", -1))

    def details(self) -> list[tuple[str, str]]:
        """Measured values for the finding (the UI and Slack show these)."""
        a = self.signal.attributes
        task = a.get("max_task") or {}
        return [
            ("stage", f"{a.get('stage_id')}.{a.get('attempt', 0)} ({a.get('stage_name', '')})"),
            ("skew ratio (max/median)", f"{self.ratio:g}x"),
            (f"largest task {a.get('metric', 'shuffle read')}", human_bytes(float(a.get("max_bytes", 0)))),
            (f"median task {a.get('metric', 'shuffle read')}", human_bytes(float(a.get("median_bytes", 0)))),
            ("p95 task", human_bytes(float(a.get("p95_bytes", 0)))),
            ("largest task's share of the stage", f"{float(a.get('max_task_share', 0)):.0%}"),
            ("tasks measured", str(a.get("tasks", 0))),
            (
                "largest task",
                f"TID {task.get('task_id', '?')} (partition {task.get('index', '?')}), "
                f"{task.get('status', '?')}",
            ),
            ("stage duration", f"{float(a.get('stage_duration_ms', 0)) / 1000:.1f}s"),
            ("counted because", self.why),
        ]


def grade_skew(
    bundle: EvidenceBundle, thresholds: SeverityThresholds, params: Mapping[str, float]
) -> list[SkewMeasure]:
    """Every measured stage's skew, worst first; ``material`` says whether the floors let it count."""
    measures: list[SkewMeasure] = []
    for signal in bundle.signals_with(S.STAGE_SKEW):
        a = signal.attributes
        if float(a.get("tasks", 0)) < params["min_tasks"]:
            continue
        duration_s = float(a.get("stage_duration_ms", 0)) / 1000
        ratio = float(a.get("ratio", 0))
        if duration_s >= params["min_stage_seconds"]:
            ratio = max(ratio, float(a.get("duration_ratio", 0)))
        why = ""
        if a.get("max_task_failed"):
            why = "the heaviest task is the one that failed"
        elif float(a.get("max_bytes", 0)) >= params["min_max_partition_bytes"]:
            why = f"largest partition >= {human_bytes(params['min_max_partition_bytes'])}"
        elif duration_s >= params["min_stage_seconds"]:
            why = f"stage ran >= {params['min_stage_seconds']:g}s"
        measures.append(SkewMeasure(signal, ratio, thresholds.severity_of(ratio), bool(why), why or "n/a"))
    measures.sort(key=lambda m: (m.material, m.severity, m.ratio), reverse=True)
    return measures


def oom_signals(bundle: EvidenceBundle) -> list[Signal]:
    """Every out-of-memory signal: measured task OOMs first, then log lines, then bare SIGKILLs.

    A container or driver killed with exit 137 and no reason printed counts as a memory kill (YARN's
    physical-memory check, the kernel's OOM killer, Dataproc's driver memory) unless the log shows
    its node lost, preempted or decommissioned: then the kill is the platform's, not the job's size.
    """
    kills = [] if bundle.has_signal(S.NODE_LOST) else bundle.signals_with(*S.KILL_CODES)
    return (
        bundle.signals_with(S.TASK_OOM)
        + bundle.signals_with(*[c for c in S.OOM_CODES if c != S.TASK_OOM])
        + kills
    )


def oom_stages(bundle: EvidenceBundle) -> set[int]:
    """Stages where a task died of OOM (from the event log, else from ``Lost task … in stage N.M`` lines)."""
    stages: set[int] = set()
    for signal in bundle.signals_with(S.TASK_OOM, S.EXECUTOR_OOM):
        raw = signal.attributes.get("stage_id", signal.attributes.get("stage"))
        try:
            stages.add(int(float(str(raw))))
        except ValueError:
            continue
    return stages


def spark_config(bundle: EvidenceBundle) -> dict[str, str]:
    """The allow-listed Spark configuration the adapter read from the event log."""
    facts = bundle.facts.get("spark")
    config = facts.get("config") if isinstance(facts, dict) else None
    return {str(k): str(v) for k, v in config.items()} if isinstance(config, dict) else {}


def config_details(bundle: EvidenceBundle, keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(key, value)`` rows for the keys that were set ("default" otherwise)."""
    config = spark_config(bundle)
    return [(key, config.get(key, "default")) for key in keys]


def join_key(bundle: EvidenceBundle) -> str:
    """The first shuffle-join key seen in the query plan, or a placeholder."""
    facts = bundle.facts.get("spark")
    joins = facts.get("join_keys") if isinstance(facts, dict) else None
    for join in joins or []:
        if isinstance(join, dict) and join.get("left"):
            return str(join["left"][0])
    return "join_key"


def first_attr(signals: list[Signal], key: str, default: str = "") -> str:
    """The first non-empty attribute ``key`` among ``signals``."""
    for signal in signals:
        value = signal.attributes.get(key)
        if value:
            return str(value)
    return default


def event_log_facts(bundle: EvidenceBundle) -> JSONDict:
    """``facts["spark"]`` or an empty dict."""
    facts = bundle.facts.get("spark")
    return facts if isinstance(facts, dict) else {}


def jvm_died_of_oom(bundle: EvidenceBundle) -> bool:
    """Whether an OutOfMemoryError took down the JVM the PySpark driver talks to.

    Spark's uncaught-exception handler exits the JVM on OutOfMemoryError; that JVM is the driver's
    when the OOM was in a driver thread or in local mode (executors run inside the driver). The
    connection errors the Python side prints afterwards are then consequences, not causes.
    """
    if not oom_signals(bundle):
        return False
    local = spark_config(bundle).get("spark.master", "").startswith("local")
    return bundle.has_signal(S.GATEWAY_LOST, S.DRIVER_OOM) or local


#: Built-in exceptions a Python function raises when its own logic is wrong for a value it should
#: handle (the category guide's tie-break: code unless the evidence shows the input changed). Others
#: read the same in a traceback but are not the code's bug as often: ``ValueError``/``AssertionError``/
#: ``RuntimeError`` and a job's own exception classes are how checks reject the data, a library's
#: exception (``requests.exceptions.ConnectionError``, ``json.decoder.JSONDecodeError``) reports a
#: service or an input, ``ModuleNotFoundError`` a package missing where the code runs, ``MemoryError``
#: and ``OSError`` the platform.
BUG_EXCEPTIONS = frozenset(
    {
        "TypeError",
        "AttributeError",
        "NameError",
        "UnboundLocalError",
        "KeyError",
        "IndexError",
        "ZeroDivisionError",
        "SyntaxError",
        "IndentationError",
    }
)
#: ``KeyError: 'S3_OUTPUT_BUCKET'``: an environment variable read with ``os.environ[...]``, not set
#: where the job runs (the set-up), rather than a lookup the code gets wrong.
_ENV_KEY_RE = re.compile(r"""^\s*['"]?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+['"]?\s*$""")


def bug_shaped(attributes: Mapping[str, object]) -> bool:
    """Whether a Python exception (``exception``, ``message``) is the raising code's own bug."""
    exception, message = str(attributes.get("exception", "")), str(attributes.get("message", ""))
    if exception not in BUG_EXCEPTIONS:
        return False
    if exception == "KeyError" and _ENV_KEY_RE.match(message):
        return False
    return not outside_code(attributes)


def outside_code(attributes: Mapping[str, object]) -> bool:
    """An exception whose message the knowledge places outside the raising code.

    A wrapper message only reports the application failed: an Airflow task around ``spark-submit``
    relays the driver's output and then raises its own ``AirflowException: Cannot execute:
    spark-submit … Error code is: 1``, and the driver's error is in the relayed lines. A message of
    another category is answered by the error-code rule with the category it gives: ``ValueError:
    could not convert string to float: 'N/A'`` is a value of the input (data), ``TypeError: an
    integer is required (got type bytes)`` under PySpark 2.4's cloudpickle the set-up (config).
    """
    line = f"{attributes.get('exception', '')}: {attributes.get('message', '')}"
    return any(
        prior.kind == "message" and (prior.wrapper or prior.category is not Category.CODE)
        for prior in codes_in(line)
    )


#: An exception a Python client raises when the service it calls failed: refused, reset, timed out or
#: answered a server error. Raised in a UDF or in the driver, it is that service's failure (the
#: network and server-error rules read it), not a bug of the code that made the call.
_SERVICE_EXCEPTION_RE = re.compile(
    r"(?:^|\.)(?:URLError|ConnectionError|ConnectionRefusedError|ConnectionResetError|RemoteDisconnected|"
    r"MaxRetryError|NewConnectionError|ReadTimeout|ConnectTimeout|ProtocolError|IncompleteRead)$"
)
#: What a message says of the service, whatever the exception's class (``HTTPError``, a bare timeout):
#: a refusal, a server error, or credentials or a rate the service refused (the access rules answer).
_SERVICE_ERROR_RE = re.compile(
    r"\[Errno (?:104|110|111|113|-2|-3)\]|Connection refused|Connection reset by peer|"
    r"Name or service not known|Temporary failure in name resolution|"
    r"server closed the connection unexpectedly|terminating connection due to administrator command|"
    r"^HTTP Error (?:5\d\d|401|403|429)\b|^(?:5\d\d Server|40[13] Client|429 Client) Error\b|"
    r"\b(?:connect|read|socket) timed? ?out\b"
)


def service_failed(exception: str, message: str) -> bool:
    """Whether a Python exception reports a called service failing rather than the caller's bug.

    The exception's own class says so (``URLError``, ``requests…ConnectionError``), or its message
    does (a refusal, a reset, a 5xx); a class name that only appears inside a message does not.
    """
    return bool(_SERVICE_EXCEPTION_RE.search(exception) or _SERVICE_ERROR_RE.search(message[:1000]))
