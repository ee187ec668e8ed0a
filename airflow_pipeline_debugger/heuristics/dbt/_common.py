"""Helpers the dbt rules share: picking the adapter's structured signals over bare log matches."""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters.dbt.adapter import check_flags, command_flags
from airflow_pipeline_debugger.domain import CodeBlock, CodeLanguage, EvidenceBundle, JSONDict, Signal
from airflow_pipeline_debugger.heuristics.base import SignalRule
from airflow_pipeline_debugger.heuristics.knowledge import dbt_hub_packages

#: How much of the warehouse's message a dbt finding quotes (cut in the middle, keeping its tail).
QUOTE_CHARS = 200


def structured(bundle: EvidenceBundle, code: str) -> list[Signal]:
    """Signals of ``code``, the adapter's (with node attributes) before the log scanner's bare matches."""
    hits = bundle.signals_with(code)
    rich = [s for s in hits if "unique_id" in s.attributes or "model" in s.attributes]
    return rich or hits


class DbtRule(SignalRule):
    """A dbt rule judged on its code's :func:`structured` hits (the adapter's before the scanner's)."""

    def hits(self, bundle: EvidenceBundle) -> list[Signal]:
        """The structured signals of the first code of ``reads`` present."""
        return next((found for code in self.reads if (found := structured(bundle, code))), [])


def dbt_facts(bundle: EvidenceBundle) -> JSONDict:
    """``facts["dbt"]`` or an empty dict."""
    facts = bundle.facts.get("dbt")
    return facts if isinstance(facts, dict) else {}


def stale_detail(bundle: EvidenceBundle) -> list[tuple[str, str]]:
    """A detail row saying the run_results.json on disk was ignored, when it was."""
    stale = dbt_facts(bundle).get("stale_artifacts")
    if isinstance(stale, dict) and stale.get("reason"):
        return [("stale run_results.json (not blamed)", str(stale["reason"]))]
    return []


def names(values: object, limit: int = 4) -> str:
    """``a, b and c`` for a list of names (empty string when there are none)."""
    items = [str(v) for v in values if v] if isinstance(values, list | tuple) else []
    items = items[:limit]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def project_flags(bundle: EvidenceBundle) -> str:
    """``--project-dir``/``--profiles-dir``/``--target`` to append to a suggested dbt command (quoted)."""
    return command_flags(dbt_facts(bundle))


def scratch_flags(bundle: EvidenceBundle) -> str:
    """:func:`project_flags` for a read-only check (parse, compile, show, ls), artifacts kept aside."""
    return check_flags(dbt_facts(bundle))


def rebuild(bundle: EvidenceBundle, selector: str) -> CodeBlock:
    """``dbt build --select <selector>`` with the run's project flags, as its own block.

    It builds models and runs their tests again, so it is flagged as changing state.
    """
    return CodeBlock(
        f"dbt build --select {selector}{project_flags(bundle)}", CodeLanguage.SHELL, changes_state=True
    )


#: A node's file inside an installed package: ``dbt_packages/<package>/…`` (``dbt_modules`` before
#: dbt 1.0), in its path or its compiled path.
_INSTALLED_PATH_RE = re.compile(r"(?:^|[\\/])dbt_(?:packages|modules)[\\/](?P<package>[\w-]+)[\\/]")


def installed_package(attributes: JSONDict) -> str:
    """The installed dbt package a failing node belongs to, else ``""`` (the root project's own node).

    A node's package is the second part of its unique id, or the folder under ``target/compiled/``;
    it is an installed package when its file sits under ``dbt_packages/``, when it differs from the
    root project's name (``metadata.project_name`` of manifest.json), or, with no manifest to name
    the root project, when it is a package widely installed from dbt Hub (``dbt_packages.toml``).
    """
    for key in ("path", "compiled_path"):
        if m := _INSTALLED_PATH_RE.search(str(attributes.get(key) or "")):
            return m["package"]
    package = str(attributes.get("package") or "")
    root = str(attributes.get("root_project") or "")
    if not package:
        return ""
    if root:
        return package if package != root else ""
    return package if package in dbt_hub_packages() else ""
