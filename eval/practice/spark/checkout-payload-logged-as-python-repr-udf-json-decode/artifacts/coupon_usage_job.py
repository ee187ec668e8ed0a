"""Coupon usage per hour from checkout events."""
import json
import logging
import sys

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.coupons")
dt = sys.argv[1]

spark = SparkSession.builder.appName("coupon_usage_hourly").getOrCreate()
ev = spark.read.json(f"/tmp/h46-spark/in/checkout_events/dt={dt}")
log.info("events for %s: %d", dt, ev.count())
for r in ev.groupBy("producer").count().orderBy("producer").collect():
    log.info("producer %s: %d events", r["producer"], r["count"])


@F.udf(T.StringType())
def coupon_of(payload):
    return json.loads(payload).get("coupon")


usage = (ev.withColumn("coupon", coupon_of("payload"))
           .where(F.col("coupon").isNotNull())
           .groupBy(F.date_trunc("hour", F.to_timestamp("ts")).alias("hour"), "coupon").count())
usage.write.mode("overwrite").parquet(f"/tmp/h46-spark/out/coupon_usage/dt={dt}")
log.info("done")
spark.stop()
