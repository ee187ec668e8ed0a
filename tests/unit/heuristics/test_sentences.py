"""Generated sentences end once: a quoted message that ends in its own full stop gets no second one."""

from __future__ import annotations

import re
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.airflow import signals as A
from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    FailureContext,
    LogLine,
    PipelineType,
    Signal,
    TaskKey,
)
from airflow_pipeline_debugger.heuristics.airflow.task_setup import DagImportError
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.dbt.compile_error import CompileError
from airflow_pipeline_debugger.heuristics.dbt.connection_error import WarehouseConnection
from airflow_pipeline_debugger.heuristics.dbt.permission_denied import PermissionDenied
from airflow_pipeline_debugger.heuristics.generic.python_exception import PythonException
from airflow_pipeline_debugger.heuristics.spark.driver_code_error import DriverCodeError
from airflow_pipeline_debugger.heuristics.spark.executor_loss import ExecutorLoss
from airflow_pipeline_debugger.heuristics.spark.gc_pressure import GcPressure
from airflow_pipeline_debugger.heuristics.spark.udf_error import PythonUdfError

#: A sentence end followed by a full stop: ``1..``, ``mode!.``, ``ok?.`` (an ellipsis ``...`` is fine).
DOUBLED_END = re.compile(r"(?<!\.)\.\.(?!\.)|[!?…]\.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exit code 1", "exit code 1."),
        ("exit code 1.", "exit code 1."),
        ("exit code 1.  ", "exit code 1."),
        ("attached in read-only mode!", "attached in read-only mode!"),
        ("did it mean stg_orders?", "did it mean stg_orders?"),
        ("and more…", "and more…"),
        ("wait...", "wait..."),
        ("calling o94.parquet", "calling o94.parquet."),
        ("", ""),
    ],
)
def test_sentence_ends_once(text: str, expected: str) -> None:
    assert sentence(text) == expected


def line(code: str, text: str = "", **attributes: Any) -> Signal:
    return Signal(code, text or code, "E1", (LogLine("E1", 3, text or code),), attributes)


def bundle_of(pipeline: PipelineType, *signals: Signal) -> EvidenceBundle:
    return EvidenceBundle(
        context=FailureContext(key=TaskKey(task_id="t")), pipeline_type=pipeline, signals=list(signals)
    )


GC = Signal(
    S.GC_PRESSURE,
    "Stage 2 spent 68% of executor time in GC.",
    "E2",
    attributes={
        "stage_id": 2,
        "attempt": 0,
        "gc_fraction": 0.68,
        "gc_time_ms": 40_800,
        "executor_run_time_ms": 60_000,
    },
)

#: One row per rule that wraps a quoted message in a sentence, with a message ending in its own stop.
ROWS: list[tuple[type[Heuristic], PipelineType, tuple[Signal, ...], str]] = [
    (
        DagImportError,
        PipelineType.AIRFLOW,
        (line(A.DAG_IMPORT_ERROR, what="Dag 'orders' could not be found."),),
        "could not be found.",
    ),
    (
        PythonException,
        PipelineType.AIRFLOW,
        (line(G.PYTHON_EXCEPTION, exception_type="ValueError", detail="bad input."),),
        "ValueError: bad input.",
    ),
    (
        CompileError,
        PipelineType.DBT,
        (line("dbt.compile_error", model="fct_orders", detail="unexpected '}'."),),
        "unexpected '}'.",
    ),
    (
        PermissionDenied,
        PipelineType.DBT,
        (line("dbt.permission_denied", detail='Cannot execute "CREATE": the database is read-only mode!'),),
        "read-only mode!",
    ),
    (
        WarehouseConnection,
        PipelineType.DBT,
        (line("dbt.connection_error", detail="could not connect to server."),),
        "could not connect to server.",
    ),
    (
        DriverCodeError,
        PipelineType.SPARK,
        (
            line(
                S.PYTHON_EXCEPTION,
                exception="KeyError",
                message="An error occurred while calling o94.parquet.",
            ),
        ),
        "o94.parquet.",
    ),
    (
        PythonUdfError,
        PipelineType.SPARK,
        (
            line(S.PYTHON_UDF_ERROR),
            line(S.PYTHON_EXCEPTION, exception="ValueError", message="invalid literal."),
        ),
        "invalid literal.",
    ),
    (ExecutorLoss, PipelineType.SPARK, (line(S.EXECUTOR_LOST, "Lost executor 1 on node-7."),), "node-7."),
    (GcPressure, PipelineType.SPARK, (GC,), "in GC."),
]


@pytest.mark.parametrize(("rule", "pipeline", "signals", "quoted"), ROWS, ids=[r[0].__name__ for r in ROWS])
def test_rule_summaries_end_each_sentence_once(
    rule: type[Heuristic], pipeline: PipelineType, signals: tuple[Signal, ...], quoted: str
) -> None:
    finding = rule().evaluate(bundle_of(pipeline, *signals))
    assert finding is not None
    assert quoted in finding.summary
    assert not DOUBLED_END.search(finding.summary), finding.summary
