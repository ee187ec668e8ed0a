"""A dbt data test failed: the data fed to the tested model broke an expectation (a DATA issue upstream)."""

from __future__ import annotations

from typing import ClassVar

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SeverityThresholds
from airflow_pipeline_debugger.heuristics.dbt._common import (
    DbtRule,
    names,
    project_flags,
    rebuild,
    stale_detail,
)

_ADVICE = {
    "not_null": (
        "{rows} rows of {model} have NULL {column}",
        "Find the rows (`dbt show --inline \"select * from {{{{ ref('{model}') }}}} where {column} is "
        'null"`), '
        "then fix or backfill them at the source ({origin}) and rebuild {model} and everything downstream.",
        "If the nulls are bad data: quarantine them in {model} (`where {column} is not null`, rows routed "
        "to an "
        'audit model). If some nulls are legitimate: scope the test with `config: {{where: "<condition>"}}` '
        "under the `not_null` test on `{column}`.",
    ),
    "unique": (
        "{rows} values of {model}.{column} appear more than once",
        "List the duplicates (`dbt show --inline \"select {column}, count(*) from {{{{ ref('{model}') }}}} "
        "group by "
        '1 having count(*) > 1"`), remove the double delivery at the source ({origin}) and rebuild '
        "{model} and everything downstream.",
        "Deduplicate in {model}: `qualify row_number() over (partition by {column} order by <loaded_at> "
        "desc) = 1`"
        ", or make the load idempotent (merge on {column} instead of append).",
    ),
    "accepted_values": (
        "{rows} distinct values of {model}.{column} are outside the accepted list",
        "See which values arrived (`dbt show --inline \"select {column}, count(*) from {{{{ ref('{model}') "
        "}}}} "
        'group by 1"`) and ask the owner of {origin} whether they are new on purpose.',
        "If the new values are legitimate, add them to `values:` of the `accepted_values` test on `{column}` "
        "(and to any CASE mapping in {model}); otherwise map or reject them in {model}.",
    ),
    "relationships": (
        "{rows} rows of {model}.{column} point to no row of {to_model}",
        "Find the orphans (left join {model} to {to_model} on {column}) and check whether {to_model} was "
        "loaded "
        "late or is missing those keys at the source ({origin}).",
        "Load {to_model} before {model} (one `dbt build` so tests gate the order); for late-arriving "
        "dimensions "
        "use `config: {{severity: warn}}` on the `relationships` test or an unknown-member row.",
    ),
}
_GENERIC = (
    "test {test} returned {rows} failing rows on {model}",
    "Run `dbt test --select {test}` and inspect the failing rows with `--store-failures`; fix the data at "
    "the "
    "source ({origin}).",
    "Correct the data at the source, or adjust the test's `where:`/`severity:` config if the rule changed.",
)


class TestFailure(DbtRule):
    """A dbt data test (not_null, unique, accepted_values, relationships or custom) failed.

    The test is only the messenger: its failing rows came from the model it is attached to, whose
    upstream sources or models (read from the manifest) are where the bad data entered. Severity
    grows with the failing-row count and, when the model's row count is known, with their share.
    """

    __test__ = False  # not a pytest class despite the name
    id = "dbt.test_failure"
    title = "dbt data test failed"
    reads = ("dbt.test_failed",)
    default_thresholds: ClassVar = {
        # Failing rows: 1 bad row is already a failure; 1,000+ is a broken load, not an outlier.
        "failing_rows": SeverityThresholds(1, 10, 100, 1000),
        # Share of the model's rows, used when the warehouse reported the row count.
        "failing_share": SeverityThresholds(0.001, 0.01, 0.05, 0.2),
    }

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """One finding for the first failing test, naming the others."""
        primary = hits[0]
        a = primary.attributes
        failures = a.get("failures") if isinstance(a.get("failures"), int) else None
        severity = self._severity(failures, a.get("rows"))
        test = str(a.get("test") or "the test")
        model = str(a.get("model") or "the tested model")
        column = str(a.get("column") or "the column")
        origin = names(a.get("upstream_sources")) or names(a.get("upstream")) or f"the inputs of {model}"
        what, fix, change = _ADVICE.get(str(a.get("test_type") or ""), _GENERIC)
        fields = {
            "rows": failures if failures is not None else "some",
            "model": model,
            "column": column,
            "test": test,
            "origin": origin,
            "to_model": a.get("to_model") or "the referenced model",
        }
        others = [str(s.attributes.get("test") or s.message) for s in hits[1:]]
        details = [
            ("test", test),
            ("test type", str(a.get("test_type") or "custom")),
            ("model / column", f"{model}.{column}" if a.get("column") else model),
            ("failing rows", str(failures) if failures is not None else "unknown"),
            ("upstream", names(a.get("upstream")) or "unknown (no manifest)"),
        ]
        if isinstance(a.get("rows"), int) and failures is not None and a["rows"] > 0:
            details.append(("share of model rows", f"{failures / a['rows']:.2%} of {a['rows']}"))
        if a.get("where"):
            details.append(("test where:", str(a["where"])))
        if others:
            details.append(("other failing tests", names(others, 6)))
        details.extend(stale_detail(bundle))
        flags = project_flags(bundle)
        return self.finding(
            title=f"dbt test {test} failed: {what.format(**fields)}",
            severity=severity,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=88 if a.get("test_type") else 80,
            summary=(
                f"The data test {test} failed with {fields['rows']} failing rows on {model}"
                f"{'.' + column if a.get('column') else ''}. The rows entered through {origin}; a retry "
                "re-reads the same data and fails again."
            ),
            signals=hits[:3],
            details=details,
            immediate_fix=fix.format(**fields),
            # Every data-test fix ends in rebuilding the tested model: its tests run again with it.
            immediate_fix_code=[rebuild(bundle, f"{model}+")],
            change=change.format(**fields),
            prevention=(
                f"Run `dbt build` (not `run` then `test`) so failing tests stop {model}'s downstream "
                f"models; add "
                f"`dbt source freshness` and source-level tests on {origin}; enforce a model contract on "
                f"{model} "
                "so bad shapes fail at the boundary."
            ),
            monitoring=(
                f"Alert on failures of {test} (`dbt test --select {test}{flags}`) and track its failing-row "
                f"count per run; a rising count on {origin} warns before the test crosses its threshold."
            ),
        )

    def _severity(self, failures: int | None, rows: object) -> Severity:
        if failures is None:
            return Severity.MODERATE
        severity = self.thresholds["failing_rows"].severity_of(failures)
        if isinstance(rows, int) and rows > 0:
            severity = max(severity, self.thresholds["failing_share"].severity_of(failures / rows))
        return severity
