"""Weekly loyalty points export for the partner portal (loyalty.points_export), one folder per store."""
import logging
import shutil
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.loyalty.export")
WEEK = "2026-W49"
OUT = f"/tmp/h54-mnt/exports/loyalty_points/week={WEEK}"

spark = SparkSession.builder.appName("loyalty_points_export").getOrCreate()
events = spark.read.json(f"/tmp/h54-spark/data/loyalty_events/week={WEEK}").cache()
log.info("loyalty events week=%s rows=%d", WEEK, events.count())
usage = shutil.disk_usage("/tmp/h54-mnt/exports")
log.info("exports volume: total=%d free=%d (expected export size ~3 MB, last week 2.8 MB)", usage.total, usage.free)
points = (events.groupBy("store_id", "member_token")
          .agg(F.sum("points").alias("points"), F.max("event_date").alias("last_event_date")))
points.write.mode("overwrite").partitionBy("store_id").parquet(OUT)
log.info("export written to %s", OUT)
spark.stop()
