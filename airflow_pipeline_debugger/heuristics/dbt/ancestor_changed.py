"""An ancestor of the failing dbt node changed since the previous state in what the error names (CODE).

``facts["dbt"]["state_diff"]`` (:mod:`...adapters.dbt.state_diff`) lists how the failing node's
ancestors differ from the ``--state`` manifest, with the commits that touched each changed file. When
the warehouse says a column is missing and an ancestor's change dropped exactly that column (from its
YAML column list or from its SQL), or a relation is missing and that ancestor was removed, the change
and the error point at the same name: the root cause is that change, in this project's own code, so
by the category guide it is ``code`` and the fix goes into the project (restore the column, or update
the consumer), not into the data. An ancestor that changed without the error naming what it changed is
reported more weakly, next to the error's own rule rather than instead of it.

Either way the finding cites the diff's own lines (the changed node, the column it dropped, the
commit) as its measured facts, so the answer shows the change next to its source, not only its id.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from airflow_pipeline_debugger.adapters.dbt import signals as sig
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
from airflow_pipeline_debugger.evidence.lines import numbered_lines
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, sentence
from airflow_pipeline_debugger.heuristics.dbt._common import dbt_facts, rebuild, structured
from airflow_pipeline_debugger.tolerant import as_int

#: The error names what the change removed (the column, the relation, the ref'd node).
TRACED_LIKELIHOOD = 92
#: With the commit that made the change found in the project's git history.
COMMIT_BONUS = 3
#: An ancestor changed, but the error does not name what it changed.
CHANGED_LIKELIHOOD = 70

_READS = (sig.MISSING_COLUMN, sig.MISSING_RELATION, sig.MISSING_REF, sig.COMPILE_ERROR, sig.DATABASE_ERROR)


class AncestorChanged(SignalRule):
    """The failing dbt node's error points at something an ancestor's change removed."""

    id = "dbt.ancestor_changed"
    title = "An upstream dbt node changed since the previous state"
    reads = _READS
    read_together = True
    supersedes = ("dbt.missing_column", "dbt.missing_relation", "dbt.missing_ref", "dbt.compile_error")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """A code finding naming the changed node, what it dropped and the commit; none without a diff."""
        diff = dbt_facts(bundle).get("state_diff")
        if not isinstance(diff, dict):
            return None
        changes = [c for c in diff.get("changes") or [] if isinstance(c, dict)]
        rich = [h for code in _READS for h in structured(bundle, code) if "model" in h.attributes]
        for hit in rich or hits:
            traced = _traced(hit, changes)
            if traced is not None:
                return self._traced_finding(bundle, diff, hit, *traced)
        upstream = [c for c in changes if int(c.get("distance") or 0) > 0]
        if not upstream:
            return None
        return self._changed_finding(bundle, diff, (rich or hits)[0], upstream)

    def _traced_finding(
        self, bundle: EvidenceBundle, diff: dict[str, Any], hit: Signal, change: dict[str, Any], what: str
    ) -> RuleFinding:
        a = hit.attributes
        model = str(a.get("model") or "the failing model")
        changed, path = str(change.get("name")), str(change.get("path") or "")
        commit = _first_commit(change)
        by_commit = f" in commit {_commit_text(commit)}" if commit else ""
        removed = change.get("status") == "removed"
        if removed:
            title = f"{changed} was removed{by_commit}; {model} still uses it"
            drop = f"{changed} ({path}) was removed from the project"
        else:
            title = f"{changed} dropped column '{what}'{by_commit}; {model} still selects it"
            drop = f"{changed} ({path}) no longer has column '{what}'"
        summary = sentence(
            f"{drop} since the previous state (manifest of {diff.get('previous_generated_at')}), and "
            f"{model} fails because {_error_text(hit, what)}. The change and the error name the same "
            f"{'node' if removed else 'column'}: the project's own change broke its consumer, so a retry "
            "fails the same way"
        )
        details = [
            ("changed node", f"{changed} ({path})"),
            ("change", "removed" if removed else f"column '{what}' dropped"),
            ("failing node", model),
            ("previous state", str(diff.get("previous_generated_at"))),
        ]
        fix_code: list[CodeBlock] = []
        if commit:
            details.append(("commit", _commit_text(commit)))
            fix_code.append(CodeBlock(f"git revert {commit.get('sha')}", CodeLanguage.SHELL))
        fix_code.append(rebuild(bundle, f"{changed}+"))
        return self.finding(
            title=title,
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=TRACED_LIKELIHOOD + (COMMIT_BONUS if commit else 0),
            summary=summary,
            signals=[hit],
            evidence_ids=[str(diff["evidence_id"])] if diff.get("evidence_id") else [],
            measured=_diff_lines(bundle, diff, change, () if removed else (what,)),
            details=details,
            immediate_fix=(
                f"Restore {'the node' if removed else f'column {what}'} in {changed}"
                + (f" (revert {commit.get('short')})" if commit else "")
                + f", or change {model} to stop using it; then rebuild {changed} and everything downstream:"
            ),
            immediate_fix_code=fix_code,
            change=(
                f"Decide which side owns the change: if {changed} meant to drop it, update {model} (and its "
                f"YAML) in the same change; otherwise bring it back in {path}."
            ),
            prevention=(
                f"Build the changed models and their children in CI before merging (`dbt build --select "
                f"state:modified+ --state <prod manifest>`), so a change to {changed} runs {model} too; "
                "enforce model contracts on models others select from."
            ),
            monitoring=f"Alert on failed runs of {model} right after deployments of the dbt project.",
        )

    def _changed_finding(
        self, bundle: EvidenceBundle, diff: dict[str, Any], hit: Signal, upstream: list[dict[str, Any]]
    ) -> RuleFinding:
        nearest = upstream[0]
        model = str(hit.attributes.get("model") or "the failing model")
        changed, path = str(nearest.get("name")), str(nearest.get("path") or "")
        commit = _first_commit(nearest)
        by_commit = f" (commit {_commit_text(commit)})" if commit else ""
        others = [str(c.get("name")) for c in upstream[1:4]]
        return self.finding(
            title=f"{changed}, upstream of {model}, changed since the previous state{by_commit}",
            severity=Severity.MODERATE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=CHANGED_LIKELIHOOD,
            summary=sentence(
                f"{model} fails ({hit.message}); its ancestor {changed} ({path}) changed since the previous "
                f"state{by_commit}"
                + (f", and so did {', '.join(others)}" if others else "")
                + ". The error does not name what changed, so this is a lead to check first, not a proof"
            ),
            signals=[hit],
            evidence_ids=[str(diff["evidence_id"])] if diff.get("evidence_id") else [],
            measured=_diff_lines(bundle, diff, nearest, ()),
            details=[("changed ancestor", f"{changed} ({path})"), ("failing node", model)],
            supersedes=(),
            immediate_fix=f"Compare {changed} with its previous version and rebuild from it:",
            immediate_fix_code=[rebuild(bundle, f"{changed}+")],
            change=f"Fix {changed} or {model}, whichever the change broke.",
            prevention=(
                "Build changed models and their children in CI (`dbt build --select state:modified+`)."
            ),
            monitoring=f"Alert on failed runs of {model} right after deployments of the dbt project.",
            # Some ancestor changes in most deployments: with the error naming nothing it changed, the
            # change is a lead, and the error's own cause (a source that drifted, a grant, a bug in
            # this model) is as likely.
            max_confidence=AMBIGUOUS_CEILING,
        )


def _traced(hit: Signal, changes: list[dict[str, Any]]) -> tuple[dict[str, Any], str] | None:
    """The change that removed what ``hit``'s error names, and that name."""
    a = hit.attributes
    column = str(a.get("column") or "").strip('"`').split(".")[-1]
    if hit.code == sig.MISSING_COLUMN and column:
        for change in changes:
            dropped = {
                str(c).lower()
                for c in [*change.get("columns_removed", []), *change.get("dropped_from_code", [])]
            }
            if column.lower() in dropped and int(change.get("distance") or 0) > 0:
                return change, column
    missing = str(a.get("relation") or a.get("missing") or "").replace('"', "").replace("`", "")
    short = missing.rsplit(".", 1)[-1].lower()
    if hit.code in {sig.MISSING_RELATION, sig.MISSING_REF} and short:
        for change in changes:
            if (
                change.get("status") == "removed"
                and str(change.get("name")).rsplit(".", 1)[-1].lower() == short
            ):
                return change, short
    return None


#: Detail lines of a change that name the columns it dropped.
_DROPPED_LABELS = ("columns dropped", "no longer in its SQL")


def _diff_lines(
    bundle: EvidenceBundle, diff: dict[str, Any], change: dict[str, Any], columns: Collection[str]
) -> list[tuple[str, str]]:
    """``(citation, line)`` of the diff evidence's lines about ``change``, as stored (redacted).

    Its own line, the lines where it drops ``columns`` and its newest commit (the one the title names).
    """
    evidence_id = str(diff.get("evidence_id") or "")
    evidence = next((e for e in bundle.evidence if e.id == evidence_id), None)
    if evidence is None:
        return []
    stored = {number: text for number, text in numbered_lines(evidence) if number is not None}
    wanted = {c.lower() for c in columns}
    out: list[tuple[str, str]] = []
    commit_cited = False
    for entry in change.get("lines") or []:
        if not isinstance(entry, list | tuple) or len(entry) != 2:
            continue
        number, what = as_int(entry[0]), str(entry[1])
        text = stored.get(number) if number else None
        if not text:
            continue
        _, _, named = text.partition(": ")
        if (
            what == "node"
            or (what in _DROPPED_LABELS and wanted & {n.strip().lower() for n in named.split(",")})
            or (what == "commit" and not commit_cited)
        ):
            commit_cited = commit_cited or what == "commit"
            out.append((f"{evidence_id}:L{number}", text.strip()))
    return out


def _first_commit(change: dict[str, Any]) -> dict[str, Any] | None:
    commits = [c for c in change.get("commits") or [] if isinstance(c, dict)]
    return commits[0] if commits else None


def _commit_text(commit: dict[str, Any]) -> str:
    return f'{commit.get("short")} "{commit.get("subject")}" by {commit.get("author")}'


def _error_text(hit: Signal, what: str) -> str:
    if hit.code == sig.MISSING_COLUMN:
        return f"the warehouse has no column '{what}'"
    return f"'{what}' does not exist"
