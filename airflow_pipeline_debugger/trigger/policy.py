"""Which failures get an investigation: pure rules shared by the worker, the listeners and the sweep.

Investigate final failures (``failed``); a try that goes to ``up_for_retry`` only when retries are
opted in. ``upstream_failed`` never: it is a consequence, and the API shows the failed upstream's
investigation for it. A DAG opts out with the opt-out tag, or with the opt-out param set to a false
value (in the DAG's params or in the run's conf, which overrides them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FAILED = "failed"
UP_FOR_RETRY = "up_for_retry"
_FALSE_WORDS = frozenset({"false", "0", "no", "off", "disabled"})


def state_value(state: Any) -> str:
    """The plain string of a task-instance state (enum or string or ``None``)."""
    return str(getattr(state, "value", state) or "")


def wants_state(state: Any, *, investigate_retries: bool) -> bool:
    """True for a final failure, and for a retried try when retries are opted in."""
    value = state_value(state)
    return value == FAILED or (investigate_retries and value == UP_FOR_RETRY)


def param_disables(value: Any) -> bool:
    """Whether a param value switches the investigation off (``False``, ``"false"``, ``0``, ``"off"``)."""
    if isinstance(value, Mapping) and "value" in value:  # serialized Param: {"value": ..., ...}
        value = value["value"]
    if value is None:
        return False
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    return isinstance(value, str) and value.strip().lower() in _FALSE_WORDS


def opted_out(
    tags: Iterable[str],
    params: Mapping[str, Any] | None,
    run_conf: Mapping[str, Any] | None,
    *,
    tag: str,
    param: str,
) -> bool:
    """Whether a DAG (or this run of it) opted out of investigations."""
    if tag and tag in set(tags):
        return True
    if not param:
        return False
    if run_conf and param in run_conf:
        return param_disables(run_conf[param])
    if params and param in params:
        return param_disables(params[param])
    return False
