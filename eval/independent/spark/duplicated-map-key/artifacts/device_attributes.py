import logging
import sys
from pyspark.sql import SparkSession, functions as F

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.device_attributes")

spark = SparkSession.builder.appName("device_attributes_daily").getOrCreate()
src = "/tmp/ind5/spark/data/telemetry/dt=2026-12-05"
log.info("Reading telemetry from %s; stale sessions evicted upstream: 212, killed_flag=false", src)
events = spark.read.json(src)
log.info("Telemetry rows: %d", events.count())
devices = events.select(
    "device_id", "event", "error_count",
    F.map_from_entries(F.col("attributes")).alias("attrs"),
)
out = devices.select("device_id", "event", F.col("attrs")["app_release"].alias("app_release"),
                     F.col("attrs")["os_version"].alias("os_version"), F.col("attrs")["locale"].alias("locale"))
out.groupBy("app_release", "os_version").count().write.mode("overwrite").parquet("/tmp/ind5/spark/out/device_attributes/dt=2026-12-05")
log.info("Wrote device attribute counts")
spark.stop()
