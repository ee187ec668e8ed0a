"""The warehouse refused a value a project variable holds: the variable is what to fix (CONFIG).

``Conversion Error: extract specifier "weekly" not recognized`` reads as the model's SQL; the model
says ``date_trunc('{{ var("revenue_grain") }}', order_date)`` and ``dbt_project.yml`` sets
``revenue_grain: weekly``. The model did what the variable told it, so the fix goes to the variable
(``dbt_project.yml``'s ``vars:`` or the run's ``--vars``), not to the SQL.

Only a variable a model or macro given as source reads with ``var('<name>')``, whose value the
terminal error quotes as a whole word in a line that says it was refused, and whose value is
distinctive (:mod:`..refused`), and not a path, a glob or a file name (an error about what a file
holds is the data's). The variables are read from ``dbt_project.yml``'s ``vars:`` block
line by line (no YAML parser runs on the file: an alias bomb costs nothing) and from the run's
``--vars`` as ``run_results.json`` records them.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    PipelineType,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.dbt._common import dbt_facts
from airflow_pipeline_debugger.heuristics.message import payload, shorten_middle
from airflow_pipeline_debugger.heuristics.refused import REFUSED_RE, as_word, telling
from airflow_pipeline_debugger.heuristics.terminal import is_chatter, terminal_blocks

#: Under the confident band: the model may also use the variable where it should not.
LIKELIHOOD = 62
#: Characters of an error line searched for a value.
LINE_CHARS = 2000
#: Variables read from one project file (a hostile file costs no more).
MAX_VARIABLES = 200
#: A variable naming files (a path, a glob, a file name): an error about what is in them is the data's.
_FILE_LIKE_RE = re.compile(r"[/\\*]|\.\w{2,8}$")
_VARS_BLOCK_RE = re.compile(r"^vars:\s*(?:#.*)?$")
#: ``  revenue_grain: weekly  # comment`` / ``  name: "value"``: a scalar entry of the block.
_ENTRY_RE = re.compile(r"^\s+(?P<name>[\w.-]{1,120}):\s*(?P<value>[^#\n]{0,200}?)\s*(?:#.*)?$")


class VarInError(Heuristic):
    """The terminal error refuses the value of a project variable a model reads."""

    id = "dbt.var_in_error"
    title = "A dbt variable's value in the error"
    platforms = frozenset({PipelineType.DBT})
    #: What the dbt adapter read of the run (its log or artifacts): without it there is no dbt run.
    requires = frozenset({"dbt"})
    supersedes = (
        "generic.error_code",
        "generic.python_exception",
        "dbt.value_error",
        "dbt.sql_syntax",
    )

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Config finding naming the variable, where it is set and the model that reads it."""
        variables = {**_project_vars(bundle), **_run_vars(bundle)}
        read = _read_by_models(bundle, variables)
        if not read:
            return None
        found = _refused(bundle, read)
        if found is None:
            return None
        (name, (value, where)), line = found
        said = shorten_middle(payload(line.text).strip(), 240)
        return self.finding(
            title=f"The dbt variable {name}={shorten_middle(value, 60)} is the value the warehouse refuses",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=LIKELIHOOD,
            summary=sentence(
                f"The error at {line.cite()} ({said}) refuses `{value}`, the value of the variable `{name}` "
                f"({where}), which the model reads with `var('{name}')`. The SQL did what the variable told "
                "it; the variable's value is what to fix"
            ),
            lines=[line],
            details=[("variable", f"{name}={value}"), ("set in", where)],
            immediate_fix=(
                f"Set `{name}` to a value the model accepts ({where}), or pass one for this run with "
                f"`--vars '{{{name}: <value>}}'`, then re-run the model."
            ),
            change=(
                f"Correct `{name}` where the deployment sets it, and have the model check it "
                "(a Jinja `if` raising `exceptions.raise_compiler_error` on values it does not handle)."
            ),
            prevention="Compile and run the models in CI with each value the deployments give the variable.",
            monitoring=f"Alert on dbt failures after a change to `{name}`.",
        )


def _project_vars(bundle: EvidenceBundle) -> dict[str, tuple[str, str]]:
    """``name -> (value, where)`` of the scalar entries under ``dbt_project.yml``'s ``vars:``."""
    found: dict[str, tuple[str, str]] = {}
    for evidence in bundle.evidence:
        if evidence.kind is not EvidenceKind.SOURCE or PurePath(evidence.name).name != "dbt_project.yml":
            continue
        inside = False
        for text in evidence.content.splitlines():
            if _VARS_BLOCK_RE.match(text):
                inside = True
                continue
            if inside and text.strip() and not text[:1].isspace():
                inside = False
            entry = _ENTRY_RE.match(text) if inside else None
            if entry and entry["value"] and len(found) < MAX_VARIABLES:
                found[entry["name"]] = (entry["value"].strip("'\""), "dbt_project.yml, vars")
    return found


def _run_vars(bundle: EvidenceBundle) -> dict[str, tuple[str, str]]:
    """The run's ``--vars`` (``run_results.json``'s ``args.vars``), scalar values only."""
    raw = dbt_facts(bundle).get("vars")
    if not isinstance(raw, dict):
        return {}
    return {str(k): (str(v), "the run's --vars") for k, v in list(raw.items())[:MAX_VARIABLES]}


def _read_by_models(
    bundle: EvidenceBundle, variables: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """The telling variables a model or macro given as source reads with ``var('<name>')``."""
    sql = [e.content for e in bundle.evidence if e.kind is EvidenceKind.SOURCE and e.name.endswith(".sql")]
    return {
        name: held
        for name, held in variables.items()
        if telling(held[0])
        and not _FILE_LIKE_RE.search(held[0])
        and any(re.search(rf"\bvar\(\s*['\"]{re.escape(name)}['\"]", text) for text in sql)
    }


def _refused(
    bundle: EvidenceBundle, variables: dict[str, tuple[str, str]]
) -> tuple[tuple[str, tuple[str, str]], LogLine] | None:
    """The first variable whose value an error line of a terminal block refuses, with that line."""
    words = [(name, held, as_word(held[0])) for name, held in variables.items()]
    for block in terminal_blocks(bundle):
        if not block.has_error:
            continue
        for line in block.lines:
            text = line.text[:LINE_CHARS]
            if is_chatter(text) or not REFUSED_RE.search(text):
                continue
            for name, held, word in words:
                if word.search(text):
                    return (name, held), line
    return None
