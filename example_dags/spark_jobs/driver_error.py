"""Aggregate sales per region, then route each region's report to its manager — in plain Python.

The Spark part succeeds; the driver code then looks every region up in a hard-coded mapping that
nobody updated when the ``apac`` region appeared, and dies with ``KeyError: 'apac'``. A bug in the job's
own driver code: no Spark stage failed.
"""

from __future__ import annotations

from job_common import parse_args, spark_session

REGION_MANAGERS = {"emea": "anna@example.com", "amer": "bob@example.com"}


def main() -> None:
    args = parse_args(__doc__.splitlines()[0])
    with spark_session(args, "driver_error", {"spark.sql.shuffle.partitions": "4"}) as spark:
        sales = spark.range(30_000).selectExpr(
            "element_at(array('emea', 'amer', 'apac'), CAST(id % 3 AS INT) + 1) AS region",
            "id % 100 AS amount",
        )
        totals = sales.groupBy("region").sum("amount").collect()
        for row in totals:
            manager = REGION_MANAGERS[row["region"]]
            print(f"report for {row['region']} -> {manager}: {row['sum(amount)']}", flush=True)


if __name__ == "__main__":
    main()
