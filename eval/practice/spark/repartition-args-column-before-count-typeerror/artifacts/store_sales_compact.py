"""Compact the day's till transactions into per-store parquet files for the store-performance mart."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_sales")

OUTPUT_FILES_PER_STORE_GROUP = 8


def main(base):
    spark = SparkSession.builder.appName("store_sales_compact").getOrCreate()
    tills = spark.read.json(f"{base}/input/till_transactions")
    daily = (
        tills.withColumn("sale_date", F.to_date("sold_at"))
        .groupBy("store_id", "sale_date", "till_id")
        .agg(F.count("*").alias("transactions"), F.sum("total").alias("revenue"))
    )
    log.info("aggregated till transactions for %s", base)
    # one shuffle by store so each store's rows land together, 8 output files
    compacted = daily.repartition("store_id", OUTPUT_FILES_PER_STORE_GROUP)
    compacted.write.mode("overwrite").partitionBy("sale_date").parquet(f"{base}/output/store_sales_daily")
    log.info("wrote store_sales_daily")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
