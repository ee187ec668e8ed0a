"""A ``ref()``/``source()`` names a node that does not exist: a typo, a rename or a disabled model (CODE)."""

from __future__ import annotations

import re
from pathlib import PurePath

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    EvidenceKind,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES
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
        variable = _name_built_from(bundle, model, missing) if kind == "ref" else ""
        if variable:
            return self._named_by_variable(hits, model, missing, variable, _same_but_case(bundle, missing))
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

    def _named_by_variable(
        self, hits: list[Signal], model: str, missing: str, variable: str, existing: str
    ) -> RuleFinding:
        """The ref's name is built from a variable whose value picks a node that does not exist (CONFIG)."""
        case = (
            f" A node differing only in case exists ({existing}): the value's case is wrong."
            if existing
            else ""
        )
        return self.finding(
            title=(
                f"{variable[:1].upper() + variable[1:]} builds the ref '{missing}' of {model}, which does "
                "not exist"
            ),
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=70,
            summary=(
                f"{model} builds the name of a ref from {variable}, and the value it is given yields "
                f"'{missing}', a node the project does not have.{case} The value (dbt_project.yml `vars:`, "
                "`--vars` or the environment) is what to fix, not the model."
            ),
            signals=hits[:2],
            details=[("model", model), ("missing ref", missing), ("named by", variable)]
            + ([("existing node", existing)] if existing else []),
            immediate_fix=(
                f"Set {variable} to a value that names an existing node"
                f"{f' ({existing})' if existing else ''}, then rerun."
            ),
            change=(
                f"Validate {variable} in {model} (a Jinja check against the allowed values) or normalise "
                "its case."
            ),
            prevention="Compile the project in CI with each value the deployments pass for the variable.",
            monitoring=f"Alert on dbt runs that stop before run_results.json after {variable} changes.",
        )


#: A ref whose name a variable builds: ``ref('stg_fx_' ~ var('fx_provider'))``.
_BUILT_REF_RE = re.compile(
    r"\bref\(\s*['\"](?P<prefix>[\w.]{0,120})['\"]\s*~\s*(?P<kind>env_var|var)\(\s*['\"](?P<name>[\w.]{1,120})['\"]"
)


def _name_built_from(bundle: EvidenceBundle, model: str, missing: str) -> str:
    """``the project variable fx_provider`` when the model builds the missing ref's name from one.

    The built name's literal start must be the missing name's (``'stg_fx_' ~ var(…)`` for
    ``stg_fx_ECB``), and the model must not spell the missing name out in a ref of its own.
    """
    for evidence in bundle.evidence:
        if evidence.kind is not EvidenceKind.SOURCE or PurePath(evidence.name).name != f"{model}.sql":
            continue
        sql = evidence.content[:MAX_SOURCE_BYTES]
        if re.search(rf"\bref\(\s*['\"]{re.escape(missing)}['\"]\s*\)", sql):
            return ""
        for found in _BUILT_REF_RE.finditer(sql):
            if missing.lower().startswith(found["prefix"].lower()) and len(missing) > len(found["prefix"]):
                kind = "the environment variable" if found["kind"] == "env_var" else "the project variable"
                return f"{kind} {found['name']}"
    return ""


def _same_but_case(bundle: EvidenceBundle, missing: str) -> str:
    """A model given as a file whose name differs from ``missing`` only in case, else ``""``."""
    for evidence in bundle.evidence:
        stem = PurePath(evidence.name).stem
        if evidence.kind is EvidenceKind.SOURCE and stem != missing and stem.lower() == missing.lower():
            return stem
    return ""
