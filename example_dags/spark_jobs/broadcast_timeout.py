"""Enrich page views with a partner lookup that is broadcast — but takes longer to build than allowed.

The lookup side is computed by a slow Python UDF (a stand-in for a slow remote source); the join
hints ``broadcast``, so Spark must finish building the broadcast relation within
``spark.sql.broadcastTimeout`` (set to ``--timeout`` seconds so it trips on small data). It does
not, and the query fails with "Could not execute broadcast in N secs": a configuration problem of
the broadcast strategy, not of the data.
"""

from __future__ import annotations

import time

from job_common import parse_args, spark_session


def slow_partner_name(partner_id: int) -> str:
    """One slow lookup per partner (simulates a remote call)."""
    time.sleep(0.05)
    return f"partner-{partner_id}"


def main() -> None:
    args = parse_args(
        __doc__.splitlines()[0],
        {"--timeout": {"default": "2", "help": "spark.sql.broadcastTimeout (seconds)"}},
    )
    conf = {
        "spark.sql.broadcastTimeout": args.timeout,
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
    }
    with spark_session(args, "broadcast_timeout", conf) as spark:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType

        partners = spark.range(400).select(
            F.col("id").alias("partner_id"),
            F.udf(slow_partner_name, StringType())("id").alias("partner_name"),
        )
        views = spark.range(100_000).select(
            (F.col("id") % 400).alias("partner_id"), F.col("id").alias("view_id")
        )
        enriched = views.join(F.broadcast(partners), "partner_id")
        enriched.groupBy("partner_name").count().write.mode("overwrite").parquet(args.output_dir)


if __name__ == "__main__":
    main()
