"""Which rules exist: each platform package's ``RULES``, then the entry-point group, then config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow_pipeline_debugger.heuristics.base import Heuristic, HeuristicConfigError
from airflow_pipeline_debugger.registry import import_object, load_classes

#: Each platform package lists its rules explicitly in ``RULES`` (the file list is the catalogue).
RULE_PACKAGES = (
    "airflow_pipeline_debugger.heuristics.airflow",
    "airflow_pipeline_debugger.heuristics.dbt",
    "airflow_pipeline_debugger.heuristics.spark",
    "airflow_pipeline_debugger.heuristics.generic",
)
ENTRY_POINT_GROUP = "airflow_pipeline_debugger.heuristics"


def builtin_rule_paths() -> tuple[str, ...]:
    """Import paths of the built-in rules, in catalogue order."""
    paths: list[str] = []
    for package in RULE_PACKAGES:
        rules = import_object(f"{package}:RULES")
        paths.extend(f"{cls.__module__}:{cls.__name__}" for cls in rules)  # type: ignore[attr-defined]
    return tuple(paths)


def build_heuristics(
    params: Mapping[str, Mapping[str, Any]] | None = None, extra_paths: tuple[str, ...] = ()
) -> list[Heuristic]:
    """Instantiate every rule with its overrides; unknown rule ids in ``params`` are an error.

    Raises :class:`HeuristicConfigError` so a typo in ``heuristic_params`` fails at start-up
    instead of silently running the defaults, and so does a rule whose ``supersedes`` names no
    loaded rule (a signal code there would never match a finding and explain nothing away), or
    whose ``supports`` names a rule it does not supersede (it could never be shown under it).
    """
    classes = load_classes(
        Heuristic,  # type: ignore[type-abstract]
        builtins=builtin_rule_paths(),
        entry_point_group=ENTRY_POINT_GROUP,
        extra_paths=extra_paths,
    )
    params = params or {}
    known = {cls.id for cls in classes}
    for cls in classes:
        strangers = [rule_id for rule_id in cls.supersedes if rule_id not in known]
        if strangers:
            raise HeuristicConfigError(
                f"heuristic {cls.id!r} supersedes unknown rule ids: {', '.join(strangers)}"
            )
        loose = [rule_id for rule_id in cls.supports if rule_id not in cls.supersedes]
        if loose:
            raise HeuristicConfigError(
                f"heuristic {cls.id!r} supports rule ids it does not supersede: {', '.join(loose)}"
            )
    unknown = sorted(set(params) - known)
    if unknown:
        raise HeuristicConfigError(f"heuristic_params names unknown rules: {', '.join(unknown)}")
    return [cls(params.get(cls.id)) for cls in classes]
