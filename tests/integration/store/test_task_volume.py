"""Input volume per try in the provider's table, and the comparison the collector builds from it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.airflow.volume import collect_volume
from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    LogLine,
    Signal,
    TaskKey,
)
from airflow_pipeline_debugger.store import repository as repo
from airflow_pipeline_debugger.store.models import TaskVolume

FAILED = TaskKey(dag_id="orders", run_id="bad", task_id="extract", map_index=-1, try_number=1)


def rows(value: int) -> dict[str, dict[str, object]]:
    return {"orders_export": {"value": value, "unit": "rows", "label": "rows extracted", "source": "t"}}


def bundle(*counts: str) -> EvidenceBundle:
    out = EvidenceBundle(context=FailureContext(key=FAILED))
    for i, count in enumerate(counts, start=1):
        attrs = {"verb": "Extracted", "count": count, "unit": "row", "input": "orders_export"}
        out.signals.append(Signal(G.ROW_COUNT, "", "E1", (LogLine("E1", i, ""),), attrs))
    return out


def test_the_first_record_of_a_try_wins(session: Session) -> None:
    ok = TaskKey(dag_id="orders", run_id="ok", task_id="extract", map_index=-1, try_number=1)
    assert repo.record_task_volume(session, ok, rows(10))
    assert not repo.record_task_volume(session, ok, rows(5))
    other = TaskKey(dag_id="orders", run_id="ok", task_id="extract", map_index=3, try_number=1)
    assert repo.record_task_volume(session, other, {})
    kept = repo.task_volumes(session, "orders", "extract", -1, {"ok", "elsewhere"})
    assert kept == {("ok", 1): rows(10)}
    assert repo.task_volumes(session, "orders", "extract", -1, set()) == {}


def test_the_failed_try_is_compared_with_the_kept_successes(session: Session) -> None:
    history = [("ok3", 1, 48_213), ("ok2", 2, 47_950), ("ok1", 1, 48_400)]
    for run_id, try_number, value in history:
        key = TaskKey(dag_id="orders", run_id=run_id, task_id="extract", map_index=-1, try_number=try_number)
        repo.record_task_volume(session, key, rows(value))
    got = bundle("48,000", "0")
    collect_volume(session, got, [(run_id, try_number) for run_id, try_number, _ in history])

    [measure] = got.facts["volume"]["measures"]
    assert measure | {"source": ""} == {
        "input": "orders_export",
        "label": "rows extracted from orders_export",
        "value": 0,
        "unit": "rows",
        "source": "",
        "runs": 3,
        "median": 48_213,
        "last_success": 48_213,
        "last_success_run": "ok3",
        "ratio": 0.0,
    }
    assert measure["source"] == "task log E1:L2"
    [evidence] = [e for e in got.evidence if e.kind is EvidenceKind.RUN_HISTORY]
    assert evidence.content == (
        "rows extracted from orders_export: 0 (task log E1:L2); median 48,213 over 3 successful run(s), "
        "48,213 at the last success (ok3)"
    )
    assert "pipeline_debugger_task_volume" in evidence.source
    assert sorted(session.scalars(select(TaskVolume.run_id))) == ["ok1", "ok2", "ok3"]  # nothing new kept


def test_a_try_that_printed_no_count_adds_nothing(session: Session) -> None:
    got = bundle()
    collect_volume(session, got, [("ok1", 1)])
    assert "volume" not in got.facts and not got.evidence
    assert session.scalars(select(TaskVolume)).all() == []


def test_dbt_rows_affected_of_the_failed_try_compare_with_the_printed_history(session: Session) -> None:
    """A dbt node's ``rows_affected`` (run_results.json) compares with the [SELECT n] lines of successes."""
    for run_id, value in (("ok2", 48_213), ("ok1", 47_950)):
        key = TaskKey(dag_id="orders", run_id=run_id, task_id="extract", map_index=-1, try_number=1)
        printed = {"value": value, "unit": "rows", "label": "rows created in main.orders", "source": "t"}
        repo.record_task_volume(session, key, {"main.orders": printed})
    got = bundle()
    got.facts["dbt"] = {
        "rows_affected": [
            {"unique_id": "model.shop.orders", "relation": "main.orders", "rows": 0},
            {"unique_id": "model.shop.stg", "relation": "main.stg", "rows": 12},
            {"unique_id": "model.shop.odd", "relation": "main.odd", "rows": "many"},
        ]
    }
    collect_volume(session, got, [("ok2", 1), ("ok1", 1)])

    by_input = {m["input"]: m for m in got.facts["volume"]["measures"]}
    assert sorted(by_input) == ["main.orders", "main.stg"]
    orders = by_input["main.orders"]
    got_numbers = (orders["value"], orders["runs"], orders["median"], orders["last_success"])
    assert got_numbers == (0, 2, 48_081.5, 48_213)
    assert orders["label"] == "rows written to main.orders"
    assert orders["source"] == "run_results.json adapter_response.rows_affected of model.shop.orders"
    assert by_input["main.stg"]["runs"] == 0
