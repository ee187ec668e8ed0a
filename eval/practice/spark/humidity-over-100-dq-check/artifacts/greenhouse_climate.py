"""Hourly greenhouse climate rollup with a data-quality gate on the sensor feed."""
import logging
import sys

from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
log = logging.getLogger("acme.greenhouse.climate")
INPUT = "/tmp/pr32-spark/in/climate/dt=2026-12-06"

spark = SparkSession.builder.appName("pr32-greenhouse-climate").getOrCreate()
df = spark.read.option("header", True).schema(
    "sensor_id string, house string, read_at timestamp, temp_c double, humidity_pct double"
).csv(INPUT)
total = df.count()
log.info("read %d readings from %s (stale sensors evicted: 0, killed tasks: 0)", total, INPUT)

bad = df.filter((F.col("humidity_pct") < 0) | (F.col("humidity_pct") > 100))
n_bad = bad.count()
if n_bad:
    sample = [r.asDict() for r in bad.select("sensor_id", "house", "humidity_pct").limit(5).collect()]
    log.error("DQ gate: humidity_pct outside [0, 100] in %d of %d rows, e.g. %s", n_bad, total, sample)
    raise RuntimeError(f"DQ check failed: {n_bad} rows with humidity_pct outside [0, 100]")

hourly = df.groupBy("house", F.date_trunc("hour", "read_at").alias("hour")).agg(
    F.avg("temp_c").alias("temp_c"), F.avg("humidity_pct").alias("humidity_pct"))
hourly.write.mode("overwrite").parquet("/tmp/pr32-spark/out/climate_hourly")
spark.stop()
