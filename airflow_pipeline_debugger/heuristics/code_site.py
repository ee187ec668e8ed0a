"""The line of the task's own code a failure was raised at, read from the job's source.

An Airflow 3 log names a frame (``dags/orders.py:31 in load``) but not its code; the DAG or job file
(``source`` evidence: an artifact, or the DAG's code from the metadata DB) has it. Rules quote the
statement so the reader sees what failed without opening the file, and :mod:`.generic.setting_value`
reads where its values came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from airflow_pipeline_debugger.domain import Evidence, EvidenceBundle, EvidenceKind, LogLine, Signal
from airflow_pipeline_debugger.evidence.frames import is_library
from airflow_pipeline_debugger.evidence.provenance import Provenance, Setting, Use, passed_in, trace
from airflow_pipeline_debugger.heuristics.terminal import lines_around, printed_statements

#: Frames of the user's code looked at, innermost first (the raising line and a few callers).
MAX_USER_FRAMES = 3

Frame = tuple[str, str, str]


def exception_type(signal: Signal) -> str:
    """The short name of the exception a signal reports (``KeyError`` for ``builtins.KeyError``)."""
    raw = str(signal.attributes.get("exception_type") or signal.attributes.get("exception") or "")
    return raw.rsplit(".", 1)[-1]


def signal_frames(signal: Signal) -> list[Frame]:
    """The innermost frame the scanner gave a signal, as a one-frame traceback (``[]`` without one)."""
    attrs = signal.attributes
    if not attrs.get("file"):
        return []
    return [(str(attrs["file"]), str(attrs.get("lineno")), str(attrs.get("function") or ""))]


def user_frames(frames: Sequence[Frame]) -> list[Frame]:
    """The frames (file, line, function) in the user's code, innermost first."""
    return [f for f in reversed(frames) if not is_library(f[0])][:MAX_USER_FRAMES]


def source_of(bundle: EvidenceBundle, file: str) -> Evidence | None:
    """The ``source`` evidence of a frame's file: the same path, else the only file of that name."""
    sources = [e for e in bundle.evidence if e.kind is EvidenceKind.SOURCE and e.content]
    exact = [e for e in sources if str(e.summary.get("path") or e.source) == file]
    if exact:
        return exact[0]
    name = PurePath(file).name
    named = [e for e in sources if PurePath(str(e.summary.get("path") or e.name)).name == name]
    return named[0] if len(named) == 1 else None


def sites(bundle: EvidenceBundle, frames: Sequence[Frame]) -> list[tuple[Frame, Evidence, Provenance]]:
    """Each user frame whose source is known, with that source and what its line read, innermost first."""
    chain = [
        (frame, source)
        for frame in user_frames(frames)
        if (source := source_of(bundle, frame[0])) is not None and frame[1].isdigit()
    ]
    # Each frame's parameters bound to what its caller (the next frame out) passed, outermost first:
    # a setting read in the task and handed to a helper is still the setting where the helper fails.
    passed: list[dict[str, Setting]] = [{} for _ in chain]
    for i in range(len(chain) - 2, -1, -1):
        (callee, callee_source), (caller, caller_source) = chain[i], chain[i + 1]
        passed[i] = passed_in(
            (caller_source.content, int(caller[1]), caller[2]),
            (callee_source.content, int(callee[1]), callee[2]),
            passed[i + 1],
        )
    found: list[tuple[Frame, Evidence, Provenance]] = []
    for (frame, source), bound in zip(chain, passed, strict=True):
        provenance = trace(source.content, int(frame[1]), frame[2], bound)
        if provenance is not None:
            found.append((frame, source, provenance))
    return found


def cited_site(source: Evidence, line: int, found: Provenance, use: Use) -> list[LogLine]:
    """The failing line of the source and the line that read its value (when another), to cite."""
    cited = [LogLine(source.id, line, found.statement)]
    if use.setting.line and use.setting.line != line:
        cited.append(LogLine(source.id, use.setting.line, use.setting.statement))
    return cited


def failing_statement(bundle: EvidenceBundle, frames: Sequence[Frame]) -> str:
    """The statement of the innermost user frame, from its source (``""`` when the source is not known)."""
    if not frames or not any(e.kind is EvidenceKind.SOURCE for e in bundle.evidence):
        return ""
    innermost = user_frames(frames)[:1]
    found = sites(bundle, innermost)
    return found[0][2].statement if found else ""


def statement_of(bundle: EvidenceBundle, signal: Signal, frames: Sequence[Frame] = ()) -> str:
    """The failing statement of the innermost user frame: from the job's source, else as the log prints it.

    A Python traceback prints each frame's line under it, so a log read without the job's source (a
    PySpark worker's traceback relayed in the driver log) still says what failed. ``""`` when the
    innermost user frame has no line in either.
    """
    if found := failing_statement(bundle, frames or signal_frames(signal)):
        return found
    if not signal.lines:
        return ""
    lines, at = lines_around(bundle, signal.lines[0])
    for frame, code in printed_statements(lines, at) if at >= 0 else []:
        if not is_library(frame[0]):
            return _without_comment(code)
    return ""


def _without_comment(code: str) -> str:
    """A printed line without its trailing comment (``parts[5]  # page_type``); a ``#`` in a string stays."""
    head, sep, tail = code.partition(" #")
    return head.rstrip() if sep and "'" not in tail and '"' not in tail else code
