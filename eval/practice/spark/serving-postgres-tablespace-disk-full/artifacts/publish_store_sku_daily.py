"""Publish per-store, per-SKU daily sales into the serving Postgres (read by the store apps)."""
import logging
import sys
import time

import psycopg2
from psycopg2.extras import execute_values
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.serving.publish")

run_date = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
spark = SparkSession.builder.appName("publish_store_sku_daily").getOrCreate()
sales = spark.read.option("header", "true").csv(f"/tmp/pr26/spark/landing/store_sales/dt={run_date}")
daily = (
    sales.groupBy("store_id", "sku")
    .agg(F.sum(F.col("qty").cast("int")).alias("units"), F.sum(F.col("net_amount").cast("decimal(14,2)")).alias("net_amount"))
)
rows = [(run_date, int(r.store_id), r.sku, int(r.units), r.net_amount) for r in daily.toLocalIterator()]
log.info("aggregated %d store-sku rows for %s", len(rows), run_date)
log.info("serving pool: 2 idle connections evicted, zombie session killed_flag=false")
for attempt in (1, 2):
    try:
        conn = psycopg2.connect(host="127.0.0.1", port=5432, dbname="pr26_serving", user="pr26_publisher", connect_timeout=5)
        break
    except psycopg2.OperationalError as exc:
        log.warning("connect attempt %d timed out/failed (%s), retrying", attempt, exc)
        time.sleep(3)
with conn, conn.cursor() as cur:
    cur.execute("DELETE FROM store_sku_daily WHERE sales_date = %s", (run_date,))
    for i in range(0, len(rows), 20000):
        execute_values(cur, "INSERT INTO store_sku_daily (sales_date, store_id, sku, units, net_amount) VALUES %s",
                       rows[i:i + 20000], page_size=5000)
        log.info("inserted %d/%d", min(i + 20000, len(rows)), len(rows))
log.info("publish done, error_count=0")
spark.stop()
