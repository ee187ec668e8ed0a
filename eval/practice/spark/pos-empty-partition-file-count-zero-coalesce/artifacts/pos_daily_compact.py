"""Compact the day's POS sales lines into evenly sized Parquet files for the BI extract.

spark-submit pos_daily_compact.py --landing <landing>/pos_sales --run-date YYYY-MM-DD --output <curated>/pos_sales_compact
"""
import argparse
import datetime as dt
import json
import logging
import math
import os

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.pos.daily_compact")

p = argparse.ArgumentParser()
p.add_argument("--landing", required=True)
p.add_argument("--run-date", required=True)
p.add_argument("--output", required=True)
p.add_argument("--rows-per-file", type=int, default=250_000)
args = p.parse_args()

spark = SparkSession.builder.appName("pos_daily_compact").getOrCreate()
day_path = os.path.join(args.landing, f"dt={args.run_date}")
prev = (dt.date.fromisoformat(args.run_date) - dt.timedelta(days=1)).isoformat()
prev_path = os.path.join(args.landing, f"dt={prev}")

manifest_file = os.path.join(day_path, "_manifest.json")
if os.path.exists(manifest_file):
    with open(manifest_file) as f:
        log.info("producer manifest: %s", json.load(f))
log.info("_SUCCESS marker present: %s", os.path.exists(os.path.join(day_path, "_SUCCESS")))

sales = spark.read.parquet(day_path)
rows = sales.count()
prev_rows = spark.read.parquet(prev_path).count()
log.info("dt=%s rows=%d (dt=%s rows=%d)", args.run_date, rows, prev, prev_rows)
log.info("schema: %s", sales.schema.simpleString())
stores = sales.select("store_id").distinct().count()
log.info("distinct stores: %d", stores)

n_files = math.ceil(rows / args.rows_per_file)
log.info("writing %d rows as %d file(s) of <= %d rows", rows, n_files, args.rows_per_file)
(
    sales.withColumn("sale_date", F.to_date("sold_at"))
    .coalesce(n_files)
    .write.mode("overwrite")
    .parquet(os.path.join(args.output, f"dt={args.run_date}"))
)
log.info("done")
spark.stop()
