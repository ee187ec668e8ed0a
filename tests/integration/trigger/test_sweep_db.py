"""The reconciliation sweep and the run-failure enqueue against a real, migrated Airflow metadata DB.

Task instances are written straight into Airflow's tables (what the scheduler would have left
behind), then the sweep must enqueue exactly the wanted tries: final failures in the look-back
window, retries only when opted in, never ``upstream_failed``, never opted-out runs — and opted-out
failures must not hide newer ones from a sweep that pages.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session, sessionmaker
from support.databases import airflow_env, run_airflow, scratch_postgres

from airflow_pipeline_debugger.store.models import Investigation
from airflow_pipeline_debugger.store.session import session_scope
from airflow_pipeline_debugger.trigger.enqueue import handle_batch
from airflow_pipeline_debugger.trigger.sources import RunFailure, TriggerSource
from airflow_pipeline_debugger.trigger.sweep import sweep_once

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[pytest.mark.postgres]),
]
NOW = datetime.now(UTC)


@pytest.fixture(scope="module", params=BACKENDS)
def factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sessionmaker[Session]]:
    from airflow.models import import_all_models

    import_all_models()  # every mapper, whatever other test modules imported first
    home = tmp_path_factory.mktemp(f"sweep-{request.param}")
    db = (
        scratch_postgres("pd_trig")
        if request.param == "postgres"
        else contextlib.nullcontext(f"sqlite:///{home / 'airflow.db'}")
    )
    with db as url:
        run_airflow(airflow_env(home, url), "db", "migrate")
        engine = create_engine(url)
        # Some Airflow queries look at ``settings.engine`` for the dialect; a unit-tier conftest in
        # the same pytest process may have kept Airflow from configuring one.
        from airflow import settings

        previous, settings.engine = settings.engine, engine
        try:
            yield sessionmaker(bind=engine, expire_on_commit=False)
        finally:
            settings.engine = previous
            engine.dispose()


@pytest.fixture(autouse=True)
def provider_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENABLED", "INVESTIGATE_RETRIES", "SWEEP_LOOKBACK_HOURS"):
        monkeypatch.delenv(f"AIRFLOW__PIPELINE_DEBUGGER__{name}", raising=False)


def add_run(
    factory: sessionmaker[Session], dag_id: str, tasks: dict[str, tuple[str, int, datetime]], conf=None
):
    """One DAG run with task instances ``task_id -> (state, try_number, end_date)``; returns the run id."""
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance

    run_id = f"manual__{uuid.uuid4().hex[:8]}"
    with session_scope(factory) as s:
        s.execute(
            insert(DagRun.__table__).values(
                dag_id=dag_id,
                run_id=run_id,
                run_type="manual",
                state="failed",
                conf=conf or {},
                logical_date=None,
                data_interval_end=None,
                run_after=NOW,
            )
        )
        for task_id, (state, try_number, ended) in tasks.items():
            s.execute(
                insert(TaskInstance.__table__).values(
                    id=uuid.uuid4(),
                    dag_id=dag_id,
                    run_id=run_id,
                    task_id=task_id,
                    map_index=-1,
                    try_number=try_number,
                    max_tries=try_number,
                    state=state,
                    end_date=ended,
                    pool="default_pool",
                )
            )
    return run_id


def add_archived_try(factory, dag_id: str, run_id: str, task_id: str, try_number: int) -> None:
    from airflow.models.taskinstancehistory import TaskInstanceHistory

    with session_scope(factory) as s:
        s.execute(
            insert(TaskInstanceHistory.__table__).values(
                task_instance_id=uuid.uuid4(),
                dag_id=dag_id,
                run_id=run_id,
                task_id=task_id,
                map_index=-1,
                try_number=try_number,
                state="failed",
                end_date=NOW - timedelta(minutes=5),
                pool="default_pool",
            )
        )


def investigated(factory, dag_id: str) -> dict[tuple[str, int], str]:
    with factory() as s:
        rows = s.execute(
            select(Investigation.task_id, Investigation.try_number, Investigation.trigger).where(
                Investigation.dag_id == dag_id
            )
        ).all()
    return {(r.task_id, r.try_number): r.trigger for r in rows}


def sweep(factory, **kw):
    with session_scope(factory) as s:
        return sweep_once(s, now=NOW, **kw)


def test_final_failures_in_the_window_only_once(factory):
    dag = "sweep_final"
    add_run(
        factory,
        dag,
        {
            "failed": ("failed", 1, NOW - timedelta(minutes=1)),
            "retrying": ("up_for_retry", 1, NOW - timedelta(minutes=1)),
            "ok": ("success", 1, NOW - timedelta(minutes=1)),
            "skipped_upstream": ("upstream_failed", 0, NOW - timedelta(minutes=1)),
            "too_old": ("failed", 1, NOW - timedelta(days=2)),
        },
    )
    first = sweep(factory)
    assert investigated(factory, dag) == {("failed", 1): TriggerSource.SWEEP.value}
    assert first.created >= 1
    assert sweep(factory).keys == []  # idempotent: nothing new the second time


def test_retries_only_when_opted_in(factory, monkeypatch):
    dag = "sweep_retries"
    run_id = add_run(factory, dag, {"flaky": ("up_for_retry", 2, NOW - timedelta(minutes=1))})
    add_archived_try(factory, dag, run_id, "flaky", 1)
    sweep(factory)
    assert investigated(factory, dag) == {}
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__INVESTIGATE_RETRIES", "True")
    sweep(factory)
    assert set(investigated(factory, dag)) == {("flaky", 1), ("flaky", 2)}


def test_opted_out_failures_do_not_hide_newer_ones(factory):
    dag = "sweep_paging"
    older = {f"t{i:02d}": ("failed", 1, NOW - timedelta(minutes=30, seconds=i)) for i in range(25)}
    add_run(factory, dag, older, conf={"pipeline_debugger_enabled": False})
    add_run(factory, dag, {"newer": ("failed", 1, NOW - timedelta(minutes=1))})
    result = sweep(factory, batch=10)  # the 25 opted-out tries fill the first pages
    assert investigated(factory, dag) == {("newer", 1): TriggerSource.SWEEP.value}
    assert result.examined >= 26


def test_global_switch_off(factory, monkeypatch):
    dag = "sweep_disabled"
    add_run(factory, dag, {"failed": ("failed", 1, NOW - timedelta(minutes=1))})
    monkeypatch.setenv("AIRFLOW__PIPELINE_DEBUGGER__ENABLED", "False")
    assert sweep(factory).examined == 0
    assert investigated(factory, dag) == {}


def test_run_failure_enqueues_the_failed_tasks_of_that_run(factory):
    dag = "run_failed"
    run_id = add_run(
        factory,
        dag,
        {
            "a": ("failed", 3, NOW - timedelta(minutes=1)),
            "b": ("upstream_failed", 0, NOW - timedelta(minutes=1)),
            "c": ("success", 1, NOW - timedelta(minutes=1)),
        },
    )
    other = add_run(factory, dag, {"a": ("failed", 1, NOW - timedelta(minutes=1))})
    with session_scope(factory) as s:
        assert handle_batch(s, [RunFailure(dag, run_id, TriggerSource.DAG_RUN_FAILED)]) == 1
    with factory() as s:
        rows = s.execute(
            select(
                Investigation.run_id, Investigation.task_id, Investigation.try_number, Investigation.trigger
            ).where(Investigation.dag_id == dag)
        ).all()
    assert [tuple(r) for r in rows] == [(run_id, "a", 3, "dag_run_failed")]
    assert other not in {r.run_id for r in rows}


def test_a_storm_is_one_insert_and_skips_what_exists(factory):
    from airflow_pipeline_debugger.domain import TaskKey
    from airflow_pipeline_debugger.trigger.sources import TaskFailure

    dag = "storm"
    keys = [TaskKey(dag, "r", f"t{i:03d}", -1, 1) for i in range(150)]
    first = [TaskFailure(k, "failed", TriggerSource.LISTENER_SCHEDULER) for k in keys[:10]]
    with session_scope(factory) as s:
        assert handle_batch(s, first) == 10
    storm = [TaskFailure(k, "failed", TriggerSource.LISTENER_API) for k in keys]
    storm += [TaskFailure(keys[20], "failed", TriggerSource.SWEEP)]  # the same try twice in one batch
    storm += [TaskFailure(TaskKey(dag, "r", "retrying", -1, 1), "up_for_retry", TriggerSource.LISTENER_API)]
    with session_scope(factory) as s:
        assert handle_batch(s, storm) == 140
    rows = investigated(factory, dag)
    assert len(rows) == 150 and ("retrying", 1) not in rows
    assert rows[("t000", 1)] == "listener_scheduler" and rows[("t020", 1)] == "listener_api"
