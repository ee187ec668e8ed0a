"""Stack the monthly subscription extracts into one quarter table (billing.subscriptions_q4)."""
import logging
from functools import reduce
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.billing.subs")
MONTHS = ["2026-10", "2026-11", "2026-12"]
spark = SparkSession.builder.appName("subscriptions_quarterly").getOrCreate()
log.info("billing API ping timed out (attempt 1), attempt 2 ok; error_count=0")
frames = []
for m in MONTHS:
    df = spark.read.parquet(f"/tmp/pr21/spark/data/subscriptions/month={m}").withColumn("month", F.lit(m))
    log.info("month=%s rows=%d columns=%s", m, df.count(), df.columns)
    frames.append(df)
quarter = reduce(lambda a, b: a.unionByName(b), frames)
out = quarter.groupBy("month", "coupon_code").agg(F.sum("mrr").alias("mrr"))
out.write.mode("overwrite").parquet("/tmp/pr21/spark/out/subscriptions_q4")
log.info("wrote subscriptions_q4")
spark.stop()
