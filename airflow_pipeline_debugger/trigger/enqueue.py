"""Server-side enqueue: one idempotent insert per wanted failure, in the provider's own session.

Listeners in the scheduler run inline in its loop and share its scoped session; on SQLite a second
connection writing while the scheduler holds its write transaction would wait on the file lock
from inside the scheduler's own thread. So listeners only :meth:`Enqueuer.submit` a small item
(microseconds) and a daemon thread performs the insert in a session of its own, retrying briefly
when the database is busy or unreachable. Whatever is still lost (the process died, the database
stayed down) is picked up by the reconciliation sweep, which uses the same functions.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import TaskKey, wants_state
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.dag_settings import is_opted_out
from airflow_pipeline_debugger.store.failures import uninvestigated_failures
from airflow_pipeline_debugger.store.session import is_db_outage, own_session, session_scope
from airflow_pipeline_debugger.trigger.sources import RunFailure, TaskFailure, TriggerSource

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: Backoff between attempts of one item; after the last one the sweep is the backstop.
RETRY_DELAYS_S = (0.5, 2.0, 5.0)
MAX_PENDING = 10_000
#: How long a process's exit waits for the failures it queued to be written: its database
#: connections are closed next (Airflow's ``dispose_orm`` at exit), which must not happen under a
#: query the thread is running.
EXIT_DRAIN_S = 5.0
#: Items inserted in one transaction: a storm of failures costs a few commits, not one per failure
#: (on SQLite every commit takes the database's write lock the scheduler also needs).
MAX_BATCH = 100


# --------------------------------------------------------------------------- the inserts


def wanted(session: Session, key: TaskKey, state: str) -> bool:
    """Whether this try should be investigated: enabled, a wanted state, and not opted out (reads only)."""
    if not conf.enabled():
        return False
    if not wants_state(state, investigate_retries=conf.investigate_retries()):
        return False
    return not is_opted_out(session, key.dag_id, key.run_id)


def insert(session: Session, key: TaskKey, trigger: TriggerSource) -> bool:
    """Create the queued investigation of one try; True when this call created it (caller commits).

    Idempotent: the unique key makes a second enqueue of the same try a no-op, whichever path
    (listener, run failure, sweep) gets there first.
    """
    _, created = repository.ensure_investigation(
        session,
        dag_id=key.dag_id,
        run_id=key.run_id,
        task_id=key.task_id,
        map_index=key.map_index,
        try_number=key.try_number,
        trigger=trigger.value,
    )
    return bool(created)


def enqueue_key(session: Session, key: TaskKey, trigger: TriggerSource, *, state: str) -> bool:
    """Enqueue one try if it is :func:`wanted`; True when this call created the investigation."""
    return wanted(session, key, state) and insert(session, key, trigger)


def enqueue_run(session: Session, dag_id: str, run_id: str, trigger: TriggerSource) -> int:
    """Enqueue every wanted failed try of one run that has no investigation; returns how many."""
    return handle_batch(session, [RunFailure(dag_id, run_id, trigger)])


def decide(session: Session, item: TaskFailure | RunFailure) -> list[tuple[TaskKey, TriggerSource]]:
    """The tries an item asks for that are wanted (reads only)."""
    if isinstance(item, TaskFailure):
        return [(item.key, item.trigger)] if wanted(session, item.key, item.state) else []
    return [
        (key, item.trigger)
        for key, state in uninvestigated_failures(session, dag_id=item.dag_id, run_id=item.run_id)
        if wanted(session, key, state)
    ]


def handle_batch(session: Session, items: list[TaskFailure | RunFailure]) -> int:
    """Apply submitted items in one transaction; returns the number of investigations created.

    Every read (opt-out, run conf, the run's failed tries) happens first, then one multi-row
    insert: on SQLite the write lock, which the scheduler needs too, is held for milliseconds.
    """
    chosen = [(key.to_json(), trigger.value) for item in items for key, trigger in decide(session, item)]
    return repository.enqueue_many(session, chosen)


# --------------------------------------------------------------------------- the thread


class Enqueuer:
    """A bounded queue drained by one daemon thread that performs the inserts.

    ``submit`` never blocks and never raises. The thread is started lazily and again after a fork
    (LocalExecutor workers are forked from the scheduler and inherit the module state, not threads).
    """

    def __init__(
        self,
        session_factory: Callable[[], Session] = own_session,
        retry_delays: tuple[float, ...] = RETRY_DELAYS_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Nothing starts until the first submit."""
        self._session_factory = session_factory
        self._retry_delays = retry_delays
        self._sleep = sleep
        self._queue: queue.Queue[TaskFailure | RunFailure] = queue.Queue(maxsize=MAX_PENDING)
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._subscribers: list[Callable[[], object]] = []
        self.created = 0
        self.dropped = 0
        #: The process whose exit waits for this queue (a forked child registers its own wait).
        self._drains_at_exit: int | None = None
        #: The process whose exit already waited (once is enough).
        self._drained: int | None = None

    def subscribe(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` (from the enqueuer's thread) whenever a batch created investigations.

        A runner in the same process subscribes its wake-up, so it claims new work at once instead
        of at its next poll.
        """
        with self._lock:
            if callback not in self._subscribers:
                self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[], object]) -> None:
        """Stop calling ``callback``."""
        with self._lock:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

    def _notify(self) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback()
            except Exception:  # a subscriber's bug must not stop the inserts
                log.debug("pipeline-debugger: enqueue subscriber failed", exc_info=True)

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's thread and queue state are not ours
                self._queue = queue.Queue(maxsize=MAX_PENDING)
                self._thread = None
                self._pid = os.getpid()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="pipeline-debugger-enqueue", daemon=True
                )
                self._thread.start()
                if self._drains_at_exit != self._pid:
                    # Registered after Airflow's dispose_orm, so it runs before it (atexit is LIFO).
                    atexit.register(self.drain_at_exit)
                    self._drains_at_exit = self._pid

    def submit(self, item: TaskFailure | RunFailure) -> bool:
        """Queue an item for the thread; False (and counted) when the queue is full."""
        try:
            self._ensure_thread()
            self._queue.put_nowait(item)
            return True
        except queue.Full:
            self.dropped += 1
            return False

    def flush(self, timeout: float, *, start: bool = True) -> bool:
        """Wait until every submitted item is processed; True when the queue drained in time."""
        if start:
            self._ensure_thread()
        elif self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
            return self._queue.unfinished_tasks == 0
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)
        return self._queue.unfinished_tasks == 0

    def drain_at_exit(self) -> None:
        """Let the thread write what was queued before the process's exit closes the database.

        A daemon thread mid-query while ``dispose_orm`` closes the pool's connections left a
        ``dag.test()`` process spinning in SQLite instead of exiting. Bounded: an unreachable
        database delays the exit by :data:`EXIT_DRAIN_S` at most, once per process (the sweep finds
        what was left; a write still running after the bound can still meet the closing pool).
        """
        pid = os.getpid()
        if self._pid == pid and self._drained != pid:  # a forked child may hold two registrations
            self._drained = pid
            self.flush(EXIT_DRAIN_S, start=False)

    def _loop(self) -> None:
        while True:
            items = [self._queue.get()]
            while len(items) < MAX_BATCH:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                error = self._process(items, self._retry_delays)
                if error is not None and len(items) > 1 and not is_db_outage(error):
                    for item in items:  # one item the DB refuses must not sink the others
                        self._process([item], ())
            finally:
                for _ in items:
                    self._queue.task_done()

    def _process(
        self, items: list[TaskFailure | RunFailure], retry_delays: tuple[float, ...]
    ) -> BaseException | None:
        """Insert ``items`` in one transaction, retrying; the last error when every attempt failed."""
        error: BaseException | None = None
        for attempt, delay in enumerate((0.0, *retry_delays)):
            if delay:
                self._sleep(delay)
            try:
                with session_scope(self._session_factory) as session:
                    created = handle_batch(session, items)
                self.created += created
                if created:
                    self._notify()
                return None
            except Exception as exc:  # busy/unreachable DB: retry, then leave it to the sweep
                error = exc
                level = logging.WARNING if attempt == len(retry_delays) else logging.DEBUG
                with contextlib.suppress(Exception):
                    log.log(
                        level,
                        "pipeline-debugger: enqueue of %d item(s) starting with %s failed (attempt %d)",
                        len(items),
                        items[0],
                        attempt + 1,
                        exc_info=True,
                    )
        return error


_enqueuer: Enqueuer | None = None
_enqueuer_lock = threading.Lock()


def get_enqueuer() -> Enqueuer:
    """The process-wide enqueuer."""
    global _enqueuer  # noqa: PLW0603 - one queue per process by design
    if _enqueuer is None:
        with _enqueuer_lock:
            if _enqueuer is None:
                _enqueuer = Enqueuer()
    return _enqueuer
