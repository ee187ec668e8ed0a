"""Reconciliation sweep: every recent failed try without an investigation gets one.

No hook sees every failure: a SIGKILLed task process (the OOM killer) runs no callback and no
listener, a lost worker is only noticed through a heartbeat timeout, a listener's insert can meet a
database that is down. The sweep closes every such gap by asking the metadata DB directly: task
instances in ``failed`` (and, with retries opted in, archived failed tries and ``up_for_retry``
rows) that ended within the look-back window and have no investigation. It runs in every runner
host; two sweeps racing are harmless because the insert is idempotent on the unique key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.airflow.metadata import snapshot_dag_sources
from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.store.failures import failure_sources, failures_query, key_state
from airflow_pipeline_debugger.trigger.enqueue import insert, wanted
from airflow_pipeline_debugger.trigger.sources import TriggerSource

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: Upper bound of tries looked at per sweep; the rest are found by the next sweep.
SWEEP_BATCH = 500
#: Pages per sweep: bounds one sweep's work when thousands of failures wait (the next one goes on).
MAX_PAGES = 20


@dataclass
class SweepResult:
    """What one sweep did."""

    examined: int = 0
    created: int = 0
    keys: list[TaskKey] = field(default_factory=list)


def sweep_once(session: Session, *, now: datetime | None = None, batch: int = SWEEP_BATCH) -> SweepResult:
    """Enqueue every uninvestigated failed try that ended in the look-back window (caller commits).

    Pages through the candidates so that tries which stay uninvestigated on purpose (opted-out
    DAGs) cannot fill a page and hide newer failures: an enqueued try leaves the candidate set,
    a skipped one moves the offset. At most :data:`MAX_PAGES` pages per sweep.
    """
    result = SweepResult()
    if not conf.enabled():
        return result
    now = now or datetime.now(UTC)
    since = now - timedelta(hours=conf.sweep_lookback_hours())
    seen: set[TaskKey] = set()
    for model, states in failure_sources(conf.investigate_retries()):
        query = failures_query(model, states, since, None, None)
        skipped = 0
        for _page in range(MAX_PAGES):
            rows = session.execute(query.offset(skipped).limit(batch)).all()
            chosen: list[TaskKey] = []
            for row in rows:  # reads first, inserts after (the SQLite write lock is held briefly)
                key, state = key_state(row)
                if key in seen:
                    skipped += 1
                    continue
                seen.add(key)
                result.examined += 1
                if wanted(session, key, state):
                    chosen.append(key)
                else:
                    skipped += 1
            for key in chosen:
                if insert(session, key, TriggerSource.SWEEP):
                    result.created += 1
                    result.keys.append(key)
                else:
                    skipped += 1
            if len(rows) < batch:
                break
    return result


class Sweeper:
    """Runs :func:`sweep_once` at most every ``interval_s`` seconds, from the runner's loop."""

    def __init__(
        self,
        session_scope: Callable[[], Any],
        *,
        interval_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``session_scope`` is a context-manager factory that commits (``store.session.session_scope``)."""
        self._scope = session_scope
        self._interval = conf.sweep_interval_seconds() if interval_s is None else interval_s
        self._clock = clock
        self._last: float | None = None

    def due(self) -> bool:
        """Whether the interval has passed since the last sweep."""
        return self._last is None or self._clock() - self._last >= self._interval

    def maybe_sweep(self) -> SweepResult | None:
        """Sweep if due; never raises (a failed sweep is retried at the next interval)."""
        if not self.due():
            return None
        self._last = self._clock()
        try:
            with self._scope() as session:
                result = sweep_once(session)
            if result.created:
                log.info("pipeline-debugger sweep enqueued %d missed failure(s)", result.created)
        except Exception:
            log.warning("pipeline-debugger sweep failed; retrying in %.0fs", self._interval, exc_info=True)
            return None
        self._snapshot_sources()
        return result

    def _snapshot_sources(self) -> None:
        """Keep a copy of DAG sources for the "what changed since the last success" evidence."""
        try:
            with self._scope() as session:
                snapshot_dag_sources(session)
        except Exception:
            log.warning("pipeline-debugger: DAG source snapshot failed", exc_info=True)
