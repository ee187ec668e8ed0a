"""Parsing of run_results.json (v4-v6) and manifest.json (v10-v12), including hostile files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airflow_pipeline_debugger.adapters.dbt.artifacts import (
    ArtifactError,
    load_manifest,
    load_run_results,
    parse_node,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "dbt"
NOT_NULL = "test.pipeline_debugger_demo.not_null_stg_orders_customer_id.af79d5e4b5"


def text(name: str) -> str:
    return (FIXTURES / name).read_text()


class TestRunResults:
    @pytest.mark.parametrize(
        ("name", "version", "dbt_version", "has_sql"),
        [
            ("run_results_v4.json", 4, "1.4.9", False),
            ("run_results_v5.json", 5, "1.7.4", True),
            ("run_results_v6.json", 6, "1.11.16", True),
        ],
    )
    def test_every_schema_version_gives_the_failing_test(self, name, version, dbt_version, has_sql):
        """The failing not_null test, its count and message come out of every schema version."""
        results = load_run_results(text(name))
        assert results.meta.kind == "run-results"
        assert results.meta.schema_version == version
        assert results.meta.supported
        assert results.meta.dbt_version == dbt_version
        assert results.meta.invocation_id
        assert results.meta.generated_at is not None
        [failing] = results.failing()
        assert failing.unique_id == NOT_NULL
        assert failing.name == "not_null_stg_orders_customer_id"
        assert failing.resource_type == "test"
        assert failing.status == "fail"
        assert failing.failures == 3
        assert failing.message == "Got 3 results, configured to fail if != 0"
        assert bool(failing.compiled_code) is has_sql
        assert [t.name for t in failing.timing] == ["compile", "execute"]
        assert all(t.seconds is not None and t.seconds >= 0 for t in failing.timing)
        assert results.command == "build"
        assert results.status_counts()["fail"] == 1

    def test_result_for_and_counts(self):
        """Passing nodes are kept and findable; only error/fail count as failing."""
        results = load_run_results(text("run_results_v6.json"))
        model = results.result_for("model.pipeline_debugger_demo.stg_orders")
        assert model is not None
        assert model.status == "success"
        assert not model.failed
        assert results.result_for("model.nope.nope") is None
        assert set(results.status_counts()) == {"fail", "success", "skipped"}

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ('{"metadata": {}, "results": [', "not valid JSON"),
            ("[1, 2, 3]", "not a JSON object"),
            ('{"metadata": {}}', "no 'results' list"),
            ("", "not valid JSON"),
            ("\x00\x01\x02binary", "not valid JSON"),
            ("[" * 100_000, "nests too deeply"),
        ],
    )
    def test_malformed_input_is_a_clear_error(self, payload, message):
        """Truncated, wrong-shaped, binary or absurdly nested input raises ArtifactError saying why."""
        with pytest.raises(ArtifactError, match=message):
            load_run_results(payload)

    def test_truncated_real_file(self):
        """A real file cut in the middle (disk full, partial copy) is reported, not half-parsed."""
        whole = text("run_results_v6.json")
        with pytest.raises(ArtifactError, match="not valid JSON"):
            load_run_results(whole[: len(whole) // 2])

    def test_a_manifest_is_not_run_results(self):
        """Handing the manifest where run_results is expected names both kinds."""
        with pytest.raises(ArtifactError, match="expected a dbt run-results artifact, got manifest v12"):
            load_run_results(text("manifest_v12.json"))

    def test_unknown_newer_version_is_parsed_and_flagged(self):
        """A future v7 still parses (fields are stable) but is marked unsupported."""
        data = json.loads(text("run_results_v6.json"))
        data["metadata"]["dbt_schema_version"] = "https://schemas.getdbt.com/dbt/run-results/v7.json"
        results = load_run_results(json.dumps(data))
        assert results.meta.schema_version == 7
        assert not results.meta.supported
        assert results.failing()[0].failures == 3

    def test_odd_field_types_degrade_to_unknown(self):
        """Wrong types in optional fields become None/empty instead of raising."""
        payload = {
            "metadata": {"generated_at": 12, "invocation_id": None},
            "results": [
                {
                    "unique_id": "model.p.m",
                    "status": "error",
                    "failures": "3",
                    "execution_time": True,
                    "timing": 5,
                },
                {"status": "error"},
                "junk",
            ],
        }
        results = load_run_results(json.dumps(payload))
        [node] = results.results
        assert node.failures is None
        assert node.execution_time is None
        assert node.timing == ()
        assert results.meta.generated_at is None

    def test_huge_compiled_code_is_clipped(self):
        """A generated 1 MB query is cut with a marker instead of travelling whole."""
        data = json.loads(text("run_results_v6.json"))
        data["results"][0]["compiled_code"] = "select 1\n" * 120_000
        failing = load_run_results(json.dumps(data)).failing()[0]
        assert len(failing.compiled_code) < 9_000
        assert failing.compiled_code.endswith("more characters cut")


class TestManifest:
    @pytest.mark.parametrize(
        ("name", "version"), [("manifest_v10.json", 10), ("manifest_v11.json", 11), ("manifest_v12.json", 12)]
    )
    def test_test_metadata_model_and_upstream(self, name, version):
        """The failing test's kind, column and model, and the model's upstream source, in every version."""
        manifest = load_manifest(text(name), [NOT_NULL])
        assert manifest.meta.schema_version == version
        assert manifest.meta.project_name == "pipeline_debugger_demo"
        test = manifest.node(NOT_NULL)
        assert test is not None
        assert test.test_metadata is not None
        assert test.test_metadata.name == "not_null"
        assert test.test_metadata.column_name == "customer_id"
        assert test.attached_node == "model.pipeline_debugger_demo.stg_orders"
        assert test.severity == "ERROR"
        upstream = manifest.upstream(NOT_NULL)
        assert [n.name for n in upstream] == ["stg_orders"]
        [source] = manifest.upstream("model.pipeline_debugger_demo.stg_orders")
        assert source.resource_type == "source"
        assert source.display_name == "raw.orders"
        assert "customer_id" in source.columns

    def test_wanted_keeps_parents_grandparents_and_tests(self):
        """Selecting a model keeps its parents, their parents and the tests attached to it, nothing else."""
        manifest = load_manifest(text("manifest_v12.json"), ["model.pipeline_debugger_demo.stg_orders"])
        ids = set(manifest.nodes)
        assert "source.pipeline_debugger_demo.raw.orders" in ids
        assert NOT_NULL in ids
        assert "model.pipeline_debugger_demo.fct_orders" not in ids

    def test_by_name(self):
        """Log lines name nodes without ids; by_name finds them."""
        manifest = load_manifest(text("manifest_v12.json"))
        node = manifest.by_name("fct_orders")
        assert node is not None
        assert node.materialized == "table"
        assert "ref('stg_orders')" in node.raw_code
        assert manifest.by_name("fct_orders", "seed") is None

    def test_partial_read_matches_full_read(self):
        """Node-by-node decoding (large manifests) yields the same nodes as a full parse."""
        full = load_manifest(text("manifest_v12.json"), [NOT_NULL])
        partial = load_manifest(text("manifest_v12.json"), [NOT_NULL], full_parse_limit=1_000)
        assert partial.partial
        assert not full.partial
        for uid, node in partial.nodes.items():
            assert full.nodes[uid] == node
        assert {"model.pipeline_debugger_demo.stg_orders", "source.pipeline_debugger_demo.raw.orders"} <= set(
            partial.nodes
        )

    def test_sixty_megabyte_manifest_is_read_node_by_node(self):
        """A 60 MB manifest (thousands of models) is decoded only where needed."""
        data = json.loads(text("manifest_v12.json"))
        template = data["nodes"]["model.pipeline_debugger_demo.fct_orders"]
        filler = json.dumps(template)
        count = 60 * 1024 * 1024 // len(filler) + 1
        for i in range(count):
            node = dict(template, unique_id=f"model.pipeline_debugger_demo.filler_{i}", name=f"filler_{i}")
            data["nodes"][node["unique_id"]] = node
        big = json.dumps(data)
        assert len(big) > 60 * 1024 * 1024
        manifest = load_manifest(big, [NOT_NULL])
        assert manifest.partial
        assert len(manifest.nodes) == 3
        assert manifest.node(NOT_NULL).test_metadata.name == "not_null"

    @pytest.mark.parametrize(
        ("payload", "message"),
        [
            ('{"metadata": {"dbt_schema_version": "x"}, "nodes": {', "not valid JSON"),
            ('{"metadata": {}}', "no 'nodes' object"),
            ('"manifest"', "not a JSON object"),
            ("\x00\x01\x02binary", "not valid JSON"),
            ('{"nodes": ' + "[" * 100_000, "nests too deeply"),
        ],
    )
    def test_malformed_manifest(self, payload, message):
        """Broken manifests raise ArtifactError with the reason."""
        with pytest.raises(ArtifactError, match=message):
            load_manifest(payload)

    def test_malformed_large_manifest(self):
        """A large non-JSON blob fails the partial path with a clear error too."""
        with pytest.raises(ArtifactError, match="not a JSON object"):
            load_manifest("x" * 2_000, ["model.a.b"], full_parse_limit=1_000)
        with pytest.raises(ArtifactError, match="no readable 'metadata'"):
            load_manifest('{"nodes": {}}' + " " * 2_000, ["model.a.b"], full_parse_limit=1_000)

    def test_legacy_list_refs_and_sql_keys(self):
        """Pre-v10 nodes (refs as lists, raw_sql/compiled_sql) still parse."""
        node = parse_node(
            {
                "unique_id": "model.p.m",
                "name": "m",
                "refs": [["p", "parent"], ["other"]],
                "raw_sql": "select 1",
                "compiled_sql": "select 1",
                "sources": [["raw", "orders"]],
            }
        )
        assert node is not None
        assert node.refs == ("parent", "other")
        assert node.sources == ("raw.orders",)
        assert node.raw_code == "select 1"
        assert node.compiled_code == "select 1"
