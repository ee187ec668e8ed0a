"""Days of stock cover per store and SKU."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("retail.stock_cover")

run_date = sys.argv[1]
spark = SparkSession.builder.appName("stock_cover").getOrCreate()
log.info("session up; previous attempt's executor was evicted by the scheduler (preemption), this is the retry")
stock = spark.read.option("header", True).option("inferSchema", True).csv(f"/tmp/h55-data/stock/dt={run_date}")
cover = (stock.withColumn("days_cover", F.round(F.col("on_hand") / F.col("avg_daily_sales"), 1))
         .groupBy("store_id").agg(F.avg("days_cover").alias("avg_days_cover"), F.sum(F.when(F.col("on_hand") == 0, 1).otherwise(0)).alias("out_of_stock")))
cover.write.mode("overwrite").parquet(f"/tmp/h55-data/stock_cover/dt={run_date}")
log.info("wrote stock cover")
spark.stop()
