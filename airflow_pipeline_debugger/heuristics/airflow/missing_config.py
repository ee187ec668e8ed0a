"""A connection or Variable the task reads is not defined where it runs (CONFIG, permanent).

Only when the lookup failed the task: a "not defined" the task logged below ERROR and went on from
(a ``GitDagBundle`` with a ``repo_url`` logs the ``git_default`` connection it did without at INFO,
on every try of every task it serves) is not why it failed, and is not read as the cause.
"""

from __future__ import annotations

import shlex

from airflow_pipeline_debugger.adapters.airflow import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import attribute
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule
from airflow_pipeline_debugger.heuristics.terminal import not_carried_on_from

#: The generic exception rule only restates the ``AirflowNotFoundException`` these rules explain.
_EXPLAINS = ("generic.python_exception",)


class MissingConnection(SignalRule):
    """``The conn_id `x` isn't defined``: no such connection where the worker looks.

    Neither the metadata DB, the environment (``AIRFLOW_CONN_*``) nor the secrets backend has it.
    Nothing in the task code is wrong and a retry cannot help until the connection exists.
    """

    id = "airflow.missing_connection"
    title = "Connection not defined"
    reads = (S.MISSING_CONNECTION,)
    supersedes = _EXPLAINS
    #: Never created (config) or a conn_id the DAG misspells (code): the log names only the id.
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the connection id; none when the task carried on past every lookup."""
        hits = not_carried_on_from(bundle, hits)
        if not hits:
            return None
        found = attribute(hits, "conn_id")
        conn_id = found or "the connection"
        return self.finding(
            title=f"Connection '{conn_id}' is not defined",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=93,
            summary=(
                f"The task asked for connection '{conn_id}' and Airflow found no such connection in the "
                "metadata DB, the AIRFLOW_CONN_* environment or the secrets backend."
            ),
            signals=hits[:2],
            details=[("conn_id", conn_id)],
            immediate_fix=(
                f"Create connection '{conn_id}' (with the command below, in the UI, or in the secrets "
                "backend), then clear the task."
            ),
            immediate_fix_code=[
                CodeBlock(
                    f"airflow connections add {shlex.quote(found) if found else '<conn_id>'} "
                    "--conn-uri '<conn_uri>'",
                    CodeLanguage.SHELL,
                    changes_state=True,
                )
            ],
            change=(
                "If the id is a typo, fix the conn_id in the DAG; otherwise add the connection to the "
                "deployment's connection definitions for every environment."
            ),
            prevention=(
                "Declare the connections each DAG needs and check them in CI or at deploy time "
                "(`airflow connections get <id>` in a smoke test)."
            ),
            monitoring="Alert on AirflowNotFoundException for conn_id separately from task code errors.",
        )


class MissingVariable(SignalRule):
    """``VARIABLE_NOT_FOUND``: a Variable read without a default does not exist (CONFIG)."""

    id = "airflow.missing_variable"
    title = "Variable not defined"
    reads = (S.MISSING_VARIABLE,)
    supersedes = _EXPLAINS
    #: Never created (config) or a key the DAG misspells (code): the log names only the key.
    max_confidence = AMBIGUOUS_CEILING

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the Variable key; none when the task carried on past every lookup."""
        hits = not_carried_on_from(bundle, hits)
        if not hits:
            return None
        found = attribute(hits, "key")
        key = found or "the variable"
        return self.finding(
            title=f"Airflow Variable '{key}' is not defined",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=90,
            summary=f"The task read Variable '{key}', which does not exist where the task runs.",
            signals=hits[:2],
            details=[("variable", key)],
            immediate_fix="Create the Variable with its value, then clear the task.",
            immediate_fix_code=[
                CodeBlock(
                    f"airflow variables set {shlex.quote(found) if found else '<key>'} '<value>'",
                    CodeLanguage.SHELL,
                    changes_state=True,
                )
            ],
            change="Add the Variable to the deployment's definitions, or read it with a default in the DAG.",
            prevention="Check required Variables at deploy time; avoid Variable reads without a default.",
            monitoring="Alert on VARIABLE_NOT_FOUND separately from task code errors.",
        )
