"""The runner: claim queued investigations, work on them, heartbeat, recover the ones whose runner died.

One loop thread does the bookkeeping — requeue stale claims, sweep for missed failures, heartbeat
the claims it holds, time out the ones that run too long, claim more while it has free slots — and
each claimed investigation runs in a thread of its own. Several runners (the one embedded in each
api-server, plus ``airflow-pipeline-debugger runner`` processes) share the queue in the metadata DB:
claims take row locks (``SKIP LOCKED`` on PostgreSQL; a compare-and-set update on SQLite), and a
claim whose heartbeat went stale is put back in the queue for another runner.

A timed-out investigation is marked failed at once, its Slack message says so, and its thread is
cancelled: it stops at the next stage boundary (or at once inside a model stream) and records
where; its sink refuses further writes, so nothing it does afterwards can overwrite the outcome.
A thread that does not stop (a read that blocks without end) still counts: at
``max_live_threads`` live investigation threads the runner claims nothing new until one ends.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import CancelToken
from airflow_pipeline_debugger.notify.dispatch import notify_finished, notify_requeued
from airflow_pipeline_debugger.runner.process import investigate
from airflow_pipeline_debugger.runner.work import Work, WorkContext
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.session import is_db_outage, own_session, session_scope
from airflow_pipeline_debugger.trigger.sweep import Sweeper

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def new_runner_id() -> str:
    """``host:pid:random`` — unique per runner, readable in the ``claimed_by`` column."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class RunnerSettings:
    """Timings and limits of one runner (defaults from ``[pipeline_debugger]``)."""

    concurrency: int = 2
    poll_interval_s: float = 2.0
    heartbeat_interval_s: float = 10.0
    stale_after_s: float = 60.0
    timeout_s: float = 600.0
    sweep_interval_s: float = 60.0
    sweep: bool = True
    #: Investigation threads alive at once, timed-out ones still stopping included.
    max_live_threads: int = 4

    @classmethod
    def from_conf(cls, **overrides: Any) -> RunnerSettings:
        """Read the settings from the provider's configuration; keyword overrides win."""
        values: dict[str, Any] = {
            "concurrency": conf.runner_concurrency(),
            "poll_interval_s": conf.runner_poll_interval_seconds(),
            "heartbeat_interval_s": conf.runner_heartbeat_seconds(),
            "stale_after_s": conf.runner_stale_after_seconds(),
            "timeout_s": conf.investigation_timeout_seconds(),
            "sweep_interval_s": conf.sweep_interval_seconds(),
            "max_live_threads": conf.runner_max_live_threads(),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class _Active:
    thread: threading.Thread
    context: WorkContext
    started: float = field(default_factory=time.monotonic)


class Runner:
    """Claims and runs investigations until stopped. ``run_once`` is one loop iteration (for tests).

    :param work: runs one claimed investigation to its end (marks it succeeded/failed itself);
        the default is :func:`airflow_pipeline_debugger.runner.process.investigate`.
    """

    def __init__(
        self,
        *,
        settings: RunnerSettings | None = None,
        runner_id: str | None = None,
        session_factory: Callable[[], Session] = own_session,
        work: Work | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Nothing runs until :meth:`start` or :meth:`serve`."""
        self.settings = settings or RunnerSettings.from_conf()
        self.runner_id = runner_id or new_runner_id()
        self._session_factory = session_factory
        if work is None:
            work = investigate
        self._work = work
        self._clock = clock
        self._active: dict[Any, _Active] = {}
        #: Every investigation thread not yet seen dead, timed out and released ones included.
        self._threads: list[threading.Thread] = []
        self._saturated = False
        self._lock = threading.Lock()
        # Slack updates for work this loop took away (timed out, requeued) run here, one at a time,
        # so a slow Slack never delays heartbeats.
        self._notices = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pipeline-debugger-notice")
        self._pending_notices: list[Future[None]] = []
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_heartbeat = 0.0
        self._sweeper = (
            Sweeper(self._scope, interval_s=self.settings.sweep_interval_s, clock=clock)
            if self.settings.sweep
            else None
        )
        self.claimed = 0
        self.timed_out = 0

    @contextlib.contextmanager
    def _scope(self) -> Iterator[Session]:
        with session_scope(self._session_factory) as session:
            yield session

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Run the loop in a daemon thread."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, name=f"pipeline-debugger-runner-{self.runner_id}", daemon=True
        )
        self._thread.start()
        log.info(
            "pipeline-debugger runner %s started (concurrency %d)", self.runner_id, self.settings.concurrency
        )

    def live_threads(self) -> int:
        """Investigation threads still alive, including cancelled ones that have not stopped yet."""
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            return len(self._threads)

    def health(self) -> dict[str, Any]:
        """What ``/api/health`` shows of this runner: its threads against the ceiling."""
        live = self.live_threads()
        return {
            "live_threads": live,
            "max_live_threads": self.settings.max_live_threads,
            "claiming": live < self.settings.max_live_threads,
            "timed_out": self.timed_out,
        }

    def wake(self) -> None:
        """Run the next iteration now rather than at the next poll (new work queued, a slot freed)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop claiming, wait up to ``timeout`` for running investigations, release the rest.

        What is still running after the timeout is put back in the queue so another runner (or
        this one after a restart) does it again instead of waiting for the stale-claim timeout.
        Slack notices still to send (timed out, requeued) get up to ``timeout`` more.
        """
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        deadline = time.monotonic() + timeout
        for active in self._snapshot():
            active.thread.join(max(0.0, deadline - time.monotonic()))
        leftovers = [a for a in self._snapshot() if a.thread.is_alive()]
        reason = "the runner working on it stopped; another runner takes it over"
        for active in leftovers:
            active.context.cancelled.cancel(reason)
        if leftovers:
            ids = [a.context.investigation_id for a in leftovers]
            with contextlib.suppress(Exception), self._scope() as session:
                repository.release(session, ids, self.runner_id)
            for investigation_id in ids:
                self._notice(notify_requeued, investigation_id, reason)
        wait_for(self._pending_notices, timeout=timeout)
        self._notices.shutdown(wait=False)

    def serve(self) -> None:
        """Run in the foreground until SIGTERM/SIGINT (the ``runner`` command)."""

        def _graceful(signum: int, frame: Any) -> None:
            self._stop.set()
            self._wake.set()

        signal.signal(signal.SIGTERM, _graceful)
        signal.signal(signal.SIGINT, _graceful)
        log.info(
            "pipeline-debugger runner %s serving (concurrency %d)", self.runner_id, self.settings.concurrency
        )
        try:
            self._loop()
        finally:
            self.stop()

    # ------------------------------------------------------------------ the loop

    def _snapshot(self) -> list[_Active]:
        with self._lock:
            return list(self._active.values())

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run_once()
            except Exception as exc:  # a DB outage must not kill the runner; next iteration retries
                # One line per failed iteration (a DB outage repeats it every poll); details at DEBUG.
                first_line = next(iter(str(exc).splitlines()), "")[:300]
                log.warning(
                    "pipeline-debugger runner iteration failed: %s: %s", type(exc).__name__, first_line
                )
                log.debug("pipeline-debugger runner iteration failure", exc_info=True)
            self._wake.wait(min(self.settings.poll_interval_s, self.settings.heartbeat_interval_s))

    def run_once(self) -> int:
        """One iteration; returns how many investigations were claimed."""
        self._reap()
        self._enforce_timeouts()
        self._heartbeat()
        with self._scope() as session:
            stale_before = datetime.now(UTC) - timedelta(seconds=self.settings.stale_after_s)
            stale = repository.requeue_stale(session, stale_before)
        if stale.requeued:
            log.info(
                "pipeline-debugger runner requeued %d investigation(s) of dead runners", len(stale.requeued)
            )
        stale_reason = "the runner working on it stopped responding; retrying"
        for investigation_id in stale.requeued:
            self._notice(notify_requeued, investigation_id, stale_reason)
        for investigation_id in stale.given_up:
            self._notice(notify_finished, investigation_id)
        if self._sweeper is not None:
            self._sweeper.maybe_sweep()
        free = min(
            self.settings.concurrency - len(self._snapshot()),
            self.settings.max_live_threads - self._live_threads_logged(),
        )
        if free <= 0 or self._stop.is_set():
            return 0
        with self._scope() as session:
            ids = repository.claim_next(session, self.runner_id, limit=free)
        for investigation_id in ids:
            self._launch(investigation_id)
        self.claimed += len(ids)
        return len(ids)

    def _notice(self, notify: Callable[..., None], *args: Any) -> None:
        """Send a Slack notice from the notice thread (the notify functions never raise)."""
        with self._lock:
            self._pending_notices = [f for f in self._pending_notices if not f.done()]
            self._pending_notices.append(self._notices.submit(notify, *args))

    def _live_threads_logged(self) -> int:
        """Live threads; logs when the ceiling is reached and when the runner claims again."""
        live = self.live_threads()
        saturated = live >= self.settings.max_live_threads
        if saturated and not self._saturated:
            log.warning(
                "pipeline-debugger runner %s: %d investigation threads alive (max_live_threads %d, "
                "timed-out ones that have not stopped included); not claiming new work until one ends",
                self.runner_id,
                live,
                self.settings.max_live_threads,
            )
        elif self._saturated and not saturated:
            log.info("pipeline-debugger runner %s: below max_live_threads again; claiming", self.runner_id)
        self._saturated = saturated
        return live

    def _launch(self, investigation_id: Any) -> None:
        ctx = WorkContext(
            investigation_id=investigation_id,
            runner_id=self.runner_id,
            cancelled=CancelToken(),
            session_factory=self._session_factory,
        )
        thread = threading.Thread(
            target=self._run_work,
            args=(ctx,),
            name=f"pipeline-debugger-investigation-{investigation_id}",
            daemon=True,
        )
        with self._lock:
            self._active[investigation_id] = _Active(thread=thread, context=ctx, started=self._clock())
            self._threads.append(thread)
        thread.start()

    def _run_work(self, ctx: WorkContext) -> None:
        try:
            self._work_once(ctx)
        finally:  # the slot is free: claim the next queued investigation now, not at the next poll
            with self._lock:
                self._active.pop(ctx.investigation_id, None)
            self._wake.set()

    def _work_once(self, ctx: WorkContext) -> None:
        try:
            self._work(ctx)
        except Exception as exc:  # ``work`` records failures itself; this is the last line of defence
            if is_db_outage(exc):
                self._release_after_outage(ctx)
                return
            log.exception("pipeline-debugger investigation %s crashed", ctx.investigation_id)
            if not ctx.cancelled.is_set():
                with contextlib.suppress(Exception), self._scope() as session:
                    repository.mark_failed(
                        session,
                        ctx.investigation_id,
                        "the runner crashed; see its log",
                        runner_id=self.runner_id,
                    )
                notify_finished(ctx.investigation_id)

    def _release_after_outage(self, ctx: WorkContext) -> None:
        """Give the claim back: the DB went away under the investigation, which is worth redoing.

        If the DB is still unreachable the release fails too; the claim then goes stale and is
        requeued by the next runner iteration that reaches the DB.
        """
        log.warning(
            "pipeline-debugger investigation %s interrupted by a database outage; requeueing it",
            ctx.investigation_id,
            exc_info=True,
        )
        with contextlib.suppress(Exception), self._scope() as session:
            repository.release(session, [ctx.investigation_id], self.runner_id)

    def _reap(self) -> None:
        with self._lock:
            for inv_id in [i for i, a in self._active.items() if not a.thread.is_alive()]:
                del self._active[inv_id]

    def _enforce_timeouts(self) -> None:
        now = self._clock()
        expired = [a for a in self._snapshot() if now - a.started > self.settings.timeout_s]
        for active in expired:
            reason = f"investigation timed out after {self.settings.timeout_s:g}s"
            with self._lock:
                self._active.pop(active.context.investigation_id, None)
            self.timed_out += 1
            with self._scope() as session:
                failed = repository.mark_failed(
                    session, active.context.investigation_id, reason, runner_id=self.runner_id
                )
            # Cancelled once the outcome is recorded: the thread's closing step needs a finished row.
            active.context.cancelled.cancel(reason)
            if failed:
                self._notice(notify_finished, active.context.investigation_id)

    def _heartbeat(self) -> None:
        now = self._clock()
        if now - self._last_heartbeat < self.settings.heartbeat_interval_s:
            return
        ids = [a.context.investigation_id for a in self._snapshot()]
        if ids:
            with self._scope() as session:
                repository.heartbeat(session, ids, self.runner_id)
        self._last_heartbeat = now
