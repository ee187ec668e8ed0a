"""Public failure callbacks: hand a task's worker-only context to the investigation.

The provider's listener already captures every failure in the worker, so these are only needed where
listeners are off (``[core] lazy_load_plugins``-style setups that skip plugins in workers) or to make
the intent explicit in a DAG. Both write the same capture record as the listener; when both run for
one try, the first one wins and the other writes nothing.

Usage::

    from airflow_pipeline_debugger.callbacks import InvestigateOnFailure, investigate_on_failure

    @task(on_failure_callback=investigate_on_failure)
    def load(): ...

    BashOperator(..., on_failure_callback=[InvestigateOnFailure(), SlackNotifier(...)])

Neither enqueues anything (the worker has no database access): the server-side trigger enqueues the
failure and the runner reads the capture back from the task log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow.sdk.bases.notifier import BaseNotifier

from airflow_pipeline_debugger.trigger.worker import capture_from_context


def investigate_on_failure(context: Mapping[str, Any]) -> None:
    """``on_failure_callback`` (or ``on_retry_callback``) that captures the failure; never raises."""
    capture_from_context(context, via="callback")


class InvestigateOnFailure(BaseNotifier):  # type: ignore[misc]
    """The same capture as a notifier, so it composes with other notifiers in a callback list."""

    template_fields = ()

    def notify(self, context: Any) -> None:
        """Capture the failure described by ``context``; never raises."""
        capture_from_context(context, via="notifier")
