"""The runner's step sink: every piece of evidence and every step is committed before the call returns.

The UI's live stream reads steps back from the database, so "committed" is "emitted": what a
browser saw live is exactly what a refresh replays. A sink whose investigation was cancelled (timed
out, runner stopping) refuses further writes (``InvestigationCancelledError``), so an abandoned
thread can never add steps after the outcome was recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger.domain import CancelToken, Evidence, Step
from airflow_pipeline_debugger.store import repository
from airflow_pipeline_debugger.store.session import session_scope

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class DbStepSink:
    """A :class:`~airflow_pipeline_debugger.engine.sink.StepSink` on the provider's tables."""

    def __init__(
        self,
        investigation_id: Any,
        session_factory: Callable[[], Session],
        cancelled: CancelToken | None = None,
    ) -> None:
        """Write for ``investigation_id`` with sessions from ``session_factory``."""
        self.investigation_id = investigation_id
        self._session_factory = session_factory
        self._cancelled = cancelled or CancelToken()
        self._lock = threading.Lock()
        self.evidence_count = 0
        self.step_count = 0

    def add_evidence(self, evidence: Evidence) -> None:
        """Store one piece of evidence as an artifact row (committed on return)."""
        with self._lock:
            self._cancelled.check(f"storing evidence {evidence.name!r}")
            with session_scope(self._session_factory) as session:
                repository.add_artifact(session, self.investigation_id, evidence)
            self.evidence_count += 1

    def add_step(self, step: Step) -> None:
        """Append one step (committed on return)."""
        with self._lock:
            self._cancelled.check(f"storing the step {step.title!r}")
            with session_scope(self._session_factory) as session:
                repository.append_step(session, self.investigation_id, step)
            self.step_count += 1
