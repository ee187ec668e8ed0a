"""What the plugin app is built with: stream timings and the embedded runner's state.

Kept apart from :mod:`.app` so routes can read the settings without importing the app module that
includes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from airflow_pipeline_debugger.api.sse import StreamSlots


@dataclass
class RunnerState:
    """What the app knows about its embedded runner (for ``/api/health``)."""

    started: bool = False
    runner_id: str | None = None
    error: str | None = None


@dataclass
class AppSettings:
    """Tunables of the app; tests shorten the stream timings."""

    start_runner: bool = True
    #: Enqueue failures from the Execution API's commits (a process-wide SQLAlchemy hook).
    watch_execution_api: bool = True
    stream_poll_seconds: float = 0.5
    stream_keepalive_seconds: float = 15.0
    #: A stream closes after this long; the browser reconnects and resumes (nothing is lost).
    stream_max_seconds: float = 900.0
    #: Streams one user may hold open at once in one api-server process (429 past it).
    stream_max_per_user: int = 8
    runner: RunnerState = field(default_factory=RunnerState)
    streams: StreamSlots = field(init=False)

    def __post_init__(self) -> None:
        self.streams = StreamSlots(self.stream_max_per_user)


def app_settings(app: Any) -> AppSettings:
    """The settings a route's app was built with."""
    settings: AppSettings = app.state.settings
    return settings
