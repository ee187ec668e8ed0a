"""Where a traceback frame's code lives: the task's own, or installed library code.

The log scanner renders an Airflow 3 structured error with the frame it was raised in, and the
rules cite it: both name the last frame in the user's code (DAGs folder, job script, dbt project)
and the library frame only as where the error surfaced (issue 19, "the wrong location").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Third-party packages installed into an environment.
_PACKAGE_MARKERS = ("site-packages", "dist-packages")
#: Frames in these paths are library code; the user's frame is the last one outside them.
_LIBRARY_MARKERS = (*_PACKAGE_MARKERS, "<frozen ")
#: The standard library (``/usr/lib/python3.11/json/decoder.py``, a free-threaded ``python3.13t``,
#: a zipped ``python311.zip``), not a user folder that merely starts with "python"
#: (``/home/u/lib/python_utils/load.py``).
_STDLIB_RE = re.compile(r"/lib(?:64)?/(?:python|pypy)\d(?:[\d.]*t?|\d*\.zip)/")


def is_library(path: str) -> bool:
    """Whether a frame's file is installed library code rather than the task's own."""
    return any(m in path for m in _LIBRARY_MARKERS) or _STDLIB_RE.search(path) is not None


def is_installed_package(path: str) -> bool:
    """Whether a frame's file is a third-party package: library code that is not the standard library."""
    return any(m in path for m in _PACKAGE_MARKERS)


def describe_frames(frames: Sequence[tuple[str, str, str]]) -> str:
    """``dags/orders.py:41 in transform (surfaced in …/pandas/…/base.py:3812 in get_loc)``.

    ``frames`` are (file, line, function), outermost first; ``""`` without any.
    """
    if not frames:
        return ""
    user = [f for f in frames if not is_library(f[0])]
    chosen = (user or frames)[-1]
    where = f"{chosen[0]}:{chosen[1]} in {chosen[2]}"
    innermost = frames[-1]
    if user and innermost is not chosen:
        where += f" (surfaced in {innermost[0]}:{innermost[1]} in {innermost[2]})"
    return where
