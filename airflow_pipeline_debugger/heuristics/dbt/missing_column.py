"""The warehouse says a column does not exist: upstream schema drift (DATA) or a model bug (CODE)."""

from __future__ import annotations

import re
from pathlib import PurePath

from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    EvidenceKind,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, names, rebuild, scratch_flags
from airflow_pipeline_debugger.heuristics.terminal import input_context, terminal_blocks


class MissingColumn(DbtRule):
    """A model selects a column its input does not have.

    Which side is wrong decides the category, and the manifest usually tells: if an upstream source
    or model *declares* the column, the project expected it and the upstream changed under it (schema
    drift, DATA). If upstreams document their columns and none has it, the failing model's own SQL
    asks for a column that never existed (CODE). A recorded code change to the failing model since
    the last success (``facts["changes"]``) points to CODE as well. The basis is stated in the finding.
    """

    id = "dbt.missing_column"
    title = "Column not found"
    reads = ("dbt.missing_column",)
    #: The generic "a column the SQL reads does not exist" reads the same warehouse error.
    supersedes = ("generic.missing_object",)
    supports = supersedes

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding with the category decided from manifest columns, change history and candidates."""
        a = hits[0].attributes
        column = str(a.get("column") or "?")
        model = str(a.get("model") or "the model")
        declared = [str(x) for x in a.get("declared_upstream") or []]
        documented = [str(x) for x in a.get("upstream_with_declared_columns") or []]
        candidates = [str(x) for x in a.get("candidates") or []]
        upstream = names(a.get("upstream")) or "its upstream"
        variable = _variable_naming(bundle, model, column)
        if variable:
            return self._named_by_variable(hits, model, column, variable, upstream)
        alias = _renamed_by_model(bundle, model, column, candidates)
        if alias:
            return self._renamed_by_model(hits, model, column, alias)
        category, likelihood, basis, ceiling = self._decide(bundle, model, declared, documented, candidates)
        flags = scratch_flags(bundle)
        renamed = f" (the warehouse suggests {names(candidates)}: a rename?)" if candidates else ""
        # The warehouse's own suggestion ("Candidate bindings: ...") is the strongest line: cited first.
        suggested = _suggestion_line(bundle, column)
        build = rebuild(bundle, f"{model}+")
        new_name = candidates[0] if candidates else "<new_name>"
        details = [
            ("missing column", column),
            ("model", model),
            ("upstream", upstream),
            ("declared upstream by", names(declared) or "no upstream"),
            ("decided by", basis),
        ]
        if candidates:
            details.append(("similar columns now present", names(candidates)))
        if category == Category.DATA:
            return self.finding(
                title=f"Schema drift: {names(declared) or upstream} no longer has column '{column}'{renamed}",
                severity=Severity.SEVERE,
                category=Category.DATA,
                transience=Transience.PERMANENT,
                likelihood=likelihood,
                summary=(
                    f"{model} selects '{column}', which {names(declared) or upstream} is declared to "
                    f"provide, but "
                    f"the warehouse no longer has it{renamed}. The upstream changed outside this model; a "
                    f"retry "
                    f"fails the same way. ({basis})"
                ),
                signals=hits[:2],
                lines=suggested,
                details=details,
                immediate_fix=(
                    f"Confirm the new schema of {names(declared) or upstream} with its owner. If '{column}' "
                    f"was renamed to {new_name}, select `{new_name} as {column}` in {model}, then rebuild it "
                    "and everything downstream:"
                ),
                immediate_fix_code=[build],
                change=(
                    f"In {model}'s SQL, select {new_name} under the old name, and update the column list of "
                    f"{names(declared) or upstream} in its YAML so docs and tests match the new schema."
                ),
                change_code=[CodeBlock(f"{new_name} as {column}", CodeLanguage.SQL)],
                prevention=(
                    f"Enforce a contract on {model} (`contract: {{enforced: true}}`) and add schema tests on "
                    f"{names(declared) or upstream} (e.g. dbt-expectations expect_column_to_exist); agree on "
                    "schema-change notice with the upstream owner."
                ),
                monitoring=(
                    f"Detect column changes on {names(declared) or upstream} before dbt runs "
                    "(source freshness + a schema-change check such as elementary's schema_changes test)."
                ),
                max_confidence=ceiling,
            )
        return self.finding(
            title=f"{model} selects column '{column}', which its upstream never had",
            severity=Severity.SEVERE,
            category=category,
            transience=Transience.PERMANENT,
            likelihood=likelihood,
            summary=(
                f"{model} references '{column}', but none of its inputs ({upstream}) declares such a column. "
                f"The model's SQL is wrong, not the data. ({basis})"
            ),
            signals=hits[:2],
            details=details,
            lines=suggested,
            immediate_fix=(
                f"Remove or correct `{column}` in {model}; if it should come from {upstream}, add it there "
                "first. Then check that it compiles, and rebuild it and everything downstream:"
            ),
            immediate_fix_code=[
                CodeBlock(f"dbt compile --select {model}{flags}", CodeLanguage.SHELL),
                build,
            ],
            change=(
                f"Edit {model}'s SQL so every selected column exists in {upstream} (see its YAML columns)."
            ),
            prevention=(
                "Build changed models in CI against production-like schemas (`dbt build --select "
                "state:modified+` "
                "or `--empty`), and document upstream columns so reviews can check references."
            ),
            monitoring=f"Alert on failed runs of {model} right after deployments.",
            max_confidence=ceiling,
        )

    def _named_by_variable(
        self, hits: list[Signal], model: str, column: str, variable: str, upstream: str
    ) -> RuleFinding:
        """The column comes from a project variable the model's SQL reads (CONFIG)."""
        named = variable[:1].upper() + variable[1:]
        return self.finding(
            title=f"{named} names column '{column}', which {upstream} does not have",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=66,
            summary=(
                f"{model}'s SQL does not spell '{column}': it takes the column from {variable}, and the "
                f"value it is set to names a column {upstream} does not have. The setting (dbt_project.yml's "
                "vars, --vars or the environment) is what to fix, not the model or the data."
            ),
            signals=hits[:2],
            details=[("missing column", column), ("model", model), ("named by", variable)],
            immediate_fix=(
                f"Set {variable} to a column {upstream} has (dbt_project.yml `vars:`, `--vars` or the "
                f"environment), then rebuild {model}."
            ),
            change=f"Fix {variable} where it is set, and give it a default in {model} that exists upstream.",
            prevention="Test the project's vars in CI with `dbt compile` and a build on a small target.",
            monitoring=f"Alert on failed runs of {model} after changes to the project's vars.",
        )

    def _renamed_by_model(self, hits: list[Signal], model: str, column: str, alias: str) -> RuleFinding:
        """The model's own SQL renames the column and something of the model still asks for the old name."""
        return self.finding(
            title=f"{model} renames column '{column}' to '{alias}' and still uses the old name",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=70,
            summary=(
                f"{model}'s SQL selects `{column} as {alias}`, so its result has no column '{column}', yet "
                f"something of the model still asks for '{column}' (its config: unique_key, partition_by, "
                "check_cols; a later CTE or a hook). The model contradicts itself after a rename; the input "
                "still has the column, so the data is not what changed."
            ),
            signals=hits[:2],
            details=[("missing column", column), ("model", model), ("renamed by the model to", alias)],
            immediate_fix=(
                f"Use '{alias}' wherever {model} still names '{column}' (its config() block first), then "
                "rebuild it; an incremental table built before the rename needs --full-refresh."
            ),
            change_code=[CodeBlock(f"unique_key='{alias}'", CodeLanguage.SQL)],
            change=f"Rename every use of '{column}' in {model} and its YAML together with the column.",
            prevention="Build changed models in CI (`dbt build --select state:modified+`) before they merge.",
            monitoring=f"Alert on failed runs of {model} right after deployments.",
        )

    @staticmethod
    def _decide(
        bundle: EvidenceBundle, model: str, declared: list[str], documented: list[str], candidates: list[str]
    ) -> tuple[Category, int, str, int | None]:
        changes = bundle.facts.get("changes")
        changed = [str(c) for c in changes.get("changed") or []] if isinstance(changes, dict) else []
        model_changed = (
            isinstance(changes, dict)
            and bool(changes.get("code_changed"))
            and (not changed or any(model in c for c in changed))
        )
        if declared and not model_changed:
            # A source (``source_name.table``; a model's name has no dot) is a table outside the project
            # that changed. Only models declaring it are this project's own code: an upstream model that
            # dropped the column without its YAML following, or whose table was not rebuilt since the
            # column was added (incremental, deferred or partial runs), as often as drifted input.
            source = any("." in name for name in declared)
            ceiling = None if source else AMBIGUOUS_CEILING
            return Category.DATA, 88, f"the manifest declares the column on {names(declared)}", ceiling
        if model_changed and not declared:
            return (
                Category.CODE,
                88,
                f"{model} changed since the last success and no upstream declares the column",
                None,
            )
        if declared and model_changed:
            return (
                Category.CODE,
                65,
                (f"{model} changed since the last success, although {names(declared)} declares the column"),
                None,
            )
        if documented:
            return (
                Category.CODE,
                85,
                (f"the manifest documents the columns of {names(documented)} and none has it"),
                # YAML column lists are often partial: a column the upstream dropped that its YAML
                # never listed reads the same as one the model's SQL invented.
                AMBIGUOUS_CEILING,
            )
        if candidates:
            return (
                Category.DATA,
                65,
                "no manifest columns; the warehouse offers similar names (a rename upstream?)",
                None,
            )
        return (
            Category.DATA,
            55,
            "no manifest columns or change history to tell; upstream drift is the usual cause",
            None,
        )


def _suggestion_line(bundle: EvidenceBundle, column: str) -> list[LogLine]:
    """The warehouse's suggestion of a similar column ("Candidate bindings: ..."), when a log has one."""
    for block in reversed(terminal_blocks(bundle)):
        found = input_context(block, column)
        if found is not None and found.kind == "suggestion":
            return [found.line]
    return []


#: A project variable or environment variable a model's SQL reads where a column goes
#: (``sum({{ var('revenue_column') }})``); one inside quotes (``'{{ var("start_date") }}'``) is a value.
_VARIABLE_RE = re.compile(r"(?<!['\"])\{\{-?\s*(?P<kind>env_var|var)\(\s*['\"](?P<name>[\w.]{1,120})['\"]")
#: A Jinja call in a model (``{{ audit_columns() }}``, ``{{ ref('x') }}``).
_JINJA_CALL_RE = re.compile(r"\{\{-?\s*(?P<name>[\w.]{1,120})\(")
#: Calls that name relations or settings, never columns a model selects.
_NOT_COLUMN_MACROS = frozenset({"ref", "source", "var", "env_var", "config", "this", "is_incremental"})


def _renamed_by_model(bundle: EvidenceBundle, model: str, column: str, candidates: list[str]) -> str:
    """The alias the model's own SQL gives the missing column (``order_id as order_key``), else ``""``.

    Only when the model still names the column elsewhere (its ``unique_key``, a later CTE), the
    warehouse offers the alias among its candidates, and the line it points at is not the rename
    itself: a staging model's ``id as order_id`` failing on ``id`` is its input's rename, not its own.
    """
    wanted = {c.lower().split(".")[-1] for c in candidates}
    if not wanted or _points_at_rename(bundle, column):
        return ""
    word = re.compile(rf"(?i)(?<!\w){re.escape(column)}(?!\w)")
    for evidence in bundle.evidence:
        if evidence.kind is not EvidenceKind.SOURCE or PurePath(evidence.name).name != f"{model}.sql":
            continue
        sql = _SQL_COMMENT_RE.sub(" ", evidence.content[:MAX_SOURCE_BYTES])
        renames = [m for m in _rename_re(column).finditer(sql) if m["alias"].lower() in wanted]
        if renames and len(word.findall(sql)) > len(renames):
            return renames[0]["alias"]
    return ""


def _rename_re(column: str) -> re.Pattern[str]:
    """``column as alias`` as an item of a select list (not ``cast(column as type)``)."""
    return re.compile(
        rf"(?i)(?:^|,|\bselect\b)\s*(?:\w{{1,120}}\.)?{re.escape(column)}\s+as\s+[`\"]?(?P<alias>\w{{1,120}})",
        re.MULTILINE,
    )


def _points_at_rename(bundle: EvidenceBundle, column: str) -> bool:
    """Whether the SQL line the warehouse echoes under its error is the rename of ``column`` itself."""
    rename = _rename_re(column)
    for block in terminal_blocks(bundle):
        for line in (*block.before, *block.lines):
            if _ECHOED_RE.search(line.text) and rename.search(line.text.split(":", 1)[-1]):
                return True
    return False


#: SQL comments: a note about a rename (``-- order_id -> order_key``) is not a use of the old name.
_SQL_COMMENT_RE = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
#: The SQL line DuckDB and PostgreSQL echo under an error (``LINE 3:     id as order_id,``).
_ECHOED_RE = re.compile(r"^\s*LINE \d{1,7}:")


def _variable_naming(bundle: EvidenceBundle, model: str, column: str) -> str:
    """``the project variable x`` when the model reads a variable where a column goes and never spells it.

    Not when the model calls a macro that may write columns itself (``{{ audit_columns() }}``): the
    missing column may be that macro's.
    """
    for evidence in bundle.evidence:
        if evidence.kind is not EvidenceKind.SOURCE or PurePath(evidence.name).name != f"{model}.sql":
            continue
        raw = evidence.content[:MAX_SOURCE_BYTES]
        macros = {m["name"] for m in _JINJA_CALL_RE.finditer(raw)} - _NOT_COLUMN_MACROS
        if column.lower() in raw.lower() or macros:
            return ""
        found = _VARIABLE_RE.search(raw)
        if found is not None:
            kind = "the environment variable" if found["kind"] == "env_var" else "the project variable"
            return f"{kind} {found['name']}"
    return ""
