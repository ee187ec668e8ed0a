"""Which Spark applications a failed try started, and whether an event log really is one of them.

An application id anywhere in a task log proves nothing: a job prints the id of the upstream job it
waited for, a shared history folder holds every job of the DAG run, and a hostile task can print any
id it likes. So an id counts only when a line that *announces* a started application carries it —
the lines Spark, Hadoop's YARN client and Airflow's Spark hook print when they start or submit one
(read from Spark 4.3's and Hadoop 3.5's classes and the Spark provider's ``spark_submit.py``):

* ``Submitting application <id> to ResourceManager`` and ``Application report for <id> (state: …)``
  (``org.apache.spark.deploy.yarn.Client``); ``Submitted application <id>`` (Hadoop's
  ``YarnClientImpl``); ``Application <id> finished with failed status`` (the YARN client's error);
* ``Connected to Spark cluster with app ID <id>`` (``StandaloneSchedulerBackend``);
* ``Logging events to <dir>/<id>…`` (``EventLogFileWriter``, INFO);
* ``Identified spark application id: <id>`` (Airflow's ``SparkSubmitHook``);
* ``Spark application id: <id>``: what a PySpark driver prints of ``sc.applicationId``. PySpark
  runs at WARN by default, which hides every INFO line above in local mode; the example jobs print it.

(``Submitted application: <name>`` and ``Bound SparkUI to …`` are printed too, but carry the
application's name and the UI address, not its id.) The worker's capture may also record the id
(a live SparkContext in the task process, or the Spark hook's YARN id).

An announced id is only a claim, so the event log found for it must agree on its own terms: its
``SparkListenerApplicationStart`` names that id, and started inside the try's window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from airflow_pipeline_debugger.evidence.scope import TryScope, from_epoch_ms
from airflow_pipeline_debugger.tolerant import clip

_ID = r"(?P<app_id>app-\d{14}-\d{4}|application_\d{10,}_\d{4,}|local-\d{13})"
#: Lines that announce an application this process started or submitted (see the module docstring).
ANNOUNCEMENTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        rf"\bSubmitting application {_ID} to ResourceManager",
        rf"\bSubmitted application {_ID}\b",
        rf"\bApplication report for {_ID} \(state: ",
        rf"\bApplication {_ID} finished with failed status",
        rf"\bConnected to Spark cluster with app ID {_ID}\b",
        rf"\bLogging events to \S*?{_ID}",
        rf"\b(?:Identified spark|Spark) application id: {_ID}\b",
    )
)
#: Words every announcement holds, to skip most lines with one substring test.
_LITERALS = ("pplication", "app ID", "Logging events to")


def announced_app_ids(lines: Iterable[str]) -> list[str]:
    """Application ids announced as started by the lines, in the order first announced."""
    ids: list[str] = []
    for line in lines:
        if not any(word in line for word in _LITERALS):
            continue
        for pattern in ANNOUNCEMENTS:
            for match in pattern.finditer(line):
                if match["app_id"] not in ids:
                    ids.append(match["app_id"])
    return ids


def event_log_refusal(app: dict[str, object], expected_id: str, scope: TryScope | None) -> str:
    """Why an event log found for ``expected_id`` is not the try's own, or ``""`` when it is.

    :param app: the log's application facts (``EventLogSummary.app``: id and ``start_ms`` from its
        ``SparkListenerApplicationStart``).
    :param scope: the try; ``None`` (offline ``analyze``) checks the id only, there is no window.
    """
    found = str(app.get("id") or "")
    if not found:
        return f"the event log for {expected_id} has no SparkListenerApplicationStart: whose it is is unknown"
    if found != expected_id:
        return (
            f"the event log named for {expected_id} starts application {clip(found, 80)}: "
            "its file name and its own start event disagree"
        )
    start_ms = app.get("start_ms")
    if scope is None or scope.start is None:
        return ""
    if not isinstance(start_ms, int) or start_ms <= 0:
        return f"the event log of {expected_id} has no start time to compare with the try"
    started = from_epoch_ms(start_ms)
    if not scope.within(started):
        return (
            f"application {expected_id} started at {started:%Y-%m-%d %H:%M:%S} UTC, outside this try "
            f"({scope.describe()}): it is another run's"
        )
    return ""
