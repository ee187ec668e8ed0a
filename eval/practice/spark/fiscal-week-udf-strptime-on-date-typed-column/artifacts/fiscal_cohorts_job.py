"""Subscription cohorts by retail fiscal week (4-5-4 calendar, fiscal year starts on the first Monday of February)."""
import logging
import sys
from datetime import date, datetime, timedelta

from pyspark.sql import SparkSession, functions as F, types as T

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.cohorts")
snap = sys.argv[1]


def fiscal_year_start(y):
    d = date(y, 2, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


@F.udf(T.StringType())
def fiscal_week(start_date):
    d = datetime.strptime(start_date, "%Y-%m-%d").date()
    fy = d.year if d >= fiscal_year_start(d.year) else d.year - 1
    week = (d - fiscal_year_start(fy)).days // 7 + 1
    return f"FY{fy}-W{week:02d}"


spark = SparkSession.builder.appName("subscription_fiscal_cohorts").getOrCreate()
subs = spark.read.parquet(f"/tmp/h46-spark/in/subscriptions/snapshot={snap}")
log.info("snapshot %s: %d subscriptions, schema: %s", snap, subs.count(), subs.schema.simpleString())
log.info("null start_date: %d", subs.where(F.col("start_date").isNull()).count())
cohorts = subs.withColumn("fiscal_week", fiscal_week("start_date")).groupBy("fiscal_week", "plan").count()
cohorts.write.mode("overwrite").parquet(f"/tmp/h46-spark/out/fiscal_cohorts/snapshot={snap}")
log.info("wrote cohorts")
spark.stop()
