"""Model findings shared inside one runner process, so a failure storm costs a handful of model calls.

The database cache (:mod:`.fingerprint`) only sees investigations that have *finished*, and only of
the same task. In a storm — hundreds of tasks failing within a minute for one upstream reason — every
investigation starts before the first one finishes, and they are different tasks. This registry
closes both gaps inside a runner process:

* **keys**: the task fingerprint, plus the Slack storm key (``engine.grouping.group_key``) when the
  deterministic verdict is a storm-eligible cause — same rule, same normalised error, same upstream
  identity (host:port, URI, partition), category data/config/infra. What Slack groups into one
  incident is exactly what is answered once; a code bug in two DAGs is never shared.
* **single flight**: the first investigation with a key asks the model; the others with the same
  key wait for that answer (bounded by the model budget) and reuse it, linked to the leader. If the
  leader fails, the next waiter asks the model itself.

With ``N`` runner processes a storm costs at most ``N`` model calls per cause plus retries after
failed leaders; the database cache covers later repeats across restarts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from airflow_pipeline_debugger.domain import EvidenceBundle, InvestigationResult
from airflow_pipeline_debugger.engine.facts import first_error
from airflow_pipeline_debugger.engine.grouping import STORM_SCOPE, group_key

#: Finished findings kept per process (oldest dropped first); a storm needs one per cause.
MAX_ENTRIES = 512


def error_text(bundle: EvidenceBundle) -> str:
    """The raw error the Slack grouping sees: the worker's exception, else the first error line."""
    ctx = bundle.context
    if ctx.error_type or ctx.error_message:
        return f"{ctx.error_type}: {ctx.error_message}".strip(": ")
    line = first_error(bundle).line
    return line.text if line else ""


def sharing_keys(bundle: EvidenceBundle, prior: InvestigationResult) -> tuple[str, ...]:
    """The keys under which this failure's model finding may be shared (fingerprint first)."""
    keys = [f"fp:{prior.fingerprint}"] if prior.fingerprint else []
    ctx = bundle.context
    storm = group_key(
        dag_id=ctx.key.dag_id,
        task_id=ctx.key.task_id,
        category=prior.root_cause.category.value,
        rule_id=prior.root_cause.rule_id,
        error=error_text(bundle),
        fingerprint=prior.fingerprint,
    )
    if storm.scope == STORM_SCOPE:
        keys.append(f"storm:{storm.key}")
    return tuple(keys)


@dataclass
class _Flight:
    """One model call in progress; waiters block on ``done``."""

    done: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class SharedFinding:
    """A model finding another investigation may reuse."""

    result: InvestigationResult
    created_at: datetime
    investigation_id: str
    key: str
    #: ``dag_id.task_id`` of the investigation that asked the model.
    task: str


class Lead:
    """The right (and duty) to ask the model for a set of keys: ``publish`` or ``abandon`` it."""

    def __init__(self, registry: SharedFindings, keys: tuple[str, ...], flight: _Flight) -> None:
        self._registry = registry
        self._keys = keys
        self._flight = flight

    def publish(
        self, result: InvestigationResult, *, investigation_id: str, task: str, now: datetime
    ) -> None:
        """Make ``result`` reusable under every key and wake the waiters."""
        self._registry._finish(self._keys, self._flight, (result, investigation_id, task, now))

    def abandon(self) -> None:
        """The model call failed: wake the waiters so the next one tries."""
        self._registry._finish(self._keys, self._flight, None)


class SharedFindings:
    """Thread-safe registry of recent model findings and of model calls in flight."""

    def __init__(self, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, SharedFinding] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self._max = max(1, max_entries)
        self._clock = clock
        self.model_calls = 0
        self.reuses = 0

    def acquire(
        self, keys: tuple[str, ...], *, window_hours: float, now: datetime, wait_seconds: float
    ) -> SharedFinding | Lead:
        """A fresh finding to reuse, or the lead for these keys (after waiting for a flight in progress).

        Waits at most ``wait_seconds`` in total; past that the caller leads without blocking others.
        """
        since = now - timedelta(hours=window_hours)
        deadline = self._clock() + max(wait_seconds, 0.0)
        while True:
            with self._lock:
                for key in keys:
                    hit = self._entries.get(key)
                    if hit is not None and hit.created_at >= since:
                        self.reuses += 1
                        return hit
                waiting = next((self._flights[k] for k in keys if k in self._flights), None)
                remaining = deadline - self._clock()
                if waiting is None or remaining <= 0:
                    flight = _Flight()
                    for key in keys:
                        self._flights.setdefault(key, flight)
                    self.model_calls += 1
                    return Lead(self, keys, flight)
            waiting.done.wait(remaining)

    def _finish(
        self,
        keys: tuple[str, ...],
        flight: _Flight,
        outcome: tuple[InvestigationResult, str, str, datetime] | None,
    ) -> None:
        with self._lock:
            for key in keys:
                if self._flights.get(key) is flight:
                    del self._flights[key]
                if outcome is not None:
                    result, investigation_id, task, now = outcome
                    self._entries[key] = SharedFinding(result, now, investigation_id, key, task)
                    self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        flight.done.set()


#: The runner process's registry (``EngineOptions.from_conf`` passes it).
PROCESS_FINDINGS = SharedFindings()
