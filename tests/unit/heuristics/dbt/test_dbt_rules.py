"""Table-driven tests of the dbt rules on hand-built bundles (one row per band or decision)."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.domain import (
    Category,
    CodeLanguage,
    EvidenceBundle,
    FailureContext,
    LogLine,
    PipelineType,
    Severity,
    Signal,
    TaskKey,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic, HeuristicConfigError
from airflow_pipeline_debugger.heuristics.dbt import RULES
from airflow_pipeline_debugger.heuristics.dbt.compile_error import CompileError
from airflow_pipeline_debugger.heuristics.dbt.connection_error import WarehouseConnection
from airflow_pipeline_debugger.heuristics.dbt.missing_column import MissingColumn
from airflow_pipeline_debugger.heuristics.dbt.missing_ref import MissingRef
from airflow_pipeline_debugger.heuristics.dbt.missing_relation import MissingRelation
from airflow_pipeline_debugger.heuristics.dbt.permission_denied import PermissionDenied
from airflow_pipeline_debugger.heuristics.dbt.profile_error import ProfileError
from airflow_pipeline_debugger.heuristics.dbt.test_failure import TestFailure


def bundle_with(*signals: Signal, **facts) -> EvidenceBundle:
    return EvidenceBundle(
        context=FailureContext(key=TaskKey(task_id="dbt_build")),
        pipeline_type=PipelineType.DBT,
        signals=list(signals),
        facts=dict(facts),
    )


def failing_test_signal(failures=3, rows=None, test_type="not_null", **extra) -> Signal:
    attrs = {
        "test": f"{test_type}_stg_orders_customer_id",
        "test_type": test_type,
        "model": "stg_orders",
        "column": "customer_id",
        "failures": failures,
        "upstream": ["raw.orders"],
        "upstream_sources": ["raw.orders"],
        "unique_id": f"test.p.{test_type}_stg_orders_customer_id.abc",
        "rows": rows,
        **extra,
    }
    return Signal("dbt.test_failed", "dbt test failed", "E1", (LogLine("E2", 7, "Failure in test"),), attrs)


class TestCatalogue:
    def test_ids_unique_and_namespaced(self):
        """Every rule id is dbt.<name>, unique, with a docstring as help text."""
        ids = [rule.id for rule in RULES]
        assert len(ids) == len(set(ids))
        assert all(i.startswith("dbt.") for i in ids)
        assert all(rule.__doc__ and rule.title for rule in RULES)

    def test_rules_are_heuristics(self):
        """The registry's contract: RULES holds Heuristic subclasses that build with no overrides."""
        assert all(issubclass(rule, Heuristic) for rule in RULES)
        assert all(rule().id == rule.id for rule in RULES)

    def test_threshold_override_is_validated(self):
        """A bad override names the rule and key; a good one changes the band."""
        with pytest.raises(HeuristicConfigError, match=r"dbt\.test_failure"):
            TestFailure({"failing_rows": "10,5,1,0"})
        strict = TestFailure({"failing_rows": "1,2,3,4"})
        assert strict.evaluate(bundle_with(failing_test_signal(failures=4))).severity == Severity.CRITICAL

    @pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
    def test_not_applicable_without_signal(self, rule):
        """No signal, no finding (the only n/a answer is None / not applies)."""
        empty = bundle_with()
        assert not rule().applies(empty)
        assert rule().evaluate(empty) is None


class TestTestFailure:
    @pytest.mark.parametrize(
        ("case", "extra", "category"),
        [
            # The manifest shows the mart built from two models, and no staging test failed: its own
            # joins are where duplicates come from.
            (
                "unique on a model built from models",
                {"model": "fct_orders", "upstream": ["stg_orders", "stg_payments"], "upstream_sources": []},
                Category.CODE,
            ),
            # Built straight from a source: the duplicates arrived with the data.
            (
                "unique on a model built from a source",
                {"model": "fct_orders", "upstream": ["raw.orders"], "upstream_sources": ["raw.orders"]},
                Category.DATA,
            ),
            # No manifest (no upstream known): a guess from the name is not enough to blame the SQL.
            (
                "unique with no manifest",
                {"model": "fct_orders", "upstream": None, "upstream_sources": None},
                Category.DATA,
            ),
            (
                "not_null on a derived model",
                {"model": "fct_orders", "upstream": ["stg_orders"]},
                Category.DATA,
            ),
        ],
    )
    def test_the_layer_decides_whose_duplicates(self, case, extra, category):
        test_type = "not_null" if case.startswith("not_null") else "unique"
        extra = {"test": f"{test_type}_{extra['model']}_order_id", "column": "order_id", **extra}
        finding = TestFailure().evaluate(bundle_with(failing_test_signal(test_type=test_type, **extra)))
        assert finding is not None and finding.category is category, case

    @pytest.mark.parametrize(
        ("failures", "rows", "severity"),
        [
            (1, None, Severity.LOW),
            (9, None, Severity.LOW),
            (10, None, Severity.MODERATE),
            (150, None, Severity.SEVERE),
            (5000, None, Severity.CRITICAL),
            (3, 100, Severity.MODERATE),  # 3 % of the model's rows
            (6, 100, Severity.SEVERE),  # 6 %
            (3, 10, Severity.CRITICAL),  # 30 %
            (3, 1_000_000, Severity.LOW),
            (None, None, Severity.MODERATE),
        ],
    )
    def test_severity_bands(self, failures, rows, severity):
        """Failing rows, and their share when the row count is known, set the severity."""
        finding = TestFailure().evaluate(bundle_with(failing_test_signal(failures=failures, rows=rows)))
        assert finding is not None
        assert finding.severity == severity
        assert finding.category == Category.DATA
        assert finding.transience == Transience.PERMANENT

    @pytest.mark.parametrize(
        ("test_type", "extra", "title_words", "change_words"),
        [
            ("not_null", {}, ["3 rows of stg_orders have NULL customer_id"], ["where"]),
            ("unique", {}, ["appear more than once"], ["row_number()"]),
            ("accepted_values", {"values": ["placed"]}, ["outside the accepted list"], ["values:"]),
            (
                "relationships",
                {"to_model": "stg_customers"},
                ["point to no row of stg_customers"],
                ["severity: warn"],
            ),
            ("expression_is_true", {}, ["returned 3 failing rows"], ["where:"]),
        ],
    )
    def test_advice_per_test_type(self, test_type, extra, title_words, change_words):
        """Each generic test kind gets its own explanation and exact change; upstream is named."""
        finding = TestFailure().evaluate(bundle_with(failing_test_signal(test_type=test_type, **extra)))
        assert all(w in finding.title for w in title_words)
        assert all(w in finding.change for w in change_words)
        assert "raw.orders" in finding.summary
        assert finding.evidence_ids == ("E1",)
        assert finding.evidence[0].cite() == "E2:L7"

    def test_prefers_adapter_signals_and_lists_others(self):
        """A bare log-pattern match is ignored when the adapter's structured signal exists."""
        bare = Signal("dbt.test_failed", "dbt test x failed", "E2", (), {"test": "x"})
        other = failing_test_signal(test_type="unique")
        finding = TestFailure().evaluate(bundle_with(bare, failing_test_signal(), other))
        assert "not_null_stg_orders_customer_id" in finding.title
        assert dict(finding.details)["other failing tests"] == "unique_stg_orders_customer_id"

    def test_log_pattern_only(self):
        """With only the log scanner's match, the rule still reports, at a lower likelihood."""
        bare = Signal("dbt.test_failed", "dbt test x failed", "E2", (), {"test": "x"})
        finding = TestFailure().evaluate(bundle_with(bare))
        assert finding.likelihood < 88
        assert finding.category == Category.DATA


class TestMissingColumn:
    def column_signal(self, **attrs) -> Signal:
        base = {
            "column": "email",
            "model": "stg_customers",
            "upstream": ["raw.customers"],
            "unique_id": "model.p.s",
        }
        return Signal("dbt.missing_column", "column not found", "E1", (), {**base, **attrs})

    @pytest.mark.parametrize(
        ("attrs", "facts", "category", "basis"),
        [
            (
                {"declared_upstream": ["raw.customers"]},
                {},
                Category.DATA,
                "declares the column on raw.customers",
            ),
            (
                {"declared_upstream": [], "upstream_with_declared_columns": ["stg_orders"]},
                {},
                Category.CODE,
                "documents the columns of stg_orders and none has it",
            ),
            (
                {"declared_upstream": []},
                {"changes": {"code_changed": True, "changed": ["models/staging/stg_customers.sql"]}},
                Category.CODE,
                "changed since the last success",
            ),
            (
                {"declared_upstream": ["raw.customers"]},
                {"changes": {"code_changed": True, "changed": ["models/staging/stg_customers.sql"]}},
                Category.CODE,
                "although raw.customers declares the column",
            ),
            (
                {"declared_upstream": ["raw.customers"]},
                {"changes": {"code_changed": True, "changed": ["dags/other.py"]}},
                Category.DATA,
                "declares the column",
            ),
            ({"candidates": ["email_address"]}, {}, Category.DATA, "similar names"),
            ({}, {}, Category.DATA, "no manifest columns or change history"),
        ],
    )
    def test_category_decision(self, attrs, facts, category, basis):
        """Manifest columns, change history and warehouse candidates decide DATA vs CODE, and say so."""
        finding = MissingColumn().evaluate(bundle_with(self.column_signal(**attrs), **facts))
        assert finding.category == category
        assert basis in dict(finding.details)["decided by"]

    def test_rename_is_suggested(self):
        """A warehouse candidate becomes the exact change."""
        finding = MissingColumn().evaluate(
            bundle_with(self.column_signal(declared_upstream=["raw.customers"], candidates=["email_address"]))
        )
        assert "rename" in finding.title
        change = [(b.code, b.language) for b in finding.change_code]
        assert change == [("email_address as email", CodeLanguage.SQL)]
        rebuild = finding.immediate_fix_code[0]
        assert rebuild.code.startswith("dbt build --select stg_customers+") and rebuild.changes_state
        assert "dbt build" not in finding.immediate_fix  # the command is its own block, not in a sentence


class TestOtherRules:
    @pytest.mark.parametrize(
        ("rule", "code", "attrs", "category", "transience", "title_word"),
        [
            (
                CompileError,
                "dbt.compile_error",
                {
                    "model": "fct_orders",
                    "path": "models/marts/fct_orders.sql",
                    "detail": "Compilation Error | unexpected '}' | line 3",
                },
                Category.CODE,
                Transience.PERMANENT,
                "fct_orders",
            ),
            (
                MissingRef,
                "dbt.missing_ref",
                {"missing": "stg_order", "model": "fct_orders"},
                Category.CODE,
                Transience.PERMANENT,
                "stg_order",
            ),
            (
                MissingRelation,
                "dbt.missing_relation",
                {
                    "relation": "payments",
                    "relation_kind": "source",
                    "relation_node": "raw.payments",
                    "model": "stg_payments",
                },
                Category.DATA,
                Transience.PERMANENT,
                "raw.payments",
            ),
            (
                MissingRelation,
                "dbt.missing_relation",
                {
                    "relation": "main.stg_orders",
                    "relation_kind": "model",
                    "relation_node": "stg_orders",
                    "model": "fct_orders",
                },
                Category.CONFIG,
                Transience.PERMANENT,
                "not built",
            ),
            (
                MissingRelation,
                "dbt.missing_relation",
                {"relation": "x.y", "model": "m"},
                Category.DATA,
                Transience.PERMANENT,
                "x.y",
            ),
            (
                PermissionDenied,
                "dbt.permission_denied",
                {"detail": "permission denied for schema analytics"},
                Category.CONFIG,
                Transience.PERMANENT,
                "refused",
            ),
            (
                ProfileError,
                "dbt.profile_error",
                {"detail": "The profile 'p' does not have a target named 'prod'."},
                Category.CONFIG,
                Transience.PERMANENT,
                "'prod'",
            ),
            (
                ProfileError,
                "dbt.profile_error",
                {"detail": "Env var required but not provided: 'DB_PASSWORD'"},
                Category.CONFIG,
                Transience.PERMANENT,
                "DB_PASSWORD",
            ),
            (
                WarehouseConnection,
                "dbt.connection_error",
                {"detail": "could not connect to server"},
                Category.INFRA,
                Transience.TRANSIENT,
                "reach",
            ),
        ],
    )
    def test_rule_rows(self, rule, code, attrs, category, transience, title_word):
        """Each rule's category, transience and the name it puts in the title."""
        finding = rule().evaluate(bundle_with(Signal(code, "msg", "E1", (), {"unique_id": "x", **attrs})))
        assert finding is not None
        assert (finding.category, finding.transience) == (category, transience)
        assert title_word in finding.title
        assert finding.immediate_fix and finding.change and finding.prevention and finding.monitoring

    def test_missing_ref_suggests_the_close_match(self):
        """Close matches from the manifest on disk name the intended node."""
        signal = Signal("dbt.missing_ref", "m", "E1", (), {"missing": "stg_order", "model": "fct_orders"})
        facts = {"dbt": {"top_level_error": {"attributes": {"close_matches": ["stg_orders"]}}}}
        finding = MissingRef().evaluate(bundle_with(signal, **facts))
        assert "stg_orders" in finding.immediate_fix
        assert "did it mean stg_orders" in finding.summary
        assert finding.max_confidence > AMBIGUOUS_CEILING  # a near name: a typo, said with confidence

    def test_missing_ref_without_a_near_name_stays_under_the_band(self):
        """No similar node: a removed model reads the same as a path setting or a package not installed."""
        signal = Signal(
            "dbt.missing_ref", "m", "E1", (), {"missing": "country_codes", "model": "dim_customers"}
        )
        finding = MissingRef().evaluate(bundle_with(signal))
        assert finding.max_confidence == AMBIGUOUS_CEILING
        assert "seed-paths" in finding.summary and "package" in finding.summary

    def test_compile_error_mentions_stale_artifacts(self):
        """The stale run_results.json is noted as not blamed."""
        signal = Signal("dbt.compile_error", "m", "E1", (), {"model": "fct_orders", "detail": "bad"})
        facts = {"dbt": {"stale_artifacts": {"reason": "written by an earlier invocation"}}}
        finding = CompileError().evaluate(bundle_with(signal, **facts))
        assert (
            dict(finding.details)["stale run_results.json (not blamed)"] == "written by an earlier invocation"
        )

    def test_suggested_commands_quote_the_project_paths(self):
        """A project dir with spaces or shell metacharacters is quoted, as in the adapter's commands."""
        signal = Signal("dbt.compile_error", "m", "E1", (), {"model": "fct_orders", "detail": "bad"})
        facts = {"dbt": {"project_dir": "/opt/my project; rm -rf ~", "target": "prod"}}
        finding = CompileError().evaluate(bundle_with(signal, **facts))
        text = finding.immediate_fix + finding.change + finding.prevention
        assert "--project-dir '/opt/my project; rm -rf ~' --target prod" in text

    def test_connection_error_that_never_recovers(self):
        """Seen before and never fixed by a retry: intermittent, lower likelihood."""
        signal = Signal("dbt.connection_error", "m", "E1", (), {"detail": "timed out", "model": "m"})
        history = {"seen_before": True, "resolved_on_retry": False}
        finding = WarehouseConnection().evaluate(bundle_with(signal, history=history))
        assert finding.transience == Transience.INTERMITTENT
        assert finding.likelihood < 78
