"""Tolerant readers of untrusted input: JSON values of any type, broken JSON lines, text over a cap.

Logs, dbt artifacts, Spark events, stored facts and model answers are all parsed from text nobody
validated; a wrong type or a malformed line means "unknown" here, never an exception, so one odd
field cannot lose the rest of an investigation. Every module reads such values through these
helpers (one way to do each thing).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from airflow_pipeline_debugger.domain import JSONDict


def as_str(value: object) -> str:
    """``value`` when it is a string, else ``""``."""
    return value if isinstance(value, str) else ""


def as_bool(value: object) -> bool | None:
    """``value`` when it is a bool, else ``None`` (unknown)."""
    return value if isinstance(value, bool) else None


def as_int(value: object) -> int | None:
    """An int, or a float with no fractional part (JSON writers differ); never a bool."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def as_float(value: object) -> float | None:
    """A finite int or float as a float; never a bool or a string."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def as_number(value: object) -> float | None:
    """Like :func:`as_float`, but a numeric string (``"12.5"``, as config values arrive) counts too."""
    if isinstance(value, bool):
        return None
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


#: The ``scale`` of a measure whose value is a number of bytes (shown as ``1.2 GB``).
SIZE_SCALE = "size"


def count_text(value: object) -> str:
    """A number as a reader takes it in (``48,213``, ``12.5``); ``?`` when it is not a number."""
    number = as_number(value)
    if number is None:
        return "?"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def size_text(value: object) -> str:
    """A byte count in decimal units as Spark's UI prints sizes (``8.5 GB``); ``?`` when not a number."""
    size = as_number(value)
    if size is None:
        return "?"
    for unit in ("B", "KB", "MB", "GB"):
        if abs(size) < 1000:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"


def amount_text(value: object, scale: str = "") -> str:
    """A measured amount: a size (``scale == "size"``) in decimal units, else a count (``48,213``)."""
    return size_text(value) if scale == SIZE_SCALE else count_text(value)


def as_dict(value: object) -> JSONDict:
    """A copy of ``value`` when it is a mapping, else ``{}``."""
    return dict(value) if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    """``value`` when it is a list, else ``[]``."""
    return value if isinstance(value, list) else []


def json_object(text: str | bytes) -> JSONDict | None:
    """The JSON object ``text`` holds, or ``None`` when it is malformed, nested too deep or not an object.

    Raw control characters in strings are accepted: a log copied through an editor that turns
    spaces into tabs still holds the record it was.
    """
    try:
        parsed = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


#: What a log shipper puts before each line it relays: ``kubectl logs --prefix`` (``[pod/name/container]``)
#: and ``kubectl logs --timestamps`` / ``docker logs --timestamps`` (an RFC 3339 time, then one space).
_SHIPPER_PREFIX_RE = re.compile(
    r"(?:\[pod/[^\]\s]+\] )?(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d) )?"
)


def without_shipper_prefix(text: str) -> str:
    """``text`` without the prefix a log shipper added to it (none: unchanged).

    A program's own RFC 3339 time at the start of its line goes too: the line still says what it
    said, and what follows (a level, a traceback line, a JSON record) is read as it was written.
    """
    match = _SHIPPER_PREFIX_RE.match(text)
    return text[match.end() :] if match and match.end() else text


#: Terminal control sequences a log keeps when its program wrote for a terminal (ECMA-48 CSI: colours,
#: cursor moves; OSC: titles, hyperlinks): presentation, not content.
_TERMINAL_CONTROL_RE = re.compile(
    r"\x1b\[[0-9;?]{0,32}[ -/]{0,2}[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?"
)


def plain_line(text: str) -> str:
    """A log line as its program said it: without terminal colour codes and a log shipper's prefix.

    A notebook's or a console's coloured traceback (``\\x1b[91mPy4JJavaError\\x1b[39m: …``) reads
    as the traceback it is.
    """
    if "\x1b" in text:
        text = _TERMINAL_CONTROL_RE.sub("", text)
    return without_shipper_prefix(text)


def json_line(text: str) -> str:
    """A line stripped, and without a log shipper's prefix when a JSON object follows it.

    A JSON task or driver log read through ``kubectl logs --timestamps`` is still one record per line.
    """
    stripped = text.strip()
    rest = without_shipper_prefix(stripped)
    return rest if rest.startswith("{") else stripped


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters; a cut text ends in a marker giving its full length."""
    if len(text) <= limit:
        return text
    marker = f"… [cut from {len(text)} characters]"
    if limit <= len(marker):
        return text[: limit - 1] + "…" if limit > 0 else ""
    return text[: limit - len(marker)] + marker


def cap_utf8(text: str, max_bytes: int) -> tuple[str, bool]:
    """``text`` cut to at most ``max_bytes`` of UTF-8 on a character boundary; ``(text, was_cut)``."""
    raw = text.encode("utf-8", errors="replace")
    if len(raw) <= max_bytes:
        return text, False
    return raw[: max(max_bytes, 0)].decode("utf-8", errors="ignore"), True
