"""Rewrite one day's partition of the sales table (dynamic partition overwrite expected)."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.sales.rewrite")

base = sys.argv[1]
spark = SparkSession.builder.appName("rewrite_daily_sales").getOrCreate()
log.info("partitionOverwriteMode=%s", spark.conf.get("spark.sql.sources.partitionOverwriteMode"))
sales = spark.read.option("header", True).option("inferSchema", True).csv(f"{base}/sales_2026-12-06.csv")
log.info("rows to rewrite: %d", sales.count())
daily = sales.withColumn("dt", F.lit("2026-12-06")).groupBy("dt", "store_id").agg(F.sum("amount").alias("revenue"))
daily.write.mode("overwrite").partitionBy("dt").parquet(f"{base}/out/daily_sales")
log.info("partition dt=2026-12-06 rewritten")
