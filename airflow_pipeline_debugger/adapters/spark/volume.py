"""Spark input per try: bytes and records each input of a Spark task read, for the volume history.

The failed try's inputs come from the event log the Spark adapter already parsed
(``facts["spark"]["inputs"]``: the stages' ``Input Metrics`` named by the SQL plans' scans, see
:mod:`.eventlog`). An earlier successful try's come from its own event log, found the same way as
the failed try's: the application id that try's log *announces* (:mod:`.ownership`) looked up
under the allow-listed ``spark_event_log_roots`` (and the ``spark.eventLog.dir`` the log names),
accepted only when the log's own ``SparkListenerApplicationStart`` names that id.

Why read the successes' event logs later, in the runner, rather than at success on the worker:
the worker capture has a budget of about 2 ms and must do no I/O beyond its log line, and an event
log is megabytes to gigabytes, still being written (or not yet flushed, or on another host) when
the task reports success. The success's log already holds the application id, and
:mod:`~airflow_pipeline_debugger.adapters.airflow.volume` reads that log once, when a failure
first needs the history, and keeps what it found in ``pipeline_debugger_task_volume``. The cost is
that an event log deleted before the first failure (the History Server's cleaner, ``maxAge`` 7
days by default) leaves that success without Spark measures; a try kept before this existed has
none either, and is compared on its row counts only.

Each input gives two measures, keyed by what was read (not by stage id, which shifts between runs):
``spark input bytes <input>`` and ``spark input records <input>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from airflow_pipeline_debugger.adapters.spark.adapter import (
    EVENT_LOG_DIR_RE,
    EVENT_LOG_SCOPE,
    event_log_candidates,
)
from airflow_pipeline_debugger.adapters.spark.eventlog import parse_event_log
from airflow_pipeline_debugger.adapters.spark.ownership import announced_app_ids, event_log_refusal
from airflow_pipeline_debugger.domain import JSONDict
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.tolerant import SIZE_SCALE, as_dict, as_int, clip

#: Decompressed bytes of an earlier success's event log read (its inputs are known once its scan
#: stages have completed, near the start of most jobs; a bigger log is measured from this part).
MAX_HISTORY_EVENT_LOG_BYTES = 512 << 20
#: Inputs kept per try (the largest first).
MAX_INPUTS = 20
KEY_PREFIX = "spark input "


def input_measures(spark: Mapping[str, Any], where: str) -> dict[str, JSONDict]:
    """Two measures (bytes, records) per input of a parsed event log's ``inputs``, keyed by the input.

    :param spark: ``facts["spark"]`` or an ``EventLogSummary.to_json()`` (``inputs``).
    :param where: the event log the numbers come from (the measures' ``source``).
    """
    found: dict[str, JSONDict] = {}
    inputs = spark.get("inputs")
    for entry in (inputs if isinstance(inputs, list) else [])[:MAX_INPUTS]:
        name = clip(str(entry.get("name") or ""), 300) if isinstance(entry, dict) else ""
        if not name:
            continue
        stages = [str(s) for s in entry.get("stages") or []][:10]
        by = f" by stage{'s' if len(stages) > 1 else ''} {', '.join(stages)}" if stages else ""
        common = {"input": name, "source": where, **({"partial": True} if entry.get("partial") else {})}
        for unit, field, label, scale in (
            ("bytes", "bytes", f"read from {name}{by}", SIZE_SCALE),
            ("records", "records", f"records read from {name}{by}", ""),
        ):
            value = as_int(entry.get(field))
            if value is not None:
                found[f"{KEY_PREFIX}{unit} {name}"] = {
                    "label": label,
                    "value": value,
                    "unit": unit,
                    **({"scale": scale} if scale else {}),
                    **common,
                }
    return found


def failed_try_measures(spark: Mapping[str, Any]) -> dict[str, JSONDict]:
    """The failed try's input measures, from the event log the Spark adapter parsed (``{}`` without one)."""
    app = as_dict(spark.get("app"))
    where = f"Spark event log {spark.get('path') or '?'} of {app.get('id') or '?'}"
    return input_measures(spark, where)


def success_measures(log_text: str, files: FileAccess) -> dict[str, JSONDict]:
    """The input measures of an earlier successful try, from the event log its own log announced.

    The last application the log announces is the try's (as for the failed try); nothing when the
    log announces none, or its event log is not under an allow-listed root, or is another app's.
    """
    lines = log_text.splitlines()
    app_ids = announced_app_ids(lines)
    if not app_ids:
        return {}
    app_id = app_ids[-1]
    dirs = [
        m["dir"] for line in lines if "spark.eventLog.dir" in line for m in EVENT_LOG_DIR_RE.finditer(line)
    ]
    roots = dict.fromkeys([*(Path(d.removeprefix("file:")) for d in dirs), *files.roots_for(EVENT_LOG_SCOPE)])
    for root in roots:
        for candidate in event_log_candidates(root, app_id):
            if not _exists(files, candidate):
                continue
            summary = parse_event_log(
                candidate,
                opener=lambda p: files.open_binary(p, EVENT_LOG_SCOPE),
                max_bytes=MAX_HISTORY_EVENT_LOG_BYTES,
            )
            if summary.usable and not event_log_refusal(summary.app, app_id, None):
                return input_measures({"inputs": summary.inputs}, f"Spark event log {candidate} of {app_id}")
    return {}


def _exists(files: FileAccess, path: Path) -> bool:
    try:
        return files.exists(path, EVENT_LOG_SCOPE)
    except (OSError, ValueError):
        return False
