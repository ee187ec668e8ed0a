"""A dbt data test failed: bad rows from a source (DATA), or duplicates a derived model makes (CODE)."""

from __future__ import annotations

import dataclasses
import re
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
    installed_package,
    names,
    project_flags,
    rebuild,
    stale_detail,
)
from airflow_pipeline_debugger.heuristics.terminal import input_context, terminal_blocks

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
        "{rows} duplicated values of {model}.{column} appear more than once",
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
    "test {test} returned {rows} failing rows ({kind}) on {model}",
    "Run `dbt test --select {test}` and inspect the failing rows with `--store-failures`; fix the data at "
    "the "
    "source ({origin}).",
    "Correct the data at the source, or adjust the test's `where:`/`severity:` config if the rule changed.",
)


#: Generic tests by what they assert, under the names dbt-core, dbt_utils and dbt_expectations give
#: them. A test's node name is ``[<package>_]<test>_<model>_<arguments>`` (``source_`` first for a
#: test on a source), so the earliest of these names in it gives the family and the tested subject.
_FAMILIES = {
    "unique": "unique",
    "unique_combination_of_columns": "unique",
    "expect_column_values_to_be_unique": "unique",
    "expect_compound_columns_to_be_unique": "unique",
    "not_null": "not_null",
    "not_null_proportion": "not_null",
    "expect_column_values_to_not_be_null": "not_null",
    "accepted_values": "accepted_values",
    "expect_column_values_to_be_in_set": "accepted_values",
    "relationships": "relationships",
    "relationships_where": "relationships",
}
_FAMILY_RE = re.compile(
    r"(?:^|_)(?P<test>"
    + "|".join(sorted(map(re.escape, _FAMILIES), key=len, reverse=True))
    + r")_(?P<rest>.+)"
)
#: What a failing test of each family found, in a sentence.
_KIND = {
    "unique": "duplicate keys",
    "not_null": "NULL values",
    "accepted_values": "values outside the accepted list",
    "relationships": "keys with no parent row",
}
#: Layer conventions (dbt's own style guide: staging models are one-to-one with a source table):
#: a failing test there says what the source delivered.
_STAGING_PREFIXES = ("stg_", "staging_", "src_", "source_", "raw_", "base_")
_STAGING_DIRS = frozenset({"staging", "sources", "source", "base", "raw", "landing", "bronze"})
#: A uniqueness failure on a derived model is a fan-out in its own SQL as often as duplicated input:
#: the log alone rarely settles which, so that reading stays modest.
DERIVED_DUPLICATES_LIKELIHOOD = 64
DERIVED_DUPLICATES_MAX_CONFIDENCE = 60
#: A failing test shipped by an installed package: the package's model or test, unless the log shows
#: the input broke; the same rows could come from a source the package reads, so it stays modest.
PACKAGE_TEST_LIKELIHOOD = 70
PACKAGE_TEST_MAX_CONFIDENCE = 60
#: Without the manifest the tested model's inputs are unknown: the layer is read from names only.
LOG_ONLY_MAX_CONFIDENCE = 65


@dataclasses.dataclass(frozen=True)
class _Tested:
    """What one failing test checks, from the manifest when it was read, else from the test's name."""

    signal: Signal
    family: str
    subject: str
    staging: bool
    #: The manifest shows the tested model built from other models (not only from sources).
    derived: bool


def _count(value: object) -> int | None:
    """The failing-row count: an int from the adapter, digits from a log pattern's match."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _input_shown_broken(bundle: EvidenceBundle) -> bool:
    """Whether a log line before or in its terminal block shows the input empty, changed or null."""
    return any(input_context(block) is not None for block in terminal_blocks(bundle))


def _tested(signal: Signal) -> _Tested:
    a = signal.attributes
    test = str(a.get("test") or "")
    parsed = _FAMILY_RE.search(test)
    family = str(a.get("test_type") or "")
    family = _FAMILIES.get(family, family) or (_FAMILIES[parsed["test"]] if parsed else "")
    subject = str(a.get("model") or (parsed["rest"] if parsed else ""))
    folders = {part.lower() for part in re.split(r"[\\/]", str(a.get("path") or ""))[:-1]}
    upstream, sources = a.get("upstream"), a.get("upstream_sources")
    from_sources_only = bool(sources) and isinstance(upstream, list) and len(upstream) == len(sources or [])
    staging = (
        test.startswith("source_")
        or subject.lower().startswith(_STAGING_PREFIXES)
        or bool(folders & _STAGING_DIRS)
        or from_sources_only
    )
    # Built from other models, by the manifest: only then can its own joins make the duplicates.
    derived = isinstance(upstream, list) and bool(upstream) and not from_sources_only
    return _Tested(signal, family, subject, staging, derived and not staging)


class TestFailure(DbtRule):
    """A dbt data test (not_null, unique, accepted_values, relationships or custom) failed.

    The test is only the messenger. On a staging model or a source (one-to-one with what was
    delivered) the failing rows came from the source: DATA, fixed at the producer. A uniqueness test
    failing only on a model the manifest shows built from other models, while no staging test failed,
    points at the model's joins or unions making the duplicates: CODE, at a modest confidence since
    duplicated input that no staging test covers looks the same. Without the manifest, duplicates in
    a key are DATA (the guide), whatever the model's name.
    Severity grows with the failing-row count and, when the model's row count is known, its share.
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
        """One finding for the failing test that says most about the cause, naming the others."""
        tested = [_tested(h) for h in hits]
        chosen = next((t for t in tested if t.staging), tested[0])
        packages = [installed_package(t.signal.attributes) for t in tested]
        # A staging test, in a package too, checks what the source delivered: that reading stays.
        if all(packages) and not any(t.staging for t in tested) and not _input_shown_broken(bundle):
            return self._package_test(bundle, chosen, packages[tested.index(chosen)], tested)
        if chosen.family == "unique" and chosen.derived and chosen.subject:
            return self._derived_duplicates(bundle, chosen, tested)
        primary = chosen.signal
        hits = [primary, *(h for h in hits if h is not primary)]
        a = primary.attributes
        failures = _count(a.get("failures"))
        severity = self._severity(failures, a.get("rows"))
        test = str(a.get("test") or "the test")
        model = str(a.get("model") or "the model it checks")
        column = str(a.get("column") or "the column")
        origin = names(a.get("upstream_sources")) or names(a.get("upstream")) or f"the inputs of {model}"
        # The per-type advice queries the model by name: without the manifest it is not known.
        what, fix, change = _ADVICE.get(chosen.family, _GENERIC) if a.get("model") else _GENERIC
        layer = (
            " It checks a staging model or a source, one-to-one with what the source delivered, so the "
            "bad rows came from the source."
            if chosen.staging
            else ""
        )
        fields = {
            "kind": _KIND.get(chosen.family, "rows breaking its assertion"),
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
            ("test type", chosen.family or "custom"),
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
        finding = self.finding(
            title=f"dbt test {test} failed: {what.format(**fields)}",
            severity=severity,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=88 if chosen.family else 80,
            summary=(
                f"The data test {test} failed with {fields['rows']} failing rows ({fields['kind']}) on "
                f"{model}{'.' + column if a.get('column') else ''}.{layer} The rows entered through "
                f"{origin}; a retry re-reads the same data and fails again."
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
        if a.get("upstream"):
            return finding
        return dataclasses.replace(finding, max_confidence=LOG_ONLY_MAX_CONFIDENCE)

    def _derived_duplicates(
        self, bundle: EvidenceBundle, chosen: _Tested, tested: list[_Tested]
    ) -> RuleFinding:
        """CODE finding: a uniqueness test failed on a model built from other models, none at staging."""
        a = chosen.signal.attributes
        failures = _count(a.get("failures"))
        test = str(a.get("test") or "the test")
        model = str(a.get("model") or "")
        subject = (
            f"{model}.{a['column']}"
            if model and a.get("column")
            else model or "the model and key named in the test"
        )
        rows = f"{failures} duplicate keys" if failures is not None else "duplicate keys"
        others = [str(t.signal.attributes.get("test") or t.signal.message) for t in tested if t is not chosen]
        finding = self.finding(
            title=f"dbt test {test} failed: {rows} in a derived model, not in its staging input",
            severity=self._severity(failures, a.get("rows")),
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=DERIVED_DUPLICATES_LIKELIHOOD,
            summary=(
                f"The uniqueness test {test} found {rows} on {subject}. The model it checks is built from "
                "other models (not a staging copy of one source), and no test on a staging model or "
                "source failed, so the duplicates are most likely made by the model's own SQL: a join "
                "that fans out, a union of overlapping inputs, or a grain or key the test assumes but the "
                "model (or the package that ships it) does not produce. A duplicated input with no test "
                "of its own would look the same."
            ),
            signals=[chosen.signal],
            details=[
                ("test", test),
                ("test type", "uniqueness"),
                ("tested", subject),
                ("failing rows", str(failures) if failures is not None else "unknown"),
                *([("other failing tests", names(others, 6))] if others else []),
                *stale_detail(bundle),
            ],
            immediate_fix=(
                f"List the duplicated keys (`dbt test --select {test} --store-failures`), then compare each "
                "with the input rows it came from: one input row turned into several points at the model's "
                "join or union; duplicated input rows point at the source."
            ),
            change=(
                "Fix the model's grain: join on the full key, deduplicate before the join, or correct the "
                "key the test asserts. For a model a package builds, upgrade the package or override the "
                "model (or the test) in your project."
            ),
            prevention=(
                "Add uniqueness tests on every staging model's key so a duplicated input fails there, and "
                "keep the test on the derived model to catch fan-outs."
            ),
            monitoring=f"Track the failing-row count of {test} per run.",
        )
        return dataclasses.replace(finding, max_confidence=DERIVED_DUPLICATES_MAX_CONFIDENCE)

    def _package_test(
        self, bundle: EvidenceBundle, chosen: _Tested, package: str, tested: list[_Tested]
    ) -> RuleFinding:
        """CODE finding: every failing test belongs to an installed package, and no line shows bad input."""
        a = chosen.signal.attributes
        failures = _count(a.get("failures"))
        test = str(a.get("test") or "the test")
        kind = _KIND.get(chosen.family, "rows breaking its assertion")
        rows = f"{failures} failing rows ({kind})" if failures is not None else f"failing rows ({kind})"
        others = [str(t.signal.attributes.get("test") or t.signal.message) for t in tested if t is not chosen]
        where = str(a.get("compiled_path") or a.get("unique_id") or a.get("path") or "")
        finding = self.finding(
            title=f"dbt test {test} of the installed package {package} failed",
            severity=self._severity(failures, a.get("rows")),
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=PACKAGE_TEST_LIKELIHOOD,
            summary=(
                f"The test {test} returned {rows}. It is shipped by the installed dbt package {package}"
                f"{f' ({where})' if where else ''}, not written in this project; it checks a model the "
                "package derives (not a staging copy of a source), and nothing in the log shows the input "
                "empty, changed or null: the package's model does not produce the grain or values its own "
                "test asserts, or the test is too strict for data the package should handle — a bug in "
                f"this version of {package}, or a version that does not fit this project's dbt or other "
                "packages."
            ),
            signals=[chosen.signal],
            details=[
                ("test", test),
                ("package", package),
                ("test type", chosen.family or "custom"),
                ("failing rows", str(failures) if failures is not None else "unknown"),
                *([("other failing tests", names(others, 6))] if others else []),
                *stale_detail(bundle),
            ],
            immediate_fix=(
                f"Look the test up in {package}'s changelog and issue tracker; upgrade {package} in "
                "packages.yml to the release (or patch branch) that fixes it and run `dbt deps`, or pin "
                "the last version that worked."
            ),
            change=(
                f"Until the fixed release is installed, override the model in this project or set the "
                f"test's severity to warn under `tests: {package}:` in dbt_project.yml, and inspect the "
                f"failing rows (`dbt test --select {test} --store-failures`) to confirm they are the "
                "package's duplicates, not the source's."
            ),
            prevention=f"Upgrade {package} in a development target that runs `dbt build` before production.",
            monitoring=f"Track failures of {package}'s tests after each `dbt deps` upgrade.",
        )
        return dataclasses.replace(finding, max_confidence=PACKAGE_TEST_MAX_CONFIDENCE)

    def _severity(self, failures: int | None, rows: object) -> Severity:
        if failures is None:
            return Severity.MODERATE
        severity = self.thresholds["failing_rows"].severity_of(failures)
        if isinstance(rows, int) and rows > 0:
            severity = max(severity, self.thresholds["failing_share"].severity_of(failures / rows))
        return severity
