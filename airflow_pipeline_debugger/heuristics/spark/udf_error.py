"""A Python UDF raised in the Python worker — typically on a NULL it did not expect (CODE)."""

from __future__ import annotations

import re
from pathlib import PurePath

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import (
    Category,
    CodeBlock,
    CodeLanguage,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.evidence.frames import is_library
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, SignalRule, sentence
from airflow_pipeline_debugger.heuristics.code_site import statement_of
from airflow_pipeline_debugger.heuristics.message import shorten_middle
from airflow_pipeline_debugger.heuristics.spark._common import bug_shaped, service_failed
from airflow_pipeline_debugger.heuristics.value_shape import data_shape

_NULL_HINTS = ("NoneType", "None", "null")
#: Exceptions a UDF raises on the value a row carries: the code's missing case or the input's new value.
_VALUE_DEPENDENT = frozenset({"KeyError", "IndexError", "ZeroDivisionError"})
#: Errors a parser raises on a value it cannot read (``strptime``, ``int()``, ``ipaddress``, dateutil).
_PARSE_ERRORS = frozenset({"ValueError", "ParserError", "DateParseError", "InvalidOperation"})
#: A value a parse error quotes (``time data '2026-12-06 24:00:00' does not match format``).
_QUOTED_RE = re.compile(r"'(?P<value>[^'\n]{0,200})'")
#: ``list.index``'s miss (``'-' is not in list``): a value the UDF's own list lacks, not a parse error.
_LOOKUP_MISS = "is not in list"
#: Likelihood of the input's changed form: the UDF's parser is the rival, so under the confident band.
INPUT_LIKELIHOOD = 60
#: Exceptions that wrap the worker's error rather than being it (Spark's and the Airflow operator's).
_WRAPPERS = ("PythonException", "Py4JJavaError", "AirflowException")


def _worker_error(udf: Signal, exceptions: list[Signal]) -> Signal | None:
    """The Python error the UDF raised: the first exception after the worker's traceback starts.

    The last exception in a task log is usually a wrapper — the operator reporting that its command
    failed — so position, not recency, identifies the UDF's own error.
    """
    own = [s for s in exceptions if not str(s.attributes.get("exception", "")).endswith(_WRAPPERS)]
    start = udf.lines[0].line_no if udf.lines else 0
    after = [s for s in own if s.evidence_id == udf.evidence_id and s.lines and s.lines[0].line_no > start]
    if after:
        return min(after, key=lambda s: s.lines[0].line_no)
    return own[-1] if own else None


class PythonUdfError(SignalRule):
    """``PythonException: An exception was thrown from the Python worker`` and the Python error under it.

    Nullable input is part of a UDF's contract, so a ``TypeError``/``AttributeError`` on ``None`` is a
    code bug, not bad data. Only such built-in bug exceptions are confident: the worker relays whatever
    the UDF raised, and a parse error on a value, a service the UDF calls or a package missing on the
    executors read the same way.
    """

    id = "spark.udf_error"
    title = "Python UDF error"
    reads = (S.PYTHON_UDF_ERROR,)
    supersedes = ("spark.task_failure_rate", "spark.driver_code_error")

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding with the Python exception the worker raised."""
        error = _worker_error(hits[0], bundle.signals_with(S.PYTHON_EXCEPTION))
        exc = str(error.attributes.get("exception", "")) if error else ""
        message = str(error.attributes.get("message", "")) if error else ""
        on_null = any(h in message for h in _NULL_HINTS)
        if error is not None and service_failed(exc, message):
            return None  # the service the UDF calls failed: the network rules answer
        statement = statement_of(bundle, error) if error is not None else ""
        where = _where(error) if error is not None else ""
        if error is not None and (unread := _unreadable_value(exc, message)) is not None:
            return self._input_value(
                hits[0], error, exc=exc, message=message, unread=unread, where=where, statement=statement
            )
        return self.finding(
            title=f"Python UDF raised {exc or 'an exception'}"
            + (" on a NULL value" if on_null else "")
            + (f" at {where}" if where else ""),
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=90 if error else 75,
            summary=(
                f"A Python UDF failed inside the Python worker with {exc or 'an exception'}: "
                f"{sentence(message)}"
                + (f" The failing line is `{statement}`." if statement else "")
                + (
                    " It received None (a NULL in the column) and does not handle it; nullable input is "
                    "part of the contract, so this is a bug in the UDF."
                    if on_null
                    else ""
                    if statement
                    else " The traceback in the driver log shows the line of the UDF that raised."
                )
            ),
            signals=[*hits[:1], *([error] if error else [])],
            details=[("exception", exc or "unknown"), ("message", message or "unknown")],
            immediate_fix=(
                "Make the UDF return None for None input (`if value is None: return None`) or "
                "filter/coalesce "
                "NULLs before it, then rerun."
                if on_null
                else f"Fix the UDF at {where}, then rerun."
                if where
                else "Fix the UDF at the line the Python traceback shows, then rerun."
            ),
            change=(
                "Guard the UDF against None, or better, replace it with null-safe built-ins such as "
                "F.lower, F.split, F.regexp_extract:"
            ),
            change_code=[
                CodeBlock(
                    "def udf_fn(value):\n    if value is None:\n        return None\n    ...",
                    CodeLanguage.PYTHON,
                )
            ],
            prevention="Unit-test UDFs with None and empty values; prefer built-in functions to Python UDFs.",
            monitoring="Count NULLs in UDF input columns in a data-quality check.",
            # The worker wraps any exception: a built-in bug exception is the UDF's; a ValueError or
            # library parse error on a value (data), a requests/socket error from a service the UDF
            # calls (infra), a ModuleNotFoundError on the executors (config), or no error found at all
            # read the same.
            # A lookup, an index, a division or ``None`` fails on the row's value: the UDF missing a case
            # or the input carrying a new one (a new currency, a null the contract did not allow).
            max_confidence=None
            if error and bug_shaped(error.attributes) and not on_null and exc not in _VALUE_DEPENDENT
            else AMBIGUOUS_CEILING,
        )

    def _input_value(
        self, udf: Signal, error: Signal, *, exc: str, message: str, unread: str, where: str, statement: str
    ) -> RuleFinding:
        """Data finding: the UDF could not read a value of its input that changed form."""
        said = shorten_middle(message, 200)
        return self.finding(
            title=f"A Python UDF could not read {unread} in its input"[:160],
            severity=Severity.SEVERE,
            category=Category.DATA,
            transience=Transience.PERMANENT,
            likelihood=INPUT_LIKELIHOOD,
            summary=sentence(
                f"The UDF{f' at {where}' if where else ''} raised {exc}: {said}"
                + (f", on `{statement}`" if statement else "")
                + f". The value it was given is {unread}: the input carries values in a form the UDF was "
                "not written for, so the producer changed what it writes (or the UDF must learn the new form)"
            ),
            signals=[udf, error],
            details=[("exception", exc), ("message", said)],
            immediate_fix=(
                "Look at the rows carrying the value (filter the input on it), confirm with the producer "
                "whether the form is new, then map it to NULL or a valid value before the UDF and rerun."
            ),
            change="Make the UDF return None (and count it) for values it cannot read, with a test on them.",
            prevention="Check the column's format at ingestion (a pattern or a cast test) before the job.",
            monitoring="Alert on the share of rows whose value fails the format check.",
            # The UDF's parser (a wrong format string, the wrong column) is the rival.
            max_confidence=AMBIGUOUS_CEILING,
        )


def _unreadable_value(exc: str, message: str) -> str | None:
    """What the input value a UDF could not parse looks like, when its error says it is the input's.

    A JSON document that does not parse, or a value the error quotes that has the shape of a changed
    input (a placeholder, a date or a number in another form: :mod:`..value_shape`); ``None`` for any
    other error (a plain word may be the UDF reading the wrong field).
    """
    name = exc.rsplit(".", 1)[-1]
    if name == "JSONDecodeError":
        return "a document that is not JSON"
    if name not in _PARSE_ERRORS or _LOOKUP_MISS in message:
        return None
    for found in _QUOTED_RE.finditer(message):
        if (shape := data_shape(found["value"])) is not None:
            return f"'{shorten_middle(found['value'], 60)}' ({shape})"
    return None


def _where(error: Signal) -> str:
    """Where the worker's error was raised in the job's code (``clickstream.py:26 in parse``)."""
    attrs = error.attributes
    file, func = str(attrs.get("file") or ""), str(attrs.get("function") or "")
    if not file or is_library(file):
        return ""
    return f"{PurePath(file).name}:{attrs.get('lineno')}" + (f" in {func}" if func else "")
