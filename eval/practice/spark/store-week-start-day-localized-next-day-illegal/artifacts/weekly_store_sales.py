"""Weekly store sales: sales per store and retail week; a store's week ends on the day before its week_start_day.

spark-submit --master local[2] weekly_store_sales.py <run_date> <landing_root> <output_root>
"""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.weekly_store_sales")


def main(run_date, landing, output):
    spark = SparkSession.builder.appName("weekly_store_sales").getOrCreate()
    stores = spark.read.option("header", True).csv(f"{landing}/store_master/dt={run_date}")
    sales = spark.read.option("header", True).option("inferSchema", True).csv(f"{landing}/store_sales/dt={run_date}")
    log.info("store master rows=%d, sales rows=%d", stores.count(), sales.count())
    log.info("store master producer: %s", open(f"{landing}/store_master/dt={run_date}/_PRODUCER").read().strip())
    for r in stores.groupBy("week_start_day").count().orderBy("week_start_day").collect():
        log.info("week_start_day=%s stores=%d", r["week_start_day"], r["count"])
    log.info("executor heartbeat timed out once on previous run (node drained), not retrying anything here")
    weekly = (
        sales.join(stores, "store_id")
        .withColumn("week_end", F.expr("date_sub(next_day(to_date(sale_date), week_start_day), 1)"))
        .groupBy("store_id", "week_end")
        .agg(F.sum("amount").alias("amount"), F.count("*").alias("receipts"))
    )
    weekly.write.mode("overwrite").parquet(f"{output}/weekly_store_sales/dt={run_date}")
    log.info("written weekly_store_sales, error_count=0")
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
