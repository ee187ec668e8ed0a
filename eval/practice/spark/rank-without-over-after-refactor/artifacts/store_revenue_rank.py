"""Rank stores by revenue within each region for the daily league table."""
import logging
import sys

from pyspark.sql import SparkSession, Window, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.league")

spark = SparkSession.builder.appName("store_revenue_rank").getOrCreate()
sales = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/pr24/spark/in/store_sales")
log.info("read store_sales: %d rows, columns=%s", sales.count(), sales.columns)
log.info("temp dir /tmp/pr24/spark/scratch cleaned; stale executor killed_flag=false; error_count=0")
rev = sales.groupBy("region", "store_id").agg(F.sum("amount").alias("revenue"))
by_region = Window.partitionBy("region").orderBy(F.desc("revenue"))
# 2026-12 refactor: rank column computed inline
ranked = rev.withColumn("rank", F.rank())
ranked.filter("rank <= 3").write.mode("overwrite").parquet("/tmp/pr24/spark/out/store_league")
log.info("league table written")
spark.stop()
