"""A ``ref()``/``source()`` names a node that does not exist: a typo, a rename or a disabled model (CODE)."""

from __future__ import annotations

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING
from airflow_pipeline_debugger.heuristics.dbt._common import (
    DbtRule,
    dbt_facts,
    names,
    scratch_flags,
    stale_detail,
)


class MissingRef(DbtRule):
    """dbt's graph check found a reference to a node that is not in the project.

    Raised while building the manifest, before anything runs; the closest existing node names (from
    the manifest on disk) usually reveal the intended one.
    """

    id = "dbt.missing_ref"
    title = "ref() to a missing node"
    reads = ("dbt.missing_ref",)
    supersedes = ("dbt.compile_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the referring model, the missing name and the likely intended one."""
        a = hits[0].attributes
        missing = str(a.get("missing") or "?")
        model = str(a.get("model") or "a model")
        path = str(a.get("path") or "")
        top = dbt_facts(bundle).get("top_level_error") or {}
        close = top.get("attributes", {}).get("close_matches") if isinstance(top, dict) else None
        suggestion = names(close) if isinstance(close, list) else ""
        kind = "source" if a.get("target_kind") == "source" else "ref"
        flags = scratch_flags(bundle)
        details = [("model", model), ("file", path or "unknown"), (f"missing {kind}", missing)]
        if suggestion:
            details.append(("closest existing nodes", suggestion))
        return self.finding(
            title=f"{model} references '{missing}', which does not exist",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=92,
            summary=(
                f"{model}{f' ({path})' if path else ''} calls {kind}('{missing}'), but the project has no "
                f"enabled "
                f"node of that name{f' (did it mean {suggestion}?)' if suggestion else ''}. dbt stops before "
                "running anything, so a retry fails identically."
                + (
                    ""
                    if suggestion
                    else " No node of a similar name is known: besides a removed or renamed node, the file "
                    "may sit outside the project's configured paths (model-paths, seed-paths), be disabled, "
                    "or belong to a package that is not installed."
                )
            ),
            signals=hits[:2],
            details=[*details, *stale_detail(bundle)],
            immediate_fix=(
                f"Correct the {kind} in {path or model}"
                f"{f' to the intended node ({suggestion})' if suggestion else ''}, or restore/enable the "
                f"model "
                f"'{missing}', then `dbt parse{flags}`."
            ),
            change=f"In {path or model}: replace {kind}('{missing}') with the existing node's name.",
            prevention=(
                "Run `dbt parse` in CI on every pull request; when renaming a model, search for its refs "
                "(`dbt ls --select +<model>+`) or keep the old name as a deprecated alias version."
            ),
            monitoring="Alert on dbt runs that fail before writing run_results.json.",
            # dbt reports a missing ref as a "Compilation Error": the same failure, said more precisely.
            # A near name in the project says typo (code); without one, a removed node (code) reads the
            # same as a path setting, a disabled node or a package not installed (config).
            max_confidence=None if suggestion else AMBIGUOUS_CEILING,
        )
