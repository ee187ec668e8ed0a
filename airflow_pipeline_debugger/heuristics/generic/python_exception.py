"""An uncaught Python exception in the task's own code (CODE), citing the innermost frame.

The fallback for tracebacks no specific rule explains. Exception types that are nearly always bugs
(``KeyError``, ``TypeError`` …) rank above other exception types; every specific rule supersedes
this one.
"""

from __future__ import annotations

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.frames import describe_frames
from airflow_pipeline_debugger.heuristics.airflow._common import code_changed
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.code_site import statement_of
from airflow_pipeline_debugger.heuristics.message import QUOTE_CHARS, shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import terminal_blocks, text_frames

#: Characters of the exception's message in the title (the summary quotes up to ``QUOTE_CHARS``).
TITLE_DETAIL_CHARS = 80


class PythonException(SignalRule):
    """The task raised an exception nothing more specific explains; the frame that raised it is cited."""

    id = "generic.python_exception"
    symptom = True
    title = "Exception in task code"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Code finding for the last (decisive) exception, with its frame."""
        bug = hits[0].code == G.CODE_ERROR
        last = _decisive(hits)
        exc_type = str(last.attributes.get("exception_type") or "Exception").rsplit(".", 1)[-1]
        detail = str(last.attributes.get("detail") or "").strip()
        frame = _frame(bundle, last)
        statement = statement_of(bundle, last, traceback_frames(bundle, last))
        where = f" at {frame}" if frame else ""
        # The title is read first and at a glance: the error itself (cut in the middle, so the name it
        # ends with stays), and the file by its last two path parts (the full path is in the summary).
        said = f": {shorten_middle(detail, TITLE_DETAIL_CHARS)}" if detail else ""
        short = f" at {_short(frame)}" if frame else ""
        quoted = f": {shorten_middle(detail, QUOTE_CHARS)}" if detail else ""
        changed = code_changed(bundle)
        details = [("exception", f"{exc_type}: {detail}"[:300])]
        if frame:
            details.append(("raised at", frame))
        return self.finding(
            title=f"{exc_type}{said} raised in the task code{short}",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=(60 if bug else 50) + (8 if changed else 0),
            summary=(
                sentence(f"The task raised {exc_type}{quoted}{where}")
                + (f" The failing line is `{statement}`." if statement else "")
                + (" The task's code changed since its last success." if changed else "")
            ),
            signals=[last],
            details=details,
            immediate_fix=(
                f"Read the code{where} and the values it received, and reproduce it with those inputs in a "
                "test of the callable (`airflow tasks test` would run the task again for real)."
            ),
            change=(
                f"Fix the code path that raises {exc_type}, or "
                f"validate its input and fail with a clear message."
            ),
            prevention="Unit-test the task's callable with the inputs that reach it in production.",
            monitoring="Group failures by exception type and frame to spot regressions after deploys.",
        )


def _decisive(hits: list[Signal]) -> Signal:
    """The last exception line in the log: the one the task died of."""
    return max(hits, key=lambda s: s.lines[0].line_no if s.lines else -1)


def _frame(bundle: EvidenceBundle, signal: Signal) -> str:
    """Where the exception was raised: the last frame in the user's code, and where it surfaced.

    ``dags/orders.py:41 in transform (surfaced in pandas/.../base.py:3812 in get_loc)``. Read from
    the structured ``error_detail`` of the signal's own line first, then the text traceback before
    the exception line, then the scanner's innermost frame. A log holds other lines' details too (a
    git bundle's INFO record of the connection it did without carries a traceback): those are
    another exception's frames, not this one's.
    """
    frames = traceback_frames(bundle, signal)
    if frames:
        return describe_frames(frames)
    file = signal.attributes.get("file")
    if file:
        return f"{file}:{signal.attributes.get('lineno')} in {signal.attributes.get('function') or '?'}"
    return ""


def traceback_frames(bundle: EvidenceBundle, signal: Signal) -> list[tuple[str, str, str]]:
    """The frames (file, line, function) of the exception a signal names, outermost first.

    Read from the structured ``error_detail`` of an Airflow 3 log first, then from the text
    traceback before the exception line; empty when neither is there.
    """
    for evidence in bundle.evidence:
        if evidence.id != signal.evidence_id:
            continue
        for detail in reversed(evidence.summary.get("error_detail") or []):
            if not _detail_of(detail, signal):
                continue
            for exc in reversed(detail.get("exceptions") or []):
                frames = [
                    (str(f.get("filename")), str(f.get("lineno")), str(f.get("name")))
                    for f in exc.get("frames") or []
                    if isinstance(f, dict)
                ]
                if frames:
                    return frames
    return _text_frames(bundle, signal)


def _detail_of(detail: object, signal: Signal) -> bool:
    """Whether an ``error_detail`` entry is the one logged on the signal's line.

    The scanner gave the signal the innermost frame of that entry's final exception (``file``,
    ``lineno``), so that frame identifies it; an entry whose final exception has no frame cannot be told
    apart and is not used.
    """
    if not isinstance(detail, dict):
        return False
    exceptions = [e for e in detail.get("exceptions") or [] if isinstance(e, dict)]
    frames = [f for f in (exceptions[-1].get("frames") or []) if isinstance(f, dict)] if exceptions else []
    file = signal.attributes.get("file")
    return bool(file and frames) and (
        str(frames[-1].get("filename")),
        str(frames[-1].get("lineno")),
    ) == (str(file), str(signal.attributes.get("lineno")))


def _short(frame: str) -> str:
    """``dags/orders.py:41 in transform`` for ``/opt/airflow/dags/orders.py:41 in transform (…)``."""
    path, _, rest = frame.split(" (surfaced in ", 1)[0].partition(":")
    return f"{'/'.join(path.split('/')[-2:])}:{rest}" if rest else path


def _text_frames(bundle: EvidenceBundle, signal: Signal) -> list[tuple[str, str, str]]:
    """The frames of the traceback that ends at the signal's line, read from the stored log lines."""
    line_no = signal.lines[0].line_no if signal.lines else None
    for block in terminal_blocks(bundle):
        if block.evidence_id != signal.evidence_id or line_no is None:
            continue
        return text_frames([line for line in (*block.before, *block.lines) if line.line_no < line_no])
    return []
