"""A hook raised while building its connection from an Airflow Connection: the Connection is wrong (CONFIG).

``ValueError: realdictcursor is not supported with psycopg3`` from ``PostgresHook._get_cursor``,
``AirflowException: Unknown hook type "postgresql+psycopg"`` from ``Connection.get_hook``: the task's
code called the hook as documented, and the hook refused a field of the Connection it was given (its
``conn_type``, an ``extra`` key, the URI's scheme). The traceback says so: the error was raised in the
hook's (or the Connection's) connection-building function, not in a query, a request or the task's
own lines. A refused login, an unreachable host or a timeout are answered by the network and
credential rules; this reads only the errors a value of the definition raises.
"""

from __future__ import annotations

import re

from airflow_pipeline_debugger.adapters import generic as G
from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.base import SignalRule, sentence
from airflow_pipeline_debugger.heuristics.code_site import exception_type, signal_frames
from airflow_pipeline_debugger.heuristics.generic.python_exception import traceback_frames
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.terminal import not_carried_on_from

#: A hook of a provider package, or Airflow's Connection model (old and Task SDK paths).
_HOOK_FILE_RE = re.compile(
    r"(?:airflow/providers/(?:[\w]+/){1,3}hooks/\w+\.py|airflow/models/connection\.py|"
    r"airflow/sdk/definitions/connection\.py)$"
)
#: The functions that build a connection, a client or a cursor from the Connection's fields.
_SETUP_FUNC_RE = re.compile(
    r"^_?(?:get_(?:conn|connection|hook|uri|client|cursor|sqlalchemy_engine|sqlalchemy_url|credentials|"
    r"session)\w*|\w*conn(?:ection)?_(?:params|kwargs|config|args|extra)\w*|\w*cursor_config\w*)$"
)
#: What a value of the definition raises (not a socket's, a driver's or a server's refusal).
_VALUE_ERRORS = frozenset(
    {"ValueError", "KeyError", "TypeError", "AttributeError", "AirflowException", "JSONDecodeError"}
)
#: A call the task's code made wrongly (``hook_params`` with a keyword the hook does not take): the
#: DAG's, not the Connection's.
_SIGNATURE_RE = re.compile(r"unexpected keyword argument|missing \d+ required|takes \d+ positional|takes no ")
#: A frame inside an installed package (a driver, a client library), not the standard library.
_INSTALLED_RE = re.compile(r"/(?:site|dist)-packages/")
#: Longest frame name or path read (a hostile traceback's names are not matched whole).
MAX_NAME_CHARS = 300
#: The hook could also be called wrongly by the task's code (a keyword it does not take).
LIKELIHOOD = 60


class ConnectionSetup(SignalRule):
    """The error was raised in a hook's connection-building function: a Connection field it refused."""

    id = "airflow.connection_setup"
    title = "A hook refused its Connection"
    reads = (G.CODE_ERROR, G.PYTHON_EXCEPTION)
    read_together = True
    supersedes = ("generic.python_exception", "generic.error_code")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Config finding naming the hook's function and the error; none elsewhere."""
        live = not_carried_on_from(bundle, hits)
        if not live:
            return None
        last = max(live, key=lambda s: s.lines[0].line_no if s.lines else -1)
        exc = exception_type(last)
        detail = str(last.attributes.get("detail") or last.message)
        if exc not in _VALUE_ERRORS or _SIGNATURE_RE.search(detail[:MAX_NAME_CHARS]):
            return None
        builder = _builder(traceback_frames(bundle, last) or signal_frames(last))
        if builder is None:
            return None
        file, func = builder
        hook = file.rsplit("/", 1)[-1].removesuffix(".py")
        who = f"the {hook} hook" if "/hooks/" in file else "Airflow's Connection model"
        said = shorten_middle(detail, 200)
        return self.finding(
            title=f"{who[:1].upper()}{who[1:]} refused the Connection in {func}: {shorten_middle(said, 100)}",
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            likelihood=LIKELIHOOD,
            summary=sentence(
                f"{exc}: {said}, raised in `{func}` of {who}, the function that builds the connection from "
                "the Airflow Connection's fields (its type, URI scheme, extra). The task called the hook; "
                "the Connection it was given holds a value the hook (or the installed driver) does not "
                "accept"
            ),
            signals=[last],
            details=[("raised in", f"{file.rsplit('/', 2)[-2]}/{hook}.py in {func}"), ("error", said)],
            immediate_fix=(
                "Open the Connection the task uses (Admin → Connections, the AIRFLOW_CONN_* variable or the "
                "secrets backend), correct the field the error names (conn_type, URI scheme or the extra "
                "key), then clear the task."
            ),
            change="Keep Connection definitions under review (a secrets backend or env files in the repo).",
            prevention="Test each Connection after a change (`airflow connections test` or a smoke task).",
            monitoring="Alert on the first failure after a Connection or provider upgrade.",
        )


def _builder(frames: list[tuple[str, str, str]]) -> tuple[str, str] | None:
    """The hook's connection builder that raised: the innermost frame, or the one above a driver's.

    One call below the builder counts only inside an installed package (the driver refusing the value
    the builder handed it); the standard library under it (``dict.update`` of a ``headers`` string the
    task passed) is an argument's fault, not the Connection's.
    """
    for depth, (file, _line, func) in enumerate(reversed(frames[-2:])):
        if len(file) > MAX_NAME_CHARS or not func.isidentifier() or len(func) > MAX_NAME_CHARS:
            continue
        if not (_HOOK_FILE_RE.search(file) and _SETUP_FUNC_RE.match(func)):
            continue
        if depth == 0 or _INSTALLED_RE.search(frames[-1][0]):
            return file, func
    return None
