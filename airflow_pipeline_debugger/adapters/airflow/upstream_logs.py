"""The final lines of the upstream tasks' logs in the failed try's DAG run, for the ``upstream_log`` tool.

A task often fails because a task before it wrote wrong data and still succeeded, or failed and left
nothing: the upstream task's own last lines say which. They are read here, in the runner, because the
engine knows nothing of Airflow: through Airflow's own log reader (``TaskLogReader`` — the local file,
the worker's log server or remote storage, as for the failed task's own log), keeping only the last
:data:`TAIL_LINES` lines of each (a deque, so a huge log costs no memory), each line clipped and
redacted. Each becomes one ``upstream_log`` piece of evidence numbered by its place in the whole log,
which a stage reads only through the tool and only when its topology lets it read ``upstream``.

Direct upstream tasks come first, then theirs, at most :data:`MAX_TASKS`; a task that never ran in the
run has no log to read; a log that cannot be read becomes a ``collection_error`` naming the task, which
the tool turns into a refusal the model sees.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind
from airflow_pipeline_debugger.evidence.logscan import one_line, render_line
from airflow_pipeline_debugger.evidence.redact import redact

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: Lines kept from the end of each upstream log: where a task says how it ended.
TAIL_LINES = 200
#: Upstream tasks whose logs are read (direct ones first).
MAX_TASKS = 8
#: Characters of one kept line.
MAX_LINE_CHARS = 1_000
#: States in which a task instance never started a try, so it has no log.
NEVER_RAN = frozenset({"none", "scheduled", "queued", "skipped", "upstream_failed", "removed"})
#: Airflow task ids (``KEY_REGEX``); anything else in a serialized DAG is not trusted as one.
TASK_ID_RE = re.compile(r"^[\w.-]{1,250}$")


def upstream_order(tasks: Iterable[Mapping[str, Any]], task_id: str, limit: int = MAX_TASKS) -> list[str]:
    """The tasks upstream of ``task_id``: direct ones first (sorted), then each further level.

    ``tasks`` are the serialized DAG's task entries (``task_id`` and ``downstream_task_ids``).
    """
    parents: dict[str, set[str]] = {}
    for task in tasks:
        tid = task.get("task_id")
        if not isinstance(tid, str) or not TASK_ID_RE.match(tid):
            continue
        for child in task.get("downstream_task_ids") or []:
            if isinstance(child, str):
                parents.setdefault(child, set()).add(tid)
    order: list[str] = []
    seen = {task_id}
    level = sorted(parents.get(task_id, set()))
    while level and len(order) < limit:
        order += [t for t in level if t not in seen][: limit - len(order)]
        seen.update(level)
        level = sorted({p for t in level for p in parents.get(t, set())} - seen)
    return order


def tail_lines(messages: Iterable[Any], keep: int = TAIL_LINES) -> tuple[list[str], int]:
    """The last ``keep`` lines of a log stream, rendered, clipped and redacted, and how many it had.

    ``messages`` are what Airflow's log reader yields: ``StructuredLogMessage`` objects or strings.
    """
    tail: deque[str] = deque(maxlen=keep)
    total = 0
    for message in messages:
        dump = getattr(message, "model_dump_json", None)
        text = dump() if callable(dump) else str(message)
        for line in text.splitlines() or [""]:
            total += 1
            tail.append(line)
    return [one_line(redact(render_line(line)))[:MAX_LINE_CHARS] for line in tail], total


def collect_upstream_logs(
    session: Session, bundle: EvidenceBundle, task_ids: Sequence[str], *, keep: int = TAIL_LINES
) -> None:
    """Add the last lines of each upstream task's log in the failed try's run (see the module doc)."""
    from airflow.models.taskinstance import TaskInstance

    key = bundle.context.key
    rows = session.scalars(
        select(TaskInstance).where(
            TaskInstance.dag_id == key.dag_id,
            TaskInstance.run_id == key.run_id,
            TaskInstance.task_id.in_(list(task_ids)),
        )
    ).all()
    by_task: dict[str, Any] = {}
    # A mapped upstream has one instance per index: its failed one says most, else the first index.
    for ti in sorted(rows, key=lambda t: (str(t.state) != "failed", t.map_index)):
        by_task.setdefault(str(ti.task_id), ti)
    for task_id in task_ids:
        ti = by_task.get(task_id)
        if ti is None or str(ti.state or "none") in NEVER_RAN or not ti.try_number:
            continue
        _read_one(bundle, ti, task_id, keep)


def _read_one(bundle: EvidenceBundle, ti: Any, task_id: str, keep: int) -> None:
    from airflow.utils.log.log_reader import TaskLogReader

    key = bundle.context.key
    source = f"airflow task log {key.dag_id}/{task_id}"
    try:
        stream, _metadata = TaskLogReader().read_log_chunks(ti, ti.try_number, {})
        lines, total = tail_lines(stream, keep)
    except Exception as exc:  # remote store down, log server unreachable: this one log is lost
        log.warning("pipeline-debugger: could not read the log of upstream task %s", task_id, exc_info=True)
        bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.COLLECTION_ERROR,
                name=f"upstream log {task_id}",
                source=source,
                content=redact(f"{type(exc).__name__}: {exc}"),
                summary={"upstream_task_id": task_id},
            )
        )
        return
    content = "\n".join(lines)
    bundle.add_evidence(
        Evidence(
            id="",
            kind=EvidenceKind.UPSTREAM_LOG,
            name=f"upstream log {task_id} (try {ti.try_number}, last {len(lines)} of {total} lines)",
            source=source,
            content=content,
            size_bytes=len(content.encode()),
            truncated=total > len(lines),
            summary={
                "upstream_task_id": task_id,
                "state": str(ti.state),
                "try_number": int(ti.try_number),
                "first_line_no": total - len(lines) + 1,
                "total_lines": total,
            },
        )
    )
