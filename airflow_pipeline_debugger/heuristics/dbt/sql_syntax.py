"""The warehouse could not parse the SQL dbt compiled for a model: the model's or its package's SQL (CODE).

dbt prints the compiled file (``compiled code at target/run/<project or package>/models/…``), so the
answer names the model, the project or package the SQL was compiled from, and where to read it. A
parser stopping at ``:`` is a PostgreSQL-style ``::`` cast, which BigQuery and several other
warehouses do not accept: SQL written for one adapter run on another (a package without a
dispatch implementation for this warehouse, or a hand-written cast).
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
from airflow_pipeline_debugger.heuristics.dbt._common import QUOTE_CHARS, DbtRule, project_flags
from airflow_pipeline_debugger.heuristics.message import quote_error
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

# "compiled Code at target/run/re_data/models/x.sql" / "compiled SQL at …" / "compiled code at …"
_COMPILED_RE = re.compile(r"compiled (?:code|sql) at (?P<path>\S+)", re.IGNORECASE)
# "target/run/<project or package>/models/…"
_PROJECT_RE = re.compile(r"target[\\/](?:run|compiled)[\\/](?P<project>[\w-]+)[\\/]")
#: The parser stopped at a colon: a ``::`` cast the warehouse's dialect does not have.
_COLON_CAST_RE = re.compile(r"""(?:but got|unexpected|near)\s*["'`]?::?["'`]?(?:\s|$|\s*at)""", re.IGNORECASE)


class SqlSyntaxInModel(DbtRule):
    """A syntax error in a dbt model's compiled SQL, named with the project or package it came from."""

    id = "dbt.sql_syntax"
    title = "Syntax error in a dbt model's SQL"
    reads = ("dbt.database_error",)
    supersedes = ("generic.sql_syntax",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding for the model whose error block holds the syntax error; none without one."""
        syntax = bundle.signals_with(G.SQL_SYNTAX)
        if not syntax:
            return None
        hit = hits[-1]
        model = str(hit.attributes.get("model") or "")
        if not model:
            return None
        error = syntax[-1]
        quoted = quote_error(error.lines[0].text if error.lines else error.message, QUOTE_CHARS)
        compiled = ""
        for block in terminal_blocks(bundle):
            for line in (*block.before, *block.lines):
                if found := _COMPILED_RE.search(line.text):
                    compiled = found["path"]
        project = m["project"] if (m := _PROJECT_RE.search(compiled)) else ""
        origin = f", compiled from {project} ({compiled})" if project else ""
        cast = bool(_COLON_CAST_RE.search(quoted))
        dialect = (
            " The parser stopped at ':': a PostgreSQL-style `::` cast, which this warehouse's SQL dialect "
            "does not accept; write cast(x as type) (or dbt's cross-database cast macro)."
            if cast
            else ""
        )
        return self.finding(
            title=f"Syntax error in the SQL of model {model}{f' (from {project})' if project else ''}"[:160],
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=74,
            summary=(
                f"The warehouse could not parse the SQL dbt compiled for model {model}{origin}: {quoted}."
                f"{dialect} When the model or the macro it calls comes from a package, the package's SQL "
                "does not support this warehouse or this version of it."
            ),
            lines=list(error.lines[:1]),
            signals=[hit],
            details=[
                ("model", model),
                *([("compiled SQL", compiled)] if compiled else []),
                *([("project or package", project)] if project else []),
                ("error", quoted),
            ],
            immediate_fix=(
                f"Open {compiled or 'the compiled SQL under target/run/'} at the position the error gives, "
                f"fix the model or the macro that rendered it, and check with `dbt compile --select "
                f"{model}{project_flags(bundle)}`."
            ),
            change=(
                "For a package's model or macro: upgrade the package, or override the macro for this "
                "adapter (adapter.dispatch) until it supports it."
            ),
            prevention="Compile and run the project against the production warehouse type in CI.",
            monitoring=f"Alert on syntax errors in {model} right after dbt or package upgrades.",
        )
