"""One way to load extension classes: built-in import paths, then entry points, then config paths.

Adapters and heuristics both use it, so a Dagster adapter or a team's own rule is one new file plus
one line of packaging (an entry point) or config (an import path).
"""

from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def import_object(path: str) -> object:
    """Import ``package.module:Name`` (or ``package.module.Name``)."""
    module_name, _, attr = path.partition(":") if ":" in path else path.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, attr)


def load_classes(
    base: type[T],
    *,
    builtins: tuple[str, ...],
    entry_point_group: str,
    extra_paths: tuple[str, ...] = (),
) -> list[type[T]]:
    """Load subclasses of ``base`` in a fixed order, skipping (with a warning) any that fail.

    A broken third-party extension must never take the built-ins down with it, so import errors
    and wrong types are logged and skipped rather than raised.
    """
    candidates: list[tuple[str, object]] = []
    for path in builtins:
        candidates.append((path, path))
    for ep in sorted(entry_points(group=entry_point_group), key=lambda e: e.name):
        candidates.append((f"entry point {ep.name}", ep))
    for path in extra_paths:
        candidates.append((path, path))

    loaded: list[type[T]] = []
    for label, ref in candidates:
        try:
            obj = import_object(ref) if isinstance(ref, str) else ref.load()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - a broken extension is skipped, never fatal
            log.warning("Could not load %s extension %s: %s", base.__name__, label, exc)
            continue
        if not (isinstance(obj, type) and issubclass(obj, base)):
            log.warning("%s is not a %s subclass; skipped", label, base.__name__)
            continue
        if obj in loaded:
            continue
        loaded.append(obj)
    return loaded
