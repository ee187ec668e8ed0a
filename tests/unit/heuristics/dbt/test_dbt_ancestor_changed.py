"""``dbt.ancestor_changed`` on hand-built bundles: one row per way the diff and the error relate."""

from __future__ import annotations

from typing import Any

import pytest

from airflow_pipeline_debugger.domain import (
    Category,
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    FailureContext,
    PipelineType,
    Signal,
    TaskKey,
)
from airflow_pipeline_debugger.heuristics.dbt.ancestor_changed import AncestorChanged

COMMIT = {
    "sha": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
    "short": "a1b2c3d4e5",
    "author": "Ann Analyst",
    "committed_at": "2026-12-01T12:00:00+00:00",
    "subject": "Drop email from stg_customers",
    "files": ["models/staging/stg_customers.sql"],
}


def change(**kw: Any) -> dict[str, Any]:
    return {
        "unique_id": "model.shop.stg_customers",
        "resource_type": "model",
        "name": "stg_customers",
        "path": "models/staging/stg_customers.sql",
        "status": "modified",
        "distance": 1,
        "code_changed": True,
        "columns_removed": [],
        "columns_added": [],
        "dropped_from_code": [],
        "commits": [],
        **kw,
    }


def column_error(column: str = "email") -> Signal:
    attrs = {"column": column, "model": "dim_customers", "unique_id": "model.shop.dim_customers"}
    return Signal("dbt.missing_column", f"column '{column}' not found in dim_customers", "E1", (), attrs)


def relation_error(relation: str) -> Signal:
    attrs = {"relation": relation, "model": "dim_customers", "unique_id": "model.shop.dim_customers"}
    return Signal("dbt.missing_relation", f"relation '{relation}' does not exist", "E1", (), attrs)


def bundle(signal: Signal, changes: list[dict[str, Any]] | None) -> EvidenceBundle:
    facts: dict[str, Any] = {"project_dir": "/srv/dbt"}
    if changes is not None:
        facts["state_diff"] = {
            "previous_generated_at": "2026-12-01T10:00:00+00:00",
            "changes": changes,
            "evidence_id": "D1",
        }
    return EvidenceBundle(
        context=FailureContext(key=TaskKey(task_id="dbt_build")),
        pipeline_type=PipelineType.DBT,
        signals=[signal],
        facts={"dbt": facts},
    )


@pytest.mark.parametrize(
    ("case", "signal", "changes", "expect"),
    [
        (
            "column dropped from the YAML, with its commit",
            column_error(),
            [change(columns_removed=["email"], commits=[COMMIT])],
            {"likelihood": 95, "in_title": ["stg_customers", "'email'", "a1b2c3d4e5", "Drop email"]},
        ),
        (
            "column dropped from the SQL only, no git history",
            column_error("EMAIL"),
            [change(dropped_from_code=["email"])],
            {"likelihood": 92, "in_title": ["stg_customers", "'EMAIL'"]},
        ),
        (
            "column renamed upstream",
            column_error(),
            [change(columns_removed=["email"], columns_added=["email_address"], commits=[COMMIT])],
            {"likelihood": 95, "in_title": ["dropped column 'email'"]},
        ),
        (
            "parent removed, relation missing",
            relation_error('"warehouse"."main"."stg_customers"'),
            [change(status="removed", commits=[COMMIT])],
            {"likelihood": 95, "in_title": ["stg_customers was removed", "a1b2c3d4e5"]},
        ),
        (
            "ancestor changed, error names something else",
            column_error("phone"),
            [change(columns_removed=["email"])],
            {"likelihood": 70, "in_title": ["upstream of dim_customers"], "weak": True},
        ),
        ("ancestor unchanged", column_error(), [], None),
        ("only the failing model itself changed", column_error(), [change(distance=0)], None),
        ("no previous state", column_error(), None, None),
    ],
)
def test_ancestor_changed(
    case: str, signal: Signal, changes: list[dict[str, Any]] | None, expect: dict[str, Any] | None
) -> None:
    rule = AncestorChanged()
    found = rule.evaluate(bundle(signal, changes)) if rule.applies(bundle(signal, changes)) else None
    if expect is None:
        assert found is None, case
        return
    assert found is not None, case
    assert found.category == Category.CODE, case
    assert found.likelihood == expect["likelihood"], case
    for text in expect["in_title"]:
        assert text in found.title, (case, found.title)
    assert "D1" in found.evidence_ids
    if expect.get("weak"):
        assert found.supersedes == (), case
    else:
        assert "dbt.missing_column" in found.supersedes
        assert "dim_customers" in found.summary


def test_the_commit_is_offered_as_the_revert() -> None:
    found = AncestorChanged().evaluate(
        bundle(column_error(), [change(columns_removed=["email"], commits=[COMMIT])])
    )
    assert found is not None
    codes = [block.code for block in found.immediate_fix_code]
    assert f"git revert {COMMIT['sha']}" in codes
    assert any(code.startswith("dbt build --select stg_customers+") for code in codes)
    assert ("commit", 'a1b2c3d4e5 "Drop email from stg_customers" by Ann Analyst') in found.details


DIFF_TEXT = """previous state: manifest generated 2026-12-01T10:00:00+00:00 (dbt 1.10.0)
failing run:    manifest generated 2026-12-01T13:00:00+00:00 (dbt 1.10.0)
ancestors of model.shop.dim_customers compared: 4
model stg_customers (models/staging/stg_customers.sql): modified, code
  columns dropped: email, email_verified
  columns added: email_address
  commit a1b2c3d4e5 2026-12-01T12:00:00+00:00 Ann Analyst: Drop email from stg_customers
  commit 0f9e8d7c6b 2026-12-01T11:00:00+00:00 Ann Analyst: Reformat stg_customers
commits: git log in /srv/dbt"""
DIFF_LINES = [[4, "node"], [5, "columns dropped"], [6, "columns added"], [7, "commit"], [8, "commit"]]


@pytest.mark.parametrize(
    ("case", "signal", "cited"),
    [
        # Not the added 'email_address' (line 6) nor the older commit (line 8).
        ("the dropped column: its node, its line and the newest commit", column_error(), [4, 5, 7]),
        # 'verified' is only inside the dropped 'email_verified': a lead, not the column's line.
        ("a name inside a dropped column: the node and its commit", column_error("verified"), [4, 7]),
    ],
)
def test_the_finding_cites_the_diff_lines_it_rests_on(case: str, signal: Signal, cited: list[int]) -> None:
    found_bundle = bundle(
        signal, [change(columns_removed=["email", "email_verified"], commits=[COMMIT], lines=DIFF_LINES)]
    )
    found_bundle.evidence.append(
        Evidence(
            id="D1",
            kind=EvidenceKind.DIFF,
            name="dbt project changes since the --state manifest",
            source="/srv/dbt/state/manifest.json",
            content=DIFF_TEXT,
        )
    )
    found = AncestorChanged().evaluate(found_bundle)
    assert found is not None, case
    stored = DIFF_TEXT.splitlines()
    assert list(found.measured) == [(f"D1:L{n}", stored[n - 1].strip()) for n in cited], case


def test_without_the_diff_evidence_nothing_is_cited_as_measured() -> None:
    found = AncestorChanged().evaluate(
        bundle(column_error(), [change(columns_removed=["email"], commits=[COMMIT], lines=DIFF_LINES)])
    )
    assert found is not None and found.measured == ()
