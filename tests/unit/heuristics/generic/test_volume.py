"""Input volume against the task's history: a log in, earlier runs' counts beside it, the engine's answer out.

Each case is collected like an investigation (every registered adapter scans the log), the failed
try's counts are compared with the earlier successes' counts as the metadata collector does, and
the real engine ranks every built-in rule, so a case passes only when the engine itself chooses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.airflow.volume import Measure, compare, measures_in, measures_in_text
from airflow_pipeline_debugger.adapters.collect import collect_evidence
from airflow_pipeline_debugger.domain import EvidenceBundle, FailureContext, InvestigationResult, TaskKey
from airflow_pipeline_debugger.engine.pipeline import analyse_bundle
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.generic.volume import AbnormalVolume
from airflow_pipeline_debugger.heuristics.registry import build_heuristics

HEURISTICS = build_heuristics()


def a3(level: str, text: str, where: str = "extract.py:10") -> str:
    return f"[2026-12-01T02:47:02.000+0000] {{{where}}} {level} - {text}"


def collect(lines: list[str]) -> EvidenceBundle:
    request = CollectionRequest(
        context=FailureContext(key=TaskKey(dag_id="orders", task_id="transform"), trigger="test"),
        files=FileAccess({"*": [Path.cwd()]}),
        logs=[LogSource(name="task log", source="test", text="\n".join(lines) + "\n")],
    )
    return collect_evidence(request)


def with_history(bundle: EvidenceBundle, earlier: list[int], key: str = "orders_export") -> EvidenceBundle:
    """Give the bundle ``facts["volume"]`` as the collector would, from earlier successes' counts."""
    history = [
        (f"run_{i}", {key: {"value": value, "unit": "rows", "label": key, "source": "test"}})
        for i, value in enumerate(earlier)
    ]
    bundle.facts["volume"] = {"measures": compare(measures_in(bundle.signals), history)}
    return bundle


def analyse(bundle: EvidenceBundle) -> InvestigationResult:
    _, result = analyse_bundle(bundle, HEURISTICS)
    return result


TRACE = ["Traceback (most recent call last):", '  File "/opt/airflow/dags/orders.py", line 41, in transform']
EMPTY_THEN_DIVISION = [
    a3("INFO", "Extracted 0 rows from orders_export"),
    a3("ERROR", "Task failed with exception"),
    *TRACE,
    "ZeroDivisionError: division by zero",
]
USUAL = [48_213, 47_950, 48_400, 49_020, 48_110]

CASES = [
    # (id, log lines, earlier successes' counts, rule id, category, words the root cause must name)
    (
        "empty_extract_where_history_has_tens_of_thousands",
        EMPTY_THEN_DIVISION,
        USUAL,
        "generic.abnormal_volume",
        "data",
        ["The input was empty", "0 rows extracted from orders_export", "median of 48,213"],
    ),
    (
        "error_names_the_empty_input",
        [
            a3("INFO", "Extracted 0 rows from orders_export"),
            a3("ERROR", "Task failed with exception"),
            *TRACE,
            "ValueError: no data in orders_export for 2026-12-01",
        ],
        USUAL,
        "generic.abnormal_volume",
        "data",
        ["orders_export"],
    ),
    (
        "input_grown_fourteen_times_then_the_timeout",
        [
            a3("INFO", "Fetched 675,000 rows from orders_export"),
            a3("ERROR", "Task failed with exception"),
            *TRACE,
            "airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4242",
        ],
        USUAL,
        "generic.abnormal_volume",
        "data",
        ["grew to 14 times its usual size", "675,000 rows fetched from orders_export"],
    ),
    (
        "usual_volume_leaves_the_generic_error_as_code",
        [a3("INFO", "Extracted 48,300 rows from orders_export"), *EMPTY_THEN_DIVISION[1:]],
        USUAL,
        "generic.python_exception",
        "code",
        ["ZeroDivisionError: division by zero", "dags/orders.py:41"],
    ),
    (
        "too_few_earlier_runs_to_call_it_abnormal",
        EMPTY_THEN_DIVISION,
        USUAL[:2],
        "generic.input_broke_code",
        "data",
        ["empty"],
    ),
    (
        "a_usually_tiny_feed_being_empty_is_not_remarkable",
        EMPTY_THEN_DIVISION,
        [3, 0, 5, 2],
        "generic.input_broke_code",
        "data",
        ["empty"],
    ),
    (
        "a_specific_cause_wins_over_an_empty_input",
        [
            a3("INFO", "Extracted 0 rows from orders_export"),
            a3("ERROR", "Task failed with exception"),
            *TRACE,
            "psycopg2.OperationalError: connection to 10.0.0.5 port 5432 failed: Connection refused",
        ],
        USUAL,
        "generic.network_error",
        "infra",
        ["Connection refused"],
    ),
]


@pytest.mark.parametrize(
    ("lines", "earlier", "rule", "category", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_engine_answers(
    lines: list[str], earlier: list[int], rule: str, category: str, words: list[str]
) -> None:
    result = analyse(with_history(collect(lines), earlier))
    text = f"{result.root_cause.title} {result.root_cause.summary}"
    assert (result.root_cause.rule_id, result.category.value) == (rule, category), text
    for word in words:
        assert word in text


def test_confidence_rises_when_the_error_names_the_input() -> None:
    plain = analyse(with_history(collect(EMPTY_THEN_DIVISION), USUAL)).root_cause
    named = analyse(with_history(collect(CASES[1][1]), USUAL)).root_cause
    assert named.confidence > plain.confidence


def test_an_unrelated_specific_failure_keeps_the_volume_as_a_hypothesis() -> None:
    result = analyse(with_history(collect(CASES[-1][1]), USUAL))
    titles = [h.title for h in result.hypotheses]
    assert any("orders_export" in t for t in titles), titles


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Extracted 0 rows from orders_export", {"orders_export": (0, "rows extracted from orders_export")}),
        (
            "fetched 48,213 records from api.orders.",
            {"api.orders": (48213, "records fetched from api.orders")},
        ),
        ("Loaded 120 rows", {"rows loaded": (120, "rows loaded")}),
        ("read 5 rows in 0.2s", {"rows read": (5, "rows read")}),
        (
            "pulled 7 new rows out of `s3://bucket/raw`",
            {"s3://bucket/raw": (7, "rows pulled from s3://bucket/raw")},
        ),
        (
            "1 of 3 OK created sql table model main.orders ............ [SELECT 48213 in 0.31s]",
            {"main.orders": (48213, "rows created in main.orders")},
        ),
        (
            "2 of 3 OK created sql incremental model main.events .... [\x1b[32mINSERT 0 12\x1b[0m in 0.1s]",
            {"main.events": (12, "rows created in main.events")},
        ),
        ("3 of 3 OK created sql view model main.stg .... [\x1b[32mOK\x1b[0m in 0.04s]", {}),
        (
            "Inserted 120 rows into staging.orders",
            {"staging.orders": (120, "rows inserted into staging.orders")},
        ),
        ("processed 3 records of batch_17", {"batch_17": (3, "records processed from batch_17")}),
        ("rows=0 written", {}),
        ("row 12 of 40 failed validation", {}),
    ],
)
def test_counts_a_log_prints(line: str, expected: dict[str, tuple[int, str]]) -> None:
    found = measures_in_text(a3("INFO", line), "log")
    assert {k: (m.value, m.label) for k, m in found.items()} == expected


def test_the_last_count_of_an_input_wins_and_the_history_keeps_its_order() -> None:
    found = measures_in_text(
        "\n".join([a3("INFO", "Extracted 10 rows from a"), a3("INFO", "Extracted 30 rows from a")]), "log"
    )
    assert found["a"].value == 30
    rows = compare(
        found, [("new", {"a": {"value": 20}}), ("old", {"a": {"value": 40}}), ("x", {"b": {"value": 1}})]
    )
    assert rows[0] | {"source": ""} == {
        "input": "a",
        "label": "rows extracted from a",
        "value": 30,
        "unit": "rows",
        "source": "",
        "runs": 2,
        "median": 30,
        "last_success": 20,
        "last_success_run": "new",
        "ratio": 1.0,
    }


def test_thresholds_are_overridable_and_checked() -> None:
    rule = AbnormalVolume({"growth_ratio": "20"})
    bundle = with_history(collect([a3("INFO", "Fetched 675,000 rows from orders_export")]), USUAL)
    assert rule.evaluate(bundle) is None
    with pytest.raises(ValueError, match="growth_ratio"):
        AbnormalVolume({"growth_ratio": "0.5"})


def test_an_upstream_xcom_far_below_its_usual_size_is_named() -> None:
    """The collector's XCom rows (``adapters/airflow/xcom_sizes.py``) are judged like any input volume."""
    bundle = collect([a3("ERROR", "Task failed with exception"), *TRACE, "KeyError: 'customer_id'"])
    xcom = Measure(
        key="load.return_value", label="bytes of XCom load.return_value", value=2, unit="bytes", source="XCom"
    )
    history = [(f"run_{i}", {"load.return_value": {"value": 4_812 + i}}) for i in range(4)]
    bundle.facts["volume"] = {"measures": compare({xcom.key: xcom}, history)}
    root = analyse(bundle).root_cause
    assert (root.rule_id, root.category.value) == ("generic.abnormal_volume", "data")
    assert root.title == "The input shrank: 2 bytes of XCom load.return_value vs a median of 4,813.5"
