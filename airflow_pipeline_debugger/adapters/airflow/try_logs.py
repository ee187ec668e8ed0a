"""The log of an earlier try of the failed task, read through Airflow's own log reader.

The volume and environment evidence compare the failed try with the task's earlier successful tries,
whose numbers only their logs hold. Only tries of the same task are read, through the reader the
Airflow UI uses (local file, the worker's log server or remote storage), so the investigation sees
nothing a reader of the task's logs could not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.store.task_instances import failed_try

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def read_events(session: Session, key: TaskKey, max_bytes: int) -> list[tuple[str, str | None]] | None:
    """``(event, logger)`` of each message of one try's log, up to ``max_bytes`` of events.

    ``None`` when the try is gone or its log cannot be read (rotated, log server down): the caller
    leaves that run out of its comparison.
    """
    from airflow.utils.log.log_reader import TaskLogReader

    ti = failed_try(session, key)
    if ti is None or int(getattr(ti, "try_number", 0) or 0) != key.try_number:
        return None
    try:
        stream, _metadata = TaskLogReader().read_log_chunks(ti, key.try_number, {})
        return list(_events(stream, max_bytes))
    except Exception as exc:  # noqa: BLE001 - an unreadable log leaves that run out, nothing more
        log.warning(
            "pipeline-debugger: could not read the log of %s: %s",
            key.as_tuple(),
            redact(f"{type(exc).__name__}: {exc}"),
        )
        return None


def _events(messages: Iterable[Any], max_bytes: int) -> Iterable[tuple[str, str | None]]:
    """The text and logger of each message (a structured message's ``event``), up to ``max_bytes``."""
    total = 0
    for message in messages:
        if isinstance(message, str):
            event, logger = message, None
        else:
            event = str(getattr(message, "event", "") or "")
            extra = getattr(message, "model_extra", None) or {}
            name = extra.get("logger") if isinstance(extra, dict) else None
            logger = name if isinstance(name, str) else None
        total += len(event) + 1
        if total > max_bytes:
            return
        yield event, logger
