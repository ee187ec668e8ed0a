"""Helpers the dbt rules share: picking the adapter's structured signals over bare log matches."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.dbt.adapter import check_flags, command_flags
from airflow_pipeline_debugger.domain import CodeBlock, CodeLanguage, EvidenceBundle, JSONDict, Signal
from airflow_pipeline_debugger.heuristics.base import SignalRule


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
