"""Evidence is the failed try's own: which Spark applications it announced, and whose event log is whose.

The event logs are the real ones of tests/fixtures/spark (each run's ``SparkListenerApplicationStart``
is the one Spark 4.3 wrote); the try windows are set around those start times.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from spark_fixtures import FIXTURES, event_log_of

from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.adapters.spark.ownership import announced_app_ids, event_log_refusal
from airflow_pipeline_debugger.domain import EvidenceBundle, EvidenceKind, FailureContext, TaskKey
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.evidence.scope import MAX_REFUSALS, REFUSED, TryScope, refuse

#: ``SparkListenerApplicationStart`` timestamps of the fixture runs (ms), and their app ids.
RUNS = {
    "skew_oom": ("local-1795373141902", 1795373140213),
    "uniform_ok": ("local-1795373198539", 1795373197244),
    "uniform_oom": ("local-1795373375902", 1795373374047),
}
SKEW, OK, OOM = (RUNS[r][0] for r in ("skew_oom", "uniform_ok", "uniform_oom"))
SKEW_START, OK_START, OOM_START = (RUNS[r][1] for r in ("skew_oom", "uniform_ok", "uniform_oom"))


def at(ms: int, seconds: float = 0) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC) + timedelta(seconds=seconds)


def window(run: str) -> TryScope:
    """The try that ran ``run``: started a few seconds before its driver, ended after it."""
    start_ms = RUNS[run][1]
    return TryScope(start=at(start_ms, -5), end=at(start_ms, 50))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Spark 4.3 / Hadoop 3.5 / Airflow's Spark hook, as they print them
        (
            "INFO Client: Submitting application application_1758644046787_0002 to ResourceManager",
            ["application_1758644046787_0002"],
        ),
        (
            "INFO YarnClientImpl: Submitted application application_1758644046787_0002",
            ["application_1758644046787_0002"],
        ),
        (
            "INFO Client: Application report for application_1758644046787_0002 (state: RUNNING)",
            ["application_1758644046787_0002"],
        ),
        (
            "SparkException: Application application_1758644046787_0002 finished with failed status",
            ["application_1758644046787_0002"],
        ),
        (
            "INFO StandaloneSchedulerBackend: Connected to Spark cluster with app ID app-20261206070102-0007",
            ["app-20261206070102-0007"],
        ),
        (
            "INFO SingleEventLogFileWriter: Logging events to file:/ev/local-1795373141902.inprogress",
            ["local-1795373141902"],
        ),
        (
            "{spark_submit.py:611} INFO - Identified spark application id: application_1758644046787_0002",
            ["application_1758644046787_0002"],
        ),
        ("Spark application id: local-1795373141902", ["local-1795373141902"]),
        # named, not announced: another job's id in passing, a tracking URL, a YARN log command
        ("waiting for upstream job application_1758644046787_0001 to finish", []),
        ("tracking URL: http://rm:8088/proxy/application_1758644046787_0002/", []),
        ("yarn logs -applicationId application_1758644046787_0002", []),
        # the lines that carry a name or an address, not an id
        ("INFO SparkContext: Submitted application: skewed_join", []),
        ("INFO Utils: Bound SparkUI to 0.0.0.0, and started at http://10.0.0.7:4040", []),
    ],
)
def test_announced_app_ids(line, expected):
    assert announced_app_ids([line]) == expected


@pytest.mark.parametrize(
    ("app", "expected_id", "scope", "refusal"),
    [
        ({"id": SKEW, "start_ms": SKEW_START}, SKEW, window("skew_oom"), ""),
        ({"id": OK, "start_ms": OK_START}, SKEW, window("skew_oom"), "its own start event disagree"),
        ({}, SKEW, window("skew_oom"), "has no SparkListenerApplicationStart"),
        ({"id": OOM, "start_ms": OOM_START}, OOM, window("skew_oom"), "outside this try"),
        ({"id": SKEW, "start_ms": SKEW_START}, SKEW, TryScope(start=at(SKEW_START, 600)), "outside"),
        ({"id": SKEW}, SKEW, window("skew_oom"), "no start time"),
        # a try still recorded as running bounds only the start; ``analyze`` has no try: the id only
        ({"id": SKEW, "start_ms": SKEW_START}, SKEW, TryScope(start=at(SKEW_START, -5)), ""),
        ({"id": SKEW, "start_ms": 1}, SKEW, None, ""),
    ],
    ids=["same-id-in-window", "forged-start-event", "no-start-event", "window-after", "window-before",
         "no-start-time", "open-end", "offline"],
)  # fmt: skip
def test_event_log_refusal(app, expected_id, scope, refusal):
    reason = event_log_refusal(app, expected_id, scope)
    assert (reason == "") if not refusal else (refusal in reason)


# --------------------------------------------------------------------------- through the collector


def history(tmp_path: Path, *runs: str) -> Path:
    """A Spark history folder shared by the given runs, as several tasks of one DAG run leave it."""
    root = tmp_path / "spark-events"
    for run in runs:
        shutil.copytree(event_log_of(run), root / event_log_of(run).name)
    return root


def driver_log(tmp_path: Path, run: str, extra: str = "") -> Path:
    log = tmp_path / f"{run}.log"
    log.write_text((FIXTURES / run / "driver.log").read_text() + extra)
    return log


def collect(
    log: Path, root: Path, scope: TryScope | None, artifacts: list[Path] | None = None
) -> EvidenceBundle:
    """The runner's request: the log copy readable by all, the history folder only by Spark."""
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(task_id="spark_job"), command="spark-submit job.py"),
        files=FileAccess({"*": [log], "spark": [root]}),
        logs=[LogSource(name="task log", source=str(log), path=log)],
        artifact_paths=artifacts or [],
        scope=scope,
    )
    return collect_evidence(request)


def event_logs(bundle: EvidenceBundle) -> list[str]:
    return [e.summary["app_id"] for e in bundle.evidence if e.kind is EvidenceKind.SPARK_EVENT_LOG]


def refusals(bundle: EvidenceBundle) -> list[str]:
    return [e.content for e in bundle.evidence if e.summary.get("refused")]


@pytest.mark.parametrize(
    ("extra", "scope", "own", "refused"),
    [
        ("", window("skew_oom"), [SKEW], []),
        (f"\nupstream job {OK} finished\n", window("skew_oom"), [SKEW], [f"{OK} is named in the task log"]),
        (f"\nSpark application id: {OOM}\n", window("skew_oom"), [SKEW], ["outside this try"]),
        ("", window("uniform_oom"), [], ["outside this try"]),
    ],
    ids=["own-id", "other-id-named", "other-id-announced-outside-window", "try-window-elsewhere"],
)
def test_only_the_try_s_own_event_logs_are_read(tmp_path, extra, scope, own, refused):
    """The driver log of the skewed run, with extra lines, against a history folder of three runs."""
    root = history(tmp_path, "skew_oom", "uniform_ok", "uniform_oom")
    bundle = collect(driver_log(tmp_path, "skew_oom", extra), root, scope)
    assert event_logs(bundle) == own
    got = refusals(bundle)
    assert len(got) == len(refused)
    for text, want in zip(got, refused, strict=True):
        assert text.startswith(REFUSED.capitalize()) and want in text


def test_no_app_id_reads_nothing_and_refuses_nothing(tmp_path):
    log = tmp_path / "plain.log"
    log.write_text("INFO starting\nERROR something broke in SparkSession\n")
    bundle = collect(log, history(tmp_path, "skew_oom"), window("skew_oom"))
    assert event_logs(bundle) == [] and refusals(bundle) == []


def test_forged_event_log_under_the_announced_name(tmp_path):
    """Another run's event log copied under this try's app id: its own start event gives it away."""
    root = tmp_path / "spark-events"
    forged = root / f"eventlog_v2_{SKEW}"
    shutil.copytree(event_log_of("uniform_ok"), forged)
    bundle = collect(driver_log(tmp_path, "skew_oom"), root, window("skew_oom"))
    assert event_logs(bundle) == []
    [refusal] = refusals(bundle)
    assert f"starts application {OK}" in refusal


def test_demo_style_shared_history_folder(tmp_path):
    """Three Spark tasks of one run write to one folder the capture names: each gets only its own log."""
    root = history(tmp_path, "skew_oom", "uniform_ok", "uniform_oom")
    for run in RUNS:
        bundle = collect(driver_log(tmp_path, run), root, window(run), artifacts=[root])
        assert event_logs(bundle) == [RUNS[run][0]], run
        assert bundle.facts["spark"]["app"]["id"] == RUNS[run][0]


def test_a_shared_folder_named_on_the_command_line_by_analyze_is_listed(tmp_path):
    """Offline ``analyze``: the user named the folder, so its event logs are read as given."""
    root = history(tmp_path, "skew_oom", "uniform_ok")
    bundle = collect(driver_log(tmp_path, "skew_oom"), root, None, artifacts=[root])
    assert sorted(event_logs(bundle)) == sorted([SKEW, OK])


def test_an_upload_is_read_as_given(tmp_path):
    """A user added another run's event log to the investigation: read, not refused."""
    root = history(tmp_path, "uniform_oom")
    upload = root / event_log_of("uniform_oom").name
    scope = TryScope(start=window("skew_oom").start, end=window("skew_oom").end, chosen=(upload,))
    bundle = collect(driver_log(tmp_path, "skew_oom"), root, scope, artifacts=[upload])
    assert event_logs(bundle) == [OOM] and refusals(bundle) == []


def test_the_capture_s_app_id_counts_as_announced(tmp_path):
    """The worker recorded the live SparkContext's id: found without any line announcing it."""
    log = tmp_path / "quiet.log"
    log.write_text("ERROR Job aborted due to stage failure\n")
    scope = TryScope(start=window("skew_oom").start, end=window("skew_oom").end, app_ids=(SKEW,))
    bundle = collect(log, history(tmp_path, "skew_oom"), scope)
    assert event_logs(bundle) == [SKEW]


def test_refusals_are_bounded():
    bundle = EvidenceBundle(context=FailureContext())
    for n in range(MAX_REFUSALS + 3):
        refuse(bundle, f"app-{n}", "history", "named, not announced")
    assert len(bundle.evidence) == MAX_REFUSALS
    assert bundle.evidence[-1].summary["more_refused"] == 3


def test_event_logs_are_read_only_under_the_spark_roots(tmp_path):
    """An announced app's event log under another adapter's root (dbt's) is not Spark's to read."""
    root = history(tmp_path, "skew_oom")
    log = driver_log(tmp_path, "skew_oom")
    request = CollectionRequest(
        context=FailureContext(
            key=TaskKey(task_id="spark_job"), command=f"spark-submit --conf spark.eventLog.dir={root} job.py"
        ),
        files=FileAccess({"*": [log], "dbt": [root]}),
        logs=[LogSource(name="task log", source=str(log), path=log)],
        scope=window("skew_oom"),
    )
    assert event_logs(collect_evidence(request)) == []
