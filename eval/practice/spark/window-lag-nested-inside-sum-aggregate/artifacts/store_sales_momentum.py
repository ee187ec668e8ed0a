"""Store sales momentum: day-over-day change per store, summed per week."""
import logging
import sys

from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.momentum")

spark = SparkSession.builder.appName("store_sales_momentum").getOrCreate()
daily = spark.range(0, 28 * 40).select(
    (F.col("id") % 40).alias("store_id"),
    F.date_add(F.lit("2026-11-09"), (F.col("id") / 40).cast("int")).alias("sale_date"),
    (F.rand(7) * 5000).cast("decimal(12,2)").alias("revenue"),
)
log.info("daily store sales rows=%d (cache: 4 stale blocks evicted; timeout 120s not reached)", daily.count())

w = Window.partitionBy("store_id").orderBy("sale_date")
# refactor 2026-12-06: compute the weekly momentum in one aggregation instead of two passes
weekly = (
    daily.withColumn("week", F.weekofyear("sale_date"))
    .groupBy("store_id", "week")
    .agg(F.sum(F.col("revenue") - F.lag("revenue").over(w)).alias("momentum"))
)
log.info("writing weekly momentum")
weekly.orderBy("store_id", "week").show(10)
weekly.write.mode("overwrite").parquet("/tmp/h39-lake/store_momentum")
