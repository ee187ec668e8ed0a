"""Where an investigation's evidence and steps go while it runs.

The engine only knows the :class:`StepSink` protocol. The runner implements it on top of the
repository and the event bus (persist, then publish); the CLI and the tests use
:class:`InMemorySink`. The contract that keeps the live stream and the database in agreement:
``add_step`` returns only once the step is durable, and the engine emits nothing a sink has not
accepted.
"""

from __future__ import annotations

import threading
from typing import Protocol

from airflow_pipeline_debugger.domain import Evidence, Step, StepKind


class StepSink(Protocol):
    """Receives evidence and steps in order; both calls return after the write is durable."""

    def add_evidence(self, evidence: Evidence) -> None:
        """Store one piece of (already redacted, size-capped) evidence."""

    def add_step(self, step: Step) -> None:
        """Persist one step, then publish it; must not return before the step is stored."""


class InMemorySink:
    """A sink that keeps everything in lists: the CLI's and the tests' sink.

    Thread-safe because the model path may deliver steps from the thread reading the stream.
    """

    def __init__(self) -> None:
        """Start empty."""
        self.evidence: list[Evidence] = []
        self.steps: list[Step] = []
        self._lock = threading.Lock()

    def add_evidence(self, evidence: Evidence) -> None:
        """Keep the evidence."""
        with self._lock:
            self.evidence.append(evidence)

    def add_step(self, step: Step) -> None:
        """Keep the step."""
        with self._lock:
            self.steps.append(step)

    def steps_of(self, kind: StepKind) -> list[Step]:
        """The steps of one kind, in order."""
        with self._lock:
            return [s for s in self.steps if s.kind == kind]
