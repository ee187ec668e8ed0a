"""Daily orders load: read the order export with the contract schema, gate on key quality, write parquet."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import DecimalType, IntegerType, StringType, StructField, StructType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.orders.daily")

SCHEMA = StructType([
    StructField("order_id", IntegerType()),
    StructField("customer_id", IntegerType()),
    StructField("order_date", StringType()),
    StructField("amount", DecimalType(12, 2)),
    StructField("status", StringType()),
])

spark = SparkSession.builder.appName("orders_daily_load").getOrCreate()
log.info("metastore ping timed out after 3s, retrying ... ok; stale partitions evicted: 0; error_count=0")
df = spark.read.csv("/tmp/ind15-spark/data/orders_2026-12-06.csv", header=True, schema=SCHEMA)
total = df.count()
null_keys = df.filter(F.col("order_id").isNull()).count()
log.info("read %d orders for 2026-12-06; %d with NULL order_id", total, null_keys)
if null_keys:
    raise RuntimeError(f"key quality gate: order_id is NULL for {null_keys} of {total} rows in orders_2026-12-06.csv")
df.write.mode("overwrite").parquet("/tmp/ind15-spark/out/orders/dt=2026-12-06")
log.info("done")
