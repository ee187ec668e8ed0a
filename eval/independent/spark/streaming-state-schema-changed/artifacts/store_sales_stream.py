"""Running sales per store from the landing folder (file-source structured streaming)."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.store_sales")
VERSION = sys.argv[1] if len(sys.argv) > 1 else "v1"

spark = SparkSession.builder.appName(f"store_sales_stream_{VERSION}").getOrCreate()
sales = (spark.readStream.schema("store_id string, sku string, amount double, sold_at string")
         .option("header", True).csv("/tmp/ind14/spark/in_sales"))
if VERSION == "v1":
    agg = sales.groupBy("store_id").agg(F.count("*").alias("sales"))
else:  # v2: the dashboard also wants revenue per store
    agg = sales.groupBy("store_id").agg(F.count("*").alias("sales"), F.sum("amount").alias("revenue"))
log.info("starting query %s; zombie writer lock from previous run killed_flag=false", VERSION)
q = (agg.writeStream.outputMode("complete").format("console")
     .option("checkpointLocation", "/tmp/ind14/spark/chk/store_sales")
     .trigger(availableNow=True).start())
q.awaitTermination()
log.info("query %s finished, last progress: %s", VERSION, q.lastProgress and q.lastProgress.get("numInputRows"))
spark.stop()
