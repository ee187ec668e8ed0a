"""Package versions of the failed try against the last success's record, as the collector compares them.

The two reads it makes of Airflow (the stored capture, the last success's log) are replaced by their
results; everything after them is the real code.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.airflow import environment
from airflow_pipeline_debugger.domain import EvidenceBundle, EvidenceKind, FailureContext, TaskKey
from airflow_pipeline_debugger.evidence.environment import ENVIRONMENT_MARKER, RECORD_LOGGER

FAILED = TaskKey(dag_id="orders", run_id="bad", task_id="score", map_index=-1, try_number=1)
SUCCESS = TaskKey(dag_id="orders", run_id="ok", task_id="score", map_index=-1, try_number=1)
CAPTURE = {
    "environment": {"packages": {"pd_env_probe": "2.1.0", "yaml": "6.0"}, "traceback": ["pd_env_probe"]}
}


def record(key: TaskKey, packages: dict[str, str]) -> str:
    return f"{ENVIRONMENT_MARKER} " + json.dumps({"key": key.to_json(), "packages": packages})


def collect(
    monkeypatch: pytest.MonkeyPatch, capture: dict[str, Any], events: list[tuple[str, str | None]]
) -> EvidenceBundle:
    monkeypatch.setattr(
        environment.repository, "get_by_try", lambda *_, **__: SimpleNamespace(capture=capture)
    )
    monkeypatch.setattr(environment, "read_events", lambda _s, key, _n: events if key == SUCCESS else None)
    bundle = EvidenceBundle(context=FailureContext(key=FAILED))
    environment.collect_environment(None, bundle, (SUCCESS.run_id, SUCCESS.try_number))  # type: ignore[arg-type]
    return bundle


def test_a_version_changed_since_the_last_success(monkeypatch: pytest.MonkeyPatch) -> None:
    then = record(SUCCESS, {"pd_env_probe": "1.9.3", "yaml": "6.0"})
    bundle = collect(monkeypatch, CAPTURE, [("Extracted 3 rows", "task.stdout"), (then, RECORD_LOGGER)])
    assert bundle.facts["environment"]["changed"] == [
        {"package": "pd_env_probe", "now": "2.1.0", "then": "1.9.3", "in_traceback": True}
    ]
    [diff] = bundle.evidence
    assert diff.kind is EvidenceKind.DIFF
    assert (
        diff.content == "pd_env_probe: 1.9.3 at the last success (ok) -> 2.1.0 now (in the failing traceback)"
    )


@pytest.mark.parametrize(
    ("events", "why"),
    [
        (
            [(record(SUCCESS, {"pd_env_probe": "1.9.3"}), "task.stdout")],
            "printed by the task: could be forged",
        ),
        ([(record(SUCCESS, {"pd_env_probe": "1.9.3"}), None)], "no logger name to check"),
        ([(record(FAILED, {"pd_env_probe": "1.9.3"}), RECORD_LOGGER)], "another try's record"),
        ([], "no record in the log"),
    ],
)
def test_no_trusted_record_compares_nothing(
    monkeypatch: pytest.MonkeyPatch, events: list[tuple[str, str | None]], why: str
) -> None:
    bundle = collect(monkeypatch, CAPTURE, events)
    assert "changed" not in bundle.facts["environment"], why
    assert bundle.facts["environment"]["note"]
    assert bundle.evidence == []


def test_without_versions_in_the_capture_there_is_nothing_to_compare(monkeypatch: pytest.MonkeyPatch) -> None:
    then = record(SUCCESS, {"pd_env_probe": "1.9.3"})
    assert collect(monkeypatch, {}, [(then, RECORD_LOGGER)]).facts == {}
