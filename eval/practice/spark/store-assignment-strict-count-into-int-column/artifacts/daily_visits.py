"""Counts store visits per day and inserts them into the reporting table."""
import logging
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [stores.visits] %(message)s")
log = logging.getLogger("stores.visits")
spark = SparkSession.builder.appName("daily_visits").getOrCreate()
spark.sql("CREATE TABLE IF NOT EXISTS daily_visits (visit_day STRING, store_id INT, visits INT) USING parquet")
log.info("policy=%s", spark.conf.get("spark.sql.storeAssignmentPolicy"))
events = spark.range(0, 5000).select(F.lit("2026-12-06").alias("visit_day"),
                                     (F.col("id") % 12).cast("int").alias("store_id"))
visits = events.groupBy("visit_day", "store_id").agg(F.count("*").alias("visits"))
log.info("computed visits for %d stores", visits.count())
visits.write.insertInto("daily_visits")
log.info("inserted")
spark.stop()
