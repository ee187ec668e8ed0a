"""What a Slack alert needs about one investigation, read in the runner (which has DB access).

The investigation row (through ``store.repository``) plus the Airflow metadata the routing needs:
the DAG's owners and tags, its param values (from the serialized DAG, cached like the trigger's
opt-out lookup) and the run's conf. The alert's short error is the worker's captured exception;
the investigation's own error (when it failed) is the ``status_detail``. Also here: the delivery
state written on the investigation row, which the API and UI show, and the "seen before" count.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update

from airflow_pipeline_debugger.domain import InvestigationResult, TaskKey
from airflow_pipeline_debugger.store import dag_settings, repository
from airflow_pipeline_debugger.store.models import Investigation, InvestigationStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MAX_SLACK_ERROR_CHARS = 2000

#: DAG param values, per DAG version, cached: deserialising a DAG for every alert is not free.
_dag_settings = dag_settings.OptOutCache()


@dataclass(frozen=True)
class AlertRow:
    """One investigation as the alert sees it."""

    id: str
    key: TaskKey
    max_tries: int
    status: str
    #: Why an investigation ended without a result (its own error), else empty.
    status_detail: str
    fingerprint: str
    #: The task's short error: ``ExceptionType: message`` from the worker's capture.
    error: str
    result: InvestigationResult | None
    owners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    run_conf: dict[str, Any] = field(default_factory=dict)


def _captured_error(capture: Any) -> tuple[str, int]:
    """``(error, max_tries)`` from the stored capture (``Capture.to_json``: ``error.type/message``)."""
    if not isinstance(capture, dict):
        return "", 0
    raw = capture.get("error")
    error = raw if isinstance(raw, dict) else {}
    error_type = str(error.get("type") or "")
    message = str(error.get("message") or "")
    text = f"{error_type}: {message}" if error_type and message else error_type or message
    max_tries = capture.get("max_tries")
    return text, max_tries if isinstance(max_tries, int) else 0


@functools.cache
def _register_airflow_models() -> None:
    """Import every Airflow model once, so the ORM can configure its mappers.

    Querying ``DagModel`` configures all mappers; in a process that imported only some of Airflow's
    models (relationships name classes by string, e.g. ``AssetWatcherModel`` → ``Trigger``), that
    fails. Airflow's own DB commands do the same (``airflow.utils.db.import_all_models``).
    """
    from airflow.models import import_all_models

    import_all_models()


def _airflow_context(
    session: Session, dag_id: str, run_id: str
) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, Any], dict[str, Any]]:
    """Owners, tags, param values and run conf from Airflow's tables (empty when unknown)."""
    _register_airflow_models()
    tags, owners = dag_settings.tags_and_owners(session, dag_id)
    _, params = _dag_settings.dag_settings(session, dag_id)
    return owners, tags, params, dag_settings.run_conf(session, dag_id, run_id)


def load(session: Session, investigation_id: Any) -> AlertRow | None:
    """The alert's view of an investigation, or ``None`` when it does not exist."""
    inv = repository.get(session, str(investigation_id))
    if inv is None:
        return None
    error, max_tries = _captured_error(inv.capture)
    result = InvestigationResult.from_json(inv.result) if isinstance(inv.result, dict) else None
    owners, tags, params, run_conf = _airflow_context(session, inv.dag_id, inv.run_id)
    return AlertRow(
        id=str(inv.id),
        key=TaskKey.of(inv),
        max_tries=max_tries,
        status=inv.status,
        status_detail=(inv.error or "") if inv.status != InvestigationStatus.SUCCEEDED else "",
        fingerprint=inv.fingerprint or "",
        error=error,
        result=result,
        owners=owners,
        tags=tags,
        params=params,
        run_conf=run_conf,
    )


def set_slack_state(
    session: Session,
    investigation_ids: Sequence[str],
    state: str,
    *,
    ts: str | None = None,
    error: str | None,
) -> None:
    """Record what Slack did with these investigations' alerts (``ts`` kept unless given)."""
    if not investigation_ids:
        return
    values: dict[str, Any] = {
        "slack_state": state,
        "slack_error": error[:MAX_SLACK_ERROR_CHARS] if error else None,
    }
    if ts is not None:
        values["slack_ts"] = ts
    session.execute(
        update(Investigation)
        .where(Investigation.id.in_([str(i) for i in investigation_ids]))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def seen_before(
    session: Session, fingerprint: str, *, before: datetime, since: datetime
) -> tuple[int, datetime | None, str]:
    """Earlier finished investigations with this fingerprint in ``[since, before)``: count, last, its run."""
    window = (
        Investigation.fingerprint == fingerprint,
        Investigation.status == InvestigationStatus.SUCCEEDED,
        Investigation.created_at >= since,
        Investigation.created_at < before,
    )
    count = session.scalar(select(func.count()).select_from(Investigation).where(*window)) or 0
    if not count:
        return 0, None, ""
    last = session.execute(
        select(Investigation.created_at, Investigation.run_id)
        .where(*window)
        .order_by(Investigation.created_at.desc())
        .limit(1)
    ).first()
    return int(count), (last[0] if last else None), (str(last[1]) if last else "")
