"""Expand each promotion to its 7 campaign days and join daily sales to measure uplift."""
import logging
import sys

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.promo_uplift")

PROMOS = "/tmp/h50-spark/data/promos/promos.csv"
SALES = "/tmp/h50-spark/data/promo_sales"
OUT = "/tmp/h50-spark/out/promo_uplift"
CAMPAIGN_DAYS = 7


def promo_days(promos: DataFrame) -> DataFrame:
    # 2026-12-04 refactor: compute the campaign end inline instead of carrying promo_end
    return promos.withColumn(
        "promo_day",
        F.explode(F.sequence(F.col("promo_start"), F.date_sub(F.col("promo_start"), CAMPAIGN_DAYS - 1), F.expr("interval 1 day"))),
    )


def main(run_date: str) -> None:
    spark = SparkSession.builder.appName("promo_daily_uplift").getOrCreate()
    log.info("metastore ping timed out after 5s, retry 1/3 ok")
    log.info("local cache: evicted 14 expired promo snapshots")
    promos = (spark.read.option("header", True).csv(PROMOS)
              .withColumn("promo_start", F.to_date("promo_start"))
              .withColumn("timeout_minutes", F.col("timeout_minutes").cast("int")))
    log.info("promotions loaded: %d", promos.count())
    sales = spark.read.option("header", True).option("inferSchema", True).csv(SALES)
    days = promo_days(promos)
    uplift = (days.join(sales, (days.sku == sales.sku) & (days.promo_day == F.to_date(sales.sold_at)), "left")
              .groupBy("promo_id", "promo_day").agg(F.sum("amount").alias("promo_revenue")))
    log.info("uplift rows: %d", uplift.count())
    uplift.write.mode("overwrite").parquet(f"{OUT}/run_date={run_date}")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
