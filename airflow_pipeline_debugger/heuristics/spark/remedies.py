"""Exact configuration and code changes the Spark rules recommend (one wording, shared)."""

from __future__ import annotations

AQE_CHANGE = (
    "spark-submit --conf spark.sql.adaptive.enabled=true \\\n"
    "  --conf spark.sql.adaptive.skewJoin.enabled=true \\\n"
    "  --conf spark.sql.adaptive.skewJoin.skewedPartitionFactor=5 \\\n"
    "  --conf spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes=64m ...\n"
    "(a partition is split when it is larger than factor x the median AND the threshold; lower the "
    "threshold below the default 256m when executors are small)"
)

# Salting: spread the hot key over N sub-keys on the big side, replicate the small side N times.
SALTING_SNIPPET = """from pyspark.sql import functions as F

SALT_BUCKETS = 32
facts = facts.withColumn("salt", (F.rand(seed=7) * SALT_BUCKETS).cast("int"))
dims = dims.crossJoin(spark.range(SALT_BUCKETS).withColumnRenamed("id", "salt"))
joined = facts.join(dims, ["{key}", "salt"]).drop("salt")
# then aggregate in two steps: first by ("{key}", "salt"), then by "{key}" """
