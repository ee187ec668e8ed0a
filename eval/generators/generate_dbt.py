"""Generate the dbt eval scenarios by running real dbt on the demo project.

Each scenario copies ``example_dags/dbt_project`` to a temporary folder, breaks it the way the
scenario says (the upstream writes bad raw data, a bad code change is applied, or the profile target
is wrong), runs ``dbt build`` exactly as a BashOperator would, and keeps what a failed Airflow task
leaves behind: the console log and ``target/run_results.json`` + ``manifest.json`` (trimmed to the
nodes an investigation reads, so the committed scenarios stay small).

    .venv/bin/python eval/generators/generate_dbt.py            # all scenarios into eval/scenarios/dbt/
    .venv/bin/python eval/generators/generate_dbt.py --only nulls_in_orders --out /tmp/x

The e2e tests import :func:`run_scenario` to check the adapter on fresh real output.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_DIR = REPO_ROOT / "example_dags" / "dbt_project"
DEFAULT_OUT = REPO_ROOT / "eval" / "scenarios" / "dbt"


def dbt_executable() -> Path:
    """The dbt CLI: ``$DBT_BIN`` or the repository's ``.venv-dbt`` (dbt pins protobuf below Airflow's)."""
    return Path(os.environ.get("DBT_BIN", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))


@dataclass(frozen=True)
class Scenario:
    """One way to make the demo project fail, and what the investigation must conclude."""

    name: str
    category: str
    root_cause_rule: str
    description: str
    root_cause_keywords: tuple[str, ...]
    fix_keywords: tuple[str, ...] = ()
    raw: str = "clean"
    patch: str = ""
    target: str = ""
    #: Run these steps first (raw scenario, patch) to leave older artifacts behind.
    before: tuple[tuple[str, str], ...] = ()
    #: SIGKILL ``dbt build`` as soon as it prints a line containing this (a process killed from
    #: outside: the log just stops, no error, no artifacts — the evidence is honestly thin).
    kill_at: str = ""


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "nulls_in_orders",
        "data",
        "dbt.test_failure",
        "The upstream delivered 3 orders without customer_id; not_null on stg_orders.customer_id fails.",
        ("not_null", "customer_id", "stg_orders", "raw.orders"),
        ("where", "customer_id"),
        raw="nulls",
    ),
    Scenario(
        "duplicate_orders",
        "data",
        "dbt.test_failure",
        "Two orders arrived twice from the upstream; unique on stg_orders.order_id fails with 2 rows.",
        ("unique", "order_id", "stg_orders"),
        ("dedup",),
        raw="dupes",
    ),
    Scenario(
        "new_order_status",
        "data",
        "dbt.test_failure",
        "The upstream introduced status 'refund_pending'; accepted_values on stg_orders.status fails.",
        ("accepted_values", "status", "stg_orders"),
        ("values",),
        raw="bad_status",
    ),
    Scenario(
        "orphan_customer",
        "data",
        "dbt.test_failure",
        "Orders reference customer 42, unknown to raw.customers; relationships test fails with 2 rows.",
        ("relationships", "customer_id", "stg_customers"),
        ("customer",),
        raw="orphans",
    ),
    Scenario(
        "upstream_renamed_column",
        "data",
        "dbt.missing_column",
        "The upstream renamed customers.email to email_address; stg_customers fails with a Binder Error.",
        ("email", "stg_customers", "raw.customers"),
        ("email_address",),
        raw="renamed_column",
    ),
    Scenario(
        "missing_source_table",
        "data",
        "dbt.missing_relation",
        "raw.payments was dropped upstream; stg_payments fails: Table with name payments does not exist.",
        ("payments", "stg_payments"),
        ("freshness",),
        raw="missing_table",
    ),
    Scenario(
        "bad_ref",
        "code",
        "dbt.missing_ref",
        "fct_orders refs 'stg_order' (typo); dbt stops at compile time.",
        ("stg_order", "fct_orders"),
        ("ref",),
        patch="bad_ref",
    ),
    Scenario(
        "jinja_syntax_error",
        "code",
        "dbt.compile_error",
        "An unbalanced '}}' in fct_orders; dbt stops parsing with a Compilation Error.",
        ("fct_orders", "unexpected"),
        ("jinja",),
        patch="jinja_error",
    ),
    Scenario(
        "model_selects_missing_column",
        "code",
        "dbt.missing_column",
        "fct_orders selects o.discount_amount, which stg_orders never had (not a drift: a code bug).",
        ("discount_amount", "fct_orders", "stg_orders"),
        ("discount_amount",),
        patch="code_missing_column",
    ),
    Scenario(
        "readonly_warehouse",
        "config",
        "dbt.permission_denied",
        "The target opens the warehouse read-only; the first CREATE is refused.",
        ("read-only", "readonly"),
        ("target",),
        target="readonly",
    ),
    Scenario(
        "missing_profile_target",
        "config",
        "dbt.profile_error",
        "The task runs dbt with --target prod, which profiles.yml does not define.",
        ("prod", "target"),
        ("profiles.yml",),
        target="prod",
    ),
    Scenario(
        "stale_artifacts_after_jinja_error",
        "code",
        "dbt.compile_error",
        "A failed test run left run_results.json behind; the next run died on a Jinja error and wrote none. "
        "The stale not_null failure must not be blamed.",
        ("fct_orders", "unexpected"),
        ("jinja",),
        raw="nulls",
        patch="jinja_error",
        before=(("nulls", ""),),
    ),
    Scenario(
        "killed_mid_run_no_error",
        "unknown",
        "",
        "dbt build was SIGKILLed from outside right after its first model started: the log stops "
        "without an error and no run_results.json was written. Nothing says why; the honest answer is "
        "unknown, with the exit signal and the host's kernel/container logs as the evidence gaps.",
        ("unknown", "evidence"),
        (),
        kill_at=" START ",
    ),
)


@dataclass
class RunOutput:
    """What one scenario run left behind."""

    scenario: Scenario
    project_dir: Path
    console_log: str
    returncode: int
    commands: list[str] = field(default_factory=list)

    @property
    def target_dir(self) -> Path:
        """The project's ``target/`` folder."""
        return self.project_dir / "target"


def _dbt(args: Sequence[str], project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(dbt_executable()), *args, "--profiles-dir", str(project), "--project-dir", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _dbt_killed_at(marker: str, args: Sequence[str], project: Path, env: dict[str, str]) -> tuple[str, int]:
    """Run dbt unbuffered and SIGKILL it once it prints ``marker``; (output so far, return code)."""
    proc = subprocess.Popen(
        [str(dbt_executable()), *args, "--profiles-dir", str(project), "--project-dir", str(project)],
        cwd=project,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line)
        if marker in line:
            proc.kill()
            break
    proc.stdout.close()
    return "".join(lines), proc.wait(timeout=60)


def _apply_patch(project: Path, patch: str) -> None:
    source = project / "scenario_patches" / patch
    if not source.is_dir():
        raise ValueError(f"unknown patch {patch!r}")
    shutil.copytree(source, project, dirs_exist_ok=True)


def prepare_project(workdir: Path) -> tuple[Path, dict[str, str]]:
    """Copy the demo project into ``workdir`` with its own DuckDB file; return it and dbt's env."""
    project = workdir / "dbt_project"
    shutil.copytree(PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "*.duckdb"))
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_NO_VERSION_CHECK": "1",
    }
    return project, env


def run_scenario(scenario: Scenario, workdir: Path) -> RunOutput:
    """Run one scenario for real in ``workdir``; the console log is the failing ``dbt build``'s output."""
    project, env = prepare_project(workdir)
    commands: list[str] = []
    loaded = ""
    for raw, patch in scenario.before:
        _dbt(["run-operation", "load_raw", "--vars", json.dumps({"scenario": raw})], project, env)
        loaded = raw
        if patch:
            _apply_patch(project, patch)
        _dbt(["build"], project, env)
        commands.append(f"dbt build  # after load_raw {raw}")
    # Reloading would run `dbt run-operation`, which writes its own run_results.json over the one the
    # earlier build left; the stale-artifact scenario needs that earlier file on disk.
    if scenario.raw != loaded:
        load = _dbt(
            ["run-operation", "load_raw", "--vars", json.dumps({"scenario": scenario.raw})], project, env
        )
        if load.returncode != 0:
            raise RuntimeError(f"load_raw failed for {scenario.name}:\n{load.stdout}\n{load.stderr}")
    if scenario.patch:
        _apply_patch(project, scenario.patch)
    build_args = ["build"] + (["--target", scenario.target] if scenario.target else [])
    commands.append("dbt " + " ".join(build_args))
    if scenario.kill_at:
        output, code = _dbt_killed_at(scenario.kill_at, build_args, project, env)
        commands[-1] += f"  # SIGKILLed at the first {scenario.kill_at.strip()!r} line"
        return RunOutput(scenario, project, output, code, commands)
    build = _dbt(build_args, project, env)
    return RunOutput(scenario, project, build.stdout + build.stderr, build.returncode, commands)


def trim_manifest(manifest: dict[str, Any], keep_ids: Iterable[str]) -> dict[str, Any]:
    """Keep the metadata and the named nodes with their parents, grandparents and tests."""
    nodes = {**manifest.get("nodes", {}), **manifest.get("sources", {})}
    keep = set(keep_ids)
    frontier = set(keep)
    for _ in range(2):
        parents = {p for uid in frontier for p in nodes.get(uid, {}).get("depends_on", {}).get("nodes", [])}
        frontier = parents - keep
        keep |= parents
    for uid in list(keep):
        keep.update(c for c in manifest.get("child_map", {}).get(uid, []) if c.startswith("test."))
    return {
        "metadata": manifest["metadata"],
        "nodes": {k: v for k, v in manifest.get("nodes", {}).items() if k in keep},
        "sources": {k: v for k, v in manifest.get("sources", {}).items() if k in keep},
        "parent_map": {k: v for k, v in manifest.get("parent_map", {}).items() if k in keep},
        "child_map": {k: v for k, v in manifest.get("child_map", {}).items() if k in keep},
    }


def _models_named_in(text: str, manifest: dict[str, Any]) -> set[str]:
    return {
        uid for uid, node in manifest.get("nodes", {}).items() if node.get("name") and node["name"] in text
    }


#: Where the committed artifacts say the project lived (the real temp folder varies per run).
STABLE_WORKDIR = "/opt/airflow/dbt"


def _anonymise(text: str, workdir: Path) -> str:
    return text.replace(str(workdir.resolve()), STABLE_WORKDIR).replace(str(workdir), STABLE_WORKDIR)


def export(output: RunOutput, dest: Path) -> None:
    """Write one scenario folder: ``label.toml``, ``logs/dbt_build.log``, ``artifacts/``.

    Temp paths become ``/opt/airflow/dbt`` and the anonymous dbt user id is blanked, so regenerating
    changes only timestamps and invocation ids.
    """
    scenario = output.scenario
    workdir = output.project_dir.parent
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "logs").mkdir(parents=True)
    (dest / "logs" / "dbt_build.log").write_text(_anonymise(output.console_log, workdir))
    artifacts = dest / "artifacts"
    artifacts.mkdir()
    results_path = output.target_dir / "run_results.json"
    manifest_path = output.target_dir / "manifest.json"
    keep: set[str] = set()
    if results_path.exists():
        results = json.loads(results_path.read_text())
        results["results"] = [
            r for r in results["results"] if r["status"] in {"error", "fail", "warn"}
        ] or results["results"][:3]
        keep = {r["unique_id"] for r in results["results"]}
        (artifacts / "run_results.json").write_text(_anonymise(json.dumps(results, indent=1), workdir))
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        keep |= _models_named_in(output.console_log, manifest)
        manifest["metadata"]["user_id"] = None
        trimmed = json.dumps(trim_manifest(manifest, keep), indent=1)
        (artifacts / "manifest.json").write_text(_anonymise(trimmed, workdir))
    label = [
        'platform = "dbt"',
        f'category = "{scenario.category}"',
        f'root_cause_rule = "{scenario.root_cause_rule}"',
        f"root_cause_keywords = {json.dumps(list(scenario.root_cause_keywords))}",
        f"fix_keywords = {json.dumps(list(scenario.fix_keywords))}",
        f"description = {json.dumps(scenario.description)}",
        f"generated_with = {json.dumps(' && '.join(output.commands))}",
        f"dbt_exit_code = {output.returncode}",
    ]
    (dest / "label.toml").write_text("\n".join(label) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", action="append", default=[], help="scenario name (repeatable)")
    args = parser.parse_args(argv)
    if not dbt_executable().exists():
        print(f"dbt not found at {dbt_executable()} (set DBT_BIN)", file=sys.stderr)
        return 2
    chosen = [s for s in SCENARIOS if not args.only or s.name in args.only]
    unknown = set(args.only) - {s.name for s in SCENARIOS}
    if unknown:
        print(f"unknown scenarios: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for scenario in chosen:
        with tempfile.TemporaryDirectory(prefix=f"dbt-{scenario.name}-") as tmp:
            output = run_scenario(scenario, Path(tmp))
            if output.returncode == 0:
                print(f"{scenario.name}: dbt succeeded, expected a failure", file=sys.stderr)
                return 1
            export(output, args.out / scenario.name)
            print(f"{scenario.name}: dbt exit {output.returncode} -> {args.out / scenario.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
