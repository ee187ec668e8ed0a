"""Which versions of the installed packages a try ran with, read in the task process for free.

"What changed since it last worked?" includes the environment: a library upgraded between two runs
breaks a task whose code and data did not change. Only the task process knows the versions it
imported, so the worker writes them to the task log (no network, no DB, no file read beyond what
the interpreter already loaded):

- on a **failure**, the capture record carries the packages the traceback runs through (and dbt,
  pyspark, the operator's top-level package when they are loaded), innermost frame last;
- on a **success**, one small record lists the version of every top-level package the task process
  loaded from site-packages, so a later failure can be compared with its last successful run.

Versions come from the loaded module's ``__version__`` (free); a package without one is looked up
once through ``importlib.metadata`` on a failure only (a few file reads, cached per process).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import json
import sys
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from airflow_pipeline_debugger.domain import JSONDict, TaskKey

#: Marker of the success record's event, followed by one JSON object.
ENVIRONMENT_MARKER = "PIPELINE_DEBUGGER_ENVIRONMENT_V1"
#: The logger the worker writes its records through (the capture's); a reader trusts only it.
RECORD_LOGGER = "airflow_pipeline_debugger.capture"
#: The event of a capture record starts with this marker, followed by one JSON object.
CAPTURE_MARKER = "PIPELINE_DEBUGGER_CAPTURE_V1"
#: Path parts after which a module file belongs to an installed distribution.
_SITE_DIRS = ("/site-packages/", "/dist-packages/")
#: Packages whose version matters for a tool task even when the traceback does not run through them.
TOOL_PACKAGES = ("pyspark",)
MAX_CHAIN = 5
MAX_PACKAGES = 400
#: A record longer than this is not read (a hostile or corrupted log line).
MAX_RECORD_CHARS = 64_000


def package_of(filename: str) -> str:
    """The top-level package an installed module file belongs to, ``""`` outside site-packages.

    ``pandas`` for ``…/site-packages/pandas/core/frame.py``.
    """
    for marker in _SITE_DIRS:
        _, found, rest = filename.replace("\\", "/").rpartition(marker)
        if found:
            top = rest.split("/", 1)[0]
            top = top[:-3] if top.endswith(".py") else top
            return top if top.isidentifier() else ""
    return ""


def _frames(error: BaseException) -> Iterator[str]:
    """File names of the frames of ``error`` and its causes, outermost exception first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < MAX_CHAIN and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for exc in reversed(chain):
        tb: TracebackType | None = exc.__traceback__
        while tb is not None:
            yield tb.tb_frame.f_code.co_filename
            tb = tb.tb_next


def traceback_packages(error: BaseException) -> list[str]:
    """The installed packages the traceback runs through, in order, the innermost frame's last."""
    seen: list[str] = []
    for filename in _frames(error):
        top = package_of(filename)
        if top:
            if top in seen:
                seen.remove(top)
            seen.append(top)
    return seen


@functools.lru_cache(maxsize=256)
def _metadata_version(name: str) -> str:
    with contextlib.suppress(Exception):
        return importlib.metadata.version(name)
    return ""


def loaded_version(name: str) -> str:
    """``__version__`` of a loaded top-level module (``""`` when not loaded or it has none).

    Read from the module's namespace: a module-level ``__getattr__`` (lazy imports, deprecation
    shims) must not run in the user's task for this.
    """
    namespace = getattr(sys.modules.get(name), "__dict__", None)
    version = namespace.get("__version__") if isinstance(namespace, dict) else None
    return version if isinstance(version, str) and len(version) <= 64 else ""


def version_of(name: str) -> str:
    """A package's version: its ``__version__`` when loaded, else the installed distribution's."""
    return loaded_version(name) or _metadata_version(name)


def tool_versions(operator_module: str) -> dict[str, str]:
    """Versions of the tools a task runs in-process: dbt-core, pyspark, the operator's provider.

    Both records carry them, so a failure whose traceback does not enter them can still be compared.
    """
    out = {name: v for name in TOOL_PACKAGES if (v := loaded_version(name))}
    if "dbt" in sys.modules:
        out["dbt-core"] = _metadata_version("dbt-core")
    parts = operator_module.split(".")
    if len(parts) > 2 and parts[:2] == ["airflow", "providers"]:
        dist = f"apache-airflow-providers-{parts[2].replace('_', '-')}"
        out[dist] = _metadata_version(dist)
    return {k: v for k, v in out.items() if v}


def failure_packages(names: list[str], operator_module: str = "") -> dict[str, str]:
    """Versions of the traceback's packages (``names``, in traceback order), then the tools'."""
    out = {name: v for name in names if (v := version_of(name))}
    out.update({k: v for k, v in tool_versions(operator_module).items() if k not in out})
    return out


def loaded_packages() -> dict[str, str]:
    """Every top-level package loaded from site-packages that says its version (the success record)."""
    out: dict[str, str] = {}
    for name, module in list(sys.modules.items()):
        if "." in name or len(out) >= MAX_PACKAGES:
            continue
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and any(m in path for m in _SITE_DIRS) and (v := loaded_version(name)):
            out[name] = v
    return dict(sorted(out.items()))


def environment_record(key: TaskKey, operator_module: str = "") -> str:
    """The success record's log event: marker, space, compact JSON of the key and loaded versions."""
    body = {"key": key.to_json(), "packages": {**loaded_packages(), **tool_versions(operator_module)}}
    return f"{ENVIRONMENT_MARKER} {json.dumps(body, separators=(',', ':'), ensure_ascii=True)}"


def versions(value: Any) -> dict[str, str]:
    """A ``{package: version}`` map read from an untrusted record: short strings only, bounded."""
    items = list(value.items())[:MAX_PACKAGES] if isinstance(value, dict) else []
    return {k[:100]: v[:64] for k, v in items if isinstance(k, str) and isinstance(v, str)}


def parse_environment(event: str, key: TaskKey) -> dict[str, str] | None:
    """The versions in a success's record for ``key``; ``None`` when the event is not one (or malformed)."""
    marker, _, body = event.partition(" ")
    if marker != ENVIRONMENT_MARKER or len(event) > MAX_RECORD_CHARS:
        return None
    try:
        raw: JSONDict = json.loads(body)
    except json.JSONDecodeError:
        return None
    found = raw.get("key") if isinstance(raw, dict) else None
    if not isinstance(found, dict) or tuple(found.get(k) for k in key.to_json()) != key.as_tuple():
        return None
    return versions(raw.get("packages"))
