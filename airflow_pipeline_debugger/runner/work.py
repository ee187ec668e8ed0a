"""What one claimed investigation's thread is given by the runner service, and what it runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from airflow_pipeline_debugger.domain import CancelToken

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass
class WorkContext:
    """What one investigation's thread gets: who it runs for and how to stop."""

    investigation_id: Any
    runner_id: str
    #: Cancelled by the runner on timeout or shutdown; every stage boundary checks it.
    cancelled: CancelToken
    session_factory: Callable[[], Session]


Work = Callable[[WorkContext], None]
