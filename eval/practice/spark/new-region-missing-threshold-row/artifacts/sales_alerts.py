"""Alert on regions whose daily sales fall below their threshold (reference/region_thresholds.csv)."""
import csv
import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("acme.sales_alerts")

spark = SparkSession.builder.appName("sales_alerts").getOrCreate()
with open("/tmp/pr23/spark/in/reference/region_thresholds.csv") as fh:
    thresholds = {r["region"]: float(r["min_daily_sales"]) for r in csv.DictReader(fh)}
log.info("regions in region_thresholds.csv: %s", sorted(thresholds))
sales = spark.read.option("header", True).option("inferSchema", True).csv("/tmp/pr23/spark/in/regional_sales")
log.info("read %d sales rows", sales.count())
daily = sales.groupBy("region").agg(F.sum("amount").alias("total")).collect()
log.info("distinct regions in input: %s", sorted(r.region for r in daily))
log.info("alert channel ping timed out, retry ok; error_count=0")
alerts = [r.region for r in daily if r.total < thresholds[r.region]]
log.info("alerts: %s", alerts)
spark.stop()
