"""``example_dbt_failures``: each task's real commands fail, and the runner's view of it finds the cause.

The DAG file is loaded as Airflow loads it; its ``prepare_*`` and failing task commands run for real
under bash (dbt-core + dbt-duckdb). The investigation then gets exactly what the runner has: the
rendered ``bash_command``, the task output as the log, the artifact paths the worker capture derives
from that command, and file access limited to the demo's ``dbt_artifact_roots``. The expected verdicts
are the ones ``example_dags/expected.toml`` lists for this DAG.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.domain import FailureContext, TaskKey
from airflow_pipeline_debugger.engine.pipeline import run_investigation
from airflow_pipeline_debugger.engine.rules import load_heuristics
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import load_topology
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.trigger.capture import dbt_paths

REPO_ROOT = Path(__file__).resolve().parents[3]
DAG_FILE = REPO_ROOT / "example_dags" / "dbt_failures.py"
DBT = Path(os.environ.get("DBT_BIN", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))

#: task id → (category, root-cause rule): the expected.toml entries of this DAG.
EXPECTED = {
    "orders_not_null": ("data", "dbt.test_failure"),
    "orders_unique": ("data", "dbt.test_failure"),
    "customers_renamed_column": ("data", "dbt.missing_column"),
    "fct_orders_bad_ref": ("code", "dbt.missing_ref"),
    "fct_orders_jinja_error": ("code", "dbt.compile_error"),
}

pytestmark = [
    pytest.mark.timeout(900),
    pytest.mark.skipif(not DBT.exists(), reason=f"dbt is not installed at {DBT}"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    """The DAG as a DagBag parses it, with the demo data folder pointed at a temp dir."""
    from airflow.dag_processing.dagbag import DagBag

    data = tmp_path_factory.mktemp("demo-data")
    previous = os.environ.get("PIPELINE_DEBUGGER_DEMO_DATA")
    os.environ["PIPELINE_DEBUGGER_DEMO_DATA"] = str(data)
    try:
        bag = DagBag(dag_folder=str(DAG_FILE))
        assert not bag.import_errors, bag.import_errors
        yield bag.dags["example_dbt_failures"], data / "dbt"
    finally:
        if previous is None:
            os.environ.pop("PIPELINE_DEBUGGER_DEMO_DATA", None)
        else:
            os.environ["PIPELINE_DEBUGGER_DEMO_DATA"] = previous


def run_bash(task: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(task.env or {})}
    return subprocess.run(
        ["bash", "-c", task.bash_command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_dag_declares_every_scenario_with_its_prepare_step(demo: tuple[Any, Path]) -> None:
    dag, work_root = demo
    assert dag is not None and dag.dag_id == "example_dbt_failures"
    assert {t for t in dag.task_dict if not t.startswith("prepare_")} == set(EXPECTED)
    for task_id in EXPECTED:
        build = dag.get_task(task_id)
        assert build.upstream_task_ids == {f"prepare_{task_id}"}
        assert build.bash_command.count(" build ") == 1
        assert f"--target-path {work_root / task_id / 'target'}" in build.bash_command


@pytest.mark.parametrize("task_id", sorted(EXPECTED))
def test_task_fails_for_real_and_the_runner_view_finds_the_cause(
    demo: tuple[Any, Path], task_id: str, tmp_path: Path
) -> None:
    dag, work_root = demo
    prepare, build = dag.get_task(f"prepare_{task_id}"), dag.get_task(task_id)
    prepared = run_bash(prepare, tmp_path)
    assert prepared.returncode == 0, prepared.stdout[-2000:] + prepared.stderr[-2000:]
    failed = run_bash(build, tmp_path)
    assert failed.returncode != 0, failed.stdout[-2000:]

    log = tmp_path / "task.log"
    log.write_text(failed.stdout + failed.stderr)
    paths = dbt_paths(build.bash_command, env=build.env)
    context = FailureContext(
        key=TaskKey(dag_id=dag.dag_id, run_id="manual__1", task_id=task_id, try_number=1),
        operator="BashOperator",
        command=build.bash_command,
    )
    request = CollectionRequest(
        context=context,
        files=FileAccess({"*": [tmp_path], "dbt": [work_root]}),
        logs=[LogSource(name="task log (try 1)", source="airflow task log", path=log)],
        artifact_paths=[Path(paths["target_path"])],
    )
    result = run_investigation(
        request, InMemorySink(), llm=None, topology=load_topology(), heuristics=load_heuristics({})
    )
    category, rule = EXPECTED[task_id]
    assert (result.category.value, result.root_cause.rule_id) == (category, rule), result.root_cause.title
    assert result.root_cause.confidence >= 50
    assert any("dbt" in c for c in result.remediation.diagnostic_commands)
