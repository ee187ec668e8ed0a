import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.returns_summary")

spark = SparkSession.builder.appName("returns_summary").getOrCreate()
log.info("Summarising returns for 2026-12-05")
df = spark.range(0, 50000).select((F.col("id") % 300).alias("store_id"), (F.col("id") % 97).alias("refund_eur"))
df.groupBy("store_id").agg(F.sum("refund_eur").alias("refunds")).write.mode("overwrite").parquet("/tmp/ind5/spark/out/returns_summary")
log.info("Done")
spark.stop()
