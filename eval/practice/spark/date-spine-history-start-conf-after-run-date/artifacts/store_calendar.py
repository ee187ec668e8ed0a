"""Store x day calendar with zero-filled sales, from the history start to the run date."""
import logging
import sys
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_calendar")


@dataclass(frozen=True)
class CalendarSettings:
    spine_start: str
    input_root: str
    output_root: str


def settings_from_conf(spark: SparkSession) -> CalendarSettings:
    c = spark.conf
    return CalendarSettings(
        spine_start=c.get("spark.acme.spine.start", "2025-01-01"),
        input_root=c.get("spark.acme.input.root"),
        output_root=c.get("spark.acme.output.root"),
    )


def build_spine(spark: SparkSession, start: str, end: str) -> DataFrame:
    return spark.range(1).select(
        F.explode(F.sequence(F.to_date(F.lit(start)), F.to_date(F.lit(end)), F.expr("interval 1 day"))).alias("sales_date")
    )


def main(run_date: str) -> None:
    spark = SparkSession.builder.appName("store_calendar").getOrCreate()
    s = settings_from_conf(spark)
    log.info("settings: %s", s)
    sales = spark.read.option("header", True).option("inferSchema", True).csv(s.input_root)
    stores = sales.select("store_id").distinct()
    spine = build_spine(spark, s.spine_start, run_date)
    daily = sales.groupBy("store_id", F.to_date("sold_at").alias("sales_date")).agg(F.sum("amount").alias("revenue"))
    cal = (stores.crossJoin(spine)
           .join(daily, ["store_id", "sales_date"], "left")
           .withColumn("revenue", F.coalesce("revenue", F.lit(0.0))))
    log.info("calendar rows: %d", cal.count())
    cal.write.mode("overwrite").partitionBy("sales_date").parquet(s.output_root)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
