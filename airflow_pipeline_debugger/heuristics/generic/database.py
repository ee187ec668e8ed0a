"""SQL errors seen outside dbt, classified by who has to act.

Syntax is CODE; missing objects and constraint violations are DATA; deadlocks and lock timeouts
are INFRA (transient).

dbt tasks have their own, artifact-backed rules that outrank these.
"""

from __future__ import annotations

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
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.generic.network import _EXPLAINS, _quote


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
    """A table or column the SQL reads does not exist: missing upstream data, or schema drift (DATA).

    When the task's code changed since its last success, the new code is the likelier culprit (CODE).
    """

    id = "generic.missing_object"
    title = "Table or column does not exist"
    reads = (G.MISSING_COLUMN, G.MISSING_RELATION)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding, or code when the task's code changed."""
        column = attribute(hits, "column")
        relation = attribute(hits, "relation")
        what = f"column {column}" if column else f"table {relation or '(unnamed)'}"
        changed = code_changed(bundle)
        return self.finding(
            title=f"The {what} the task reads does not exist",
            severity=Severity.SEVERE,
            category=Category.CODE if changed else Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=64,
            summary=(
                f"The query referenced {what}, which is not there ({_quote(hits)}). "
                + (
                    "The task's code changed since its last success, so the new query is the likely cause."
                    if changed
                    else "Its producer did not create it (yet) or renamed it: the input changed shape."
                )
            ),
            signals=hits[:3],
            immediate_fix="Check the upstream producer of the object (did it run, was it renamed?).",
            change="Align the query with the current schema, or restore the object upstream.",
            prevention=(
                "Schema contracts between producer and consumer; test queries against the real schema."
            ),
            monitoring="Alert on schema changes of tables other pipelines read.",
        )


class ConstraintViolation(SignalRule):
    """A unique/foreign-key/not-null constraint rejected the rows (DATA: duplicates, orphans, nulls)."""

    id = "generic.constraint_violation"
    title = "Constraint violation"
    reads = (G.CONSTRAINT_VIOLATION,)
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Data finding naming the constraint."""
        kind = attribute(hits, "kind")
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
    """Deadlock or lock timeout in the database (INFRA, transient: concurrent writers)."""

    id = "generic.lock_contention"
    title = "Database lock contention"
    reads = (G.DEADLOCK, G.LOCK_TIMEOUT)
    read_together = True
    supersedes = _EXPLAINS

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Transient infra finding."""
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
