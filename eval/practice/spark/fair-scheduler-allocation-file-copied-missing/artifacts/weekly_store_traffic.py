"""Weekly store footfall vs sales conversion (retail.store_traffic_weekly), run in the shared 'reporting' pool."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.retail.traffic")

spark = SparkSession.builder.appName("weekly_store_traffic").getOrCreate()
spark.sparkContext.setLocalProperty("spark.scheduler.pool", "reporting")
lines = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/h54-spark/data/pos_lines/week=2026-W49")
per_store = lines.groupBy("store_id", "business_date").agg(F.countDistinct("line_id").alias("lines"))
per_store.write.mode("overwrite").partitionBy("business_date").parquet("/tmp/h54-spark/out/store_traffic_weekly")
log.info("store traffic written")
spark.stop()
