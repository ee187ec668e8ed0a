"""dbt found two resources with one name: a real duplicate, its own compiled copy, or stale parse state.

dbt prints the clashing nodes with their files (``- model.pkg.orders (models/orders.sql)``); the
paths tell three failures apart, each with its own fix:

- the same file twice: nothing is duplicated on disk, dbt's partial parsing registered the file a
  second time (a known class of dbt bugs, e.g. a folder listed in two ``*-paths`` settings, or
  conditionally enabled package models); a full parse (``dbt clean`` / ``--no-partial-parse``)
  clears it, upgrading dbt fixes it;
- one path inside a ``target/`` folder under a model path: dbt wrote its compiled output where it
  reads models (run from a sub-folder, or ``target-path`` inside ``model-paths``) and parsed the
  copy as a second model;
- two different source files: a real name clash to rename or disable.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.dbt.logs import clean_line
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule, project_flags
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks

# 'dbt found two resources with the name "my_test".' (dbt >= 1.5: 'dbt found two models with the name')
_FOUND_TWO_RE = re.compile(r'dbt found two (?P<kind>[\w ]+?) with the name "(?P<name>[^"]+)"')
# "- model.my_project.my_test (tests/my_test.sql)"
_NODE_RE = re.compile(r"^\s*-\s+(?P<uid>[\w.-]+)\s+\((?P<path>[^)]+)\)\s*$")
#: The folder dbt writes compiled SQL into (its default target-path): a node there is a copy. Package
#: paths are printed relative to the package, so an installed package never shows up here.
_GENERATED_DIRS = frozenset({"target"})


def _clash(bundle: EvidenceBundle) -> tuple[str, list[tuple[str, str]], list[LogLine]] | None:
    """The clashing name, its ``(unique_id, path)`` pairs and the lines that say so, from the log's end."""
    for block in reversed(terminal_blocks(bundle)):
        lines = list(block.before) + list(block.lines)
        for i, line in enumerate(lines):
            found = _FOUND_TWO_RE.search(line.text)
            if not found:
                continue
            listed = [
                (ln, m) for ln in lines[i + 1 : i + 12] if (m := _NODE_RE.match(clean_line(ln.text).text))
            ]
            nodes = [m for _, m in listed]
            cited = [line, *(ln for ln, _ in listed)]
            return found["name"], [(m["uid"], m["path"]) for m in nodes], cited
    return None


def _generated(path: str) -> str:
    """The dbt-written folder a listed path lies in (``models/x/target``), else ``""``."""
    parts = re.split(r"[\\/]", path)[:-1]
    at = next((i for i, part in enumerate(parts) if part.lower() in _GENERATED_DIRS), -1)
    return "/".join(parts[: at + 1]) if at >= 0 else ""


class DuplicateResource(DbtRule):
    """dbt refused to parse because two resources share a name; the listed paths say why."""

    id = "dbt.duplicate_resource"
    title = "dbt found two resources with the same name"
    reads = ("dbt.compile_error",)
    supersedes = ("dbt.compile_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding by the paths dbt listed; none when no such message is in the log."""
        clash = _clash(bundle)
        if clash is None:
            return None
        name, nodes, lines = clash
        paths = [path for _, path in nodes]
        flags = project_flags(bundle)
        listed = "; ".join(f"{uid} ({path})" for uid, path in nodes) or "the paths are not in the log"
        if len(paths) >= 2 and len(set(paths)) == 1:
            return self.finding(
                title=f"Stale partial-parse state: dbt registered {paths[0]} twice as '{name}'",
                severity=Severity.SEVERE,
                category=Category.CODE,
                transience=Transience.INTERMITTENT,
                likelihood=82,
                summary=(
                    f"dbt reports two resources with the same name '{name}', but both entries are the same "
                    f"file ({paths[0]}): nothing is duplicated on disk. dbt's partial parsing registered "
                    "the file twice (a dbt bug in partial parsing, seen with a folder listed in two "
                    "*-paths settings or conditionally enabled package models), so the duplicate is "
                    "stale parse state, not a second model."
                ),
                lines=lines,
                signals=hits[:1],
                details=[("name", name), ("listed", listed)],
                immediate_fix=(
                    f"Run a full parse: `dbt clean{flags}` (or delete target/partial_parse.msgpack) and "
                    "rerun with `--no-partial-parse`, then clear the task."
                ),
                change=(
                    "Upgrade dbt to a release that fixes the partial-parsing bug; list each folder in one "
                    "of model-paths/test-paths/seed-paths only."
                ),
                prevention="Run production jobs with `--no-partial-parse` or from a clean target/ folder.",
                monitoring="Alert on parse errors that name the same file twice.",
            )
        generated = [p for p in paths if _generated(p)]
        stray = _generated(generated[0]) if generated else ""
        if generated:
            return self.finding(
                title=f"dbt parsed its own compiled copy of '{name}' (target/ inside a model path)",
                severity=Severity.SEVERE,
                category=Category.CODE,
                transience=Transience.PERMANENT,
                likelihood=80,
                summary=(
                    f"dbt found two resources with the same name '{name}': one of them, {generated[0]}, "
                    "lies in dbt's compiled target/ output inside a model path. dbt was run from a "
                    "sub-folder or with target-path inside model-paths, wrote the compiled model there, "
                    "and parsed that copy as a duplicate."
                ),
                lines=lines,
                signals=hits[:1],
                details=[("name", name), ("listed", listed), ("generated copy", generated[0])],
                immediate_fix=(
                    f"Delete the stray folder ({stray}), run dbt from the project "
                    "root (or with --project-dir), then clear the task."
                ),
                change=(
                    "Keep target-path outside model-paths in dbt_project.yml, ignore it in .gitignore, "
                    "and upgrade dbt (newer releases skip their own output)."
                ),
                prevention="Invoke dbt with an explicit --project-dir in every job.",
                monitoring="Alert on parse errors naming a path under target/.",
            )
        return self.finding(
            title=f"Two dbt resources are named '{name}'",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=85,
            summary=(
                f"{clean_line(lines[0].text).text.strip()} The two resources with the same name are in "
                f"different files ({' and '.join(paths) or 'see the log'}): a duplicate name in the project "
                "or its packages, which ref() cannot resolve, so nothing ran."
            ),
            lines=lines,
            signals=hits[:1],
            details=[("name", name), ("listed", listed)],
            immediate_fix=(
                f"Rename or disable one of them (`enabled: false`), then check with `dbt parse{flags}`."
            ),
            change="Give models unique names across the project and its packages (prefix by domain).",
            prevention="Run `dbt parse` in CI on every change.",
            monitoring="Alert on dbt invocations that end with a parse error.",
        )
