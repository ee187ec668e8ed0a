"""A ``KeyError`` raised by ``os.environ[...]``: an environment variable the code needs is not set (CONFIG).

CPython raises it from ``os._Environ.__getitem__`` (``os.py``, ``raise KeyError(key) from None``), so
the traceback's innermost frame names it whatever the calling code looks like. The code is fine and
no input is involved: the process it ran in (a worker, the scheduler or DAG processor parsing the
file, a pod) was started without the variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    LogLine,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import Heuristic
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import is_exception_line, payload
from airflow_pipeline_debugger.heuristics.terminal import (
    TRACEBACK_HEADER,
    is_relayed,
    terminal_blocks,
    text_frames,
)

#: The key a ``KeyError`` names: ``'ENVIRONMENT'`` or ``"ENVIRONMENT"``.
_KEY_RE = re.compile(r"""^\s*['"]([^'"]{1,200})['"]""")
#: The standard library's os.py: ``/usr/local/lib/python3.8/os.py``, PyPy's ``lib/pypy3.10/os.py``
#: or ``lib-python/3/os.py``, Windows' ``C:\\Python311\\Lib\\os.py``.
_STDLIB_OS_RE = re.compile(
    r"(?i)[/\\]lib(?:64)?[/\\](?:python|pypy)[\d.]*[/\\]os\.py$|[/\\]lib-python[/\\][\d.]+[/\\]os\.py$"
    r"|^[a-z]:\\(?:[^\\]+\\){0,8}lib\\os\.py$"
)
#: What Airflow logs when a DAG file fails to import (Airflow 2's UI banner, the DAG processor).
_DAG_IMPORT_MARKERS = ("Broken DAG", "Failed to import", "dagbag.py", "dag_processing")
#: A DAG file's code run at import (``<module>``): the parse happens where DAG files are processed.
_AT_IMPORT = "<module>"


#: A relayed traceback's last line: ``KeyError: 'EXPORT_BUCKET'``.
_KEYERROR_LINE_RE = re.compile(r"""^(?:builtins\.)?KeyError: (['"])([^'"]{1,200})\1\s*$""")
#: Lines a relayed traceback is read back over from its last line.
_TRACEBACK_LINES = 200
#: Python's line between a cause's traceback and the exception it caused (``raise X from e``).
_DIRECT_CAUSE = "The above exception was the direct cause"
#: Airflow's own exceptions, which wrap the task's error (``AirflowException: Pod … returned a failure``).
_AIRFLOW_WRAPPER_RE = re.compile(r"^(?:airflow\.[\w.]*\.)?Airflow\w*(?:Exception|Error)\b")
#: The container name KubernetesPodOperator puts before each line of a pod's output: ``[base] ``.
_CONTAINER_RE = re.compile(r"^\[[a-z0-9][a-z0-9.\-]{0,62}\] ?")


@dataclass(frozen=True)
class _Lookup:
    """A ``KeyError`` raised inside ``os.environ``: the line, the variable and the frames above it."""

    line: LogLine | None
    signal: Signal | None
    name: str
    frames: list[tuple[str, str, str]]


class MissingEnvVar(Heuristic):
    """``os.environ["X"]`` raised ``KeyError: 'X'``: the variable is missing where the code ran."""

    id = "generic.missing_env_var"
    title = "Environment variable not set"
    supersedes = (
        "generic.python_exception",
        "generic.error_code",
        "generic.library_bug",
        "generic.provider_bug",
    )

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Config finding naming the variable, for the last ``KeyError`` raised inside ``os.environ``.

        Read from the exception signals (a traceback in the task's own log, an Airflow 3 structured
        error), else from a traceback a pod or subprocess printed, which Airflow relays as INFO lines.
        """
        found = _from_signals(bundle) or _from_relayed_text(bundle)
        if found is None:
            return None
        name, frames = found.name, found.frames
        caller = next((f for f in reversed(frames) if not _is_library_frame(f)), None)
        at = f" at {caller[0]}:{caller[1]}" if caller else ""
        parsing = caller is not None and caller[2] == _AT_IMPORT and _is_dag_import(bundle, caller[0])
        where = (
            "the process that parses the DAG file (scheduler / DAG processor) and the workers"
            if parsing
            else f"the process that ran {caller[0]}"
            if caller
            else "the worker or pod the task ran in"
        )
        return self.finding(
            title=f"Environment variable '{name}' is not set where the code ran",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=86,
            summary=(
                f"The code{at} read os.environ['{name}'] and Python raised KeyError: the environment "
                f"variable '{name}' is not set in {where}. The code expects the deployment to provide "
                "it; the deployment does not."
                + (" The read runs when the DAG file is imported, at parse time." if parsing else "")
            ),
            signals=[found.signal] if found.signal else [],
            lines=[found.line] if found.line else [],
            details=[("variable", name), *([("read at", at.removeprefix(" at "))] if at else [])],
            immediate_fix=(
                f"Set '{name}' in the environment of {where} (the deployment's env file, Helm values, "
                "pod spec or systemd unit), restart those processes, then clear the task."
            ),
            change=(
                f"Declare '{name}' with the deployment's other settings for every environment; if it is "
                f"optional, read it with os.environ.get('{name}', <default>) or an Airflow Variable."
            ),
            prevention="Check required environment variables at start-up and in CI against each deployment.",
            monitoring="Alert on KeyError raised from os.environ after deploys.",
            counter_evidence="A variable deliberately left unset for this environment is a code path to fix.",
        )


def _from_signals(bundle: EvidenceBundle) -> _Lookup | None:
    """The ``KeyError`` from ``os.environ`` the task's log ends in, read from its exception signals.

    Only when no other exception follows it in that log but Airflow's own wrapper of it: a lookup the
    code caught, followed by the error the task died of, is not the cause.
    """
    order = {e.id: i for i, e in enumerate(bundle.evidence)}
    hits = bundle.signals_with(G.CODE_ERROR, G.PYTHON_EXCEPTION)
    ranked = sorted(hits, key=lambda s: (order.get(s.evidence_id, -1), s.lines[0].line_no if s.lines else -1))
    for at in range(len(ranked) - 1, -1, -1):
        signal = ranked[at]
        if _short_type(signal) != "KeyError":
            continue
        if _raised_after(bundle, signal):
            return None
        frames = traceback_frames(bundle, signal)
        if frames and _is_environ_lookup(frames[-1]):
            match = _KEY_RE.match(str(signal.attributes.get("detail") or ""))
            return _Lookup(None, signal, match.group(1) if match else "the variable", frames)
        return None
    return None


def _raised_after(bundle: EvidenceBundle, signal: Signal) -> bool:
    """Whether the signal's log shows another exception after it, other than Airflow's own wrapper."""
    line_no = signal.lines[0].line_no if signal.lines else None
    for block in terminal_blocks(bundle):
        if block.evidence_id != signal.evidence_id or line_no is None:
            continue
        for line in (*block.before, *block.lines):
            said = _said(line.text)
            if line.line_no > line_no and is_exception_line(said) and not _AIRFLOW_WRAPPER_RE.match(said):
                return True
    return False


def _short_type(signal: Signal) -> str:
    return str(signal.attributes.get("exception_type") or "").rsplit(".", 1)[-1]


def _said(text: str) -> str:
    """A line's payload without a pod container's name (``[base] KeyError: …``)."""
    return _CONTAINER_RE.sub("", payload(text), count=1)


def _from_relayed_text(bundle: EvidenceBundle) -> _Lookup | None:
    """The ``KeyError`` from ``os.environ`` a relayed traceback (a pod's, a subprocess's) ends in.

    Read in the last log's terminal block only, and only when no later traceback of the child's
    follows it (a lookup the code handled before it died of something else), unless that traceback
    says the lookup was its direct cause.
    """
    blocks = terminal_blocks(bundle)[-1:]
    for block in blocks:
        lines = [*block.before, *block.lines]
        later_traceback = False
        for at in range(len(lines) - 1, -1, -1):
            said = _said(lines[at].text)
            if said.startswith(TRACEBACK_HEADER) and payload(lines[at].text) != lines[at].text.strip():
                previous = next(
                    (_said(ln.text) for ln in reversed(lines[max(0, at - 3) : at]) if _said(ln.text)), ""
                )
                later_traceback = later_traceback or not previous.startswith(_DIRECT_CAUSE)
                continue
            match = _KEYERROR_LINE_RE.match(said)
            if match is None or not is_relayed(lines[at].text):
                continue  # the task's own traceback is read from its signals
            if later_traceback:
                return None
            frames = text_frames(lines[max(0, at - _TRACEBACK_LINES) : at])
            if frames and _is_environ_lookup(frames[-1]):
                return _Lookup(lines[at], None, match.group(2), frames)
            return None
    return None


def _is_environ_lookup(frame: tuple[str, str, str]) -> bool:
    """The standard library's ``os._Environ.__getitem__``, not a user file named os.py.

    ``…/lib/python3.8/os.py``, PyPy's, Windows' ``…\\Lib\\os.py``, or ``<frozen os>`` from Python
    3.11 on (the module is frozen).
    """
    file, _, function = frame
    return function == "__getitem__" and (file == "<frozen os>" or _STDLIB_OS_RE.search(file) is not None)


def _is_library_frame(frame: tuple[str, str, str]) -> bool:
    """``os`` itself and the ``collections.abc`` mapping methods (``environ.pop``) it runs through."""
    file = frame[0]
    return (
        _is_environ_lookup(frame)
        or file in ("<frozen os>", "<frozen _collections_abc>")
        or (file.endswith(("/_collections_abc.py", "/os.py", "\\os.py")))
    )


def _is_dag_import(bundle: EvidenceBundle, file: str) -> bool:
    """Whether the read ran while a DAG file was imported: a file in a DAGs folder, or Airflow saying so."""
    if "/dags/" in file.replace("\\", "/"):
        return True
    return any(
        marker in line.text
        for block in terminal_blocks(bundle)
        for line in block.lines
        for marker in _DAG_IMPORT_MARKERS
    )
