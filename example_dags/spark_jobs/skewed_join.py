"""Orders joined to customers, then every customer's orders gathered into one list — with one huge customer.

``--hot-fraction`` of all orders belong to customer 0 (a marketplace's own house account, say). The
join is a shuffle join on ``customer_id`` into ``--partitions`` partitions, so every order of the hot
customer lands in one partition, and ``collect_list`` must hold that whole group in one task's heap.
With the default 512m local heap the hot task dies with ``java.lang.OutOfMemoryError: Java heap
space`` however the heap is "bumped" within reason, because the partition grows with the data, not
with the memory; the same job with ``--hot-fraction 0`` (uniform keys) succeeds.

Broadcast joins and AQE are switched off so the skewed shuffle is what a naive production job does;
pass ``--conf spark.sql.adaptive.enabled=true`` etc. to try the fixes.
"""

from __future__ import annotations

from job_common import parse_args, spark_session

HOT_CUSTOMER = 0


def main() -> None:
    args = parse_args(
        __doc__.splitlines()[0],
        {
            "--rows": {"type": int, "default": 4_000_000, "help": "number of orders"},
            "--customers": {"type": int, "default": 2000},
            "--hot-fraction": {"type": float, "default": 0.95, "help": "share of orders on one customer"},
            "--partitions": {"type": int, "default": 8, "help": "spark.sql.shuffle.partitions"},
            "--payload-bytes": {"type": int, "default": 48},
        },
    )
    conf = {
        "spark.sql.shuffle.partitions": str(args.partitions),
        "spark.sql.autoBroadcastJoinThreshold": "-1",
        "spark.sql.adaptive.enabled": "false",
    }
    with spark_session(args, "skewed_join", conf) as spark:
        from pyspark.sql import functions as F

        hot_per_mille = round(args.hot_fraction * 1000)
        orders = spark.range(args.rows).select(
            F.when(F.col("id") % 1000 < hot_per_mille, F.lit(HOT_CUSTOMER))
            .otherwise(F.col("id") % args.customers)
            .alias("customer_id"),
            F.col("id").alias("order_id"),
            F.concat(
                F.lit("order-"), F.col("id").cast("string"), F.repeat(F.lit("x"), args.payload_bytes)
            ).alias("payload"),
        )
        customers = spark.range(args.customers).select(
            F.col("id").alias("customer_id"),
            F.concat(F.lit("customer-"), F.col("id").cast("string")).alias("name"),
        )
        per_customer = (
            orders.join(customers, "customer_id")
            .groupBy("customer_id", "name")
            .agg(F.count("*").alias("orders"), F.collect_list("payload").alias("payloads"))
        )
        per_customer.write.mode("overwrite").parquet(args.output_dir)
        print(
            f"wrote {spark.read.parquet(args.output_dir).count()} customers to {args.output_dir}", flush=True
        )


if __name__ == "__main__":
    main()
