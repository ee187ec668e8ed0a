"""Exact configuration and code changes the Spark rules recommend (one wording, shared).

Each is a :class:`CodeBlock` that holds only code; what it does is said in the rule's prose.
"""

from __future__ import annotations

from collections.abc import Iterable

from airflow_pipeline_debugger.adapters.spark.adapter import application_file
from airflow_pipeline_debugger.adapters.spark.aqe import AQE_SKEW_SETTINGS
from airflow_pipeline_debugger.domain import CodeBlock, CodeLanguage, EvidenceBundle

#: The two switches an immediate fix names inline (the factor and threshold defaults are kept).
AQE_SKEW_JOIN_ON = ", ".join(f"{key}={value}" for key, value in AQE_SKEW_SETTINGS[:2])
#: What the settings do, for the prose next to them.
AQE_NOTE = (
    "AQE splits a partition when it is larger than the factor times the median and than the threshold; "
    "lower the threshold below the default 256m when executors are small."
)

# Salting: spread the hot key over N sub-keys on the big side, replicate the small side N times.
_SALTING = """from pyspark.sql import functions as F

SALT_BUCKETS = 32
facts = facts.withColumn("salt", (F.rand(seed=7) * SALT_BUCKETS).cast("int"))
dims = dims.crossJoin(spark.range(SALT_BUCKETS).withColumnRenamed("id", "salt"))
joined = facts.join(dims, ["{key}", "salt"]).drop("salt")
# then aggregate in two steps: first by ("{key}", "salt"), then by "{key}\""""


def spark_submit(bundle: EvidenceBundle, settings: Iterable[tuple[str, str]]) -> CodeBlock:
    """Run the job again with ``settings``: flagged as changing state; the application is the task's.

    A value the evidence cannot give stays a placeholder (``<larger>``), and so does the application
    when the task's command line does not name it.
    """
    application = application_file(bundle.context.command) or "<application.py>"
    flags = "".join(f" \\\n  --conf {key}={value}" for key, value in settings)
    return CodeBlock(f"spark-submit{flags} \\\n  {application}", CodeLanguage.SHELL, changes_state=True)


def aqe_rerun(bundle: EvidenceBundle) -> CodeBlock:
    """Re-run the job with AQE skew join on."""
    return spark_submit(bundle, AQE_SKEW_SETTINGS)


#: The same settings kept in the job itself, so the next run has them without a special command line.
AQE_SETTINGS_CODE = CodeBlock(
    "\n".join(f'spark.conf.set("{key}", "{value}")' for key, value in AQE_SKEW_SETTINGS), CodeLanguage.PYTHON
)


def salting(key: str) -> CodeBlock:
    """The salting change for a hot join key."""
    return CodeBlock(_SALTING.replace("{key}", key), CodeLanguage.PYTHON)
