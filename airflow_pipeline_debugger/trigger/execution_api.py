"""Enqueue a failure the moment a worker reports it to the api-server (the Execution API's commit).

In Airflow 3 a task that fails on a worker reports its end state through the Execution API
(``PATCH /execution/task-instances/{id}/state``). That route updates the row with a core
``UPDATE`` and runs no task-instance listener, so ``on_task_instance_failed`` never fires for the
most common failure of all; without this hook it is enqueued only by ``on_dag_run_failed`` once the
whole run has ended, or by the next sweep. What the route does do, in the same transaction, is add
one audit ``Log`` row per state change whose ``event`` is the new state and which carries the try's
full key. So the api-server listens to SQLAlchemy's session events: ``after_flush`` notes the
failed tries among the new ``Log`` rows in ``session.info``, ``after_commit`` hands them to the
:class:`~.enqueue.Enqueuer` (which inserts in its own session, on its own thread), and a rollback
forgets them. The request pays for a type check per new object; nothing here touches the database
or raises.

Installed only in the api-server (the plugin app's lifespan), never in the scheduler: there the
listeners cover what the scheduler decides itself.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from airflow_pipeline_debugger.domain import FAILED, UP_FOR_RETRY, TaskKey
from airflow_pipeline_debugger.trigger.sources import TaskFailure, TriggerSource

log = logging.getLogger(__name__)

#: The ``Log.event`` values the Execution API writes for a try that ended in failure.
FAILED_EVENTS = frozenset({FAILED, UP_FOR_RETRY})
#: Where a session keeps the failures it flushed until it commits.
PENDING_KEY = "pipeline_debugger_failed_tries"

_KEY_FIELDS = ("dag_id", "run_id", "task_id", "map_index", "try_number")

_installed: _Hook | None = None
_install_lock = threading.Lock()


def _key(row: object) -> TaskKey | None:
    """The try an audit row names, or None when it lacks part of the key (e.g. a REST audit row)."""
    if any(getattr(row, name, None) is None for name in _KEY_FIELDS):
        return None
    try:
        return TaskKey.of(row)
    except (TypeError, ValueError):
        return None


def failed_tries(objects: Iterable[object], log_model: type) -> list[TaskFailure]:
    """The failed tries recorded by the audit rows among ``objects`` (other objects are ignored)."""
    found: list[TaskFailure] = []
    for obj in objects:
        if not isinstance(obj, log_model):
            continue
        state = getattr(obj, "event", None)
        if state not in FAILED_EVENTS:
            continue
        key = _key(obj)
        if key is not None:
            found.append(TaskFailure(key=key, state=str(state), trigger=TriggerSource.EXECUTION_API))
    return found


class _Hook:
    """The three session-event handlers, bound to one ``Log`` model and one submit function."""

    def __init__(self, log_model: type, submit: Callable[[TaskFailure], object]) -> None:
        self.log_model = log_model
        self.submit = submit

    def after_flush(self, session: Any, flush_context: Any) -> None:
        with contextlib.suppress(Exception):
            found = failed_tries(session.new, self.log_model)
            if found:
                session.info.setdefault(PENDING_KEY, []).extend(found)

    def after_commit(self, session: Any) -> None:
        try:
            for failure in session.info.pop(PENDING_KEY, ()):
                self.submit(failure)
        except Exception:  # the debugger must never break the worker's state report
            with contextlib.suppress(Exception):
                log.debug("pipeline-debugger: execution API hook skipped", exc_info=True)

    def after_rollback(self, session: Any) -> None:
        with contextlib.suppress(Exception):
            session.info.pop(PENDING_KEY, None)


def install(submit: Callable[[TaskFailure], object], log_model: type | None = None) -> bool:
    """Listen to every session of this process (idempotent); True when this call installed the hook.

    ``log_model`` defaults to Airflow's ``Log``; ``submit`` is normally the enqueuer's.
    """
    global _installed  # noqa: PLW0603 - one hook per process by design
    with _install_lock:
        if _installed is not None:
            return False
        if log_model is None:
            from airflow.models.log import Log

            log_model = Log
        hook = _Hook(log_model, submit)
        event.listen(Session, "after_flush", hook.after_flush)
        event.listen(Session, "after_commit", hook.after_commit)
        event.listen(Session, "after_rollback", hook.after_rollback)
        _installed = hook
        return True


def uninstall() -> None:
    """Remove the hook (tests, and a plugin app shutting down)."""
    global _installed
    with _install_lock:
        hook, _installed = _installed, None
        if hook is None:
            return
        event.remove(Session, "after_flush", hook.after_flush)
        event.remove(Session, "after_commit", hook.after_commit)
        event.remove(Session, "after_rollback", hook.after_rollback)
