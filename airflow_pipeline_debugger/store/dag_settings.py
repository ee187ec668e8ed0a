"""Per-DAG settings read from Airflow's metadata: tags, owners, params (opt-out) and a run's conf.

Deserialising a DAG is not free, so the tags and param values are cached per DAG for a minute. The
trigger asks before enqueueing and Slack routing asks before alerting; both read the same cache type.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import opted_out

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

OPT_OUT_CACHE_S = 60.0


class OptOutCache:
    """DAG-level opt-out (tags, params) per DAG version, cached: deserialising a DAG is not free."""

    def __init__(self, ttl_s: float = OPT_OUT_CACHE_S) -> None:
        """An empty cache whose entries live ``ttl_s`` seconds."""
        self._ttl = ttl_s
        self._entries: dict[str, tuple[float, tuple[str, ...], dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def dag_settings(self, session: Session, dag_id: str) -> tuple[tuple[str, ...], dict[str, Any]]:
        """Tags and param values of the latest serialized version of ``dag_id`` (empty if unknown)."""
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(dag_id)
            if hit and now - hit[0] < self._ttl:
                return hit[1], hit[2]
        tags, params = _load_dag_settings(session, dag_id)
        with self._lock:
            self._entries[dag_id] = (now, tags, params)
        return tags, params


def _load_dag_settings(session: Session, dag_id: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    from airflow.models.serialized_dag import SerializedDagModel

    sdm = SerializedDagModel.get(dag_id, session=session)
    if sdm is None:
        return (), {}
    dag = sdm.dag
    params: dict[str, Any] = {}
    for name in list(getattr(dag, "params", {}) or {}):
        with contextlib.suppress(Exception):  # an invalid default is the DAG's problem
            params[str(name)] = dag.params[name]
    return tuple(sorted(getattr(dag, "tags", None) or ())), params


def run_conf(session: Session, dag_id: str, run_id: str) -> dict[str, Any]:
    """The conf a run was triggered with (``{}`` when none or unknown)."""
    from airflow.models.dagrun import DagRun

    value = session.scalar(select(DagRun.conf).where(DagRun.dag_id == dag_id, DagRun.run_id == run_id))
    return dict(value) if isinstance(value, dict) else {}


def tags_and_owners(session: Session, dag_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The DAG's tags (sorted) and owners (as listed in ``DagModel.owners``), empty when unknown."""
    from airflow.models.dag import DagModel, DagTag

    tags = tuple(sorted(session.scalars(select(DagTag.name).where(DagTag.dag_id == dag_id))))
    owners_raw = session.scalar(select(DagModel.owners).where(DagModel.dag_id == dag_id))
    owners = tuple(o.strip() for o in str(owners_raw or "").split(",") if o.strip())
    return tags, owners


_opt_out_cache = OptOutCache()


def is_opted_out(session: Session, dag_id: str, run_id: str, cache: OptOutCache | None = None) -> bool:
    """Whether the DAG (tag or param) or this run (conf) opted out of investigations."""
    tags, params = (cache or _opt_out_cache).dag_settings(session, dag_id)
    return opted_out(
        tags,
        params,
        run_conf(session, dag_id, run_id),
        tag=conf.opt_out_tag(),
        param=conf.opt_out_param(),
    )
