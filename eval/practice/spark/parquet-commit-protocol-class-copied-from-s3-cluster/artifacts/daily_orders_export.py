"""Daily orders export: aggregates the day's orders per store and channel and writes parquet for the BI share."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.orders_export")

spark = SparkSession.builder.appName("daily_orders_export").getOrCreate()
jlog = spark._jvm.org.apache.log4j.LogManager.getLogger("com.acme.etl.OrdersExport")
jlog.info("export start; yesterday's run retried 0 times, 0 speculative tasks killed, timeout budget 45min")
orders = spark.range(0, 300000).select(
    (F.col("id") % 60 + 100).cast("int").alias("store_id"),
    F.element_at(F.array(F.lit("web"), F.lit("app"), F.lit("store")), (F.col("id") % 3 + 1).cast("int")).alias("channel"),
    ((F.col("id") * 17) % 12000 / 100.0).alias("amount"),
)
daily = orders.groupBy("store_id", "channel").agg(F.round(F.sum("amount"), 2).alias("revenue"), F.count("*").alias("orders"))
log.info("aggregated %s store/channel rows (warning: 0 late orders)", daily.count())
out = "/tmp/h44-spark/out/orders_daily/dt=2026-12-07"
daily.write.mode("overwrite").parquet(out)
log.info("wrote %s", out)
spark.stop()
