"""The manifest diff over the failing node's ancestry, its git commits, and the adapter that runs them."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from airflow_pipeline_debugger.adapters.dbt import DbtAdapter
from airflow_pipeline_debugger.adapters.dbt.artifacts import ArtifactError, ManifestEntries
from airflow_pipeline_debugger.adapters.dbt.git_log import commits_touching
from airflow_pipeline_debugger.adapters.dbt.state_diff import ancestry, diff_states
from airflow_pipeline_debugger.domain import (
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    PipelineType,
    TaskKey,
)
from airflow_pipeline_debugger.evidence.files import FileAccess
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.evidence.request import CollectionRequest

SCHEMA = "https://schemas.getdbt.com/dbt/manifest/v12.json"


def node(
    name: str, sql: str, columns: tuple[str, ...] = (), parents: tuple[str, ...] = (), **kw: Any
) -> dict:
    package = kw.get("package", "shop")
    kind = kw.get("kind", "model")
    return {
        "unique_id": f"{kind}.{package}.{name}",
        "resource_type": kind,
        "name": name,
        "package_name": package,
        "original_file_path": f"models/{name}.sql",
        "raw_code": sql,
        "checksum": {"name": "sha256", "checksum": str(abs(hash(sql)))},
        "columns": {c: {"name": c} for c in columns},
        "depends_on": {"nodes": list(parents), "macros": list(kw.get("macros", ()))},
    }


def manifest(*nodes: dict, generated: str = "2026-12-01T10:00:00Z", dbt: str = "1.10.0", macros=()) -> dict:
    return {
        "metadata": {
            "dbt_schema_version": SCHEMA,
            "dbt_version": dbt,
            "generated_at": generated,
            "project_name": "shop",
        },
        "nodes": {n["unique_id"]: n for n in nodes},
        "sources": {},
        "macros": {m["unique_id"]: m for m in macros},
    }


def macro(name: str, sql: str, package: str) -> dict:
    return {
        "unique_id": f"macro.{package}.{name}",
        "resource_type": "macro",
        "name": name,
        "package_name": package,
        "macro_sql": sql,
        "depends_on": {"macros": []},
    }


STG = node("stg_customers", "select customer_id, email from raw", ("customer_id", "email"))
DIM = node(
    "dim_customers",
    "select c.customer_id, c.email from {{ ref('stg_customers') }} c",
    ("customer_id", "email"),
    ("model.shop.stg_customers",),
    macros=("macro.utils.star",),
)
OTHER = node("stg_orders", "select order_id from raw", ("order_id",))
STAR = macro("star", "{% macro star() %}*{% endmacro %}", "utils")
BASE = manifest(STG, DIM, OTHER, macros=[STAR])


def changed(**edits: Any) -> dict:
    """The base manifest with per-node edits (``stg_customers={...}``), written later."""
    after = copy.deepcopy(BASE)
    after["metadata"]["generated_at"] = "2026-12-02T10:00:00Z"
    for name, patch in edits.items():
        key = next(k for k in [*after["nodes"], *after["macros"]] if k.endswith("." + name))
        table = after["nodes"] if key in after["nodes"] else after["macros"]
        if patch is None:
            del table[key]
        else:
            table[key].update(patch)
    return after


def entries(data: dict, *, partial: bool = False) -> ManifestEntries:
    text = json.dumps(data, indent=2)
    return ManifestEntries(text, full_parse_limit=10 if partial else len(text))


ROOT = ["model.shop.dim_customers"]
STG_ID = "model.shop.stg_customers"


@pytest.mark.parametrize("partial", [False, True], ids=["decoded", "indexed"])
@pytest.mark.parametrize(
    ("case", "after", "columns", "expect"),
    [
        (
            "column dropped (YAML and SQL)",
            changed(
                stg_customers={
                    "raw_code": "select customer_id from raw",
                    "checksum": {"checksum": "2"},
                    "columns": {"customer_id": {}},
                }
            ),
            ["email"],
            {STG_ID: {"columns_removed": ["email"], "dropped_from_code": ["email"], "code_changed": True}},
        ),
        (
            "column dropped from SQL only",
            changed(stg_customers={"raw_code": "select customer_id from raw", "checksum": {"checksum": "2"}}),
            ["email"],
            {STG_ID: {"columns_removed": [], "dropped_from_code": ["email"], "code_changed": True}},
        ),
        (
            "column renamed",
            changed(
                stg_customers={
                    "raw_code": "select customer_id, email_address from raw",
                    "checksum": {"checksum": "2"},
                    "columns": {"customer_id": {}, "email_address": {}},
                }
            ),
            ["email"],
            {STG_ID: {"columns_removed": ["email"], "columns_added": ["email_address"]}},
        ),
        (
            "ancestor changed but kept the column",
            changed(
                stg_customers={
                    "raw_code": "select customer_id, lower(email) as email from raw",
                    "checksum": {"checksum": "2"},
                }
            ),
            ["email"],
            {STG_ID: {"code_changed": True, "columns_removed": [], "dropped_from_code": []}},
        ),
        ("ancestor unchanged", changed(), ["email"], {}),
        (
            "a node outside the ancestry changed",
            changed(stg_orders={"raw_code": "select 1", "checksum": {"checksum": "9"}}),
            [],
            {},
        ),
        (
            "parent removed from the project",
            changed(stg_customers=None),
            ["email"],
            {STG_ID: {"status": "removed", "columns_removed": ["customer_id", "email"]}},
        ),
    ],
)
def test_ancestor_changes(case: str, after: dict, columns: list[str], expect: dict, partial: bool) -> None:
    diff = diff_states(entries(BASE, partial=partial), entries(after, partial=partial), ROOT, columns)
    found = {c.unique_id: c.to_json() for c in diff.changes}
    assert set(found) == set(expect), case
    for uid, fields in expect.items():
        for key, value in fields.items():
            assert found[uid][key] == value, (case, key)
    if expect:
        assert all(found[uid]["distance"] == 1 for uid in expect)


def test_a_bumped_package_is_summed_up_per_package_not_listed_as_project_changes() -> None:
    after = changed(star={"macro_sql": "{% macro star() %}a, b{% endmacro %}"})
    diff = diff_states(entries(BASE), entries(after), ROOT)
    assert diff.changes == ()
    assert [p.to_json() for p in diff.packages] == [{"package": "utils", "changed": 1, "examples": ["star"]}]


def test_a_dbt_upgrade_is_named() -> None:
    after = changed()
    after["metadata"]["dbt_version"] = "1.11.0"
    diff = diff_states(entries(BASE), entries(after), ROOT)
    assert diff.dbt_version_changed
    assert "dbt 1.10.0 -> 1.11.0" in diff.text()


def test_the_walk_is_capped_and_says_so() -> None:
    chain = [node("m0", "select 1")]
    for i in range(1, 30):
        chain.append(node(f"m{i}", f"select {i}", parents=(f"model.shop.m{i - 1}",)))
    found, cut = ancestry(entries(manifest(*chain)), ["model.shop.m29"], limit=10)
    assert cut and len(found) == 10
    assert found["model.shop.m29"][1] == 0 and found["model.shop.m20"][1] == 9


@pytest.mark.parametrize(
    ("case", "text"),
    [
        ("not JSON", "{not json"),
        ("a list", "[1, 2]"),
        ("no nodes", json.dumps({"metadata": {"dbt_schema_version": SCHEMA}})),
        (
            "another artifact",
            json.dumps(
                {"metadata": {"dbt_schema_version": SCHEMA.replace("manifest", "catalog")}, "nodes": {}}
            ),
        ),
        ("nested too deep", "[" * 100_000 + "]" * 100_000),
    ],
)
def test_hostile_manifests_are_refused_with_a_reason(case: str, text: str) -> None:
    with pytest.raises(ArtifactError):
        ManifestEntries(text)


def test_hostile_entries_are_skipped_not_trusted() -> None:
    """Wrong types, cycles, a key quoted inside a string and an entry filed under another id."""
    liar = node("stg_customers", "select 1")
    liar["unique_id"] = "model.shop.other"
    cyclic = node("a", "select 1", parents=("model.shop.b",))
    cyclic_b = node("b", "select 1", parents=("model.shop.a",))
    odd = node("dim_customers", 'select "model.shop.ghost": {', parents=("model.shop.stg_customers", 7, None))
    odd["columns"] = ["not", "a", "mapping"]
    odd["depends_on"]["nodes"] += ["model.shop.a", "model.shop.ghost"]
    data = manifest(odd, cyclic, cyclic_b)
    data["nodes"]["model.shop.stg_customers"] = liar
    for partial in (False, True):
        found, cut = ancestry(entries(data, partial=partial), ROOT)
        assert set(found) == {"model.shop.dim_customers", "model.shop.a", "model.shop.b"}, partial
        assert not cut


def git(repo: Path, *args: str, when: str = "") -> None:
    env = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when} if when else {}
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Ann Analyst", "-c", "user.email=ann@example.com", *args],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(repo), **env},
    )


def test_git_log_names_the_commit_in_the_window(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    (repo / "models").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "models" / "stg.sql").write_text("select 1 as a, 2 as email")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first", when="2026-12-01T09:00:00+00:00")
    (repo / "models" / "stg.sql").write_text("select 1 as a")
    git(repo, "commit", "-qam", "Drop email from stg", when="2026-12-01T12:00:00+00:00")
    (repo / "models" / "other.sql").write_text("select 3")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "unrelated", when="2026-12-01T13:00:00+00:00")

    found = commits_touching(
        repo,
        ["models/stg.sql"],
        datetime(2026, 12, 1, 10, tzinfo=UTC),
        datetime(2026, 12, 2, tzinfo=UTC),
    )
    assert found.error == ""
    assert [(c.subject, c.author, c.files) for c in found.commits] == [
        ("Drop email from stg", "Ann Analyst", ("models/stg.sql",))
    ]


def test_commit_text_is_redacted(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "model.sql").write_text("select 1")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Load from postgres://ann:s3cretpass@db/x")
    [commit] = commits_touching(repo, ["model.sql"], None, None).commits
    assert "s3cretpass" not in commit.subject and "postgres://ann:" in commit.subject


def test_a_repository_config_cannot_make_git_log_run_a_program(tmp_path: Path) -> None:
    """``log.showSignature`` makes ``git log`` start ``gpg.program`` on a signed commit."""
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "model.sql").write_text("select 1")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    (repo / "model.sql").write_text("select 2")
    git(repo, "add", ".")
    head = [
        subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
        ).stdout.strip()
        for args in (["rev-parse", "HEAD"], ["write-tree"])
    ]
    signed = (
        f"tree {head[1]}\nparent {head[0]}\nauthor Eve <e@x> 1764590400 +0000\n"
        "committer Eve <e@x> 1764590400 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n"
        " -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    sha = subprocess.run(
        ["git", "-C", str(repo), "hash-object", "-t", "commit", "-w", "--stdin"],
        input=signed,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    git(repo, "update-ref", "HEAD", sha)
    witness = tmp_path / "program-ran"
    program = tmp_path / "gpg"
    program.write_text(f"#!/bin/sh\ntouch {witness}\n")
    program.chmod(0o755)
    git(repo, "config", "gpg.program", str(program))
    git(repo, "config", "log.showSignature", "true")
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {witness}\n")
    hook.chmod(0o755)

    found = commits_touching(repo, ["model.sql"], None, None)
    assert [c.subject for c in found.commits] == ["signed", "first"]
    assert not witness.exists()


@pytest.mark.parametrize(
    ("case", "paths", "error"),
    [
        ("not a checkout", ["models/x.sql"], "not a git repository"),
        ("path escapes the project", ["../../etc/passwd", "/etc/passwd"], "no project-relative file"),
    ],
)
def test_git_log_answers_empty_with_the_reason(
    tmp_path: Path, case: str, paths: list[str], error: str
) -> None:
    found = commits_touching(tmp_path, paths, None, None)
    assert found.commits == () and error in found.error.lower(), case


def run_results(generated: str) -> dict:
    return {
        "metadata": {
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
            "generated_at": generated,
        },
        "results": [
            {
                "unique_id": "model.shop.dim_customers",
                "status": "error",
                "message": 'Binder Error: Table "c" does not have a column named "email"',
            }
        ],
        "args": {"which": "build"},
    }


def collect_with_state(tmp_path: Path, state: dict, *, state_root: Path | None = None) -> EvidenceBundle:
    """The adapter on a project whose ``--state`` folder holds ``state`` and whose target the failure."""
    project = tmp_path / "project"
    (project / "target").mkdir(parents=True)
    (project / "state").mkdir()
    failing = changed(stg_customers={"checksum": {"checksum": "2"}, "columns": {"customer_id": {}}})
    (project / "target" / "manifest.json").write_text(json.dumps(failing))
    (project / "target" / "run_results.json").write_text(json.dumps(run_results("2026-12-02T10:01:00Z")))
    (project / "state" / "manifest.json").write_text(json.dumps(state))
    request = CollectionRequest(
        context=FailureContext(
            key=TaskKey(task_id="dbt_build"),
            operator="BashOperator",
            command=f"cd {project} && dbt build --state state",
        ),
        files=FileAccess({"dbt": [state_root or project]}),
        artifact_paths=[project / "target"],
    )
    bundle = EvidenceBundle(context=request.context, pipeline_type=PipelineType.DBT)
    DbtAdapter().collect(request, bundle)
    return bundle


def test_the_adapter_compares_the_state_manifest_and_keeps_the_diff_as_evidence(tmp_path: Path) -> None:
    bundle = collect_with_state(tmp_path, BASE)
    diff = bundle.facts["dbt"]["state_diff"]
    assert diff["roots"] == ["model.shop.dim_customers"]
    [stg] = diff["changes"]
    assert (stg["name"], stg["columns_removed"], stg["code_changed"]) == ("stg_customers", ["email"], True)
    assert diff["commit_lookup"].startswith("git log in")  # the folder is no checkout: no commits
    evidence = bundle.evidence_by_id(diff["evidence_id"])
    assert evidence.kind == EvidenceKind.DIFF and evidence.source.endswith("state/manifest.json")
    assert "columns dropped: email" in evidence.content


def test_each_change_says_which_lines_of_the_diff_evidence_are_about_it(tmp_path: Path) -> None:
    """Rules cite the diff line by line: the numbers in the facts are the stored evidence's own."""
    bundle = collect_with_state(tmp_path, BASE)
    diff = bundle.facts["dbt"]["state_diff"]
    [stg] = diff["changes"]
    stored = dict(numbered_lines(bundle.evidence_by_id(diff["evidence_id"])))
    said = {what: stored[number] for number, what in stg["lines"]}
    assert said["node"].startswith("model stg_customers (models/stg_customers.sql): modified")
    assert said["columns dropped"] == "  columns dropped: email"
    # The header lines above (previous state, failing run, ancestors compared) belong to no change.
    assert min(number for number, _ in stg["lines"]) == 4


@pytest.mark.parametrize(
    ("case", "state", "outside", "reason"),
    [
        ("state written after the failure", changed(), False, "not written before the failing run"),
        ("state is not a manifest", {"metadata": {}}, False, "unusable"),
        ("state outside the allowed roots", BASE, True, "was not read"),
    ],
)
def test_a_state_manifest_that_cannot_be_a_previous_state_is_not_compared(
    tmp_path: Path, case: str, state: dict, outside: bool, reason: str
) -> None:
    if case == "state written after the failure":
        state = copy.deepcopy(state)
        state["metadata"]["generated_at"] = "2026-12-03T00:00:00Z"
    bundle = collect_with_state(
        tmp_path, state, state_root=tmp_path / "project" / "target" if outside else None
    )
    assert "state_diff" not in bundle.facts.get("dbt", {}), case
    errors = [e.content for e in bundle.evidence if e.kind == EvidenceKind.COLLECTION_ERROR]
    assert any(reason in e for e in errors), (case, errors)
