"""A commit to the DAG's bundle since the last success changed the name the error names (CODE).

``facts["changes"]["git"]`` (``adapters/airflow/metadata.py`` with ``git_bundle.py``) lists the
commits between the bundle version of the task's last success and the failing run's, and every
added or removed line of the files the task touches. When the error names a key or column
(``KeyError: 'customer_id'``) and a changed line contains that very name, the commit is the cause:
by the category guide a name renamed or dropped by a change to this DAG's own code is ``code``
(the fix is in the repository), even when the consumer saw it as missing input. The finding is
strongest when the commit removed the name — the change and the error point at the same name.
"""

from __future__ import annotations

import re
from typing import Any

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.airflow._common import evidence_of, fact
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic, sentence
from airflow_pipeline_debugger.heuristics.generic.error_codes import decisive_code, quoted_name
from airflow_pipeline_debugger.heuristics.message import quote_error

#: A changed line of the task's files contains the name the error names.
NAMED_LIKELIHOOD = 78
#: The commit removed the name from a file without putting it back there (renamed or dropped it).
REMOVED_BONUS = 8


class ChangeNamesError(Heuristic):
    """A commit since the last success changed a line holding the name the error names."""

    id = "generic.change_names_error"
    title = "A commit since the last success changed the name the error names"
    requires = frozenset({"changes"})
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "generic.input_broke_code",
        "generic.upstream_input",
    )

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """A code finding naming the commit, file, line and name; none without such a line."""
        git = fact(bundle, "changes").get("git")
        if not isinstance(git, dict):
            return None
        found = decisive_code(bundle)
        error_text = (found.line.text if found and found.line else "") or bundle.context.error_message
        name = quoted_name(error_text) or quoted_name(bundle.context.error_message)
        if not name:
            return None
        hit, removed = _changed_line_naming(git, name)
        if hit is None:
            return None
        kept = _kept(git, hit, name)
        commit: dict[str, Any] = next(
            (c for c in git.get("commits") or [] if isinstance(c, dict) and c.get("short") == hit.get("sha")),
            {"short": hit.get("sha"), "author": "?", "message": ""},
        )
        short, author, message = (
            str(commit.get("short")),
            str(commit.get("author")),
            str(commit.get("message")),
        )
        where = f"{hit.get('file')}:{hit.get('line')}"
        verb = "removed" if removed else "changed"
        since = str(fact(bundle, "changes").get("since") or "the last success")
        return self.finding(
            title=f"Commit {short} by {author} ({message!r}) {verb} {name!r} at {where}"[:200],
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=NAMED_LIKELIHOOD + (REMOVED_BONUS if removed else 0),
            summary=sentence(
                f"The task failed on {name!r} ({quote_error(error_text, 200)}). Commit {short} by {author} "
                f"({message!r}), one of the bundle's commits since the last successful run ({since}), "
                f"{verb} {name!r} in {where}: `{str(hit.get('text') or '').strip()[:200]}`. "
                "A name changed by this DAG's own repository is a code change, not an upstream data change"
            ),
            lines=[found.line] if found is not None and found.line is not None else [],
            evidence_ids=evidence_of(bundle, EvidenceKind.DIFF),
            details=[
                ("commit", short),
                ("author", author),
                ("message", message),
                ("file and line", where),
                ("name", name),
                ("changed line", f"{hit.get('sign')} {str(hit.get('text') or '').strip()}"[:300]),
            ],
            immediate_fix=(
                f"Revert commit {short} in the bundle's repository (or restore {name!r} in "
                f"{hit.get('file')}), let the DAG processor pick the revert up, then clear the failed task."
            ),
            change=(
                f"Make the producer and every reader of {name!r} agree in one commit: update the code "
                f"that still uses {name!r}, or keep the old name until the readers moved."
            ),
            prevention=(
                "Test the DAG's tasks together (the producer's output read by its consumers) in CI on "
                "every commit to the bundle's repository."
            ),
            monitoring="Alert on the first failure after a new bundle version, naming its commits.",
            # The commit edited a line around the name and kept it (``["customer_id", "amount"]`` to
            # ``["customer_id", "total"]``): the code reads the name as it did at the last success, so
            # the name gone from the input (data) is as likely as the edit; removing or first
            # introducing the name stays confident.
            max_confidence=AMBIGUOUS_CEILING if kept else None,
        )


def _changed_line_naming(git: dict[str, Any], name: str) -> tuple[dict[str, Any] | None, bool]:
    """The changed line naming ``name`` (a removal preferred), and whether that commit removed it.

    A removal counts when the same commit adds no line naming it to the same file: a line merely
    edited around the name keeps it.
    """
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    lines = [
        ln for ln in git.get("lines") or [] if isinstance(ln, dict) and pattern.search(str(ln.get("text")))
    ]
    kept = {(ln.get("sha"), ln.get("file")) for ln in lines if ln.get("sign") == "+"}
    for line in lines:
        if line.get("sign") == "-" and (line.get("sha"), line.get("file")) not in kept:
            return line, True
    return (lines[0], False) if lines else (None, False)


def _kept(git: dict[str, Any], hit: dict[str, Any], name: str) -> bool:
    """Whether the hit's commit both removed and added a line naming ``name`` in the hit's file.

    Such a commit edited around the name and kept it: the code still reads it as before.
    """
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    signs = {
        ln.get("sign")
        for ln in git.get("lines") or []
        if isinstance(ln, dict)
        and (ln.get("sha"), ln.get("file")) == (hit.get("sha"), hit.get("file"))
        and pattern.search(str(ln.get("text")))
    }
    return {"+", "-"} <= signs
