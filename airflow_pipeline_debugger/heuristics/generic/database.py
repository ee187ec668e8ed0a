"""SQL errors seen outside dbt, classified by who has to act.

Syntax is CODE; missing objects and constraint violations are DATA; deadlocks and lock timeouts
are INFRA (transient).

dbt tasks have their own, artifact-backed rules that outrank these.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute, code_changed
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, hits_say
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote
from airflow_pipeline_debugger.heuristics.terminal import in_the_error, input_context, terminal_blocks


class SqlSyntax(SignalRule):
    """The database rejected a statement's syntax (CODE)."""

    id = "generic.sql_syntax"
    title = "SQL syntax error"
    reads = (G.SQL_SYNTAX,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding quoting where the parser stopped."""
        near = attribute(hits, "near")
        return self.finding(
            title="The task's SQL has a syntax error" + (f" near {near}" if near else ""),
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=70,
            summary=f"The database could not parse the statement ({_quote(hits)}).",
            signals=hits[:3],
            immediate_fix="Fix the statement (render it with `airflow tasks render` to see the final SQL).",
            change="Correct the SQL in the DAG or the .sql file it templates.",
            prevention="Lint/parse SQL in CI against the target dialect.",
            monitoring="Alert on syntax errors right after deploys.",
        )


class MissingObject(SignalRule):
    """A table or column the SQL reads does not exist.

    The category guide's tie-break for generic errors: DATA when the log shows the input changed
    (the database suggests another name, the input's columns are listed without it, or an upstream
    task failed in this run), CODE when the task's code changed since its last success or nothing
    shows the input changed (a wrong name in the query), at a confidence that says it is a guess.
    """

    id = "generic.missing_object"
    title = "Table or column does not exist"
    reads = (G.MISSING_COLUMN, G.MISSING_RELATION)
    supersedes = _EXPLAINS
    max_confidence = 60  # a wrong name in the query, or a producer that renamed or has not built it

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding when the input is shown changed, else code."""
        column = attribute(hits, "column")
        relation = attribute(hits, "relation")
        what = f"column {column}" if column else f"table {relation or '(unnamed)'}"
        changed = code_changed(bundle)
        drift = None if changed else _input_changed(bundle, column or relation)
        search_path = "" if changed or drift or "." in relation else _search_path(bundle)
        if search_path:
            story = (
                f"The name is looked up on the session's search_path, which the log shows set to "
                f"{search_path}: a schema the connection or session names wrongly (its extra, options or "
                "role settings) makes every unqualified name miss, with the query and the data right."
            )
            category = Category.CONFIG
        elif drift:
            story, category = f"{drift}: the input changed shape upstream.", Category.DATA
        elif changed:
            story = "The task's code changed since its last success, so the new query is the likely cause."
            category = Category.CODE
        else:
            story = (
                "Nothing in the log shows the input changed, so the likelier cause is a name the query "
                "gets wrong (or a producer that has not built it yet)."
            )
            category = Category.CODE
        return self.finding(
            title=(
                f"The {what} the task reads is not found on the session's search_path ({search_path})"
                if search_path
                else f"The {what} the task reads does not exist"
            ),
            severity=Severity.SEVERE,
            category=category,
            transience=Transience.PERMANENT,
            likelihood=64 if drift or changed else 56,
            summary=f"The query referenced {what}, which is not there ({_quote(hits)}). {story}",
            signals=hits[:3],
            immediate_fix=(
                "Check the upstream producer of the object (did it run, was it renamed?)."
                if category is Category.DATA
                else f"Check the search_path the connection sets ({search_path}) against the schema that "
                f"holds the {what}, then fix the connection."
                if search_path
                else f"Check the name of the {what} in the query against the current schema, then fix it."
            ),
            change="Align the query with the current schema, or restore the object upstream.",
            prevention=(
                "Schema contracts between producer and consumer; test queries against the real schema."
            ),
            monitoring="Alert on schema changes of tables other pipelines read.",
        )


#: A session's search_path as a log line states it: ``search_path=analytics_v2``, ``SET search_path TO
#: staging``, ``-c search_path=x`` in a connection's options.
_SEARCH_PATH_RE = re.compile(
    r"\bsearch_path\b\s*(?:=|\bTO\b|:)\s*(?P<path>['\"$\w]{1,63}(?:\s*,\s*(?![\w.]+\s*=)['\"$\w]{1,63}){0,5})",
    re.I,
)
#: A search_path that is PostgreSQL's own default says nothing about the set-up.
_DEFAULT_PATHS = frozenset({"public", "$user", "default"})


def _search_path(bundle: EvidenceBundle) -> str:
    """The search_path the log shows the session set before the failure, or ``""``."""
    for block in terminal_blocks(bundle):
        for line in reversed((*block.before, *block.lines)):
            if m := _SEARCH_PATH_RE.search(line.text):
                schemas = {p.strip(" '\"").lower() for p in m["path"].split(",")}
                return "" if schemas <= _DEFAULT_PATHS else m["path"].strip(" '\",")
    return ""


def _input_changed(bundle: EvidenceBundle, name: str) -> str:
    """Why the log says the input changed shape, or ``""``.

    A suggested name, a column list without the name, or a failed upstream task.
    """
    for block in terminal_blocks(bundle):
        context = input_context(block, name)
        if context is not None and context.kind in ("suggestion", "columns"):
            return f"{context.detail} ({context.line.cite()})"
    upstream = bundle.facts.get("upstream")
    failed = upstream.get("failed") if isinstance(upstream, dict) else None
    if isinstance(failed, list) and failed:
        return f"upstream task(s) {', '.join(str(t) for t in failed[:3])} failed in this run"
    return ""


class ConstraintViolation(SignalRule):
    """A unique/foreign-key/not-null constraint rejected the rows (DATA: duplicates, orphans, nulls)."""

    id = "generic.constraint_violation"
    title = "Constraint violation"
    reads = (G.CONSTRAINT_VIOLATION,)
    supersedes = _EXPLAINS
    #: Duplicates in the input (data), or a load that is not idempotent re-inserting its rows on a
    #: retry or backfill, a sequence out of step, or concurrent writers (Airflow's own metadata tables:
    #: ``task_instance_pkey``, ``dag_run_dag_id_run_id_key``): the error does not say which.
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the constraint; Airflow's own tables' constraints are Airflow's."""
        kind = attribute(hits, "kind")
        if hits_say(hits, _AIRFLOW_METADATA_RE):
            return self.finding(
                title="Airflow's own metadata database rejected a write: a race or a bug in Airflow",
                severity=Severity.SEVERE,
                category=Category.CODE,
                transience=Transience.INTERMITTENT,
                likelihood=66,
                summary=(
                    f"The constraint is on a table of Airflow's metadata database ({_quote(hits)}), not on "
                    "one the task loads: two components wrote the same task instance, run or XCom row (a "
                    "task run twice, two schedulers, a retry racing its own heartbeat), which is a bug or "
                    "race in Airflow or a provider, not the task's data."
                ),
                signals=hits[:3],
                immediate_fix="Clear the task; check that one scheduler and one runner handled this try.",
                change=(
                    "Upgrade Airflow to a release that fixes the race (search its changelog and issues for "
                    "the constraint's name), or pin the provider that writes the row."
                ),
                prevention="Run one scheduler per metadata database unless HA scheduling is configured.",
                monitoring="Alert on IntegrityErrors in the scheduler's and workers' logs.",
            )
        return self.finding(
            title=f"Rows violated a {kind.lower() + ' ' if kind else ''}constraint",
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=72,
            summary=(
                f"The database rejected the write ({_quote(hits)}): "
                f"the input has duplicates, orphans or nulls."
            ),
            signals=hits[:3],
            immediate_fix=(
                "Find the offending rows in the input (the key in the error) and fix or quarantine them."
            ),
            change="Deduplicate/validate before loading, or make the load an idempotent upsert.",
            prevention="Data tests on the input (unique, not null, relationships) before the load.",
            monitoring="Track rejected rows per load.",
        )


class LockContention(SignalRule):
    """Deadlock or lock timeout in the database (INFRA, transient: concurrent writers).

    SQLite's "database is locked" is CONFIG: a single-writer file shared by parallel writers.
    """

    id = "generic.lock_contention"
    title = "Database lock contention"
    reads = (G.DEADLOCK, G.LOCK_TIMEOUT)
    read_together = True
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding; none when no lock line is among the lines the task died with."""
        hits = in_the_error(bundle, hits)
        if not hits:
            return None
        if hits_say(hits, _SQLITE_LOCKED_RE):
            # SQLite's (or DuckDB's) file takes one writer at a time: parallel writers on it are a
            # set-up that cannot work under load (config), not a contention that passes.
            return self.finding(
                title="Parallel writers share a single-writer database file (database is locked)",
                severity=Severity.MODERATE,
                category=Category.CONFIG,
                transience=Transience.INTERMITTENT,
                likelihood=62,
                summary=(
                    f"Another process held the database file's write lock ({_quote(hits)}). A SQLite or "
                    "DuckDB file takes one writer at a time, so tasks or threads writing it together fail "
                    "whenever their writes overlap."
                ),
                signals=hits[:3],
                immediate_fix="Clear the task once the other writer has finished.",
                change=(
                    "Serialise the writers (an Airflow pool of 1, dbt threads: 1) or move them to a server "
                    "database (PostgreSQL) that takes concurrent writes."
                ),
                prevention="Keep SQLite files to one writer; shared metadata or warehouse DBs on a server.",
                monitoring="Count 'database is locked' errors per day.",
                max_confidence=AMBIGUOUS_CEILING,
            )
        return self.finding(
            title="The database aborted the task's transaction over locks",
            severity=Severity.MODERATE,
            category=Category.INFRA,
            transience=Transience.TRANSIENT,
            likelihood=68,
            summary=f"A concurrent transaction held the locks ({_quote(hits)}).",
            signals=hits[:3],
            immediate_fix="Clear the task once the competing job has finished.",
            change="Serialise writers to the same table (an Airflow pool of 1), keep transactions short.",
            prevention="Schedule conflicting loads apart; retry on deadlock in the client.",
            monitoring="Track deadlocks and lock waits per table.",
        )


#: A constraint of Airflow's own metadata tables (``task_instance_pkey``, ``dag_run_dag_id_run_id_key``,
#: ``xcom_pkey``, SQLite's ``UNIQUE constraint failed: task_instance.dag_id``), or their key.
_AIRFLOW_METADATA_RE = re.compile(
    r"\b(?:task_instance(?:_history)?|dag_run|xcom|rendered_task_instance_fields|serialized_dag|"
    r"task_reschedule|task_map|dag_version|task_fail|dag_code)(?:_(?:dag_id|run_id|task_id|map_index|execution_date|logical_date|"
    r"dag_run|task_instance|trigger_id|try_number|id)){0,4}_(?:pkey|key|fkey)\b"
    r"|UNIQUE constraint failed: (?:task_instance|dag_run|xcom|serialized_dag|task_reschedule)\."
    r"|Key \(dag_id, (?:task_id, )?run_id"
)
#: SQLite's lock error (``sqlite3.OperationalError: database is locked``).
_SQLITE_LOCKED_RE = re.compile(r"database is locked")
