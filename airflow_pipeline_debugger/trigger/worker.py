"""The worker path: decide whether a failed try is wanted, then write its capture record.

Runs inside the task-runner process (listener or callback), where the metadata DB is blocked and
every millisecond is the user's. It reads only in-memory objects (the runtime task instance, its
task and DAG, the run's conf) and the provider's config, never enqueues anything and never raises.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import opted_out, wants_state
from airflow_pipeline_debugger.trigger.capture import capture_failure, record_environment

log = logging.getLogger(__name__)


def _mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _dag_params(dag: Any) -> dict[str, Any]:
    """The DAG's param values (a ``ParamsDict`` resolves to values; plain dicts pass through)."""
    params = getattr(dag, "params", None)
    if params is None:
        return {}
    out: dict[str, Any] = {}
    for name in list(params.keys()):
        with contextlib.suppress(Exception):  # an invalid param default is the DAG's problem, not ours
            out[str(name)] = params[name]
    return out


def wanted_in_worker(ti: Any, *, task: Any = None, run_conf: Mapping[str, Any] | None = None) -> bool:
    """Whether this try should be captured: enabled, a wanted state, and the DAG did not opt out."""
    if not wants_state(getattr(ti, "state", None), investigate_retries=conf.investigate_retries()):
        return False
    return _opted_in(ti, task=task, run_conf=run_conf)


def _opted_in(ti: Any, *, task: Any = None, run_conf: Mapping[str, Any] | None = None) -> bool:
    """The provider is enabled and the DAG (or this run) did not opt out."""
    if not conf.enabled():
        return False
    task = task if task is not None else getattr(ti, "task", None)
    dag = getattr(task, "dag", None)
    return not opted_out(
        getattr(dag, "tags", None) or (),
        _dag_params(dag),
        run_conf,
        tag=conf.opt_out_tag(),
        param=conf.opt_out_param(),
    )


def _run_conf_of(dag_run: Any) -> Mapping[str, Any] | None:
    return _mapping(getattr(dag_run, "conf", None))


def capture_from_context(context: Mapping[str, Any], *, via: str) -> bool:
    """Callback entry point: capture from an Airflow context; never raises.

    A context without an ``exception`` is the dag-processor re-running the callback after a
    heartbeat timeout (no task process, no local log): nothing worker-only exists there, so
    nothing is written and the server-side trigger covers the failure.
    """
    try:
        ti = context.get("ti") or context.get("task_instance")
        error = context.get("exception")
        if ti is None or error is None:
            return False
        task = context.get("task")
        if not wanted_in_worker(ti, task=task, run_conf=_run_conf_of(context.get("dag_run"))):
            return False
        return capture_failure(ti, error, via=via, task=task)
    except Exception:  # never fail the user's task
        with contextlib.suppress(Exception):
            log.debug("pipeline-debugger: callback capture skipped", exc_info=True)
        return False


def capture_from_listener(ti: Any, error: BaseException | str | None) -> bool:
    """Listener entry point in the task runner (``RuntimeTaskInstance``); never raises."""
    try:
        run_conf: Mapping[str, Any] | None = None
        with contextlib.suppress(Exception):  # the context is cached on the runtime TI; cheap
            run_conf = _run_conf_of(ti.get_template_context().get("dag_run"))
        if not wanted_in_worker(ti, run_conf=run_conf):
            return False
        return capture_failure(ti, error, via="listener")
    except Exception:  # never fail the user's task
        with contextlib.suppress(Exception):
            log.debug("pipeline-debugger: listener capture skipped", exc_info=True)
        return False


def environment_from_listener(ti: Any) -> bool:
    """Success entry point in the task runner: record the package versions it ran with; never raises."""
    try:
        run_conf: Mapping[str, Any] | None = None
        with contextlib.suppress(Exception):
            run_conf = _run_conf_of(ti.get_template_context().get("dag_run"))
        return _opted_in(ti, run_conf=run_conf) and record_environment(ti)
    except Exception:  # never fail the user's task
        with contextlib.suppress(Exception):
            log.debug("pipeline-debugger: environment record skipped", exc_info=True)
        return False
