"""The dbt adapter: recognises dbt tasks, reads dbt's artifacts and log, and explains the failure in facts.

Applies to BashOperator/``@task.bash`` commands running dbt, astronomer-cosmos operators (every
execution mode) and dbt Cloud operators. ``collect`` reads ``target/run_results.json`` and
``manifest.json`` through the allow-listed file reader, parses the dbt log the task printed, refuses
to blame a stale artifact (see :mod:`.stale`), and leaves:

- evidence ``dbt_results`` / ``dbt_manifest`` (compact, redacted text; never the raw 60 MB file),
- signals from the catalogue in :mod:`.signals`, with the model, column, failing-row count and the
  upstream nodes and sources the manifest names,
- ``bundle.facts["dbt"]``: the parsed structure heuristics and the model read, with
  ``state_diff`` when the command names a ``--state`` folder: what changed in the failing node's
  ancestry since that manifest, and the commits that changed it (:mod:`.state_diff`).
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.adapters.dbt import signals as sig
from airflow_pipeline_debugger.adapters.dbt.artifacts import (
    ArtifactError,
    Manifest,
    ManifestEntries,
    ManifestNode,
    NodeResult,
    RunResults,
    load_manifest,
    load_run_results,
)
from airflow_pipeline_debugger.adapters.dbt.git_log import Commit, commits_touching
from airflow_pipeline_debugger.adapters.dbt.logs import DbtLog, LogFailure, compiled_package, parse_log_lines
from airflow_pipeline_debugger.adapters.dbt.stale import Staleness, assess_staleness
from airflow_pipeline_debugger.adapters.dbt.state_diff import StateDiff, diff_states, with_commits
from airflow_pipeline_debugger.domain import (
    Evidence,
    EvidenceBundle,
    EvidenceKind,
    JSONDict,
    LogLine,
    PipelineType,
    Signal,
)
from airflow_pipeline_debugger.evidence.files import FileAccessError
from airflow_pipeline_debugger.evidence.patterns import Level, LogPattern
from airflow_pipeline_debugger.evidence.redact import redact
from airflow_pipeline_debugger.evidence.request import CollectionRequest, LogSource
from airflow_pipeline_debugger.evidence.scope import refuse

log = logging.getLogger(__name__)

#: run_results.json above this is not a real run's result file (a 10,000-node run is ~20 MB).
MAX_RUN_RESULTS_BYTES = 64 * 1024 * 1024
#: Manifests above this are skipped with a note; below it they are read, node by node past 32 MB.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
#: Lines of a dbt log kept per log source (the parser streams; this bounds the time spent).
MAX_LOG_LINES = 2_000_000
#: Changed files whose commits are looked up (one bounded ``git log`` each).
MAX_GIT_PATHS = 10
#: Characters of compiled SQL kept per failing node in facts and evidence.
MAX_SQL_CHARS = 3_000
#: Nodes whose ``rows_affected`` are kept for the volume comparison (a project's models, not its tests).
MAX_ROWS_NODES = 500
#: Node types that write rows into a relation.
ROW_WRITING_TYPES = frozenset({"model", "seed", "snapshot"})

# astronomer-cosmos operator classes, every execution mode (cosmos/operators/*.py).
_COSMOS_VERBS = (
    "Build",
    "Run",
    "Test",
    "Seed",
    "Snapshot",
    "Source",
    "RunOperation",
    "Compile",
    "Clone",
    "LS",
)
_COSMOS_MODES = (
    "Local",
    "Virtualenv",
    "Docker",
    "Kubernetes",
    "AwsEks",
    "AwsEcs",
    "AzureContainerInstance",
    "GcpCloudRunJob",
    "GcpGke",
    "AirflowAsync",
    "Watcher",
    "WatcherKubernetes",
    "WatcherGcpGke",
)
COSMOS_OPERATORS = frozenset(
    f"Dbt{verb}{mode}Operator" for verb in _COSMOS_VERBS for mode in _COSMOS_MODES
) | {
    "DbtConsumerWatcherSensor",
    "DbtProducerWatcherOperator",
    "DbtRunAirflowAsyncBigqueryOperator",
    "DbtRunAirflowAsyncDatabricksOperator",
    "DbtDepsLocalOperator",
}
DBT_CLOUD_OPERATORS = frozenset(
    {"DbtCloudRunJobOperator", "DbtCloudJobRunSensor", "DbtCloudGetJobRunArtifactOperator"}
)

# "dbt build --select x", "dbt --no-use-colors run", "/venv/bin/dbt test" (not "dbt_utils" or "mydbt")
_DBT_COMMAND_RE = re.compile(
    r"(?:^|[\s/;&|(])dbt"
    r"(?:\s+--?[\w-]+(?:[= ](?!(?:run|build|test|seed|snapshot|compile|source|run-operation)\b)\S+)?)*"
    r"\s+(?P<verb>run-operation|run|build|test|seed|snapshot|compile|source|retry|clone|show)\b"
)
_ARTIFACT_NAMES = frozenset({"run_results.json", "manifest.json", "sources.json", "catalog.json"})


@dataclass
class _Located:
    """Where the artifacts are and which log told the story."""

    run_results: Path | None = None
    manifest: Path | None = None
    searched: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


class DbtAdapter(Adapter):
    """dbt Core via Bash or Cosmos, and dbt Cloud jobs."""

    name = "dbt"
    pipeline_type = PipelineType.DBT
    operator_classnames = COSMOS_OPERATORS | DBT_CLOUD_OPERATORS
    command_markers = (
        "dbt build",
        "dbt run",
        "dbt test",
        "dbt seed",
        "dbt snapshot",
        "dbt source",
        "dbt compile",
    )
    #: Lines only dbt prints: its banner and summary, and the failure blocks a quoted excerpt of a
    #: failed run often starts at ("Failure in test …", "Database Error in model …", the compiled path).
    content_markers = (
        "Running with dbt=",
        "Finished running ",
        "Completed with ",
        "dbt_schema_version",
        "Failure in test ",
        "configured to fail if",
        "Error in model ",
        "error in model `",
        "Error in test ",
        "Error in snapshot ",
        "compiled Code at target",
        "compiled SQL at target",
        "compiled code at target",
        "error while running on-run-",
        "dbt found two ",
        "Encountered an error:",
        "Env var required but not provided",
        "dbt invocation completed with errors",
    )
    patterns: ClassVar[tuple[LogPattern, ...]] = (
        # "Failure in test not_null_stg_orders_customer_id (models/staging/schema.yml)"
        LogPattern(
            sig.TEST_FAILED,
            r"Failure in test (?P<test>\S+)(?: \((?P<path>[^)]*)\))?",
            "dbt test {test} failed",
            literal="Failure in test",
        ),
        # astronomer-cosmos' summary of a failed invocation, one "<node>: <dbt's message>" per node:
        # "CosmosDbtRunError: dbt invocation completed with errors: not_null_x_id: Got 1 result, …"
        LogPattern(
            sig.TEST_FAILED,
            r"(?:completed with errors: |^\s*)(?P<test>[\w.]+): "
            r"Got (?P<failures>\d+) results?, configured to fail",
            "dbt test {test} failed",
            literal="configured to fail",
        ),
        # "  Got 3 results, configured to fail if != 0"
        LogPattern(
            "dbt.test_failing_rows",
            r"Got (?P<failures>\d+) results?, configured to (?P<level>fail|warn) if (?P<condition>.+)",
            "{failures} failing rows",
            literal="configured to",
        ),
        # "Compilation Error in model fct_orders (models/marts/fct_orders.sql)" / bare "Compilation Error"
        LogPattern(
            sig.COMPILE_ERROR, r"\bCompilation Error\b", "dbt compilation error", literal="Compilation Error"
        ),
        LogPattern(sig.COMPILE_ERROR, r"\bParsing Error\b", "dbt parsing error", literal="Parsing Error"),
        # "Model 'model.pkg.fct_orders' (…) depends on a node named 'stg_order' which was not found"
        LogPattern(
            sig.MISSING_REF,
            r"depends on a (?:node|source) named '(?P<missing>[^']+)'",
            "ref to missing node {missing}",
            literal="depends on a ",
        ),
        # "Binder Error: Referenced column "email" not found in FROM clause!"
        LogPattern(
            sig.MISSING_COLUMN,
            r'Referenced column "(?P<column>[^"]+)" not found',
            "column {column} not found",
            literal="Referenced column",
        ),
        # 'Binder Error: Values list "o" does not have a column named "discount_amount"'
        LogPattern(
            sig.MISSING_COLUMN,
            r'does not have a column named "(?P<column>[^"]+)"',
            "column {column} not found",
            literal="does not have a column named",
        ),
        # Postgres/Redshift: 'column "email" does not exist'; Snowflake: "invalid identifier 'EMAIL'"
        LogPattern(
            sig.MISSING_COLUMN,
            r'column "?(?P<column>[\w.$]+)"? does not exist',
            "column {column} does not exist",
            literal="does not exist",
        ),
        LogPattern(
            sig.MISSING_COLUMN,
            r"invalid identifier '(?P<column>[^']+)'",
            "invalid identifier {column}",
            literal="invalid identifier",
        ),
        # Trino: "line 3:8: Column 'email' cannot be resolved"
        LogPattern(
            sig.MISSING_COLUMN,
            r"Column '(?P<column>[^']+)' cannot be resolved",
            "column {column} cannot be resolved",
            literal="cannot be resolved",
        ),
        # "Catalog Error: Table with name payments does not exist!"; 'relation "raw.x" does not exist'
        LogPattern(
            sig.MISSING_RELATION,
            r"(?:Table|View) with name (?P<relation>\S+) does not exist",
            "relation {relation} does not exist",
            literal="with name",
        ),
        # Trino: "line 5:6: Table 'hive.raw.payments' does not exist"
        LogPattern(
            sig.MISSING_RELATION,
            r"\bTable '(?P<relation>[\w.$-]+)' does not exist",
            "relation {relation} does not exist",
            literal="' does not exist",
        ),
        LogPattern(
            sig.MISSING_RELATION,
            r'relation "(?P<relation>[^"]+)" does not exist',
            "relation {relation} does not exist",
            literal="relation",
        ),
        # "Database Error in model stg_customers (models/staging/stg_customers.sql)"
        LogPattern(
            sig.DATABASE_ERROR,
            r"Database Error in (?P<resource_type>\w+) (?P<model>\S+)",
            "database error in {resource_type} {model}",
            literal="Database Error",
        ),
        # The same, as older dbt versions and quoted excerpts write it: "Database error in model `x`"
        LogPattern(
            sig.DATABASE_ERROR,
            r"Database error in (?P<resource_type>model|snapshot|seed|test) `?(?P<model>[\w.-]+)`?",
            "database error in {resource_type} {model}",
            literal="Database error in",
        ),
        LogPattern(
            sig.DATABASE_ERROR,
            r"Runtime Error in (?P<resource_type>\w+) (?P<model>\S+)",
            "runtime error in {resource_type} {model}",
            literal="Runtime Error in",
        ),
        # "Database error while running on-run-end" / "on-run-end failed, error:" (the hook's macro failed)
        LogPattern(
            sig.HOOK_FAILED,
            r"(?i)\berror while running (?P<hook>on-run-(?:start|end))\b",
            "dbt {hook} hook failed",
            literal="while running on-run-",
        ),
        LogPattern(
            sig.HOOK_FAILED,
            r"\b(?P<hook>on-run-(?:start|end)) failed, error",
            "dbt {hook} hook failed",
            literal="failed, error",
        ),
        # Warehouse permission errors (Postgres, Snowflake, BigQuery, DuckDB read-only)
        LogPattern(
            sig.PERMISSION_DENIED,
            r"(?i)(?P<detail>permission denied[^\n]*|insufficient privileges[^\n]*|access denied[^\n]*|"
            r"attached in read-only mode)",
            "warehouse refused: {detail}",
        ),
        # "The profile 'x' does not have a target named 'prod'"
        LogPattern(
            sig.PROFILE_ERROR,
            r"does not have a target named '(?P<target>[^']+)'",
            "profile has no target {target}",
            literal="does not have a target named",
        ),
        LogPattern(
            sig.PROFILE_ERROR,
            r"Could not find profile named '(?P<profile>[^']+)'",
            "profile {profile} not found",
            literal="Could not find profile",
        ),
        LogPattern(
            sig.PROFILE_ERROR,
            r"Env var required but not provided: '(?P<var>[^']+)'",
            "env var {var} not set",
            literal="Env var required",
        ),
        # "Completed with 1 error, 0 partial successes, and 0 warnings:"
        LogPattern(
            "dbt.run_completed_with_errors",
            r"Completed with (?P<errors>\d+) errors?",
            "dbt run completed with {errors} error(s)",
            literal="Completed with",
        ),
        # DbtCloudRunJobOperator / DbtCloudJobRunSensor: "Job run 70403 has failed or has been cancelled."
        LogPattern(
            sig.CLOUD_RUN_FAILED,
            r"Job run (?P<run_id>\d+) has failed",
            "dbt Cloud job run {run_id} failed",
            literal="has failed",
        ),
        LogPattern(
            "dbt.test_warned",
            r"Warning in test (?P<test>\S+)",
            "dbt test {test} warned",
            level=Level.WARNING,
            literal="Warning in test",
        ),
    )
    briefing = (
        "dbt: a failing data test (not_null, unique, accepted_values, relationships) means the data fed to "
        "the tested model broke an expectation — the fix is usually upstream (the source or model named "
        "as its parent), not in the test. 'Got N results' is the number of offending rows. A Compilation "
        "or Parsing Error stops dbt before any node runs and writes no new run_results.json, so an older "
        "run_results.json may describe a previous run (check facts.dbt.stale_artifacts). A missing column "
        "or relation is schema drift when the manifest declares it upstream (the upstream changed) and a "
        "code bug when no upstream ever declared it. Permission errors are configuration of the warehouse "
        "role; connection errors and timeouts are usually transient."
    )

    def applies(self, request: CollectionRequest) -> bool:
        """Cosmos / dbt Cloud operators, or a command line that runs a dbt verb."""
        if request.pipeline_type is not None:
            return request.pipeline_type == self.pipeline_type
        ctx = request.context
        if ctx.operator and ctx.operator.rsplit(".", 1)[-1] in self.operator_classnames:
            return True
        return bool(ctx.command and _DBT_COMMAND_RE.search(ctx.command))

    def claims_artifact(self, path: Path) -> bool:
        """A ``target/`` folder or a dbt artifact file (checked by name; contents are read later)."""
        if path.name in _ARTIFACT_NAMES:
            return True
        return (
            path.name == "target"
            or (path / "run_results.json").is_file()
            or (path / "manifest.json").is_file()
        )

    # ------------------------------------------------------------------------------------ collection

    def collect(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        """Read artifacts and logs into ``bundle``; never raises (errors become evidence)."""
        try:
            _Collection(request, bundle).run()
        except Exception as exc:  # the contract: one broken artifact never stops an investigation
            log.warning("dbt collection failed for %s: %s", request.context.key.task_id, exc, exc_info=True)
            bundle.add_evidence(
                Evidence(
                    id="",
                    kind=EvidenceKind.COLLECTION_ERROR,
                    name="dbt",
                    source="dbt adapter",
                    content=f"dbt evidence could not be collected: {type(exc).__name__}: {exc}",
                )
            )

    def diagnostic_commands(self, bundle: EvidenceBundle) -> list[str]:
        """Real dbt commands for the failure in ``bundle.facts["dbt"]`` (node names filled in), read-only.

        They change nothing in the warehouse, and write their artifacts to :data:`SCRATCH_TARGET_PATH`.
        """
        facts = bundle.facts.get("dbt") or {}
        flags = check_flags(facts)
        commands: list[str] = []
        for failure in (facts.get("failures") or [])[:3]:
            commands.extend(_commands_for(failure, flags))
        top = facts.get("top_level_error") or {}
        model = top.get("model") or ""
        if top.get("code") in {sig.COMPILE_ERROR, sig.MISSING_REF} and model:
            commands.append(f"dbt parse{flags}")
            commands.append(f"dbt compile --select {model}{flags}")
            if top.get("code") == sig.MISSING_REF:
                commands.append(f"dbt ls --resource-type model{flags}")
        if top.get("code") in {sig.PROFILE_ERROR, sig.PERMISSION_DENIED, sig.CONNECTION_ERROR} or any(
            f.get("code") in {sig.PERMISSION_DENIED, sig.CONNECTION_ERROR}
            for f in facts.get("failures") or []
        ):
            commands.append(f"dbt debug{command_flags(facts)}")
        return list(dict.fromkeys(commands))


#: Where suggested read-only checks write their artifacts. ``dbt parse/compile/show/ls`` and ``source
#: freshness`` all rewrite ``target/`` (``manifest.json``, ``run_results.json``): run in the project as
#: it is, they would replace the failed run's artifacts, the evidence a re-investigation and the next
#: ``--state`` comparison read. A sub-folder of ``target/`` (relative paths are the project's) is
#: already git-ignored and cleaned by ``dbt clean``. ``dbt debug`` writes no artifacts and takes no
#: ``--target-path``.
SCRATCH_TARGET_PATH = "target/diagnose"


def check_flags(facts: JSONDict) -> str:
    """:func:`command_flags` plus ``--target-path`` away from ``target/``, for a suggested read-only check."""
    return f"{command_flags(facts)} --target-path {SCRATCH_TARGET_PATH}"


def command_flags(facts: JSONDict) -> str:
    """`` --project-dir … --profiles-dir … --target …`` for a suggested dbt command, shell-quoted."""
    parts = []
    if facts.get("project_dir"):
        parts.append(f"--project-dir {shlex.quote(str(facts['project_dir']))}")
    if facts.get("profiles_dir"):
        parts.append(f"--profiles-dir {shlex.quote(str(facts['profiles_dir']))}")
    if facts.get("target"):
        parts.append(f"--target {shlex.quote(str(facts['target']))}")
    return (" " + " ".join(parts)) if parts else ""


def _failing_rows_query(failure: JSONDict) -> str:
    test = failure.get("test") or {}
    model, column, test_type = test.get("model"), test.get("column"), test.get("test_type")
    if not model or not column:
        return ""
    relation = f"{{{{ ref('{model}') }}}}"
    if test_type == "not_null":
        return f"select * from {relation} where {column} is null"
    if test_type == "unique":
        return (
            f"select {column}, count(*) as n from {relation} "
            f"group by {column} having count(*) > 1 order by n desc"
        )
    if test_type == "accepted_values":
        values = ", ".join(f"'{v}'" for v in test.get("values") or [] if isinstance(v, str))
        if values:
            return (
                f"select {column}, count(*) as n from {relation} "
                f"where {column} not in ({values}) group by {column}"
            )
    if test_type == "relationships" and test.get("to_model") and test.get("field"):
        parent = f"{{{{ ref('{test['to_model']}') }}}}"
        return (
            f"select c.* from {relation} as c left join {parent} as p on c.{column} = p.{test['field']} "
            f"where c.{column} is not null and p.{test['field']} is null"
        )
    return ""


def _double_quoted(text: str) -> str:
    """Shell double quotes: SQL keeps its single-quoted literals readable (shlex.quote would mangle them)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
    return f'"{escaped}"'


def _commands_for(failure: JSONDict, flags: str) -> list[str]:
    name = failure.get("name") or ""
    commands: list[str] = []
    if failure.get("resource_type") == "test":
        # Not ``dbt test``: it runs the test again (and stores failures where configured); the fix says so.
        query = _failing_rows_query(failure)
        if query:
            commands.append(f"dbt show --inline {_double_quoted(query)} --limit 50{flags}")
        model = (failure.get("test") or {}).get("model")
        if model:
            commands.append(f"dbt ls --select +{model}{flags}")
        return commands
    if name:
        commands.append(f"dbt compile --select {name}{flags}")
        commands.append(f"dbt show --select {name} --limit 10{flags}")
        commands.append(f"dbt ls --select +{name}{flags}")
        if failure.get("code") in {sig.MISSING_RELATION, sig.MISSING_COLUMN}:
            commands.append(f"dbt source freshness{flags}")
    return commands


# ------------------------------------------------------------------------------------------ collection


class _Collection:
    """One run of :meth:`DbtAdapter.collect` (kept as an object so each step stays small)."""

    def __init__(self, request: CollectionRequest, bundle: EvidenceBundle) -> None:
        self.request = request
        self.bundle = bundle
        self.facts: JSONDict = {}
        self.log: DbtLog | None = None
        self.log_evidence_id = ""
        self.results: RunResults | None = None
        self.results_evidence_id = ""
        self.manifest: Manifest | None = None
        self.staleness: Staleness | None = None
        self.node_names: list[str] = []

    def run(self) -> None:
        self.read_logs()
        located = self.locate()
        self.read_run_results(located)
        if self.results is not None:
            self.staleness = assess_staleness(self.results, self.log, self.request.scope)
            if self.staleness.stale and self.request.scope is not None:
                refuse(self.bundle, "run_results.json", str(located.run_results), self.staleness.reason)
        manifest_text = self.read_manifest(located)
        self.build_facts(located)
        if manifest_text:
            self.compare_state(manifest_text)
        self.emit_signals()
        if self.facts:
            self.bundle.facts["dbt"] = self.facts

    # -- logs --------------------------------------------------------------------------------------

    def read_logs(self) -> None:
        """Parse each log; keep the last one that shows dbt output (the task's own dbt run)."""
        for source in self.request.logs:
            try:
                parsed = parse_log_lines(_limited(self._lines(source), MAX_LOG_LINES))
            except (OSError, ValueError, UnicodeError) as exc:
                self.error(source.name, source.source, f"dbt log could not be read: {exc}")
                continue
            if parsed.is_dbt:
                self.log = parsed
                self.log_evidence_id = self._log_evidence_id(source) or self._excerpt_evidence(source, parsed)

    def _lines(self, source: LogSource) -> Iterator[str]:
        if source.text is not None:
            yield from source.text.splitlines()
            return
        if source.path is None:
            return
        yield from _read_lines(self.request, source.path)

    def _excerpt_evidence(self, source: LogSource, parsed: DbtLog) -> str:
        """Keep the dbt lines we cite when no collector stored this log (line numbers are the log's)."""
        lines: list[str] = []
        latest = parsed.latest
        if latest is not None and latest.top_level_error:
            lines.append(f"L{latest.top_level_error_line}: Encountered an error:")
            lines.extend(f"    {ln}" for ln in latest.top_level_error.splitlines()[:12])
        for failure in parsed.latest_failures()[:20]:
            where = f" ({failure.path})" if failure.path else ""
            lines.append(f"L{failure.line_no}: Failure in {failure.resource_type} {failure.name}{where}")
            lines.extend(f"    {ln}" for ln in failure.detail)
        if not lines:
            return ""
        evidence = self.bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.LOG,
                name=f"{source.name} (dbt excerpt)",
                source=source.source,
                content=_redact("\n".join(lines)),
                summary={"lines_read": parsed.lines_read, "format": parsed.format, "excerpt": True},
            )
        )
        return evidence.id

    def _log_evidence_id(self, source: LogSource) -> str:
        for evidence in self.bundle.evidence:
            if evidence.kind == EvidenceKind.LOG and source.source and evidence.source == source.source:
                return evidence.id
        for evidence in self.bundle.evidence:
            if evidence.kind == EvidenceKind.LOG and evidence.name == source.name:
                return evidence.id
        return ""

    # -- artifacts ---------------------------------------------------------------------------------

    def locate(self) -> _Located:
        """Find run_results.json/manifest.json among artifact paths and the command's dbt flags."""
        located = _Located()
        candidates: list[Path] = list(self.request.artifact_paths)
        candidates.extend(_paths_from_command(self.request.context.command))
        for candidate in candidates:
            located.searched.append(str(candidate))
            for folder_or_file in _expand_candidate(candidate):
                try:
                    if not _exists(self.request, folder_or_file):
                        continue
                except FileAccessError as exc:
                    located.refused.setdefault(str(candidate), str(exc))
                    continue
                if folder_or_file.name == "run_results.json" and located.run_results is None:
                    located.run_results = folder_or_file
                elif folder_or_file.name == "manifest.json" and located.manifest is None:
                    located.manifest = folder_or_file
        return located

    def read_run_results(self, located: _Located) -> None:
        path = located.run_results
        if path is None:
            for candidate, reason in located.refused.items():
                self.error("dbt artifacts", candidate, f"dbt artifacts not read: {reason}")
            return
        text = self.read_artifact(path, MAX_RUN_RESULTS_BYTES)
        if text is None:
            return
        try:
            self.results = load_run_results(text)
        except ArtifactError as exc:
            self.error("run_results.json", str(path), f"run_results.json is unusable: {exc}", len(text))
            return
        summary = self.results_summary()
        evidence = self.bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.DBT_RESULTS,
                name="run_results.json",
                source=str(path),
                content=_redact(self.results_text()),
                size_bytes=len(text.encode("utf-8", "replace")),
                summary=summary,
            )
        )
        self.results_evidence_id = evidence.id

    def read_manifest(self, located: _Located) -> str:
        """Parse the failing run's manifest; returns its text for :meth:`compare_state` ("" when unread)."""
        path = located.manifest
        if path is None:
            return ""
        text = self.read_artifact(path, MAX_MANIFEST_BYTES)
        if text is None:
            return ""
        wanted = self.wanted_nodes(text)
        project = re.escape(_project_name(text))
        if project:
            node_key = re.compile(rf'"(?:model|seed|snapshot)\.{project}\.([\w-]+)": \{{')
            self.node_names = sorted({m.group(1) for m in node_key.finditer(text)})
        try:
            self.manifest = load_manifest(text, wanted)
        except ArtifactError as exc:
            self.error("manifest.json", str(path), f"manifest.json is unusable: {exc}", len(text))
            return ""
        nodes = [n.to_json() for n in self.manifest.nodes.values() if n.resource_type != "test"]
        summary = {
            **self.manifest.meta.to_json(),
            "nodes_read": len(self.manifest.nodes),
            "partial": self.manifest.partial,
        }
        self.bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.DBT_MANIFEST,
                name="manifest.json",
                source=str(path),
                content=_redact(json.dumps(nodes, indent=1)[:60_000]),
                size_bytes=len(text.encode("utf-8", "replace")),
                truncated=self.manifest.partial,
                summary=summary,
            )
        )
        return text

    def compare_state(self, manifest_text: str) -> None:
        """Diff the failing manifest with the ``--state`` one over the failing ancestry (:mod:`.state_diff`).

        The result goes to ``facts["state_diff"]`` and a ``diff`` evidence; the commits that touched
        each changed file between the two manifests are added when the project is a git checkout.
        """
        command = self.request.context.command
        state = _state_dir_from_command(command)
        failures = self.facts.get("failures") or []
        roots = [str(f["unique_id"]) for f in failures if f.get("unique_id")]
        top = self.facts.get("top_level_error")
        project_name = self.manifest.meta.project_name if self.manifest else ""
        if top and top.get("model") and project_name:
            roots.append(f"model.{project_name}.{top['model']}")
        if state is None or not roots:
            return
        path = state / "manifest.json"
        try:
            if not _exists(self.request, path):
                return
        except FileAccessError as exc:
            self.error("state manifest.json", str(path), f"the --state manifest was not read: {exc}")
            return
        previous_text = self.read_artifact(path, MAX_MANIFEST_BYTES)
        if previous_text is None:
            return
        try:
            previous, current = ManifestEntries(previous_text), ManifestEntries(manifest_text)
        except ArtifactError as exc:
            self.error("state manifest.json", str(path), f"the --state manifest is unusable: {exc}")
            return
        before, now = previous.meta.generated_at, current.meta.generated_at
        if before is None or now is None or before >= now:
            self.error(
                "state manifest.json",
                str(path),
                f"the --state manifest (generated {before}) was not written before the failing run's "
                f"({now}), so it is not a previous state; nothing was compared",
            )
            return
        columns = [
            str((f.get("error") or {}).get("column") or "")
            for f in failures
            if f.get("code") == sig.MISSING_COLUMN
        ]
        diff = diff_states(previous, current, list(dict.fromkeys(roots)), columns)
        diff = self.add_commits(diff)
        evidence = self.bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.DIFF,
                name="dbt project changes since the --state manifest",
                source=str(path),
                content=_redact(diff.text()),
                size_bytes=len(previous_text.encode("utf-8", "replace")),
                summary={"changes": len(diff.changes), "ancestors_compared": diff.compared},
            )
        )
        self.facts["state_diff"] = {**diff.to_json(), "state_path": str(path), "evidence_id": evidence.id}

    def add_commits(self, diff: StateDiff) -> StateDiff:
        """The commits that touched each changed project file between the two manifests' times."""
        project = self.facts.get("project_dir") or ""
        paths = [c.path for c in diff.changes if c.path][:MAX_GIT_PATHS]
        if not project or not paths:
            return diff
        checkout = Path(project)
        try:
            # git reads the checkout, so it must lie under the dbt roots like any artifact.
            if not _exists(self.request, checkout):
                return diff
        except FileAccessError as exc:
            return with_commits(diff, {}, f"git log not run: {exc}")
        found: dict[str, tuple[Commit, ...]] = {}
        reasons: list[str] = []
        # A removed node's file is gone from the checkout: its path still names the deleting commit.
        for relative in dict.fromkeys(paths):
            result = commits_touching(
                checkout, [relative], diff.previous.generated_at, diff.current.generated_at
            )
            if result.error:
                reasons.append(result.error)
            elif result.commits:
                found[relative] = result.commits
        lookup = f"git log in {project}" + (f" ({reasons[0]})" if reasons and not found else "")
        return with_commits(diff, found, lookup)

    def wanted_nodes(self, manifest_text: str) -> list[str]:
        """Unique ids of the nodes this failure is about (failing results, logged failures, refs)."""
        wanted: list[str] = []
        if self.results is not None and not (self.staleness and self.staleness.stale):
            wanted.extend(r.unique_id for r in self.results.failing())
        project = _project_name(manifest_text)
        for failure in self.log.latest_failures() if self.log else []:
            if failure.name and project:
                wanted.append(f"{failure.resource_type or 'model'}.{project}.{failure.name}")
        top = self.log.latest.top_level_error if self.log and self.log.latest else ""
        classified = sig.classify_error(top) if top else None
        if classified and classified.attributes.get("node"):
            wanted.append(str(classified.attributes["node"]))
        _, name, _ = sig.error_node(top)
        if name and project:
            wanted.append(f"model.{project}.{name}")
        return list(dict.fromkeys(wanted))

    def read_artifact(self, path: Path, limit: int) -> str | None:
        """Read one artifact through the allow-listed reader; a problem becomes collection_error evidence."""
        try:
            text = _read_text(self.request, path, limit)
        except (OSError, ValueError, UnicodeError) as exc:
            self.error(path.name, str(path), f"{path.name} could not be read: {exc}")
            return None
        if "\x00" in text[:8192]:
            self.error(path.name, str(path), f"{path.name} is binary, not a JSON artifact")
            return None
        return text

    def error(self, name: str, source: str, message: str, size: int = 0) -> None:
        self.bundle.add_evidence(
            Evidence(
                id="",
                kind=EvidenceKind.COLLECTION_ERROR,
                name=name,
                source=source,
                content=message,
                size_bytes=size,
            )
        )

    # -- facts -------------------------------------------------------------------------------------

    def results_summary(self) -> JSONDict:
        assert self.results is not None
        return {
            **self.results.meta.to_json(),
            "command": self.results.command,
            "invocation_command": self.results.invocation_command,
            "elapsed_time": self.results.elapsed_time,
            "status_counts": self.results.status_counts(),
        }

    def results_text(self) -> str:
        """Compact text of the failing nodes, for the evidence panel and the prompt."""
        assert self.results is not None
        meta = self.results.meta
        generated = meta.generated_at.isoformat() if meta.generated_at else "?"
        lines = [
            f"dbt {meta.dbt_version} {self.results.invocation_command or self.results.command} "
            f"(invocation {meta.invocation_id}, generated {generated})",
            "status counts: "
            + ", ".join(f"{k}={v}" for k, v in sorted(self.results.status_counts().items())),
        ]
        for result in self.results.failing()[:20]:
            lines.append("")
            failures = f", {result.failures} failing rows" if result.failures is not None else ""
            lines.append(f"{result.status.upper()} {result.unique_id}{failures}")
            lines.extend(f"  {ln}" for ln in result.message.splitlines()[:15])
            if result.compiled_code:
                lines.append("  compiled code:")
                lines.extend(f"    {ln}" for ln in result.compiled_code[:MAX_SQL_CHARS].splitlines())
        return "\n".join(lines)

    def build_facts(self, located: _Located) -> None:
        facts = self.facts
        stale = bool(self.staleness and self.staleness.stale)
        command = self.request.context.command
        facts["project_dir"] = _project_dir_from_command(command)
        # The target the failing command asked for; a stale artifact's target may be another one.
        facts["target"] = _flag_value(_command_args(command), "--target", "-t")
        facts["profiles_dir"] = _flag_value(_command_args(command), "--profiles-dir")
        if self.results is not None:
            facts["run_results"] = {**self.results_summary(), "path": str(located.run_results)}
            facts["project_dir"] = facts["project_dir"] or self.results.project_dir
            if not stale:
                facts["target"] = facts["target"] or self.results.target
                # redacted as ``name=value`` so the redactor's secret names apply to the name too
                facts["vars"] = {
                    k: str(redact(f"{k}={v}")).split("=", 1)[-1] for k, v in self.results.variables.items()
                }
        if self.staleness is not None:
            facts["stale_artifacts"] = self.staleness.to_json() if stale else None
            facts["artifact_check"] = self.staleness.to_json()
        if self.manifest is not None:
            facts["manifest"] = {**self.manifest.meta.to_json(), "partial": self.manifest.partial}
        if self.log is not None:
            facts["log"] = self.log.to_json()
            latest = self.log.latest
            if latest is not None and latest.target and not facts.get("target"):
                facts["target"] = latest.target
            if self.log.cosmos is not None:
                facts["cosmos_diagnosis"] = self.log.cosmos.to_json()
        failures: list[JSONDict] = []
        if self.results is not None and not stale:
            failures = [self.describe_result(r) for r in self.results.failing()]
            facts["rows_affected"] = self.rows_affected()
        if not failures and self.log is not None:
            failures = [self.describe_log_failure(f) for f in self.log.latest_failures() if f.level == "fail"]
        facts["failures"] = failures
        facts["top_level_error"] = self.describe_top_level_error()
        if located.run_results is None and located.searched:
            facts["artifacts_searched"] = located.searched

    def rows_affected(self) -> list[JSONDict]:
        """Rows each node of this try wrote, as the warehouse reported them (``adapter_response``).

        Keyed by the relation as dbt's log line names it (``main.orders``: the last two parts of
        ``relation_name``), so the input volume compares them with the counts earlier successes printed.
        """
        assert self.results is not None
        out: list[JSONDict] = []
        for result in self.results.results:
            rows = result.rows_affected
            parts = [p for p in re.sub(r'["`\[\]]', "", result.relation_name).split(".") if p]
            if rows is None or result.failed or result.resource_type not in ROW_WRITING_TYPES or not parts:
                continue
            out.append({"unique_id": result.unique_id, "relation": ".".join(parts[-2:]), "rows": rows})
            if len(out) >= MAX_ROWS_NODES:
                break
        return out

    def node(self, unique_id: str) -> ManifestNode | None:
        return self.manifest.node(unique_id) if self.manifest else None

    def describe_result(self, result: NodeResult) -> JSONDict:
        out: JSONDict = {
            "unique_id": result.unique_id,
            "name": result.name,
            "resource_type": result.resource_type,
            "status": result.status,
            "message": _redact(result.message[:4000]),
            "failures": result.failures,
            "execution_time": result.execution_time,
            "timing": {t.name: t.seconds for t in result.timing if t.name},
            "relation_name": result.relation_name,
            "compiled_code": _redact(result.compiled_code[:MAX_SQL_CHARS]),
            "adapter_response": {k: v for k, v in result.adapter_response.items() if k != "_message"},
            # A unique id is ``<resource type>.<package>.<name>``: the package that ships the node.
            "package": result.unique_id.split(".")[1] if result.unique_id.count(".") >= 2 else "",
            "root_project": self.manifest.meta.project_name if self.manifest else "",
            "source": "run_results",
            # Where the log printed this failure, so findings can cite the line a human reads.
            "line_no": next(
                (
                    f.line_no
                    for f in (self.log.latest_failures() if self.log else [])
                    if f.name == result.name
                ),
                0,
            ),
        }
        self.enrich(out, result.unique_id, result.message)
        return out

    def describe_log_failure(self, failure: LogFailure) -> JSONDict:
        project = self.manifest.meta.project_name if self.manifest else ""
        uid = f"{failure.resource_type}.{project}.{failure.name}" if project and failure.name else ""
        node = self.node(uid) if uid else None
        if node is None and self.manifest is not None and failure.name:
            node = self.manifest.by_name(failure.name, failure.resource_type or "model")
        out: JSONDict = {
            "unique_id": node.unique_id if node else uid,
            "name": failure.name,
            "resource_type": failure.resource_type,
            "status": "fail" if failure.failures is not None else "error",
            "message": _redact(failure.message[:4000]),
            "failures": failure.failures,
            "path": failure.path,
            "line_no": failure.line_no,
            "compiled_path": failure.compiled_path,
            "package": node.package_name if node else compiled_package(failure.compiled_path),
            "root_project": project,
            "source": "log",
        }
        self.enrich(out, node.unique_id if node else "", failure.message)
        return out

    def enrich(self, out: JSONDict, unique_id: str, message: str) -> None:
        """Add the test's metadata, the model under it, its upstreams, and the error classification."""
        node = self.node(unique_id) if unique_id else None
        if node is not None:
            out["path"] = out.get("path") or node.original_file_path
            out["materialized"] = node.materialized
        if out["resource_type"] == "test":
            out["test"] = self.describe_test(node, out["name"])
            out["code"] = sig.TEST_FAILED
            model_uid = (out["test"] or {}).get("model_unique_id") or ""
            out["upstream"] = self.describe_upstream(model_uid)
            return
        classified = sig.classify_error(message)
        out["code"] = classified.code
        out["error"] = classified.attributes
        out["upstream"] = self.describe_upstream(unique_id)
        if node is not None:
            out["declared_columns"] = list(node.columns)
            if classified.code == sig.MISSING_COLUMN:
                out["error"] = {
                    **classified.attributes,
                    **self.locate_column(node, str(classified.attributes["column"])),
                }
        if classified.code == sig.MISSING_RELATION:
            out["error"] = {
                **classified.attributes,
                **self.locate_relation(str(classified.attributes["relation"])),
            }

    def describe_test(self, node: ManifestNode | None, name: str) -> JSONDict:
        test_type = ""
        for known in ("not_null", "unique", "accepted_values", "relationships"):
            if name.startswith(known + "_"):
                test_type = known
        if node is None or node.test_metadata is None:
            return {"test_type": test_type, "name": name}
        meta = node.test_metadata
        model_uid = node.attached_node or next((d for d in node.depends_on if d.startswith("model.")), "")
        model = self.node(model_uid)
        kwargs = meta.kwargs
        out: JSONDict = {
            "name": name,
            "test_type": meta.name or test_type,
            "namespace": meta.namespace,
            "column": meta.column_name or node.column_name,
            "model": model.name if model else model_uid.split(".")[-1],
            "model_unique_id": model_uid,
            "where": node.where,
            "severity": node.severity,
        }
        if isinstance(kwargs.get("values"), list):
            out["values"] = [v for v in kwargs["values"] if isinstance(v, str | int | float)][:50]
        if isinstance(kwargs.get("to"), str):
            match = re.search(r"ref\(['\"]([^'\"]+)['\"]\)", kwargs["to"])
            out["to_model"] = match.group(1) if match else kwargs["to"]
        if isinstance(kwargs.get("field"), str):
            out["field"] = kwargs["field"]
        if self.results is not None and model_uid:
            model_result = self.results.result_for(model_uid)
            if model_result is not None and model_result.rows_affected is not None:
                out["model_rows"] = model_result.rows_affected
        return out

    def describe_upstream(self, unique_id: str) -> list[JSONDict]:
        if not unique_id or self.manifest is None:
            return []
        return [n.to_json() for n in self.manifest.upstream(unique_id)]

    def locate_column(self, node: ManifestNode, column: str) -> JSONDict:
        """Which upstream declares the missing column: drift if one does, a code bug if none ever did."""
        declared_by = [
            up.display_name
            for up in (self.manifest.upstream(node.unique_id) if self.manifest else [])
            if column in {c.lower() for c in up.columns}
        ]
        upstream_known = [
            up.display_name
            for up in (self.manifest.upstream(node.unique_id) if self.manifest else [])
            if up.columns
        ]
        return {
            "model": node.name,
            "declared_upstream": declared_by,
            "upstream_with_declared_columns": upstream_known,
            "in_own_sql": column in node.raw_code.lower(),
        }

    def locate_relation(self, relation: str) -> JSONDict:
        """Whether the missing relation is a declared source or a model of this project."""
        if self.manifest is None:
            return {"relation_kind": "unknown"}
        short = relation.rsplit(".", 1)[-1]
        for node in self.manifest.nodes.values():
            names = {node.name.lower(), node.relation_name.replace('"', "").replace("`", "").lower()}
            if relation in names or short == node.name.lower():
                kind = "source" if node.resource_type == "source" else node.resource_type
                return {"relation_kind": kind, "relation_node": node.display_name}
        return {"relation_kind": "unknown"}

    def describe_top_level_error(self) -> JSONDict | None:
        """An error that stopped dbt before nodes ran (compile, profile, connection)."""
        latest = self.log.latest if self.log else None
        if latest is None or not latest.top_level_error:
            return None
        text = latest.top_level_error
        classified = sig.classify_top_level(text)
        _, name, path = sig.error_node(text)
        attrs = dict(classified.attributes)
        if classified.code == sig.MISSING_REF and self.node_names:
            # The manifest on disk predates the broken change, so it still lists the intended node.
            others = [n for n in self.node_names if n != attrs.get("model")]
            attrs["close_matches"] = difflib.get_close_matches(str(attrs["missing"]), others, n=3, cutoff=0.8)
        model = str(attrs.get("model") or name)
        return {
            "code": classified.code,
            "message": _redact(text[:4000]),
            "model": model,
            "path": str(attrs.get("path") or path),
            "attributes": attrs,
            "line_no": latest.top_level_error_line,
            "invocation_id": latest.invocation_id,
        }

    # -- signals -----------------------------------------------------------------------------------

    def cite(self, line_no: int, text: str) -> tuple[LogLine, ...]:
        if not self.log_evidence_id or not line_no:
            return ()
        return (LogLine(self.log_evidence_id, line_no, text[:500]),)

    def emit_signals(self) -> None:
        add = self.bundle.signals.append
        for failure in self.facts.get("failures") or []:
            evidence_id = (
                self.results_evidence_id if failure.get("source") == "run_results" else self.log_evidence_id
            )
            lines = self.cite(int(failure.get("line_no") or 0), str(failure.get("message") or ""))
            if failure.get("code") == sig.TEST_FAILED:
                add(self.test_signal(failure, evidence_id, lines))
                continue
            attrs = {
                **(failure.get("error") or {}),
                "model": failure.get("name"),
                "unique_id": failure.get("unique_id"),
                "path": failure.get("path", ""),
                "upstream": [u["name"] for u in failure.get("upstream") or []],
                "detail": _first_lines(str(failure.get("message") or ""), 3),
            }
            add(
                Signal(str(failure["code"]), _message(str(failure["code"]), attrs), evidence_id, lines, attrs)
            )
        top = self.facts.get("top_level_error")
        if top:
            attrs = {
                **top["attributes"],
                "model": top["model"],
                "path": top["path"],
                "detail": _first_lines(top["message"], 4),
            }
            lines = self.cite(int(top.get("line_no") or 0), top["message"])
            add(Signal(top["code"], _message(top["code"], attrs), self.log_evidence_id, lines, attrs))
        stale = self.facts.get("stale_artifacts")
        if stale:
            assert self.results is not None
            attrs = {
                "reason": stale["reason"],
                "basis": stale["basis"],
                "artifact_invocation_id": self.results.meta.invocation_id,
                "artifact_failures": [r.name for r in self.results.failing()],
            }
            add(Signal(sig.STALE_ARTIFACTS, stale["reason"], self.results_evidence_id, (), attrs))
        cosmos = self.facts.get("cosmos_diagnosis")
        if cosmos:
            lines = self.cite(int(cosmos.get("line_no") or 0), str(cosmos.get("root_cause") or ""))
            add(
                Signal(
                    sig.COSMOS_DIAGNOSIS,
                    "Cosmos AI diagnosis (model output, unverified): " + str(cosmos.get("root_cause"))[:300],
                    self.log_evidence_id,
                    lines,
                    dict(cosmos),
                )
            )

    def test_signal(self, failure: JSONDict, evidence_id: str, lines: tuple[LogLine, ...]) -> Signal:
        test = failure.get("test") or {}
        upstream = failure.get("upstream") or []
        attrs: JSONDict = {
            "test": failure.get("name"),
            "test_type": test.get("test_type", ""),
            "path": failure.get("path", ""),
            "model": test.get("model", ""),
            "column": test.get("column", ""),
            "failures": failure.get("failures"),
            "upstream": [u["name"] for u in upstream],
            "upstream_sources": [u["name"] for u in upstream if u.get("resource_type") == "source"],
            "where": test.get("where", ""),
            "unique_id": failure.get("unique_id"),
            "package": failure.get("package", ""),
            "root_project": failure.get("root_project", ""),
            "compiled_path": failure.get("compiled_path", ""),
            "rows": test.get("model_rows"),
            "values": test.get("values"),
            "to_model": test.get("to_model"),
            "field": test.get("field"),
        }
        code = sig.TEST_WARNED if failure.get("status") == "warn" else sig.TEST_FAILED
        return Signal(code, _message(code, attrs), evidence_id, lines, attrs)


def _message(code: str, attrs: JSONDict) -> str:
    model = attrs.get("model") or "?"
    if code in {sig.TEST_FAILED, sig.TEST_WARNED}:
        rows = attrs.get("failures")
        where = f"{model}.{attrs['column']}" if attrs.get("column") else model
        return f"dbt test {attrs.get('test')} failed on {where}" + (
            f" ({rows} failing rows)" if rows is not None else ""
        )
    if code == sig.MISSING_REF:
        return f"{model} refs '{attrs.get('missing')}', which does not exist"
    if code == sig.MISSING_COLUMN:
        return f"column '{attrs.get('column')}' not found in {model}"
    if code == sig.MISSING_RELATION:
        return f"relation '{attrs.get('relation')}' does not exist (used by {model})"
    return f"{code.split('.', 1)[1].replace('_', ' ')} in {model}: {attrs.get('detail', '')}"[:400]


def _first_lines(text: str, n: int) -> str:
    return " | ".join([ln.strip() for ln in text.splitlines() if ln.strip()][:n])


def _limited(lines: Iterator[str], limit: int) -> Iterator[str]:
    for count, line in enumerate(lines):
        if count >= limit:
            return
        yield line


def _project_name(manifest_text: str) -> str:
    match = re.search(r'"project_name":\s*"([^"]+)"', manifest_text[:20_000])
    return match.group(1) if match else ""


def _command_args(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def _flag_value(args: list[str], *names: str) -> str:
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return ""


def _project_dir_from_command(command: str) -> str:
    args = _command_args(command)
    project = _flag_value(args, "--project-dir")
    if project:
        return project
    # "cd /opt/dbt/project && dbt build"
    match = re.search(r"\bcd\s+(\S+)\s*(?:&&|;)", command)
    return match.group(1) if match else ""


def _state_dir_from_command(command: str) -> Path | None:
    """The folder of ``--state``/``--defer-state`` on a dbt command, relative to its project folder."""
    if not command or not _DBT_COMMAND_RE.search(command):
        return None
    state = _flag_value(_command_args(command), "--state", "--defer-state")
    if not state:
        return None
    project = _project_dir_from_command(command)
    return Path(project) / state if project and not Path(state).is_absolute() else Path(state)


def _paths_from_command(command: str) -> list[Path]:
    """``--target-path``/``--project-dir`` (or ``cd DIR &&``) → where ``target/`` is."""
    if not command or not _DBT_COMMAND_RE.search(command):
        return []
    args = _command_args(command)
    project = _project_dir_from_command(command)
    target_path = _flag_value(args, "--target-path")
    paths: list[Path] = []
    if target_path:
        paths.append(
            Path(project) / target_path
            if project and not Path(target_path).is_absolute()
            else Path(target_path)
        )
    if project:
        paths.append(Path(project) / "target")
    return paths


def _expand_candidate(candidate: Path) -> list[Path]:
    if candidate.name in _ARTIFACT_NAMES:
        return [candidate]
    if candidate.is_file():
        return []  # another file given beside the artifacts (a model, dbt_project.yml): not a folder
    return [
        candidate / "run_results.json",
        candidate / "manifest.json",
        candidate / "target" / "run_results.json",
        candidate / "target" / "manifest.json",
    ]


# --------------------------------------------------------------------------- file access and redaction

#: FileAccess scopes tried for artifacts: the dbt roots, then paths the user named on the command line.
ARTIFACT_SCOPES = ("dbt", "cli")
#: Scopes tried for logs handed to the investigation.
LOG_SCOPES = ("logs", "cli", "dbt")


def _read_text(request: CollectionRequest, path: Path, limit: int) -> str:
    """Read a whole artifact through the allow-listed reader (raises OSError when refused)."""
    files = request.files
    return files.read_text(path, limit, adapter=files.scope_of(path, ARTIFACT_SCOPES))


def _read_lines(request: CollectionRequest, path: Path) -> Iterator[str]:
    files = request.files
    yield from files.iter_lines(path, adapter=files.scope_of(path, LOG_SCOPES))


def _exists(request: CollectionRequest, path: Path) -> bool:
    """Whether an artifact exists (raises :class:`FileAccessError` when the path is not allowed)."""
    files = request.files
    return files.exists(path, adapter=files.scope_of(path, ARTIFACT_SCOPES))


def _redact(text: str) -> str:
    """Mask secrets (compiled SQL and error messages can carry credentials) before storing or prompting."""
    return redact(text)
