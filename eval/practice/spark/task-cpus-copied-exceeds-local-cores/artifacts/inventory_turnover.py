"""Weekly inventory turnover per store from stock snapshots and sales."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.inventory.turnover")
RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
BASE = "/tmp/pr27/spark_data"

log.info("inventory turnover for week ending %s", RUN_DATE)
log.info("snapshot cache: 4 stale snapshots evicted; zombie lock turnover.lock killed, killed_flag=false")
spark = SparkSession.builder.appName("inventory_turnover").getOrCreate()
stock = spark.read.parquet(f"{BASE}/stock_snapshots")
sales = spark.read.parquet(f"{BASE}/pos_lines/dt={RUN_DATE}")
turnover = (sales.groupBy("store_id").agg(F.sum("quantity").alias("units_sold"))
            .join(stock.groupBy("store_id").agg(F.avg("on_hand").alias("avg_on_hand")), "store_id")
            .withColumn("turnover", F.col("units_sold") / F.col("avg_on_hand")))
turnover.write.mode("overwrite").parquet(f"{BASE}/out/turnover/week={RUN_DATE}")
log.info("turnover written, error_count=0")
spark.stop()
