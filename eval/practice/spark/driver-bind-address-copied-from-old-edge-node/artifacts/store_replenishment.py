"""Compute replenishment quantities per store and SKU from yesterday's stock counts."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.replenishment")

log.info("starting store_replenishment (retries=2, timeout=45m, previous attempt killed=False)")
spark = SparkSession.builder.getOrCreate()
log.info("spark %s, master %s", spark.version, spark.sparkContext.master)
counts = spark.read.option("header", True).csv(sys.argv[1])
out = (counts.groupBy("store_id", "sku")
       .agg(F.sum(F.col("on_hand").cast("int")).alias("on_hand"), F.max(F.col("par_level").cast("int")).alias("par_level"))
       .withColumn("order_qty", F.greatest(F.lit(0), F.col("par_level") - F.col("on_hand"))))
out.write.mode("overwrite").parquet(sys.argv[2])
log.info("wrote %d replenishment rows", out.count())
spark.stop()
