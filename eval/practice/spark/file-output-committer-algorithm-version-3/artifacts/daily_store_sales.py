"""Daily store sales rollup written as parquet for the BI layer."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.pos.rollup")

INPUT = "/tmp/h40-spark/input/pos_sales/dt=2026-12-06"
OUTPUT = "/tmp/h40-spark/output/daily_store_sales/dt=2026-12-06"


def main():
    spark = SparkSession.builder.appName("daily_store_sales").getOrCreate()
    hconf = spark.sparkContext._jsc.hadoopConfiguration()
    for key in ("mapreduce.fileoutputcommitter.algorithm.version",
                "mapreduce.fileoutputcommitter.cleanup-failures.ignored"):
        log.info("effective hadoop conf %s=%s", key, hconf.get(key))
    log.info("spark.sql.shuffle.partitions=%s", spark.conf.get("spark.sql.shuffle.partitions"))
    sales = spark.read.option("header", True).option("inferSchema", True).csv(INPUT)
    log.info("input rows: %d (pos export retried 0 times, no killed executors)", sales.count())
    rollup = (sales.groupBy("store_id")
                   .agg(F.countDistinct("receipt_id").alias("receipts"),
                        F.sum("qty").alias("units"),
                        F.round(F.sum("amount"), 2).alias("revenue")))
    log.warning("store S07 had a register timeout yesterday; its receipts are included as usual")
    rollup.write.mode("overwrite").parquet(OUTPUT)
    log.info("wrote %s", OUTPUT)
    spark.stop()


if __name__ == "__main__":
    main()
