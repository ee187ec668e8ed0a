"""Report yesterday's orders from the warehouse table ``orders_daily`` — which the loader never created.

The job queries a catalog table by name; the upstream load that creates it failed silently, so Spark
stops at analysis with ``AnalysisException: [TABLE_OR_VIEW_NOT_FOUND]``: missing upstream data.
"""

from __future__ import annotations

from job_common import parse_args, spark_session


def main() -> None:
    args = parse_args(__doc__.splitlines()[0])
    with spark_session(args, "missing_table") as spark:
        report = spark.sql(
            "SELECT customer_id, SUM(amount) AS revenue FROM orders_daily GROUP BY customer_id"
        )
        report.write.mode("overwrite").parquet(args.output_dir)


if __name__ == "__main__":
    main()
