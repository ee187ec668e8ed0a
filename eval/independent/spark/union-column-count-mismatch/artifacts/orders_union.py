import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.orders_union")

spark = SparkSession.builder.appName("orders_all_channels").getOrCreate()
log.info("Combining web and store orders for 2026-12-05; killed_orders excluded upstream, retry_count=0")
web = spark.range(0, 20000).select(
    (F.col("id") + 1_000_000).alias("order_id"),
    (F.col("id") % 5000).alias("customer_id"),
    (F.col("id") % 977 * 13).alias("amount_cents"),
    F.lit("2026-12-05").alias("order_date"),
    F.lit("EUR").alias("currency"),
    F.lit("web").alias("channel"),
)
store = spark.range(0, 8000).select(
    (F.col("id") + 2_000_000).alias("order_id"),
    (F.col("id") % 3000).alias("customer_id"),
    (F.col("id") % 613 * 19).alias("amount_cents"),
    F.lit("2026-12-05").alias("order_date"),
    F.lit("EUR").alias("currency"),
)
log.info("web orders=%d store orders=%d", web.count(), store.count())
all_orders = web.union(store)
all_orders.write.mode("overwrite").parquet("/tmp/ind4/spark/out/orders_all_channels/dt=2026-12-05")
log.info("Wrote %d orders", all_orders.count())
spark.stop()
