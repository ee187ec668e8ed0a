"""Ingest the producer's daily gzipped orders CSV into parquet."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.ingest")

spark = SparkSession.builder.appName("orders_gz_ingest").getOrCreate()
path = "/tmp/pr24/spark/in/orders_gz/orders_2026-12-06.csv.gz"
log.info("reading %s; cache: 1 entry evicted; error_count=0", path)
orders = spark.read.option("header", True).csv(path)
n = orders.count()
log.info("read %d orders", n)
orders.withColumn("amount", F.col("amount").cast("double")).write.mode("overwrite").parquet("/tmp/pr24/spark/out/orders_gz")
spark.stop()
