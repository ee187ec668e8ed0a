"""The runner that lives inside the api-server by default (started from the plugin app's lifespan).

Zero extra processes to deploy: every api-server process runs one runner thread. More capacity is
``airflow-pipeline-debugger runner`` on any machine that reaches the metadata DB. Start-up checks
that the provider's tables exist and, when they do not, logs the exact command that creates them
instead of failing every iteration.
"""

from __future__ import annotations

import logging
import threading

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.runner.service import Runner, RunnerSettings
from airflow_pipeline_debugger.store.db_manager import MIGRATE_COMMAND, missing_tables
from airflow_pipeline_debugger.store.session import own_session
from airflow_pipeline_debugger.trigger.enqueue import get_enqueuer

log = logging.getLogger(__name__)

#: The command that creates the tables, as printed to operators.
MIGRATE_HINT = MIGRATE_COMMAND

_runner: Runner | None = None
_lock = threading.Lock()


def tables_missing() -> list[str]:
    """The provider's tables absent from the metadata DB (empty when migrated)."""
    session = own_session()
    try:
        return missing_tables(session.connection())
    finally:
        session.close()


def embedded_runner() -> Runner | None:
    """The runner of this process while it runs (``/api/health`` shows its threads)."""
    return _runner


def embedded_runner_wanted() -> bool:
    """Whether this api-server should run a runner (enabled, and not delegated to runner processes)."""
    return conf.enabled() and conf.runner_in_api_server()


def start_embedded_runner() -> Runner | None:
    """Start this process's runner thread (idempotent); ``None`` when disabled or not migrated."""
    global _runner  # noqa: PLW0603 - one runner per process by design
    with _lock:
        if _runner is not None:
            return _runner
        if not embedded_runner_wanted():
            log.info("pipeline-debugger: embedded runner disabled by configuration")
            return None
        try:
            missing = tables_missing()
        except Exception:
            log.exception("pipeline-debugger: cannot inspect the metadata DB; embedded runner not started")
            return None
        if missing:
            log.error(
                "pipeline-debugger: tables %s are missing; run `%s` to create them. "
                "Failed tasks are not investigated until then.",
                ", ".join(missing),
                MIGRATE_HINT,
            )
            return None
        _runner = Runner(settings=RunnerSettings.from_conf())
        # What this api-server enqueues (the Execution API hook, its listeners) is claimed at once.
        get_enqueuer().subscribe(_runner.wake)
        _runner.start()
        return _runner


def stop_embedded_runner(timeout: float = 10.0) -> None:
    """Stop this process's runner; unfinished investigations go back to the queue."""
    global _runner
    with _lock:
        runner, _runner = _runner, None
    if runner is not None:
        get_enqueuer().unsubscribe(runner.wake)
        runner.stop(timeout)
