"""Parse the app's daily event export and write it into the dt-partitioned events table."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.events.partition")

run_date, root = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName(f"app_events_partition_{run_date}").getOrCreate()
log.info("zombie writer on events/_temporary killed_flag=false; listing timed out once, retried OK")

raw = spark.read.option("header", True).csv(f"{root}/landing/app_events/{run_date}")
events = (
    raw.withColumn("event_date", F.to_date("event_date", "yyyy-mm-dd"))
    .withColumn("event_ts", F.to_timestamp(F.concat_ws(" ", F.col("event_date").cast("string"), "event_time")))
)
total = events.count()
today = events.filter(F.col("event_date") == F.lit(run_date).cast("date"))
n_today = today.count()
span = events.agg(F.min("event_date").alias("lo"), F.max("event_date").alias("hi")).first()
log.info("read %d events, %d on %s, event_date range %s..%s", total, n_today, run_date, span.lo, span.hi)
if n_today < 0.95 * total:
    raise RuntimeError(
        f"only {n_today} of {total} events fall on run date {run_date} "
        f"(parsed event_date range {span.lo}..{span.hi}); refusing to write partition"
    )
today.write.mode("overwrite").parquet(f"{root}/warehouse/app_events/dt={run_date}")
spark.stop()
