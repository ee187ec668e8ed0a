"""The job's own driver code raised a Python exception while Spark itself did not fail (CODE)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import AMBIGUOUS_CEILING, Heuristic, sentence
from airflow_pipeline_debugger.heuristics.code_site import statement_of
from airflow_pipeline_debugger.heuristics.spark._common import (
    bug_shaped,
    event_log_facts,
    outside_code,
    service_failed,
)

# Exceptions that are Spark failures surfacing in Python, not bugs of the driver code itself.
_SPARK_SURFACED = ("pyspark.", "py4j.", "Py4JJavaError", "Py4JError", "PythonException", "AnalysisException")
_SPARK_FAILURES = (
    S.STAGE_FAILURE,
    S.PYTHON_UDF_ERROR,
    S.ANALYSIS_ERROR,
    S.MAX_RESULT_SIZE,
    S.BROADCAST_TIMEOUT,
    *S.OOM_CODES,
)


class DriverCodeError(Heuristic):
    """A traceback ending in a plain Python exception (``KeyError``, ``ValueError`` …), no Spark failure.

    Stronger when the event log shows every Spark job succeeded: then the failure is in the
    Python around Spark, not in Spark. Confident only for a built-in bug exception
    (``BUG_EXCEPTIONS``): other exceptions are raised as often by checks on the data, by libraries
    reporting a service or an input, or by a missing environment variable.
    """

    id = "spark.driver_code_error"
    title = "Error in the driver's Python code"
    requires = frozenset({S.PYTHON_EXCEPTION})

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        """Finding for the last plain Python exception when no Spark failure explains it."""
        if bundle.has_signal(*_SPARK_FAILURES, S.GATEWAY_LOST):
            return None  # a Spark failure, or a dead JVM whose connection errors the driver printed
        plain = [
            s
            for s in bundle.signals_with(S.PYTHON_EXCEPTION)
            if not str(s.attributes.get("exception", "")).startswith(_SPARK_SURFACED)
            and not str(s.attributes.get("exception", "")).endswith(_SPARK_SURFACED)
            and not outside_code(s.attributes)
        ]
        if not plain:
            return None
        error = plain[-1]
        jobs = event_log_facts(bundle).get("jobs") or {}
        all_jobs_ok = bool(jobs.get("total")) and not jobs.get("failed")
        exc, message = str(error.attributes.get("exception", "")), str(error.attributes.get("message", ""))
        if service_failed(exc, message):
            return None  # a service the driver calls failed: the network and server-error rules answer
        statement = statement_of(bundle, error)
        return self.finding(
            title=f"{exc} in the job's driver code",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=85 if all_jobs_ok else 65,
            summary=(
                f"The driver program raised {exc}: {sentence(message)} "
                + (f"The failing line is `{statement}`. " if statement else "")
                + (
                    f"All {jobs.get('total')} Spark job(s) in the event log succeeded, so the bug is in the "
                    "Python code around Spark."
                    if all_jobs_ok
                    else "No Spark job or stage failure was reported, so the error is in the driver code."
                )
            ),
            signals=[error],
            details=[
                ("exception", exc),
                ("message", message),
                ("Spark jobs", f"{jobs.get('succeeded', '?')} succeeded of {jobs.get('total', '?')}"),
            ],
            immediate_fix=(
                f"Fix the driver code at the line the traceback shows ({exc}: {message}) and rerun."
            ),
            change=(
                "Handle the unexpected value explicitly (e.g. dict.get with a default, or fail with a "
                "clear message)."
            ),
            prevention=(
                "Unit-test the driver logic with the values the data can take; avoid hard-coded "
                "mappings of data values."
            ),
            monitoring="None needed beyond the failure alert; add a test for this case.",
            # A built-in bug exception (KeyError, TypeError on None …) is the code's; a ValueError, an
            # AssertionError or the job's own exception class is as often a check rejecting the data,
            # a library's exception (requests, botocore, json) a service or an input, a KeyError on an
            # upper-case name an environment variable not set: the same traceback, another category.
            max_confidence=None if bug_shaped(error.attributes) else AMBIGUOUS_CEILING,
        )
