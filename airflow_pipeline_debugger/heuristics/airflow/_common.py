"""Facts the Airflow and generic rules share: task config, run history and changes, read tolerantly.

The server-side collectors (``adapters/airflow/metadata.py``) write ``facts["task_config"]``,
``facts["history"]`` and ``facts["changes"]``; the offline CLI usually has none of them. Rules
read them here so that a missing or odd value means "unknown", and say in the finding which basis
they used.
"""

from __future__ import annotations

import statistics

from airflow_pipeline_debugger.domain import EvidenceBundle, EvidenceKind, JSONDict, Signal
from airflow_pipeline_debugger.tolerant import as_number


def fact(bundle: EvidenceBundle, name: str) -> JSONDict:
    """``facts[name]`` when it is a dict, else an empty dict."""
    value = bundle.facts.get(name)
    return value if isinstance(value, dict) else {}


def success_durations(bundle: EvidenceBundle) -> list[float]:
    """Durations (seconds) of the task's previous successful tries, from ``facts["history"]``."""
    raw = fact(bundle, "history").get("success_durations_s")
    if not isinstance(raw, list):
        return []
    return [d for d in (as_number(x) for x in raw) if d is not None and d >= 0]


def median(values: list[float]) -> float | None:
    """Median, ``None`` for an empty list."""
    return statistics.median(values) if values else None


def repeated_without_recovery(bundle: EvidenceBundle) -> bool:
    """The history says this signature failed before and a retry did not fix it."""
    history = fact(bundle, "history")
    return history.get("seen_before") is True and history.get("resolved_on_retry") is False


def code_changed(bundle: EvidenceBundle) -> bool | None:
    """``facts["changes"]["code_changed"]`` (``None`` = unknown)."""
    value = fact(bundle, "changes").get("code_changed")
    return value if isinstance(value, bool) else None


def evidence_of(bundle: EvidenceBundle, *kinds: EvidenceKind) -> list[str]:
    """Ids of evidence of these kinds (to cite history, config and diffs)."""
    return [e.id for e in bundle.evidence if e.kind in kinds]


def attribute(signals: list[Signal], name: str) -> str:
    """The first non-empty attribute ``name`` among ``signals``, as text."""
    for signal in signals:
        value = signal.attributes.get(name)
        if value not in (None, ""):
            return str(value)
    return ""


def seconds(value: float | None) -> str:
    """``90s`` / ``12.5s`` / ``2.0 h`` for a duration in seconds."""
    if value is None:
        return "?"
    if value >= 7200:
        return f"{value / 3600:.1f} h"
    if value >= 120:
        return f"{value / 60:.1f} min"
    return f"{value:g}s" if value == int(value) else f"{value:.1f}s"
