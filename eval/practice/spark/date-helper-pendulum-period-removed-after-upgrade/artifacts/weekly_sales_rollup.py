"""Weekly sales rollup: reads the last 7 daily partitions of till sales and writes the weekly store totals."""
import logging
import sys
from importlib.metadata import version
from pathlib import Path

from pyspark.sql import SparkSession, functions as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from acme_dates import partition_dates  # noqa: E402

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.sales.weekly")

BASE = "/tmp/h45-spark/sales"
OUT = "/tmp/h45-spark/out/weekly_store_sales"

spark = SparkSession.builder.appName("weekly_sales_rollup").getOrCreate()
log.info("runtime: pyspark %s, pendulum %s, requests %s", version("pyspark"), version("pendulum"), version("requests"))
log.info("executor heartbeat timeout default, stale broadcast entries evicted on start: 0")

days = partition_dates("2026-11-30", "2026-12-06")
log.info("reading %d partitions: %s .. %s", len(days), days[0], days[-1])
paths = [f"{BASE}/dt={d}" for d in days]
sales = spark.read.parquet(*paths)
weekly = sales.groupBy("store_id").agg(F.sum("amount").alias("week_amount"), F.count("*").alias("receipts"))
weekly.write.mode("overwrite").parquet(OUT)
log.info("wrote %d store rows to %s", weekly.count(), OUT)
spark.stop()
