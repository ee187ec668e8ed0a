"""The job's own driver code raised a Python exception while Spark itself did not fail (CODE)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark import signals as S
from airflow_pipeline_debugger.domain import Category, EvidenceBundle, RuleFinding, Severity, Transience
from airflow_pipeline_debugger.heuristics.base import Heuristic, sentence
from airflow_pipeline_debugger.heuristics.knowledge import codes_in
from airflow_pipeline_debugger.heuristics.spark._common import event_log_facts

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
    Python around Spark, not in Spark.
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
            and not _not_the_drivers_code(s.attributes)
        ]
        if not plain:
            return None
        error = plain[-1]
        jobs = event_log_facts(bundle).get("jobs") or {}
        all_jobs_ok = bool(jobs.get("total")) and not jobs.get("failed")
        exc, message = str(error.attributes.get("exception", "")), str(error.attributes.get("message", ""))
        return self.finding(
            title=f"{exc} in the job's driver code",
            severity=Severity.SEVERE,
            category=Category.CODE,
            transience=Transience.PERMANENT,
            likelihood=85 if all_jobs_ok else 65,
            summary=(
                f"The driver program raised {exc}: {sentence(message)} "
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
        )


def _not_the_drivers_code(attributes: dict[str, object]) -> bool:
    """An exception whose message the knowledge places outside the driver's code.

    A wrapper message only reports the application failed: an Airflow task around ``spark-submit``
    relays the driver's output and then raises its own ``AirflowException: Cannot execute:
    spark-submit … Error code is: 1``, and the driver's error is in the relayed lines. A message of
    another category is answered by the error-code rule with the category it gives: ``ValueError:
    could not convert string to float: 'N/A'`` is a value of the input (data), ``TypeError: an
    integer is required (got type bytes)`` under PySpark 2.4's cloudpickle the set-up (config).
    """
    line = f"{attributes.get('exception', '')}: {attributes.get('message', '')}"
    return any(
        prior.kind == "message" and (prior.wrapper or prior.category is not Category.CODE)
        for prior in codes_in(line)
    )
