"""Exact configuration and code changes the Spark rules recommend (one wording, shared)."""

from __future__ import annotations

from airflow_pipeline_debugger.adapters.spark.aqe import AQE_SKEW_SETTINGS

#: The two switches an immediate fix names inline (the factor and threshold defaults are kept).
AQE_SKEW_JOIN_ON = ", ".join(f"{key}={value}" for key, value in AQE_SKEW_SETTINGS[:2])
AQE_CHANGE = (
    "spark-submit "
    + " \\\n  ".join(f"--conf {key}={value}" for key, value in AQE_SKEW_SETTINGS)
    + " ...\n(a partition is split when it is larger than factor x the median AND the threshold; lower the "
    "threshold below the default 256m when executors are small)"
)

# Salting: spread the hot key over N sub-keys on the big side, replicate the small side N times.
SALTING_SNIPPET = """from pyspark.sql import functions as F

SALT_BUCKETS = 32
facts = facts.withColumn("salt", (F.rand(seed=7) * SALT_BUCKETS).cast("int"))
dims = dims.crossJoin(spark.range(SALT_BUCKETS).withColumnRenamed("id", "salt"))
joined = facts.join(dims, ["{key}", "salt"]).drop("salt")
# then aggregate in two steps: first by ("{key}", "salt"), then by "{key}" """
