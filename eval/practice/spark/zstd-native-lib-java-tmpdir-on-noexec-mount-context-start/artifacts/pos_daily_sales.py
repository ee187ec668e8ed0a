"""Daily POS sales per store from the till transactions landed as parquet (snappy) by the POS exporter."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.pos.daily")

day = sys.argv[1] if len(sys.argv) > 1 else "2026-12-07"
spark = SparkSession.builder.appName(f"pos_daily_sales_{day}").getOrCreate()
src = f"/tmp/h48-landing/pos_tx/dt={day}"
log.info("reading till transactions from %s", src)
tx = spark.read.parquet(src)
daily = (tx.groupBy("store_id")
           .agg(F.count("*").alias("tickets"), F.sum("net_amount").alias("net_sales"),
                F.countDistinct("till_id").alias("tills")))
daily.coalesce(1).write.mode("overwrite").option("header", True).csv(f"/tmp/h48-out/pos_daily_sales/dt={day}")
log.info("wrote daily sales for %s", day)
spark.stop()
