"""XCom sizes of the same run's upstream tasks, against what the same tasks pushed in earlier runs.

What an upstream task hands over through XCom is the failing task's input when it is not in a
table: a ``return_value`` of 2 bytes (``[]``) where earlier runs pushed tens of kilobytes is an
empty input, one 14 times its usual size a grown one. Sizes are read in the runner through
Airflow's own ``XComModel`` on the metadata DB (never in the task process), as the length of the
stored JSON computed by the database, so no value is loaded or deserialized; with a custom XCom
backend the stored value is the backend's reference, and its size says nothing (documented).

Bounded: the upstream tasks :func:`~.upstream_logs.upstream_order` gives (at most 8), and the last
:data:`~.volume.HISTORY_SUCCESSES` earlier runs that hold an XCom of theirs. The comparison joins
the input volume (``facts["volume"]``, the same median and last value) that the rule
``generic.abnormal_volume`` judges, keyed ``<task>.<key>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, cast, func, select

from airflow_pipeline_debugger.adapters.airflow.volume import HISTORY_SUCCESSES, Measure, compare, describe
from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind, JSONDict
from airflow_pipeline_debugger.evidence.redact import redact, redact_value
from airflow_pipeline_debugger.tolerant import clip

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: XCom keys of one task compared (a task pushing hundreds of keys is not handing over one input).
MAX_KEYS_PER_TASK = 5
SOURCE = "xcom table (metadata DB): stored size of the upstream tasks' XComs, this run and earlier runs"


def collect_xcom_sizes(session: Session, bundle: EvidenceBundle, task_ids: Sequence[str]) -> None:
    """Compare the sizes of this run's upstream XComs with the same tasks' earlier runs (see module doc).

    Adds its rows to ``facts["volume"]["measures"]`` and one RUN_HISTORY piece of evidence; does
    nothing when no upstream task pushed an XCom in this run.
    """
    from airflow.models.xcom import XComModel

    key = bundle.context.key
    if not task_ids:
        return
    size = func.coalesce(func.sum(func.length(cast(XComModel.value, Text))), 0)
    scope = (XComModel.dag_id == key.dag_id, XComModel.task_id.in_(list(task_ids)))
    now_rows = session.execute(
        select(XComModel.task_id, XComModel.key, size)
        .where(*scope, XComModel.run_id == key.run_id)
        .group_by(XComModel.task_id, XComModel.key)
        .order_by(XComModel.task_id, XComModel.key)
    ).all()
    now: dict[str, Measure] = {}
    per_task: dict[str, int] = {}
    for task_id, xcom_key, value in now_rows:
        per_task[task_id] = per_task.get(task_id, 0) + 1
        if per_task[task_id] <= MAX_KEYS_PER_TASK:
            got = _measure(str(task_id), str(xcom_key), int(value or 0), f"XCom of {key.run_id}")
            now[got.key] = got
    if not now:
        return
    earlier_runs = [
        str(run_id)
        for (run_id,) in session.execute(
            select(XComModel.run_id)
            .where(*scope, XComModel.run_id != key.run_id)
            .group_by(XComModel.run_id)
            .order_by(func.max(XComModel.timestamp).desc())
            .limit(HISTORY_SUCCESSES)
        ).all()
    ]
    kept: dict[str, JSONDict] = {run_id: {} for run_id in earlier_runs}
    if earlier_runs:
        for run_id, task_id, xcom_key, value in session.execute(
            select(XComModel.run_id, XComModel.task_id, XComModel.key, size)
            .where(*scope, XComModel.run_id.in_(earlier_runs))
            .group_by(XComModel.run_id, XComModel.task_id, XComModel.key)
        ).all():
            got = _measure(str(task_id), str(xcom_key), int(value or 0), "")
            if got.key in now:
                kept[str(run_id)][got.key] = got.to_json()
    history: list[tuple[str, Any]] = [(run_id, kept[run_id]) for run_id in earlier_runs]
    rows = redact_value(compare(now, history))
    volume = bundle.facts.setdefault("volume", {"measures": [], "source": SOURCE})
    volume["measures"] = [*(volume.get("measures") or []), *rows]
    text = "\n".join(describe(row, "no earlier run stored this XCom") for row in rows)
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.RUN_HISTORY,
            name="upstream XCom sizes vs earlier runs",
            source=SOURCE,
            content=redact(text),
            size_bytes=len(text.encode()),
            summary={"measures": rows},
        )
    )


def _measure(task_id: str, xcom_key: str, size: int, where: str) -> Measure:
    """The size of one upstream task's XCom, keyed ``<task>.<key>``."""
    name = clip(f"{task_id}.{xcom_key}", 200)
    return Measure(key=name, label=f"bytes of XCom {name}", value=size, unit="bytes", source=where)
