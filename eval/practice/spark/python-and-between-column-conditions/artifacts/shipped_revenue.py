"""Revenue of shipped, positive-amount orders per region."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s shipped_revenue: %(message)s")
log = logging.getLogger("shipped_revenue")

spark = SparkSession.builder.appName("shipped_revenue").getOrCreate()
orders = spark.range(0, 5000).select(
    F.col("id").alias("order_id"),
    F.element_at(F.array(*[F.lit(s) for s in ["new", "shipped", "cancelled", "returned"]]), (F.col("id") % 4 + 1).cast("int")).alias("status"),
    F.element_at(F.array(*[F.lit(r) for r in ["north", "south", "east", "west"]]), (F.col("id") % 3 + 1).cast("int")).alias("region"),
    ((F.col("id") % 97) - 5).cast("double").alias("amount"))
log.info("orders loaded: %d partitions", orders.rdd.getNumPartitions())
# only shipped orders with a positive amount count as revenue
shipped = orders.filter(F.col("status") == "shipped" and F.col("amount") > 0)
rev = shipped.groupBy("region").agg(F.sum("amount").alias("revenue"))
for row in rev.collect():
    log.info("region %s revenue %.2f", row.region, row.revenue)
spark.stop()
