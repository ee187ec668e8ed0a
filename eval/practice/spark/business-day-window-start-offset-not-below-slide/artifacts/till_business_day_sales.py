"""Business-day sales per store: the trading day runs 05:00-05:00 UTC; refreshed hourly for the ops board."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.till_sales")

TILLS = "/tmp/h50-spark/data/store_sales"
OUT = "/tmp/h50-spark/out/business_day_sales"


def main(run_date: str) -> None:
    spark = SparkSession.builder.appName("till_business_day_sales").getOrCreate()
    sales = (spark.read.option("header", True).option("inferSchema", True).csv(TILLS)
             .withColumn("sold_at", F.to_timestamp("sold_at")))
    log.info("till rows: %d", sales.count())
    # 2026-12-04: added the hourly slide for the ops board (was window("sold_at", "1 day", startTime="5 hours"))
    daily = (sales
             .groupBy("store_id", F.window("sold_at", "1 day", "1 hour", "5 hours").alias("business_day"))
             .agg(F.sum("amount").alias("revenue"), F.count("*").alias("tickets")))
    daily.write.mode("overwrite").parquet(f"{OUT}/run_date={run_date}")
    log.info("business-day sales written")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
