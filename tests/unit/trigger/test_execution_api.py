"""The api-server's Execution API hook: a committed failed state is submitted once; nothing else is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.trigger import execution_api
from airflow_pipeline_debugger.trigger.execution_api import failed_tries
from airflow_pipeline_debugger.trigger.sources import TaskFailure, TriggerSource


class Base(DeclarativeBase):
    pass


class AuditLog(Base):
    """The columns of Airflow's ``log`` table the hook reads."""

    __tablename__ = "log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str] = mapped_column(String(60))
    dag_id: Mapped[str | None] = mapped_column(String(250), nullable=True)
    run_id: Mapped[str | None] = mapped_column(String(250), nullable=True)
    task_id: Mapped[str | None] = mapped_column(String(250), nullable=True)
    map_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    try_number: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Other(Base):
    __tablename__ = "other"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event: Mapped[str] = mapped_column(String(60))


def row(event="failed", task_id="load", try_number=2, **kw):
    return AuditLog(
        event=event, dag_id="d", run_id="r", task_id=task_id, map_index=-1, try_number=try_number, **kw
    )


@pytest.fixture
def submitted() -> Iterator[list[TaskFailure]]:
    got: list[TaskFailure] = []
    assert execution_api.install(got.append, AuditLog)
    try:
        yield got
    finally:
        execution_api.uninstall()


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


def test_failed_and_retry_rows_become_failures_of_their_try():
    found = failed_tries([row(), row("up_for_retry", "flaky", 1), row("success", "ok")], AuditLog)
    assert found == [
        TaskFailure(TaskKey("d", "r", "load", -1, 2), "failed", TriggerSource.EXECUTION_API),
        TaskFailure(TaskKey("d", "r", "flaky", -1, 1), "up_for_retry", TriggerSource.EXECUTION_API),
    ]


def test_rows_without_a_full_key_and_other_models_are_ignored():
    rest_audit = AuditLog(event="failed", dag_id="d", run_id="r", task_id="t")  # no try: a REST call
    hostile = row(try_number=None)
    hostile.try_number = "not a number"  # type: ignore[assignment]
    assert failed_tries([rest_audit, hostile, Other(event="failed"), object()], AuditLog) == []


def test_a_committed_failure_is_submitted_once_after_the_commit(submitted, session):
    session.add_all([row(), Other(event="failed"), row("running", "next")])
    session.flush()
    assert submitted == []  # not before the transaction is durable
    session.commit()
    assert [f.key.task_id for f in submitted] == ["load"]
    session.add(row("success", "later"))
    session.commit()
    assert len(submitted) == 1


def test_a_rolled_back_failure_is_forgotten(submitted, session):
    session.add(row())
    session.flush()
    session.rollback()
    session.commit()
    assert submitted == []


def test_a_submit_that_raises_does_not_break_the_commit(session):
    def broken(failure: TaskFailure) -> None:
        raise RuntimeError("queue gone")

    execution_api.install(broken, AuditLog)
    try:
        session.add(row())
        session.commit()
    finally:
        execution_api.uninstall()
    assert session.query(AuditLog).count() == 1


def test_install_is_idempotent_and_uninstall_stops_it(session):
    got: list[TaskFailure] = []
    assert execution_api.install(got.append, AuditLog)
    assert not execution_api.install(got.append, AuditLog)
    session.add(row())
    session.commit()
    execution_api.uninstall()
    execution_api.uninstall()
    session.add(row(task_id="after"))
    session.commit()
    assert [f.key.task_id for f in got] == ["load"]
