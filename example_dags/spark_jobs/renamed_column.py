"""Daily revenue per customer from the orders extract — after upstream renamed ``customer_id`` to ``cust_id``.

The upstream export (simulated by ``--input`` being written here when it does not exist yet) changed its
schema without telling anyone; this job still selects ``customer_id`` and fails at analysis time with
``AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION]``, the classic schema-drift failure.
"""

from __future__ import annotations

from pathlib import Path

from job_common import parse_args, spark_session


def write_upstream_extract(spark, path: str) -> None:
    """What the upstream team now publishes: same data, ``customer_id`` renamed to ``cust_id``."""
    spark.range(10_000).selectExpr(
        "id AS order_id", "id % 50 AS cust_id", "CAST(id % 997 AS DOUBLE) / 10 AS amount"
    ).write.mode("overwrite").parquet(path)


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], {"--input": {"required": True, "help": "orders parquet"}})
    with spark_session(args, "renamed_column", {"spark.sql.shuffle.partitions": "4"}) as spark:
        if not Path(args.input).exists():
            write_upstream_extract(spark, args.input)
        orders = spark.read.parquet(args.input)
        revenue = orders.groupBy("customer_id").sum("amount")
        revenue.write.mode("overwrite").parquet(args.output_dir)


if __name__ == "__main__":
    main()
