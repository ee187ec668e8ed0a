"""The settings that let Spark's adaptive query execution split a skewed join partition (Spark >= 3.0).

One copy, with the values this project advises: the rules' fixes (the re-run and the permanent
settings) are written from it.
"""

from __future__ import annotations

AQE_SKEW_SETTINGS = (
    ("spark.sql.adaptive.enabled", "true"),
    ("spark.sql.adaptive.skewJoin.enabled", "true"),
    ("spark.sql.adaptive.skewJoin.skewedPartitionFactor", "5"),
    ("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "64m"),
)
