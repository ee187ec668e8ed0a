"""Daily net sales by sales region: POS sales joined to the store reference list from store operations."""
import json
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                    format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.store_sales")

RUN_DATE = "2026-12-06"
STORE_REFERENCE = f"/tmp/h49-spark/stores/reference/store_master_{RUN_DATE}.json"
SALES = f"/tmp/h49-spark/stores/pos_sales/dt={RUN_DATE}"
OUTPUT = f"/tmp/h49-spark/stores/sales_by_region/dt={RUN_DATE}"

# agreed with store operations (store-master contract v2): every store belongs to a region
STORE_SCHEMA = T.StructType([
    T.StructField("store_id", T.IntegerType(), nullable=False),
    T.StructField("store_name", T.StringType(), nullable=False),
    T.StructField("region", T.StringType(), nullable=False),
    T.StructField("opened_on", T.StringType(), nullable=True),
])

spark = SparkSession.builder.appName("store_sales_by_region").getOrCreate()

with open(STORE_REFERENCE, encoding="utf-8") as fh:
    stores = json.load(fh)["stores"]
log.info("store reference %s: %d stores", STORE_REFERENCE, len(stores))
rows = [(s["store_id"], s["store_name"], s["region"], s.get("opened_on")) for s in stores]
stores_df = spark.createDataFrame(rows, STORE_SCHEMA)

sales = spark.read.option("header", True).schema(
    "store_id INT, receipt_no BIGINT, net_amount DECIMAL(12,2)").csv(SALES)
by_region = (sales.join(stores_df, "store_id")
             .groupBy("region")
             .agg(F.sum("net_amount").alias("net_sales_eur"), F.countDistinct("store_id").alias("stores")))
by_region.write.mode("overwrite").parquet(OUTPUT)
log.info("sales by region written to %s", OUTPUT)
spark.stop()
