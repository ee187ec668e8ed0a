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
from airflow_pipeline_debugger.heuristics.airflow._common import code_changed
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence

#: Frames in these paths are library code; the user's frame is the last one outside them.
_LIBRARY_MARKERS = ("site-packages", "dist-packages", "/lib/python", "<frozen ")


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
        where = f" at {frame}" if frame else ""
        changed = code_changed(bundle)
        details = [("exception", f"{exc_type}: {detail}"[:300])]
        if frame:
            details.append(("raised at", frame))
        return self.finding(
            title=f"{exc_type} raised in the task code{where}",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=(60 if bug else 50) + (8 if changed else 0),
            summary=(
                sentence(f"The task raised {exc_type}{': ' + detail[:200] if detail else ''}{where}")
                + (" The task's code changed since its last success." if changed else "")
            ),
            signals=[last],
            details=details,
            immediate_fix=(
                f"Read the code{where} and the values it received; reproduce with `airflow tasks test`."
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
    """``file:line in function`` of the innermost user frame (structured error_detail first)."""
    for evidence in bundle.evidence:
        if evidence.id != signal.evidence_id:
            continue
        for detail in evidence.summary.get("error_detail") or []:
            for exc in reversed(detail.get("exceptions") or []):
                frames = [f for f in exc.get("frames") or [] if isinstance(f, dict)]
                user = [f for f in frames if not any(m in str(f.get("filename")) for m in _LIBRARY_MARKERS)]
                chosen = (user or frames)[-1:] if frames else []
                if chosen:
                    f = chosen[0]
                    return f"{f.get('filename')}:{f.get('lineno')} in {f.get('name')}"
    file = signal.attributes.get("file")
    if file:
        return f"{file}:{signal.attributes.get('lineno')} in {signal.attributes.get('function') or '?'}"
    return ""
