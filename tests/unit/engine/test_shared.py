"""Storms share model calls inside a runner process: single flight per fingerprint or storm cause."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from engine_builders import ScriptedLLM, make_bundle, model_answer, rule

from airflow_pipeline_debugger.domain import Category, EvidenceBundle, FailureContext, TaskKey
from airflow_pipeline_debugger.engine.llm.base import LLMError, LLMFailure
from airflow_pipeline_debugger.engine.llm.model_path import ModelBudget
from airflow_pipeline_debugger.engine.pipeline import EngineOptions, analyse_bundle, investigate_bundle
from airflow_pipeline_debugger.engine.shared import Lead, SharedFinding, SharedFindings, sharing_keys
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import load_topology

TOPOLOGY = load_topology(Path(__file__).resolve().parents[2] / "fixtures" / "topology" / "single.toml")
NOW = datetime(2026, 5, 1, tzinfo=UTC)
REFUSED = (
    'psycopg2.OperationalError: connection to server at "warehouse.internal" (10.0.0.5), port 5432 failed'
)


class SlowLLM(ScriptedLLM):
    """Answers every call (thread-safe), slowly enough that a storm's investigations overlap."""

    def __init__(self, delay: float = 0.2, failures: int = 0) -> None:
        super().__init__()
        self.delay = delay
        self.failures = failures
        self.lock = threading.Lock()

    def stream_tool_call(self, request, on_delta, deadline):
        with self.lock:
            failing = self.failures > 0
            self.failures -= 1
            self.outcomes.append(
                LLMError(LLMFailure.SERVER_ERROR, "500") if failing else json.dumps(model_answer())
            )
        time.sleep(self.delay)
        with self.lock:
            return super().stream_tool_call(request, on_delta, deadline)


def storm_bundle(task_id: str, error: str = REFUSED) -> EvidenceBundle:
    bundle = make_bundle(error_type="OperationalError", error_message=error)
    bundle.context = FailureContext(
        key=TaskKey(dag_id=f"dag_{task_id}", run_id="r1", task_id=task_id, try_number=1),
        error_type="OperationalError",
        error_message=error,
    )
    return bundle


INFRA = rule("generic.connection_refused", category=Category.INFRA)
CODE = rule("generic.python_exception", category=Category.CODE)


def options(shared: SharedFindings, hours: float = 24, investigation_id: str = "") -> EngineOptions:
    return EngineOptions(
        budget=ModelBudget(timeout_seconds=30, max_retries=0, backoff_base=0.0),
        cache_hours=hours,
        now=lambda: NOW,
        sleep=lambda _: None,
        shared=shared,
        investigation_id=investigation_id,
    )


def storm(bundles, heuristic, llm, shared, hours: float = 24):
    def one(item):
        index, bundle = item
        return investigate_bundle(
            bundle,
            InMemorySink(),
            llm=llm,
            topology=TOPOLOGY,
            heuristics=[heuristic],
            options=options(shared, hours, investigation_id=f"inv-{index}"),
        )

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, enumerate(bundles)))


def test_one_task_failing_fifty_times_at_once_costs_one_model_call() -> None:
    shared, llm = SharedFindings(), SlowLLM()
    results = storm([storm_bundle("load") for _ in range(50)], INFRA, llm, shared)
    assert len(llm.requests) == 1 and shared.model_calls == 1
    leader = next(r for r in results if r.engine == "model")
    reused = [r for r in results if r.engine == "cache"]
    assert len(reused) == 49
    assert {r.root_cause.title for r in reused} == {leader.root_cause.title}
    leader_id = f"inv-{results.index(leader)}"
    assert {r.reused_from for r in reused} == {leader_id}


def test_many_tasks_with_one_upstream_outage_share_the_answer() -> None:
    shared, llm = SharedFindings(), SlowLLM()
    results = storm([storm_bundle(f"task_{i}") for i in range(40)], INFRA, llm, shared)
    assert len(llm.requests) == 1
    assert sum(r.engine == "cache" for r in results) == 39
    assert any("same upstream cause" in r.notes[-1] for r in results if r.engine == "cache")


def test_another_upstream_is_another_cause() -> None:
    shared, llm = SharedFindings(), SlowLLM(delay=0.0)
    other = REFUSED.replace("warehouse.internal", "billing.internal").replace("10.0.0.5", "10.0.0.9")
    storm([storm_bundle("a"), storm_bundle("b", other)], INFRA, llm, shared)
    assert len(llm.requests) == 2


def test_code_bugs_in_different_tasks_are_never_shared() -> None:
    shared, llm = SharedFindings(), SlowLLM(delay=0.0)
    results = storm([storm_bundle(f"task_{i}", "KeyError: 'region'") for i in range(5)], CODE, llm, shared)
    assert len(llm.requests) == 5 and {r.engine for r in results} == {"model"}


def test_a_failed_leader_hands_over_to_the_next_waiter() -> None:
    shared, llm = SharedFindings(), SlowLLM(delay=0.1, failures=1)
    results = storm([storm_bundle("load") for _ in range(10)], INFRA, llm, shared)
    assert len(llm.requests) == 2
    assert sorted(r.engine for r in results).count("deterministic_fallback") == 1
    assert sum(r.engine == "model" for r in results) == 1


def test_sharing_is_off_without_a_cache_window() -> None:
    shared, llm = SharedFindings(), SlowLLM(delay=0.0)
    storm([storm_bundle("load") for _ in range(3)], INFRA, llm, shared, hours=0)
    assert len(llm.requests) == 3 and shared.model_calls == 0


def test_keys_are_the_fingerprint_and_the_slack_storm_key() -> None:
    bundle = storm_bundle("load")
    _, prior = analyse_bundle(bundle, [INFRA])
    keys = sharing_keys(bundle, prior)
    assert keys[0] == f"fp:{prior.fingerprint}" and keys[1].startswith("storm:") and len(keys) == 2
    _, code = analyse_bundle(storm_bundle("load", "KeyError: 'region'"), [CODE])
    assert len(sharing_keys(storm_bundle("load", "KeyError: 'region'"), code)) == 1


def test_an_old_finding_is_not_reused_and_a_waiter_gives_up_after_its_budget() -> None:
    shared = SharedFindings()
    lead = shared.acquire(("k",), window_hours=1, now=NOW, wait_seconds=0)
    assert isinstance(lead, Lead)
    started = time.monotonic()
    second = shared.acquire(("k",), window_hours=1, now=NOW, wait_seconds=0.2)
    assert isinstance(second, Lead) and time.monotonic() - started >= 0.2
    _, result = analyse_bundle(storm_bundle("load"), [INFRA])
    lead.publish(result, investigation_id="inv-1", task="d.t", now=NOW - timedelta(hours=2))
    assert isinstance(shared.acquire(("k",), window_hours=1, now=NOW, wait_seconds=0), Lead)
    lead.publish(result, investigation_id="inv-1", task="d.t", now=NOW)
    hit = shared.acquire(("k",), window_hours=1, now=NOW, wait_seconds=0)
    assert isinstance(hit, SharedFinding) and hit.investigation_id == "inv-1"


@pytest.mark.parametrize("max_entries", [1, 3])
def test_the_registry_is_bounded(max_entries: int) -> None:
    shared = SharedFindings(max_entries=max_entries)
    _, result = analyse_bundle(storm_bundle("load"), [INFRA])
    for i in range(5):
        lead = shared.acquire((f"k{i}",), window_hours=1, now=NOW, wait_seconds=0)
        assert isinstance(lead, Lead)
        lead.publish(result, investigation_id=f"inv-{i}", task="d.t", now=NOW)
    kept = [
        i
        for i in range(5)
        if isinstance(shared.acquire((f"k{i}",), window_hours=1, now=NOW, wait_seconds=0), SharedFinding)
    ]
    assert kept == list(range(5 - max_entries, 5))
