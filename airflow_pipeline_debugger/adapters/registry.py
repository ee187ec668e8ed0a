"""Which adapters exist: built-ins, then the ``airflow_pipeline_debugger.adapters`` entry points."""

from __future__ import annotations

from functools import cache

from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.evidence.request import CollectionRequest
from airflow_pipeline_debugger.registry import load_classes

BUILTIN_ADAPTERS = (
    "airflow_pipeline_debugger.adapters.generic:GenericAdapter",
    "airflow_pipeline_debugger.adapters.airflow:AirflowAdapter",
    "airflow_pipeline_debugger.adapters.dbt:DbtAdapter",
    "airflow_pipeline_debugger.adapters.spark:SparkAdapter",
)
ENTRY_POINT_GROUP = "airflow_pipeline_debugger.adapters"


@cache
def all_adapters(extra_paths: tuple[str, ...] = ()) -> tuple[Adapter, ...]:
    """Instances of every loadable adapter, built-ins first."""
    classes = load_classes(
        Adapter,  # type: ignore[type-abstract]
        builtins=BUILTIN_ADAPTERS,
        entry_point_group=ENTRY_POINT_GROUP,
        extra_paths=extra_paths,
    )
    return tuple(cls() for cls in classes)


def applicable_adapters(request: CollectionRequest, adapters: tuple[Adapter, ...]) -> list[Adapter]:
    """The adapters that apply to a request (``always_applies`` ones included)."""
    return [a for a in adapters if a.always_applies or a.applies(request)]
