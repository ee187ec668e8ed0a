"""The settings that let Spark's adaptive query execution split a skewed join partition (Spark >= 3.0).

One copy, with the values this project advises: the adapter's diagnostic re-run and the rules'
remediation text are both written from it.
"""

from __future__ import annotations

AQE_SKEW_SETTINGS = (
    ("spark.sql.adaptive.enabled", "true"),
    ("spark.sql.adaptive.skewJoin.enabled", "true"),
    ("spark.sql.adaptive.skewJoin.skewedPartitionFactor", "5"),
    ("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "64m"),
)
#: The same settings as ``spark-submit`` flags.
AQE_SKEW_FLAGS = " ".join(f"--conf {key}={value}" for key, value in AQE_SKEW_SETTINGS)
