"""KubernetesPodOperator failed while following the pod's log stream, not because the pod failed (CODE).

With ``get_logs=True`` the operator reads the pod's output over a long-lived HTTP stream from the
Kubernetes API. When that stream is cut (``Connection broken: IncompleteRead``, a ``ProtocolError``)
in the operator's own process — not in a line the pod printed — the pod may well still be running
or have succeeded: the operator's log following did not reconnect. Provider releases fixed this by
retrying the log read, so the fix goes to the provider's version (or ``get_logs=False`` as a
workaround), which is where the category guide puts a library's bug.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.terminal import is_relayed, terminal_blocks

#: The operator's pod launcher / manager logging (Airflow 1.10 to 3).
_POD_MANAGER_RE = re.compile(
    r"\{\{?(?:pod_launcher|pod_manager)\.py:\d+\}\}?|\[airflow\.task\.hooks\.[\w.]*PodManager\]"
)
#: A streamed HTTP response cut before its end, as urllib3 / http.client report it.
_BROKEN_STREAM_RE = re.compile(
    r"Connection broken: (?:IncompleteRead|InvalidChunkLength|ConnectionResetError)"
    r"|\bIncompleteRead\(\d+ bytes read"
    r"|ProtocolError\(.{0,40}Connection broken"
    r"|Response ended prematurely"
)


class PodLogStreamBroken(Heuristic):
    """The operator's read of the pod's log stream broke (IncompleteRead) while the pod ran."""

    id = "airflow.pod_log_stream"
    title = "Pod log stream broken"
    supersedes = ("generic.python_exception", "generic.error_code", "generic.network_error")
    max_confidence = 60  # the operator's log following, or an API server that dropped the stream

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Code finding when the terminal error is a broken stream in the operator's own lines."""
        for block in reversed(terminal_blocks(bundle)):
            if not any(_POD_MANAGER_RE.search(ln.text) for ln in (*block.before, *block.lines)):
                continue
            broken = next(
                (ln for ln in block.lines if _BROKEN_STREAM_RE.search(ln.text) and not is_relayed(ln.text)),
                None,
            )
            if broken is not None:
                return self._finding(broken, _last_pod_line(block.before + block.lines))
        return None

    def _finding(self, broken: LogLine, pod_line: LogLine | None) -> RuleFinding:
        said = broken.text.split(" - ", 1)[-1].strip()[:200]
        return self.finding(
            title="KubernetesPodOperator lost the pod's log stream (get_logs) and failed the task",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.INTERMITTENT,
            likelihood=68,
            summary=(
                f"The operator's own process raised {said!r} while it followed the pod's log stream "
                "(get_logs=True): the Kubernetes API's streamed response was cut and the operator did not "
                "reconnect, so the task failed on reading the log, not on the pod's result. Reading the "
                "log stream without retrying is a known weakness of older cncf-kubernetes provider releases."
            ),
            lines=[broken, *([pod_line] if pod_line else [])],
            immediate_fix=(
                "Check the pod's own status and logs (`kubectl logs <pod>`; it may have succeeded) before "
                "clearing the task, so the work is not run twice."
            ),
            change=(
                "Upgrade the cncf-kubernetes provider to a release that retries the log read, or set "
                "get_logs=False and read the pod's logs after it finishes."
            ),
            prevention="Make the pod's work idempotent so a retry after a lost stream is harmless.",
            monitoring="Count KubernetesPodOperator failures whose pod ended Succeeded.",
        )


def _last_pod_line(lines: tuple[LogLine, ...]) -> LogLine | None:
    """The operator's last report on the pod (its phase), cited next to the broken stream."""
    return next((ln for ln in reversed(lines) if _POD_MANAGER_RE.search(ln.text)), None)
