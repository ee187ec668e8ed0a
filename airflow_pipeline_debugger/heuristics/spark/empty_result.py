"""A Spark action's empty result used as a row: ``df.first().id`` on zero records (CODE).

PySpark's ``DataFrame.first()`` and ``head()`` return ``None`` when the DataFrame has no rows, and
``take(1)`` / ``collect()`` return an empty list. Code that reads a field of that row fails with
``AttributeError: 'NoneType' object has no attribute 'id'``, ``TypeError: 'NoneType' object is not
subscriptable`` or ``IndexError: list index out of range``. When the traceback's failing line calls
one of those actions, the error is not a mystery NoneType: the result was empty and the code does
not handle zero records, which is legitimate for a filter or a validity check to produce.

By the category guide that is code. When the lines before the error show the input itself broke its
promise (``fetched 0 rows`` from a source that always has rows), ``generic.input_broke_code`` makes
it a data answer instead, so this rule steps aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.terminal import input_context, is_chatter, terminal_blocks

#: The error a row-returning action's empty result gives when the code uses it as a row.
_EMPTY_USE_RE = re.compile(
    r"\b(?P<error>AttributeError: 'NoneType' object has no attribute '(?P<attr>\w+)'"
    r"|TypeError: 'NoneType' object is not subscriptable"
    r"|IndexError: list index out of range)"
)
#: ``.first().attr`` / ``.head()[0]`` (None on zero rows) or ``.take(1)[0]`` / ``.collect()[0]``.
_ACTION_RE = re.compile(
    r"\.(?:(?P<none>first|head)\(\s*\)(?=\s*[.\[])|(?P<list>take|head|collect)\([^()]*\)(?=\s*\[))"
)
#: Where the expression holding the call starts: after an assignment, a ``return`` or the frame header.
_STATEMENT_RE = re.compile(r"(?:=|\breturn\b|\bin \w+\b)(?!.*(?:=|\breturn\b|\bin \w+\b))")
_NAME_RE = re.compile(r"[A-Za-z_][\w.]*")
_FRAME_RE = re.compile(r"File \"[^\"]+\", line \d+, in (?P<function>[\w<>]+)")
#: How many lines above the error its failing frame and source line can be.
_FRAME_LINES = 4


@dataclass(frozen=True)
class _EmptyUse:
    error: LogLine
    error_text: str
    source: LogLine
    call: str
    obj: str
    function: str


def _find(lines: tuple[LogLine, ...]) -> _EmptyUse | None:
    """The last empty-result error in ``lines`` whose failing frame calls a row-returning action."""
    for i in range(len(lines) - 1, -1, -1):
        m = _EMPTY_USE_RE.search(lines[i].text[:2000])
        if m is None or is_chatter(lines[i].text):
            continue
        none_error = not m.group("error").startswith("IndexError")
        for j in range(i - 1, max(-1, i - 1 - _FRAME_LINES), -1):
            text = lines[j].text[:2000]
            action = _ACTION_RE.search(text)
            if action and bool(action.group("none")) == none_error:
                name = action.group("none") or action.group("list")
                frame = _FRAME_RE.search(text) or next(
                    (f for k in range(j - 1, max(-1, j - 3), -1) if (f := _FRAME_RE.search(lines[k].text))),
                    None,
                )
                return _EmptyUse(
                    error=lines[i],
                    error_text=m.group("error"),
                    source=lines[j],
                    call=f"{name}()",
                    obj=_object_of(text[: action.start()]),
                    function=frame.group("function") if frame else "",
                )
    return None


def _object_of(head: str) -> str:
    """The DataFrame the action was called on: the expression's first name, else ``the DataFrame``.

    ``events`` of ``x = events.orderBy(...).first().ts``; the frame header ``in fn`` is skipped.
    """
    statement = _STATEMENT_RE.split(head)[-1].strip()
    m = _NAME_RE.match(statement)
    if m is None:
        return "the DataFrame"
    name = m.group(0)
    return name.rsplit(".", 1)[0] if statement[len(name) :].startswith("(") and "." in name else name


class EmptyResultUsed(Heuristic):
    """``'NoneType' object has no attribute …`` right after ``df.first()``: zero records not handled."""

    id = "spark.empty_result"
    title = "An empty action result used as a row"
    requires = frozenset({S.NONE_USED, S.PYTHON_EXCEPTION, G.PYTHON_EXCEPTION})
    supersedes = ("generic.error_code", "generic.python_exception", "spark.driver_code_error")
    max_confidence = 65  # the empty result may itself be a data problem a later line would show

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Code finding naming the call, the object and the function; none if the input is shown broken."""
        for block in reversed(terminal_blocks(bundle)):
            found = _find(block.lines)
            if found is None:
                continue
            if input_context(block) is not None:
                return None  # the input is shown empty or changed: generic.input_broke_code's data answer
            where = f" in {found.function}" if found.function else ""
            call = found.call if found.obj == "the DataFrame" else f"{found.obj}.{found.call}"
            return self.finding(
                title=f"{call} returned no row{where}: the code does not handle zero records",
                severity=Severity.SEVERE,
                category=Category.CODE,
                transience=Transience.PERMANENT,
                likelihood=64,
                summary=(
                    f"{found.error_text} at {found.source.cite()}: {call} gives None "
                    f"(first()/head()) or an empty list (take()/collect()) when it has zero records, and the "
                    f"code{where} "
                    "uses the result as a row without checking. An empty result is a state the job must "
                    "handle (a filter or validity check can leave nothing); no line shows the input broken."
                ),
                lines=[found.source, found.error],
                details=[
                    ("call", call),
                    ("function", found.function or "not named"),
                    ("error", found.error_text),
                ],
                immediate_fix=(
                    f"Check why {found.obj} was empty for this run; if that is a valid outcome, guard the "
                    f"call{where} (skip or return early when there is no row) and rerun."
                ),
                change=(
                    f"Handle the empty case: row = {found.obj}.first(); if row is None: … (or use "
                    f"{found.obj}.isEmpty() first) instead of reading a field of the result directly."
                ),
                prevention="Test the job with an input that filters down to zero records.",
                monitoring="Log and alert on the record count after each filter the job applies.",
            )
        return None
