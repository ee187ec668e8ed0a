"""Real dbt in a git checkout: a commit drops a column from a model, and the model downstream fails.

The demo project (``eval/generators/generate_dbt.py`` copies it) becomes a git repository. The task's
command is the usual state-keeping one: ``dbt build --state state`` and, when it succeeds, a copy of
``target/manifest.json`` into ``state/``. One build succeeds; then a commit drops ``email`` from
``stg_customers`` (SQL and YAML) and the same command fails in ``fct_orders``, which still selects
``c.email`` (``dim_customers``, which does too, is skipped after it). The investigation, given what
the runner has (the command, the task's output, the artifact paths, file access limited to the
project), must name the changed model, the column and the commit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import FailureContext, TaskKey
from airflow_pipeline_debugger.engine.pipeline import run_investigation
from airflow_pipeline_debugger.engine.report import render_markdown
from airflow_pipeline_debugger.engine.rules import load_heuristics
from airflow_pipeline_debugger.engine.sink import InMemorySink
from airflow_pipeline_debugger.engine.topology import load_topology
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

from eval.generators.generate_dbt import dbt_executable, prepare_project  # noqa: E402

pytestmark = [
    pytest.mark.timeout(600),
    pytest.mark.skipif(not dbt_executable().exists(), reason=f"dbt is not installed at {dbt_executable()}"),
]


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(project), "-c", "user.name=Ann Analyst", "-c", "user.email=ann@example.com", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_a_commit_dropping_a_column_is_named_when_a_downstream_model_fails(tmp_path: Path) -> None:
    project, env = prepare_project(tmp_path)
    dbt = dbt_executable()
    command = (
        f"cd {project} && {dbt} build --profiles-dir . --state state "
        "&& mkdir -p state && cp target/manifest.json state/"
    )
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "Demo project")
    loaded = subprocess.run(
        [str(dbt), "run-operation", "load_raw", "--profiles-dir", ".", "--project-dir", "."],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stdout[-2000:]
    ok = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout[-3000:] + ok.stderr[-2000:]
    assert (project / "state" / "manifest.json").is_file()

    stg = project / "models" / "staging" / "stg_customers.sql"
    stg.write_text(stg.read_text().replace("    last_name,\n    email\n", "    last_name\n"))
    schema = project / "models" / "staging" / "schema.yml"
    schema.write_text(schema.read_text().replace("      - name: email\n        data_tests: [not_null]\n", ""))
    git(project, "commit", "-qam", "Drop email from stg_customers")
    sha = git(project, "rev-parse", "HEAD")

    failed = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, check=False)
    assert failed.returncode != 0, failed.stdout[-3000:]
    log = tmp_path / "task.log"
    log.write_text(failed.stdout + failed.stderr)

    request = CollectionRequest(
        context=FailureContext(
            key=TaskKey(dag_id="shop", run_id="manual__2", task_id="dbt_build", try_number=1),
            operator="BashOperator",
            command=command,
        ),
        files=FileAccess({"dbt": [project], "logs": [tmp_path]}),
        logs=[LogSource(name="task log (try 1)", source="airflow task log", path=log)],
        artifact_paths=[project / "target"],
    )
    sink = InMemorySink()
    result = run_investigation(
        request, sink, llm=None, topology=load_topology(), heuristics=load_heuristics({})
    )

    cause = result.root_cause
    assert (result.category.value, cause.rule_id) == ("code", "dbt.ancestor_changed"), cause.title
    for named in ("stg_customers", "'email'", sha[:10], "Drop email from stg_customers", "fct_orders"):
        assert named in cause.title, (named, cause.title)
    # The diff is evidence with its source, listed in the report next to the answer.
    [diff] = [e for e in sink.evidence if e.name == "dbt project changes since the --state manifest"]
    assert diff.source == str(project / "state" / "manifest.json")
    assert "columns dropped: email" in diff.content and f"commit {sha[:10]}" in diff.content
    # The answer cites the diff's own lines first: the model, the column it dropped, the commit.
    said = [fact["text"] for fact in cause.facts]
    assert {fact["cite"].split(":")[0] for fact in cause.facts} == {diff.id}, cause.facts
    assert said[0].startswith("model stg_customers") and said[-1].startswith(f"commit {sha[:10]}")
    assert {"columns dropped: email", "no longer in its SQL: email"} <= set(said), said
    report = render_markdown(result, context=request.context, evidence=sink.evidence)
    assert sha[:10] in report and "dbt project changes since the --state manifest" in report
