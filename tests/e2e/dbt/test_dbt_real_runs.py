"""Real dbt (dbt-core + dbt-duckdb) breaks the demo project; the adapter and rules explain each run.

Every scenario copies ``example_dags/dbt_project`` to a temp folder and runs ``dbt build`` through
``eval/generators/generate_dbt.py``, so these tests check the parser against what this dbt version
actually writes today, not against stored fixtures.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.dbt import DbtAdapter
from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    PipelineType,
    TaskKey,
)
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.heuristics.dbt import RULES

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

from eval.generators.generate_dbt import SCENARIOS, RunOutput, Scenario, dbt_executable, run_scenario  # noqa: E402

pytestmark = [
    pytest.mark.timeout(600),
    pytest.mark.skipif(not dbt_executable().exists(), reason=f"dbt is not installed at {dbt_executable()}"),
]

BY_NAME = {s.name: s for s in SCENARIOS}
#: What a suggested read-only check must leave as the failed run wrote it.
ARTIFACTS = ("run_results.json", "manifest.json")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., RunOutput]:
    """Each scenario run once for the module (dbt takes seconds per run on a small machine)."""
    cache: dict[str, RunOutput] = {}

    def run(name: str, scenario: Scenario | None = None) -> RunOutput:
        if name not in cache:
            cache[name] = run_scenario(scenario or BY_NAME[name], tmp_path_factory.mktemp(name))
        return cache[name]

    return run


def investigate(output: RunOutput, *, extra_logs: tuple[Path, ...] = ()) -> tuple[EvidenceBundle, list]:
    """What the collector does for a BashOperator running dbt: console log + project dir from the command."""
    workdir = output.project_dir.parent
    console = workdir / "task.log"
    console.write_text(output.console_log)
    logs = [console, *extra_logs]
    request = CollectionRequest(
        context=FailureContext(
            key=TaskKey(dag_id="demo", task_id="dbt_build"),
            operator="BashOperator",
            command=f"dbt build --project-dir {output.project_dir} --profiles-dir {output.project_dir}",
        ),
        files=FileAccess({"dbt": [output.project_dir], "logs": [workdir]}),
        logs=[LogSource(name=p.name, source=str(p), path=p) for p in logs],
    )
    adapter = DbtAdapter()
    assert adapter.applies(request)
    bundle = EvidenceBundle(context=request.context, pipeline_type=PipelineType.DBT)
    adapter.collect(request, bundle)
    findings = [f for rule in RULES if rule().applies(bundle) and (f := rule().evaluate(bundle)) is not None]
    findings.sort(key=lambda f: (-f.likelihood, -f.severity))
    return bundle, findings


def only(bundle: EvidenceBundle, code: str):
    hits = [s for s in bundle.signals_with(code) if "unique_id" in s.attributes or "model" in s.attributes]
    assert len(hits) == 1, [s.code for s in bundle.signals]
    return hits[0]


def test_clean_run_succeeds_and_says_nothing(runs):
    """The unbroken project builds; the adapter then finds no failure to explain."""
    output = runs("clean", Scenario("clean", "", "", "clean run", ()))
    assert output.returncode == 0, output.console_log
    bundle, findings = investigate(output)
    assert not bundle.signals
    assert findings == []
    assert bundle.facts["dbt"]["run_results"]["status_counts"] == {"success": 5, "pass": 13}


@pytest.mark.parametrize(
    ("scenario", "test_type", "column", "failures"),
    [
        ("nulls_in_orders", "not_null", "customer_id", 3),
        ("duplicate_orders", "unique", "order_id", 2),
        ("new_order_status", "accepted_values", "status", 1),
        ("orphan_customer", "relationships", "customer_id", 2),
    ],
)
def test_failing_data_tests(runs, scenario, test_type, column, failures):
    """Each generic test failure: test kind, model, column, failing rows, upstream source, DATA verdict."""
    output = runs(scenario)
    assert output.returncode == 1
    bundle, findings = investigate(output)
    a = only(bundle, "dbt.test_failed").attributes
    assert (a["test_type"], a["model"], a["column"], a["failures"]) == (
        test_type,
        "stg_orders",
        column,
        failures,
    )
    assert a["upstream_sources"] == ["raw.orders"]
    assert {e.kind for e in bundle.evidence} >= {EvidenceKind.DBT_RESULTS, EvidenceKind.DBT_MANIFEST}
    assert findings[0].rule_id == "dbt.test_failure"
    assert findings[0].category.value == "data"
    commands = DbtAdapter().diagnostic_commands(bundle)
    assert commands and not [c for c in commands if c.startswith("dbt test")]  # diagnostics only read
    [rebuild] = findings[0].immediate_fix_code  # re-running the tested model is the fix, flagged so
    assert rebuild.code.startswith("dbt build --select stg_orders+") and rebuild.changes_state


def test_upstream_renamed_column_is_drift(runs):
    """email renamed to email_address upstream: the manifest declares email on raw.customers ⇒ DATA."""
    bundle, findings = investigate(runs("upstream_renamed_column"))
    a = only(bundle, "dbt.missing_column").attributes
    assert (a["column"], a["model"]) == ("email", "stg_customers")
    assert a["declared_upstream"] == ["raw.customers"]
    assert a["candidates"] == ["email_address"]
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.missing_column", "data")
    assert [block.code for block in findings[0].change_code] == ["email_address as email"]


def test_model_selecting_a_column_nobody_has_is_code(runs):
    """fct_orders selects o.discount_amount, which no upstream declares ⇒ CODE."""
    bundle, findings = investigate(runs("model_selects_missing_column"))
    a = only(bundle, "dbt.missing_column").attributes
    assert (a["column"], a["model"]) == ("discount_amount", "fct_orders")
    assert a["declared_upstream"] == []
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.missing_column", "code")


def test_dropped_source_table(runs):
    """raw.payments dropped upstream: Catalog Error, the manifest knows it is a source ⇒ DATA."""
    bundle, findings = investigate(runs("missing_source_table"))
    a = only(bundle, "dbt.missing_relation").attributes
    assert (a["relation"], a["relation_kind"], a["model"]) == ("payments", "source", "stg_payments")
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.missing_relation", "data")


def test_bad_ref_names_the_intended_model(runs):
    """ref('stg_order'): compile-time error, the old manifest on disk suggests stg_orders."""
    output = runs("bad_ref")
    assert output.returncode == 2
    bundle, findings = investigate(output)
    a = only(bundle, "dbt.missing_ref").attributes
    assert (a["missing"], a["model"]) == ("stg_order", "fct_orders")
    assert bundle.facts["dbt"]["top_level_error"]["attributes"]["close_matches"][0] == "stg_orders"
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.missing_ref", "code")


def test_stale_artifacts_after_a_jinja_error(runs):
    """A failed test run, then a Jinja error: the old failing test is marked stale and not blamed."""
    output = runs("stale_artifacts_after_jinja_error")
    bundle, findings = investigate(output)
    assert not bundle.has_signal("dbt.test_failed")
    [stale] = bundle.signals_with("dbt.stale_artifacts")
    assert stale.attributes["artifact_failures"] == ["not_null_stg_orders_customer_id"]
    assert only(bundle, "dbt.compile_error").attributes["model"] == "fct_orders"
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.compile_error", "code")

    # dbt's own file log (logs/dbt.log) proves it by invocation id.
    bundle, _ = investigate(output, extra_logs=(output.project_dir / "logs" / "dbt.log",))
    check = bundle.facts["dbt"]["stale_artifacts"]
    assert check["basis"] == "invocation_id"
    assert "earlier invocation in this log" in check["reason"]


def test_config_failures(runs):
    """A read-only target is a permission problem; an unknown --target a profile problem (both CONFIG)."""
    _, findings = investigate(runs("readonly_warehouse"))
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.permission_denied", "config")
    _, findings = investigate(runs("missing_profile_target"))
    assert (findings[0].rule_id, findings[0].category.value) == ("dbt.profile_error", "config")
    assert "'prod'" in findings[0].title


@pytest.mark.parametrize(
    ("scenario", "expected_rows"),
    [("nulls_in_orders", 3), ("duplicate_orders", 2), ("new_order_status", 1), ("orphan_customer", 2)],
)
def test_suggested_dbt_show_returns_the_failing_rows(runs, scenario, expected_rows):
    """The suggested `dbt show --inline` really runs and shows exactly the offending rows."""
    output = runs(scenario)
    bundle, _ = investigate(output)
    [show] = [c for c in DbtAdapter().diagnostic_commands(bundle) if c.startswith("dbt show --inline")]
    env = {**os.environ, "DBT_DUCKDB_PATH": str(output.project_dir.parent / "warehouse.duckdb")}
    # `dbt show` writes run_results.json: the suggestion must leave the failed run's where it is.
    artifacts = {name: (output.project_dir / "target" / name).read_bytes() for name in ARTIFACTS}
    dbt = shlex.quote(str(dbt_executable()))
    result = subprocess.run(
        ["bash", "-c", f"{dbt} {show[len('dbt ') :]} --output json"],
        cwd=output.project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    assert len(payload["show"]) == expected_rows
    assert {name: (output.project_dir / "target" / name).read_bytes() for name in ARTIFACTS} == artifacts


@pytest.mark.parametrize(
    ("scenario", "rule", "category"),
    [
        ("nulls_in_orders", "dbt.test_failure", "data"),
        ("upstream_renamed_column", "dbt.missing_column", "data"),
        ("stale_artifacts_after_jinja_error", "dbt.compile_error", "code"),
    ],
)
def test_through_the_collector(runs, scenario, rule, category):
    """The shared collector (detection, one log scan, adapters) gives the rules the same story."""
    from airflow_pipeline_debugger.adapters.collect import collect_evidence

    output = runs(scenario)
    workdir = output.project_dir.parent
    console = workdir / "task.log"
    console.write_text(output.console_log)
    request = CollectionRequest(
        context=FailureContext(
            key=TaskKey(dag_id="demo", task_id="dbt_build"),
            operator="BashOperator",
            command=f"dbt build --project-dir {output.project_dir} --profiles-dir {output.project_dir}",
        ),
        files=FileAccess({"dbt": [output.project_dir], "logs": [workdir]}),
        logs=[LogSource(name="task.log", source=str(console), path=console)],
    )
    bundle = collect_evidence(request, [DbtAdapter()])
    assert bundle.pipeline_type == PipelineType.DBT
    assert not [e for e in bundle.evidence if e.kind == EvidenceKind.COLLECTION_ERROR]
    log_evidence = next(e for e in bundle.evidence if e.kind == EvidenceKind.LOG)
    findings = [f for r in RULES if r().applies(bundle) and (f := r().evaluate(bundle)) is not None]
    findings.sort(key=lambda f: (-f.likelihood, -f.severity))
    assert (findings[0].rule_id, findings[0].category.value) == (rule, category)
    assert findings[0].evidence, "the finding cites no log line"
    assert all(line.evidence_id in {e.id for e in bundle.evidence} for line in findings[0].evidence)
    assert any(line.evidence_id == log_evidence.id for s in bundle.signals for line in s.lines)
    assert bundle.diagnostic_commands
    assert bundle.briefings == [DbtAdapter.briefing]
