"""Which adapters exist: built-ins, entry points, ``extra_adapters``, less ``disabled_adapters``.

Built-ins come first, then the ``airflow_pipeline_debugger.adapters`` entry points, then the import
paths of ``[pipeline_debugger] extra_adapters``; adapters named in ``disabled_adapters`` are left out.
"""

from __future__ import annotations

from functools import cache

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.adapters.base import Adapter
from airflow_pipeline_debugger.conf import ConfigError
from airflow_pipeline_debugger.evidence.request import CollectionRequest
from airflow_pipeline_debugger.registry import import_object, load_classes

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


def load_adapters(extra_paths: tuple[str, ...] = (), disabled: tuple[str, ...] = ()) -> tuple[Adapter, ...]:
    """Every adapter plus ``extra_paths``, without the ones named in ``disabled``.

    Unlike an entry point (skipped with a warning when broken, so a bad package never takes the
    built-ins down), an extra path or a disabled name is something an operator typed: one that
    cannot take effect is a :class:`ConfigError` naming it, so a typo fails at start-up instead of
    silently collecting with the wrong set of adapters.
    """
    for path in extra_paths:
        try:
            obj = import_object(path)
        except Exception as exc:  # noqa: BLE001 - any import failure is reported the same way
            reason = f"{type(exc).__name__}: {exc}"
            raise ConfigError("extra_adapters", f"cannot load {path!r}: {reason}") from None
        if not (isinstance(obj, type) and issubclass(obj, Adapter)):
            raise ConfigError("extra_adapters", f"{path!r} is not an Adapter subclass")
    adapters = all_adapters(extra_paths)
    names = {adapter.name for adapter in adapters}
    unknown = sorted(set(disabled) - names)
    if unknown:
        raise ConfigError(
            "disabled_adapters", f"no adapter named {', '.join(unknown)} (known: {', '.join(sorted(names))})"
        )
    return tuple(adapter for adapter in adapters if adapter.name not in disabled)


def configured_adapters() -> tuple[Adapter, ...]:
    """The adapters ``[pipeline_debugger] extra_adapters`` and ``disabled_adapters`` select."""
    return load_adapters(conf.extra_adapters(), conf.disabled_adapters())


def applicable_adapters(request: CollectionRequest, adapters: tuple[Adapter, ...]) -> list[Adapter]:
    """The adapters that apply to a request (``always_applies`` ones included)."""
    return [a for a in adapters if a.always_applies or a.applies(request)]
